import { expect } from '@open-wc/testing';
import { SecuredValue, DEFAULT_MASK } from '../../src/guard/secured-value.js';
// web-test-runner provides mocha's globals; there is no mocha type package (tsconfig `types: []`).
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => unknown) => void;

import { button, conversation, runtimeFor, script } from './helpers.js';

describe('ScriptRuntime start', () => {
  it('runs onConnect, then shows the start page and runs its onLoad, in that order', async () => {
    const s = script({
      variables: [{ name: 'Log', type: 'string', default: '' }],
      onConnect: [{ do: 'setVariable', variable: 'Log', value: '{{Log}}connect;' }],
      pages: [
        { id: 'other', title: 'Other', body: [] },
        {
          id: 'first',
          title: 'First',
          onLoad: [{ do: 'setVariable', variable: 'Log', value: '{{Log}}load;' }],
          body: [],
        },
      ],
      startPage: 'first',
    });
    const { runtime, events } = runtimeFor(s);
    await runtime.start();
    expect(runtime.pageId).to.equal('first');
    expect(runtime.page.title).to.equal('First');
    expect(runtime.get('Log')).to.equal('connect;load;');
    const pageChanges = events.filter((e) => e.type === 'page-change').map((e) => e.detail);
    expect(pageChanges).to.deep.equal([{ from: null, to: 'first' }]);
  });
});

describe('ScriptRuntime setVariable taint', () => {
  it('makes a copy of a secured value secured and shows only the mask', async () => {
    const s = script({
      variables: [
        { name: 'CardNumber', type: 'string', input: true, secured: true },
        { name: 'Copy', type: 'string' },
      ],
      actions: { copy: [{ do: 'setVariable', variable: 'Copy', value: 'x{{CardNumber}}' }] },
    });
    const { runtime } = runtimeFor(s, conversation({}, { CardNumber: 'AQID' }));
    await runtime.start();
    expect(await runtime.run('copy', button())).to.equal(true);
    const copy = runtime.get('Copy');
    expect(copy).to.be.instanceOf(SecuredValue);
    expect((copy as SecuredValue).sources).to.deep.equal(['CardNumber']);
    expect(runtime.interpolate('[{{Copy}}]')).to.equal(`[${DEFAULT_MASK}]`);
  });
});
