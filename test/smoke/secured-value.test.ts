import { expect } from '@open-wc/testing';
import { SecuredValue } from '../../src/guard/secured-value.js';

describe('SecuredValue', () => {
  it('turns into its mask in every string conversion', () => {
    const v = new SecuredValue({ sources: ['CardNumber'], preview: '•••• 1111' });
    expect(String(v)).to.equal('•••• 1111');
    expect(`${v}`).to.equal('•••• 1111');
    expect(JSON.stringify({ v })).to.equal('{"v":"•••• 1111"}');
  });

  it('derives a value that remembers every source once', () => {
    const a = new SecuredValue({ sources: ['A'] });
    const b = new SecuredValue({ sources: ['B', 'A'] });
    expect(SecuredValue.derive([a, b]).sources).to.deep.equal(['A', 'B']);
  });
});
