import { expect } from '@open-wc/testing';
import { SecuredValue } from '../../src/guard/secured-value.js';
import { compareTexts, evaluateCondition } from '../../src/expr/conditions.js';
import type { Scope, Value } from '../../src/expr/scope.js';
import type { Condition } from '../../src/script/types.js';

const card = new SecuredValue({ sources: ['CardNumber'] });
const values: Record<string, Value> = {
  Name: 'Alice',
  One: '1',
  Ten: 10,
  Tags: ['vip', 'fraud'],
  NoTags: [],
  Empty: '',
  Null: null,
  Day: '2024-03-01',
  Later: '2024-11-15T10:00:00Z',
  Yes: true,
  CardNumber: card,
};
const reads: string[] = [];
const scope: Scope = {
  get: (name) => {
    reads.push(name);
    return Object.hasOwn(values, name) ? values[name] : undefined;
  },
};
const value = (c: Condition): boolean => evaluateCondition(c, scope).value;
const cmp =
  (op: 'equal' | 'notEqual' | 'contains' | 'greaterThan' | 'lessThan') =>
  (left: string, right: string): boolean =>
    value({ op, left, right });

describe('evaluateCondition: comparisons', () => {
  it('equal compares text exactly and case-sensitively', () => {
    expect(cmp('equal')('{{Name}}', 'Alice')).to.equal(true);
    expect(cmp('equal')('{{Name}}', 'alice')).to.equal(false);
    expect(cmp('equal')('{{Name}}', 'Alice ')).to.equal(false);
    expect(cmp('equal')('{{Yes}}', 'true')).to.equal(true);
  });

  it('equal compares numerically when both sides are numbers', () => {
    expect(cmp('equal')('{{One}}', '1.0')).to.equal(true);
    expect(cmp('equal')('{{Ten}}', '1e1')).to.equal(true);
    expect(cmp('equal')('{{One}}', '01')).to.equal(true);
    expect(cmp('equal')('{{One}}', '1a')).to.equal(false);
    expect(cmp('equal')('', '0')).to.equal(false);
  });

  it('notEqual is the negation of equal', () => {
    expect(cmp('notEqual')('{{One}}', '1.0')).to.equal(false);
    expect(cmp('notEqual')('{{Name}}', 'alice')).to.equal(true);
  });

  it('contains is a case-sensitive substring test', () => {
    expect(cmp('contains')('{{Name}}', 'lic')).to.equal(true);
    expect(cmp('contains')('{{Name}}', 'LIC')).to.equal(false);
    expect(cmp('contains')('{{Tags}}', 'fraud')).to.equal(true);
  });

  it('greaterThan and lessThan compare numbers numerically, not as text', () => {
    expect(cmp('greaterThan')('{{Ten}}', '9')).to.equal(true);
    expect(cmp('lessThan')('{{Ten}}', '9')).to.equal(false);
    expect(cmp('lessThan')('-2', '-1.5')).to.equal(true);
  });

  it('greaterThan and lessThan compare ISO dates by time', () => {
    expect(cmp('lessThan')('{{Day}}', '{{Later}}')).to.equal(true);
    expect(cmp('greaterThan')('2024-03-01T00:00:01Z', '{{Day}}')).to.equal(true);
    expect(cmp('greaterThan')('{{Day}}', '2023-12-31')).to.equal(true);
  });

  it('greaterThan and lessThan fall back to a locale-independent text comparison', () => {
    expect(cmp('greaterThan')('b', 'a')).to.equal(true);
    // Code units: upper case sorts before lower case whatever the locale.
    expect(cmp('lessThan')('Z', 'a')).to.equal(true);
    expect(cmp('greaterThan')('10', 'abc')).to.equal(false);
    // localeCompare would put 'é' before 'z'; code units put it after.
    expect(compareTexts('é', 'z')).to.be.greaterThan(0);
  });
});

describe('evaluateCondition: isEmpty', () => {
  it('is true for empty text, null, an unknown variable and an empty list', () => {
    for (const v of ['{{Empty}}', '{{Null}}', '{{Nope}}', '{{NoTags}}', '']) {
      expect(value({ op: 'isEmpty', value: v }), v).to.equal(true);
    }
  });

  it('is false for a value, a list with items and a zero', () => {
    for (const v of ['{{Name}}', '{{Tags}}', '0', ' ', '{{Yes}}']) {
      expect(value({ op: 'isEmpty', value: v }), v).to.equal(false);
    }
  });

  it('reports unknown variables', () => {
    const r = evaluateCondition({ op: 'isEmpty', value: '{{Nope}}' }, scope);
    expect(r.unknown).to.deep.equal(['Nope']);
  });
});

describe('evaluateCondition: and, or, not', () => {
  const t: Condition = { op: 'equal', left: 'a', right: 'a' };
  const f: Condition = { op: 'equal', left: 'a', right: 'b' };
  const reading = (name: string): Condition => ({ op: 'equal', left: `{{${name}}}`, right: 'x' });

  it('combines results', () => {
    expect(value({ op: 'and', all: [t, t] })).to.equal(true);
    expect(value({ op: 'and', all: [t, f] })).to.equal(false);
    expect(value({ op: 'or', all: [f, t] })).to.equal(true);
    expect(value({ op: 'or', all: [f, f] })).to.equal(false);
    expect(value({ op: 'not', of: f })).to.equal(true);
    expect(value({ op: 'not', of: t })).to.equal(false);
    expect(value({ op: 'and', all: [] })).to.equal(true);
    expect(value({ op: 'or', all: [] })).to.equal(false);
  });

  it('short-circuits and/or (later operands are not read)', () => {
    reads.length = 0;
    expect(value({ op: 'and', all: [f, reading('AfterAnd')] })).to.equal(false);
    expect(value({ op: 'or', all: [t, reading('AfterOr')] })).to.equal(true);
    expect(reads).to.deep.equal([]);
    expect(value({ op: 'and', all: [t, reading('Name')] })).to.equal(false);
    expect(reads).to.deep.equal(['Name']);
  });

  it('evaluates nested conditions', () => {
    const c: Condition = {
      op: 'or',
      all: [
        { op: 'and', all: [{ op: 'equal', left: '{{Name}}', right: 'Bob' }, t] },
        {
          op: 'not',
          of: {
            op: 'or',
            all: [
              { op: 'isEmpty', value: '{{Name}}' },
              { op: 'lessThan', left: '{{Ten}}', right: '2' },
            ],
          },
        },
      ],
    };
    expect(value(c)).to.equal(true);
    expect(value({ op: 'not', of: c })).to.equal(false);
  });
});

describe('evaluateCondition: secured operands', () => {
  const onCard: Condition = { op: 'equal', left: '{{CardNumber}}', right: '4111' };
  const t: Condition = { op: 'equal', left: 'a', right: 'a' };
  const f: Condition = { op: 'equal', left: 'a', right: 'b' };

  it('is false and names the secured variable for every comparison', () => {
    for (const op of ['equal', 'notEqual', 'contains', 'greaterThan', 'lessThan'] as const) {
      const r = evaluateCondition({ op, left: 'x{{CardNumber}}', right: '1' }, scope);
      expect(r.value, op).to.equal(false);
      expect(r.secured, op).to.deep.equal(['CardNumber']);
      const mirrored = evaluateCondition({ op, left: '1', right: '{{CardNumber}}' }, scope);
      expect(mirrored.secured, op).to.deep.equal(['CardNumber']);
    }
  });

  it('stays undetermined under not (never true)', () => {
    const r = evaluateCondition({ op: 'not', of: onCard }, scope);
    expect(r.value).to.equal(false);
    expect(r.secured).to.deep.equal(['CardNumber']);
  });

  it('does not report a secured operand when the answer does not depend on it', () => {
    const and = evaluateCondition({ op: 'and', all: [onCard, f] }, scope);
    expect(and).to.deep.include({ value: false, secured: [] });
    const or = evaluateCondition({ op: 'or', all: [onCard, t] }, scope);
    expect(or).to.deep.include({ value: true, secured: [] });
    const undetermined = evaluateCondition({ op: 'and', all: [t, onCard] }, scope);
    expect(undetermined).to.deep.include({ value: false, secured: ['CardNumber'] });
  });

  it('answers isEmpty from whether a secured value exists, without reporting it', () => {
    const r = evaluateCondition({ op: 'isEmpty', value: '{{CardNumber}}' }, scope);
    expect(r).to.deep.equal({ value: false, secured: [], unknown: [] });
  });
});
