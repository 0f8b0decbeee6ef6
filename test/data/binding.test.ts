import { expect } from '@open-wc/testing';
import { bindVariables } from '../../src/data/binding.js';
import { convertToType } from '../../src/data/convert.js';
import { InteractionSession } from '../../src/data/session.js';
import { SecuredValue } from '../../src/guard/secured-value.js';
import type { Script, VariableDef } from '../../src/script/types.js';

function bind(
  variables: VariableDef[],
  attributes: Record<string, string>,
  securedAttributes: Record<string, string> = {},
) {
  const script: Script = {
    format: 'cx-script/1',
    name: 'T',
    startPage: 'p',
    variables,
    pages: [{ id: 'p', title: 'P', body: [] }],
    actions: {},
  };
  const session = new InteractionSession({
    conversation: {
      id: 'c',
      organizationId: 'o',
      participants: [{ id: 'p', purpose: 'customer', attributes, securedAttributes }],
    },
  });
  return { ...bindVariables(script, session), session };
}

describe('bindVariables', () => {
  it('binds input variables to attributes of exactly the same case-sensitive name', () => {
    const { values, warnings } = bind(
      [
        { name: 'AccountId', type: 'string', input: true },
        { name: 'accountid', type: 'string', input: true },
        { name: 'ACCOUNTID', type: 'string', input: true },
      ],
      { AccountId: 'A-UPPER', accountid: 'a-lower' },
    );
    expect(values.get('AccountId')).to.equal('A-UPPER');
    expect(values.get('accountid')).to.equal('a-lower');
    expect(values.get('ACCOUNTID')).to.equal(null);
    expect(warnings).to.deep.equal([]);
  });

  it("binds 'email' to context.email (Genesys web chat) only when no attribute is named exactly 'email'", () => {
    const vars: VariableDef[] = [
      { name: 'email', type: 'string', input: true },
      { name: 'Email', type: 'string', input: true },
    ];
    expect(bind(vars, { 'context.email': 'chat@example.com' }).values.get('email')).to.equal(
      'chat@example.com',
    );
    expect(
      bind(vars, { 'context.email': 'chat@example.com', email: 'exact@example.com' }).values.get(
        'email',
      ),
    ).to.equal('exact@example.com');
    // Names stay case-sensitive: 'Email' is not 'email', and gets no fallback.
    expect(bind(vars, { 'context.email': 'chat@example.com' }).values.get('Email')).to.equal(null);
    expect(bind(vars, { 'context.Email': 'x@example.com' }).values.get('email')).to.equal(null);
    // An empty exact attribute still counts as the attribute.
    expect(
      bind(vars, { email: '', 'context.email': 'chat@example.com' }).values.get('email'),
    ).to.equal('');
  });

  it('starts from the default, converted, and lets an input attribute replace it', () => {
    const { values } = bind(
      [
        { name: 'Count', type: 'number', default: 3 },
        { name: 'Tier', type: 'string', input: true, default: 'basic' },
        { name: 'Plan', type: 'string', input: true, default: 'none' },
        { name: 'NotInput', type: 'string', default: 'd' },
        { name: 'Plain', type: 'string' },
      ],
      { Tier: 'gold', NotInput: 'ignored' },
    );
    expect(values.get('Count')).to.equal(3);
    expect(values.get('Tier')).to.equal('gold');
    expect(values.get('Plan')).to.equal('none');
    expect(values.get('NotInput')).to.equal('d');
    expect(values.get('Plain')).to.equal(null);
  });

  it('reads a pending conversation-data write before the attribute', () => {
    const variables: VariableDef[] = [{ name: 'Tier', type: 'string', input: true }];
    const { session } = bind(variables, { Tier: 'gold' });
    session.setConversationData('Tier', 'platinum');
    const script: Script = {
      format: 'cx-script/1',
      name: 'T',
      startPage: 'p',
      variables,
      pages: [{ id: 'p', title: 'P', body: [] }],
      actions: {},
    };
    expect(bindVariables(script, session).values.get('Tier')).to.equal('platinum');
  });

  it('converts to each type', () => {
    const { values, warnings } = bind(
      [
        { name: 'N', type: 'number', input: true },
        { name: 'B', type: 'boolean', input: true },
        { name: 'F', type: 'boolean', input: true },
        { name: 'J', type: 'list', input: true },
        { name: 'C', type: 'list', input: true },
        { name: 'D', type: 'date', input: true },
        { name: 'T', type: 'datetime', input: true },
      ],
      {
        N: ' 42.5 ',
        B: 'true',
        F: 'FALSE',
        J: '["a, with comma", "b"]',
        C: 'x, y ,,z',
        D: '2024-02-29',
        T: '2024-02-29T10:30:00Z',
      },
    );
    expect(Object.fromEntries(values)).to.deep.equal({
      N: 42.5,
      B: true,
      F: false,
      J: ['a, with comma', 'b'],
      C: ['x', 'y', 'z'],
      D: '2024-02-29',
      T: '2024-02-29T10:30:00Z',
    });
    expect(warnings).to.deep.equal([]);
  });

  it('makes unconvertible input null with a warning naming the variable and its path', () => {
    const { values, warnings } = bind(
      [
        { name: 'Ok', type: 'string' },
        { name: 'N', type: 'number', input: true, default: 1 },
        { name: 'B', type: 'boolean', input: true },
        { name: 'D', type: 'date', input: true },
        { name: 'L', type: 'list', input: true },
      ],
      { N: 'twelve', B: 'yes', D: '2023-02-29', L: '[1, {"x": 2}]' },
    );
    expect(values.get('N')).to.equal(null);
    expect(values.get('B')).to.equal(null);
    expect(values.get('D')).to.equal(null);
    expect(values.get('L')).to.equal(null);
    expect(warnings.map((w) => [w.code, w.variable, w.path])).to.deep.equal([
      ['invalid-input', 'N', 'variables[1]'],
      ['invalid-input', 'B', 'variables[2]'],
      ['invalid-input', 'D', 'variables[3]'],
      ['invalid-input', 'L', 'variables[4]'],
    ]);
    expect(warnings[0]!.message).to.contain("'N'").and.contain('number');
  });

  it('binds secured variables to a SecuredValue only when the secured attribute exists', () => {
    const { values } = bind(
      [
        { name: 'CardNumber', type: 'string', input: true, secured: true },
        { name: 'Pin', type: 'string', input: true, secured: true },
        { name: 'cardnumber', type: 'string', input: true, secured: true },
      ],
      { Pin: 'plain attribute must not feed a secured variable' },
      { CardNumber: 'AQIDBA==' },
    );
    const card = values.get('CardNumber');
    expect(card).to.be.instanceOf(SecuredValue);
    expect((card as SecuredValue).sources).to.deep.equal(['CardNumber']);
    expect(String(card)).not.to.contain('AQID');
    expect(values.get('Pin')).to.equal(null);
    expect(values.get('cardnumber')).to.equal(null);
  });

  it('never reads a secured attribute into a plain variable, and says so', () => {
    const { values, warnings } = bind(
      [{ name: 'CardNumber', type: 'string', input: true }],
      {},
      { CardNumber: 'AQIDBA==' },
    );
    expect(values.get('CardNumber')).to.equal(null);
    expect(warnings.map((w) => w.code)).to.deep.equal(['secured-attribute-ignored']);
  });

  it('reports an invalid default', () => {
    const { values, warnings } = bind([{ name: 'N', type: 'number', default: 'abc' }], {});
    expect(values.get('N')).to.equal(null);
    expect(warnings.map((w) => w.code)).to.deep.equal(['invalid-default']);
  });
});

describe('convertToType', () => {
  it('converts text for every type and keeps null', () => {
    expect(convertToType('7', 'number')).to.deep.equal({ value: 7 });
    expect(convertToType('', 'number')).to.deep.equal({ value: null });
    expect(convertToType('  ', 'number')).to.deep.equal({ value: null });
    expect(convertToType('NaN', 'number').problem).to.be.a('string');
    expect(convertToType('Infinity', 'number').problem).to.be.a('string');
    expect(convertToType(null, 'list')).to.deep.equal({ value: null });
    expect(convertToType('', 'list')).to.deep.equal({ value: [] });
    expect(convertToType('[', 'list').problem).to.contain('JSON');
    expect(convertToType(5, 'string')).to.deep.equal({ value: '5' });
    expect(convertToType(['a', 'b'], 'string')).to.deep.equal({ value: 'a, b' });
    expect(convertToType(true, 'string')).to.deep.equal({ value: 'true' });
    expect(convertToType('2024-13-01', 'date').problem).to.be.a('string');
    expect(convertToType('2024-01-01T00:00', 'date').problem).to.be.a('string');
    expect(convertToType('2024-01-01', 'datetime')).to.deep.equal({ value: '2024-01-01' });
    expect(convertToType('tomorrow', 'datetime').problem).to.be.a('string');
    expect(convertToType('x', 'customSchemaType')).to.deep.equal({ value: 'x' });
  });
});
