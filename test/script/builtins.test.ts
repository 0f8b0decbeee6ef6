import { expect } from '@open-wc/testing';
import * as api from '../../src/index.js';
import { BUILTIN_VARIABLES, isBuiltinVariable } from '../../src/script/builtins.js';
import { SESSION_BUILTIN_NAMES } from '../../src/data/builtins.js';
import { formatPath } from '../../src/script/path.js';
import { closestMatch } from '../../src/script/parse.js';

// web-test-runner provides mocha's globals; there is no mocha type package (tsconfig `types: []`).
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => unknown) => void;

describe('BUILTIN_VARIABLES', () => {
  it('lists the Genesys display names and their camelCase forms', () => {
    for (const name of [
      'Call.Ani',
      'Call.Dnis',
      'Call.ConversationId',
      'Scripter.Interaction ID',
      'Scripter.Agent Name',
      'Scripter.Queue Name',
      'Scripter.Customer Formatted Number',
      'scripter.interactionId',
      'scripter.agentName',
      'scripter.queueName',
      'scripter.customersFormattedNumber',
      'call.ani',
      'call.dnis',
      'call.conversationId',
    ]) {
      expect(BUILTIN_VARIABLES).to.include(name);
      expect(isBuiltinVariable(name)).to.equal(true);
    }
  });

  it('names exactly the built-ins the interaction session resolves', () => {
    expect([...BUILTIN_VARIABLES].sort()).to.deep.equal([...SESSION_BUILTIN_NAMES].sort());
  });

  it('is case-sensitive and knows nothing from the prototype', () => {
    expect(isBuiltinVariable('CALL.ANI')).to.equal(false);
    expect(isBuiltinVariable('constructor')).to.equal(false);
    expect(isBuiltinVariable('__proto__')).to.equal(false);
  });
});

describe('public API', () => {
  it('exports parseScript, validateScript, ScriptError and the built-ins from src/index.ts', () => {
    expect(api.parseScript).to.be.a('function');
    expect(api.validateScript).to.be.a('function');
    expect(api.ScriptError).to.be.a('function');
    expect(api.BUILTIN_VARIABLES).to.equal(BUILTIN_VARIABLES);
    expect(api.isBuiltinVariable).to.equal(isBuiltinVariable);
  });
});

describe('paths and suggestions', () => {
  it('prints identifiers with dots, indexes in brackets and other keys quoted', () => {
    expect(formatPath([])).to.equal('');
    expect(formatPath(['pages', 1, 'body', 3, 'variable'])).to.equal('pages[1].body[3].variable');
    expect(formatPath(['actions', 'pop crm', 0])).to.equal('actions["pop crm"][0]');
    expect(formatPath(['actions', '__proto__'])).to.equal('actions.__proto__');
    expect(formatPath(['a"b'])).to.equal('["a\\"b"]');
  });

  it('suggests the closest name for typos, transpositions and case, and nothing for far-off words', () => {
    expect(closestMatch('dropdwn', ['text', 'dropdown', 'radio'])).to.equal('dropdown');
    expect(closestMatch('raido', ['text', 'dropdown', 'radio'])).to.equal('radio');
    expect(closestMatch('accountid', ['AccountId', 'Notes'])).to.equal('AccountId');
    expect(closestMatch('banana', ['text', 'dropdown', 'radio'])).to.equal(undefined);
    expect(closestMatch('x', ['y'])).to.equal(undefined);
    expect(closestMatch('a'.repeat(10_000), ['a'])).to.equal(undefined);
  });
});
