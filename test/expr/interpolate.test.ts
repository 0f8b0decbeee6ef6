import { expect } from '@open-wc/testing';
import { DEFAULT_MASK, SecuredValue } from '../../src/guard/secured-value.js';
import {
  formatValue,
  interpolate,
  isExactVariable,
  templateVariables,
} from '../../src/expr/interpolate.js';
import type { Scope, Value } from '../../src/expr/scope.js';

function scope(values: Record<string, Value>): Scope {
  return { get: (name) => (Object.hasOwn(values, name) ? values[name] : undefined) };
}

const card = new SecuredValue({ sources: ['CardNumber'], preview: '•••• 1111' });
const ssn = new SecuredValue({ sources: ['SSN'], preview: '•••-••-6789' });

describe('interpolate', () => {
  it('replaces names with spaces and dots, with optional whitespace inside the braces', () => {
    const s = scope({ 'Scripter.Interaction ID': 'conv-1', 'Account Id': 'A-7' });
    const r = interpolate('id={{Scripter.Interaction ID}} acct={{  Account Id }}!', s);
    expect(r.text).to.equal('id=conv-1 acct=A-7!');
    expect(r.value).to.equal('id=conv-1 acct=A-7!');
    expect(r.unknown).to.deep.equal([]);
    expect(r.secured).to.deep.equal([]);
  });

  it('renders unknown variables as empty and reports each distinct name once', () => {
    const r = interpolate('a{{Missing}}b{{Other}}c{{Missing}}', scope({}));
    expect(r.text).to.equal('abc');
    expect(r.unknown).to.deep.equal(['Missing', 'Other']);
    expect(r.text).not.to.contain('undefined');
  });

  it('renders null as empty and never as "null"', () => {
    const r = interpolate('[{{Empty}}]', scope({ Empty: null }));
    expect(r.text).to.equal('[]');
    expect(r.unknown).to.deep.equal([]);
  });

  it('renders lists joined with ", ", numbers with String and booleans as words', () => {
    const s = scope({ Tags: ['vip', 'fraud'], N: 1.5, Big: 1e21, Yes: true, No: false });
    expect(interpolate('{{Tags}}.', s).text).to.equal('vip, fraud.');
    expect(interpolate('{{N}}|{{Big}}|{{Yes}}|{{No}}', s).text).to.equal('1.5|1e+21|true|false');
  });

  it('shows secured values only as their mask', () => {
    const r = interpolate('Card: {{CardNumber}}', scope({ CardNumber: card }));
    expect(r.text).to.equal('Card: •••• 1111');
    expect(r.secured).to.deep.equal(['CardNumber']);
  });

  it('derives a secured value from every secured part (taint through concatenation)', () => {
    const r = interpolate('{{CardNumber}}-{{Plain}}-{{SSN}}-{{CardNumber}}', {
      get: (n) => ({ CardNumber: card, SSN: ssn, Plain: 'p' })[n],
    });
    expect(r.value).to.be.instanceOf(SecuredValue);
    expect((r.value as SecuredValue).sources).to.deep.equal(['CardNumber', 'SSN']);
    expect(String(r.value)).to.equal(DEFAULT_MASK);
    expect(r.secured).to.deep.equal(['CardNumber', 'SSN']);
    expect(r.text).to.equal('•••• 1111-p-•••-••-6789-•••• 1111');
  });

  it('keeps the sources of an already derived secured value', () => {
    const derived = SecuredValue.derive([card, ssn]);
    const r = interpolate('x{{Copy}}', scope({ Copy: derived }));
    expect((r.value as SecuredValue).sources).to.deep.equal(['CardNumber', 'SSN']);
  });

  it('returns the raw value for a template that is exactly {{Var}}', () => {
    const tags = ['a', 'b'];
    expect(interpolate('{{Tags}}', scope({ Tags: tags })).value).to.equal(tags);
    expect(interpolate('{{ N }}', scope({ N: 42 })).value).to.equal(42);
    expect(interpolate('{{Yes}}', scope({ Yes: true })).value).to.equal(true);
    expect(interpolate('{{CardNumber}}', scope({ CardNumber: card })).value).to.equal(card);
    expect(interpolate('{{Nothing}}', scope({ Nothing: null })).value).to.equal(null);
    expect(interpolate('{{Unknown}}', scope({})).value).to.equal(null);
  });

  it('stringifies when the template has anything besides the one placeholder', () => {
    expect(interpolate(' {{N}}', scope({ N: 42 })).value).to.equal(' 42');
    expect(interpolate('{{N}}{{N}}', scope({ N: 4 })).value).to.equal('44');
  });

  it('keeps text without placeholders, and empty braces, as they are', () => {
    expect(interpolate('no vars { here }', scope({})).text).to.equal('no vars { here }');
    const r = interpolate('a {{}} b {{ }} {{X}}', scope({ X: 'x' }));
    expect(r.text).to.equal('a {{}} b {{ }} x');
    expect(r.unknown).to.deep.equal([]);
  });

  it('gives the same answer from the template cache with a different scope', () => {
    const t = 'Hello {{Name}}';
    expect(interpolate(t, scope({ Name: 'A' })).text).to.equal('Hello A');
    expect(interpolate(t, scope({ Name: 'B' })).text).to.equal('Hello B');
  });

  it('is fast enough for 500-component pages (timings printed, not asserted)', () => {
    const templates = Array.from({ length: 500 }, (_, i) => `Row ${i}: {{A}} and {{B ${i % 7}}}`);
    const s = scope({ A: 'alpha', 'B 0': 1, 'B 1': card, 'B 2': ['x', 'y'] });
    let chars = 0;
    const t0 = performance.now();
    for (let round = 0; round < 10; round++) {
      for (const t of templates) chars += interpolate(t, s).text.length;
    }
    const ms = performance.now() - t0;
    console.log(`interpolate: 500 templates x 10 in ${ms.toFixed(2)} ms`);
    expect(chars).to.be.greaterThan(0);
  });
});

describe('templateVariables', () => {
  it('lists the distinct names referenced, in order', () => {
    expect(templateVariables('{{B}} {{ A.b c }} {{B}} {{}}')).to.deep.equal(['B', 'A.b c']);
    expect(templateVariables('plain')).to.deep.equal([]);
  });

  it('tells an exact {{Var}} template apart', () => {
    expect(isExactVariable('{{ X }}')).to.equal(true);
    expect(isExactVariable('x{{X}}')).to.equal(false);
    expect(isExactVariable('{{X}}{{Y}}')).to.equal(false);
  });
});

describe('formatValue', () => {
  it('formats every kind of value', () => {
    expect(formatValue(null)).to.equal('');
    expect(formatValue(undefined)).to.equal('');
    expect(formatValue(0)).to.equal('0');
    expect(formatValue([])).to.equal('');
    expect(formatValue(card)).to.equal('•••• 1111');
  });
});
