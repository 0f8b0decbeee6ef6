import { expect } from '@open-wc/testing';
import { parseScript, validateScript } from '../../src/script/parse.js';
import { ScriptError } from '../../src/script/errors.js';
import type { ScriptIssue } from '../../src/script/errors.js';
import { fullScript, mutated, type Json } from './fixtures.js';

// web-test-runner provides mocha's globals; there is no mocha type package (tsconfig `types: []`).
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => unknown) => void;

interface Case {
  /** What the designer got wrong. */
  name: string;
  input: unknown;
  path: string;
  code: string;
  /** Words the message must contain (case-insensitive). */
  words: string[];
  severity?: 'error' | 'warning';
  /** How many issues the input has in all (1 unless said). */
  count?: number;
}

const body = (s: Json): Json[] => s.pages[0].body;

const cases: Case[] = [
  {
    name: 'format of a future version',
    input: mutated((s) => (s.format = 'cx-script/2')),
    path: 'format',
    code: 'unsupported-format',
    words: ["'cx-script/2'", '"cx-script/1"'],
  },
  {
    name: 'format missing',
    input: mutated((s) => delete s.format),
    path: 'format',
    code: 'missing-field',
    words: ["'format'", 'cx-script/1'],
  },
  {
    name: 'format is a number',
    input: mutated((s) => (s.format = 1)),
    path: 'format',
    code: 'unsupported-format',
    words: ['number 1', 'cx-script/1'],
  },
  {
    name: 'name is a number',
    input: mutated((s) => (s.name = 42)),
    path: 'name',
    code: 'invalid-type',
    words: ['expected a string', 'got number 42'],
  },
  {
    name: 'name missing',
    input: mutated((s) => delete s.name),
    path: 'name',
    code: 'missing-field',
    words: ["'name'", 'the script'],
  },
  {
    name: 'blank name',
    input: mutated((s) => (s.name = '  ')),
    path: 'name',
    code: 'empty-value',
    words: ['name', 'blank'],
  },
  {
    name: 'startPage with a typo',
    input: mutated((s) => (s.startPage = 'verfy')),
    path: 'startPage',
    code: 'unknown-page',
    words: ["'verfy'", "did you mean 'verify'"],
  },
  {
    name: 'pages is an object',
    input: mutated((s) => (s.pages = {})),
    path: 'pages',
    code: 'invalid-type',
    words: ['list of pages', 'got an object'],
    count: 3, // and startPage and changePage now name pages that do not exist
  },
  {
    name: 'no pages at all',
    input: mutated((s) => (s.pages = [])),
    path: 'pages',
    code: 'no-pages',
    words: ['at least one page'],
    count: 3,
  },
  {
    name: 'page without a body',
    input: mutated((s) => delete s.pages[1].body),
    path: 'pages[1].body',
    code: 'missing-field',
    words: ["'body'", 'a page'],
  },
  {
    name: 'page without a title',
    input: mutated((s) => delete s.pages[1].title),
    path: 'pages[1].title',
    code: 'missing-field',
    words: ["'title'", 'a page'],
  },
  {
    name: 'two pages with the same id',
    input: mutated((s) => s.pages.push({ id: 'verify', title: 'Again', body: [] })),
    path: 'pages[2].id',
    code: 'duplicate-page-id',
    words: ["'verify'", 'pages[0]', 'unique'],
  },
  {
    name: 'unknown component type',
    input: mutated((s) => (body(s)[6].type = 'dropdwn')),
    path: 'pages[0].body[6].type',
    code: 'unknown-component-type',
    words: ["'dropdwn'", "did you mean 'dropdown'", 'webPage'],
  },
  {
    name: 'component without a type',
    input: mutated((s) => delete body(s)[0].type),
    path: 'pages[0].body[0].type',
    code: 'missing-field',
    words: ["'type'", 'text', 'stack'],
  },
  {
    name: 'component type is a number',
    input: mutated((s) => (body(s)[0].type = 3)),
    path: 'pages[0].body[0].type',
    code: 'invalid-type',
    words: ['component type', 'got number 3'],
  },
  {
    name: 'button names an action that does not exist',
    input: mutated((s) => (body(s)[9].action = 'popCrn')),
    path: 'pages[0].body[9].action',
    code: 'unknown-action',
    words: ["'popCrn'", "did you mean 'popCrm'"],
  },
  {
    name: 'button action is a number',
    input: mutated((s) => (body(s)[9].action = 7)),
    path: 'pages[0].body[9].action',
    code: 'invalid-type',
    words: ['action name', 'list of steps', 'got number 7'],
  },
  {
    name: 'button without an action',
    input: mutated((s) => delete body(s)[9].action),
    path: 'pages[0].body[9].action',
    code: 'missing-field',
    words: ["'action'", 'button'],
  },
  {
    name: 'page onLoad names an unknown action',
    input: mutated((s) => (s.pages[0].onLoad = 'pop')),
    path: 'pages[0].onLoad',
    code: 'unknown-action',
    words: ["'pop'", 'popCrm'],
  },
  {
    name: 'onConnect names an unknown action',
    input: mutated((s) => (s.onConnect = 'serch')),
    path: 'onConnect',
    code: 'unknown-action',
    words: ["'serch'", "did you mean 'search'"],
  },
  {
    name: 'field bound to an undeclared variable',
    input: mutated((s) => (body(s)[2].variable = 'Note')),
    path: 'pages[0].body[2].variable',
    code: 'unknown-variable',
    words: ["'Note'", "did you mean 'Notes'", 'variables'],
  },
  {
    name: 'unknown {{Var}} in text (a warning)',
    input: mutated((s) => (body(s)[0].text = 'Hello {{AcountId}}')),
    path: 'pages[0].body[0].text',
    code: 'unknown-variable',
    words: ['{{AcountId}}', 'renders empty', "did you mean 'AccountId'"],
    severity: 'warning',
  },
  {
    name: 'unknown {{Var}} in a condition operand (a warning)',
    input: mutated((s) => (s.pages[1].body[0].visible.all[0].left = '{{Reson}}')),
    path: 'pages[1].body[0].visible.all[0].left',
    code: 'unknown-variable',
    words: ['{{Reson}}', "'Reason'"],
    severity: 'warning',
  },
  {
    name: 'unknown {Var} in a URL template (a warning)',
    input: mutated((s) => (body(s)[12].url = 'https://cdn.example.com/{Brand}.png')),
    path: 'pages[0].body[12].url',
    code: 'unknown-variable',
    words: ['{Brand}', 'expands to nothing'],
    severity: 'warning',
  },
  {
    name: 'setVariable of an undeclared variable',
    input: mutated((s) => (s.actions.popCrm[0].onSuccess[0].variable = 'Reasons')),
    path: 'actions.popCrm[0].onSuccess[0].variable',
    code: 'unknown-variable',
    words: ["'Reasons'", "did you mean 'Reason'"],
  },
  {
    name: 'a field bound to a built-in',
    input: mutated((s) => (body(s)[2].variable = 'Call.Ani')),
    path: 'pages[0].body[2].variable',
    code: 'readonly-variable',
    words: ["'Call.Ani'", 'built-in'],
  },
  {
    name: 'a variable named like a built-in',
    input: mutated((s) => s.variables.push({ name: 'Scripter.Agent Name', type: 'string' })),
    path: 'variables[10].name',
    code: 'reserved-name',
    words: ["'Scripter.Agent Name'", 'built-in'],
  },
  {
    name: 'a variable declared twice',
    input: mutated((s) => s.variables.push({ name: 'Notes', type: 'string' })),
    path: 'variables[10].name',
    code: 'duplicate-variable',
    words: ["'Notes'", 'variables[2]'],
  },
  {
    name: 'a variable without a type',
    input: mutated((s) => delete s.variables[9].type),
    path: 'variables[9].type',
    code: 'missing-field',
    words: ["'type'", 'string', 'list'],
  },
  {
    name: 'variable type with a typo',
    input: mutated((s) => (s.variables[0].type = 'strng')),
    path: 'variables[0].type',
    code: 'unknown-variable-type',
    words: ["'strng'", "did you mean 'string'", 'datetime'],
  },
  {
    name: 'a secured component shows a plain variable',
    input: mutated((s) => (body(s)[1].variable = 'AccountId')),
    path: 'pages[0].body[1].variable',
    code: 'not-secured',
    words: ["'AccountId'", '"secured": true'],
  },
  {
    name: 'an input edits a secured variable',
    input: mutated((s) => (body(s)[2].variable = 'CardNumber')),
    path: 'pages[0].body[2].variable',
    code: 'secured-field',
    words: ["'CardNumber'", 'secured', 'input field'],
  },
  {
    name: 'a number default written as a string',
    input: mutated((s) => (s.variables[4].default = '5')),
    path: 'variables[4].default',
    code: 'invalid-default',
    words: ['number variable', 'a number', "string '5'"],
  },
  {
    name: 'a date default that is not a date',
    input: mutated((s) => (s.variables[6].default = '2024-02-30')),
    path: 'variables[6].default',
    code: 'invalid-default',
    words: ['date variable', 'YYYY-MM-DD', "'2024-02-30'"],
  },
  {
    name: 'a list default with numbers',
    input: mutated((s) => (s.variables[8].default = [1, 2])),
    path: 'variables[8].default',
    code: 'invalid-default',
    words: ['list variable', 'list of strings', 'an array'],
  },
  {
    name: 'a secured variable with a default',
    input: mutated((s) => (s.variables[1].default = '4111111111111111')),
    path: 'variables[1].default',
    code: 'secured-default',
    words: ['secured', 'secrets do not belong in scripts'],
  },
  {
    name: 'condition operator with a typo',
    input: mutated((s) => (body(s)[8].visible.of.op = 'isEmty')),
    path: 'pages[0].body[8].visible.of.op',
    code: 'unknown-condition-op',
    words: ["'isEmty'", "did you mean 'isEmpty'", 'greaterThan'],
  },
  {
    name: 'comparison without a right operand',
    input: mutated((s) => delete s.pages[1].body[0].visible.all[0].right),
    path: 'pages[1].body[0].visible.all[0].right',
    code: 'missing-field',
    words: ["'right'", "'equal' condition"],
  },
  {
    name: "'or' with no conditions",
    input: mutated((s) => (s.pages[1].body[0].visible.all[1].all = [])),
    path: 'pages[1].body[0].visible.all[1].all',
    code: 'empty-condition',
    words: ["'or'", 'at least one'],
  },
  {
    name: "'not' without 'of'",
    input: mutated((s) => delete body(s)[8].visible.of),
    path: 'pages[0].body[8].visible.of',
    code: 'missing-field',
    words: ["'of'", "'not' condition"],
  },
  {
    name: 'a numeric condition operand',
    input: mutated((s) => (s.pages[1].body[0].visible.all[1].all[0].right = 10)),
    path: 'pages[1].body[0].visible.all[1].all[0].right',
    code: 'invalid-type',
    words: ['got number 10', 'write it as a string: "10"'],
  },
  {
    name: 'isEmpty without a value',
    input: mutated((s) => delete body(s)[8].visible.of.value),
    path: 'pages[0].body[8].visible.of.value',
    code: 'missing-field',
    words: ["'value'", "'isEmpty' condition"],
  },
  {
    name: 'stack direction that does not exist',
    input: mutated((s) => (body(s)[14].direction = 'diagonal')),
    path: 'pages[0].body[14].direction',
    code: 'invalid-value',
    words: ["'diagonal'", "'vertical'", "'horizontal'"],
  },
  {
    name: 'a problem deep in nested stacks',
    input: mutated((s) => (body(s)[14].children[0].children[0].text = 5)),
    path: 'pages[0].body[14].children[0].children[0].text',
    code: 'invalid-type',
    words: ['expected a string', 'got number 5'],
  },
  {
    name: 'stack without children',
    input: mutated((s) => delete body(s)[14].children),
    path: 'pages[0].body[14].children',
    code: 'missing-field',
    words: ["'children'", 'stack component'],
  },
  {
    name: 'mask with a typo',
    input: mutated((s) => (body(s)[1].mask = 'last5')),
    path: 'pages[0].body[1].mask',
    code: 'invalid-value',
    words: ["'last5'", "did you mean 'last4'", "'full'", "'none'"],
  },
  {
    name: 'dropdown with no options',
    input: mutated((s) => (body(s)[6].options = [])),
    path: 'pages[0].body[6].options',
    code: 'empty-options',
    words: ['dropdown', 'at least one option'],
  },
  {
    name: 'dropdown with the same option twice',
    input: mutated(
      (s) => (body(s)[6].options = ['Fraud', { value: 'Fraud', label: 'Fraud again' }]),
    ),
    path: 'pages[0].body[6].options[1]',
    code: 'duplicate-option',
    words: ["'Fraud'", 'unique'],
  },
  {
    name: 'radio without options',
    input: mutated((s) => delete body(s)[8].options),
    path: 'pages[0].body[8].options',
    code: 'missing-field',
    words: ["'options'", 'radio component'],
  },
  {
    name: 'option object without a label',
    input: mutated((s) => delete body(s)[6].options[1].label),
    path: 'pages[0].body[6].options[1].label',
    code: 'missing-field',
    words: ["'label'", 'an option'],
  },
  {
    name: 'screenPop with both url and searchString',
    input: mutated((s) => (s.actions.search[0].url = 'https://crm.example.com/')),
    path: 'actions.search[0].searchString',
    code: 'url-and-search',
    words: ["'url'", "'searchString'", 'at most one'],
  },
  {
    name: 'searchString popped into a window',
    input: mutated((s) => (s.actions.search[0].target = 'window')),
    path: 'actions.search[0].target',
    code: 'search-needs-host',
    words: ["'window'", "'host'"],
  },
  {
    name: 'openUrl target that does not exist',
    input: mutated((s) => (s.actions.finish[0].else[0].target = 'popup')),
    path: 'actions.finish[0].else[0].target',
    code: 'invalid-value',
    words: ["'popup'", "'window'", "'frame'"],
  },
  {
    name: 'number field with min above max',
    input: mutated((s) => (body(s)[4].min = 20000)),
    path: 'pages[0].body[4].min',
    code: 'min-greater-than-max',
    words: ['20000', '10000'],
  },
  {
    name: 'date field with a month 13',
    input: mutated((s) => (body(s)[5].max = '2030-13-01')),
    path: 'pages[0].body[5].max',
    code: 'invalid-date',
    words: ["'2030-13-01'", 'YYYY-MM-DD'],
  },
  {
    name: 'date field min after max',
    input: mutated((s) => (body(s)[5].min = '2031-01-01')),
    path: 'pages[0].body[5].min',
    code: 'min-greater-than-max',
    words: ['2031-01-01', '2030-12-31'],
  },
  {
    name: 'input pattern that is not a RegExp',
    input: mutated((s) => (body(s)[2].pattern = '[A-Z')),
    path: 'pages[0].body[2].pattern',
    code: 'invalid-pattern',
    words: ["'[A-Z'", 'regular expression'],
  },
  {
    name: 'an action that is one step, not a list',
    input: mutated((s) => (s.actions.search = { do: 'screenPop', searchString: 'x' })),
    path: 'actions.search',
    code: 'invalid-type',
    words: ['list of steps', "'search'", 'got an object'],
  },
  {
    name: 'actions written as a list',
    input: mutated((s) => (s.actions = [])),
    path: 'actions',
    code: 'invalid-type',
    words: ['object mapping action names', 'got an array'],
    count: 4, // and the three references to actions that no longer exist
  },
  {
    name: "'if' without 'then'",
    input: mutated((s) => delete s.actions.finish[0].then),
    path: 'actions.finish[0].then',
    code: 'missing-field',
    words: ["'then'", 'if step'],
  },
  {
    name: 'unknown step type',
    input: mutated((s) => (s.actions.search[0].do = 'screenpop')),
    path: 'actions.search[0].do',
    code: 'unknown-step-type',
    words: ["'screenpop'", "did you mean 'screenPop'", 'setSecuredData'],
  },
  {
    name: 'changePage to a page that does not exist',
    input: mutated((s) => (s.actions.finish[0].then[0].page = 'wrapup')),
    path: 'actions.finish[0].then[0].page',
    code: 'unknown-page',
    words: ["'wrapup'", "'wrap'"],
  },
  {
    name: 'a bad step inside onFailure',
    input: mutated((s) => (s.actions.popCrm[0].onFailure[0].message = 1)),
    path: 'actions.popCrm[0].onFailure[0].message',
    code: 'invalid-type',
    words: ['expected a string', 'got number 1'],
  },
  {
    name: 'a bad step inside an inline button action',
    input: mutated((s) => delete body(s)[10].action[0].message),
    path: 'pages[0].body[10].action[0].message',
    code: 'missing-field',
    words: ["'message'", 'alert step'],
  },
  {
    name: "a typo'd key (a warning)",
    input: mutated((s) => (body(s)[9].lable = 'Open')),
    path: 'pages[0].body[9].lable',
    code: 'unknown-field',
    words: ["'lable'", "did you mean 'label'", 'ignored'],
    severity: 'warning',
  },
  {
    name: 'two components with the same id',
    input: mutated((s) => (body(s)[14].children[0].id = 'intro')),
    path: 'pages[0].body[14].children[0].id',
    code: 'duplicate-component-id',
    words: ["'intro'", 'pages[0].body[0]'],
  },
  {
    name: 'a secured variable in a link URL',
    input: mutated((s) => (body(s)[11].url = 'https://help.example.com/cards/{CardNumber}')),
    path: 'pages[0].body[11].url',
    code: 'secured-egress',
    words: ["'CardNumber'", 'link URL', 'never leave'],
  },
  {
    name: 'a secured value copied by setVariable, then put in a URL',
    input: mutated((s) => (s.actions.popCrm[0].onSuccess[0].value = 'card {{CardNumber}}')),
    path: 'pages[0].body[11].url',
    code: 'secured-egress',
    words: ["'Reason'", "'CardNumber'", 'actions.popCrm[0].onSuccess[0].value'],
  },
  {
    name: 'a secured value written to plain conversation data',
    input: mutated((s) => (s.actions.finish[1].data[0].value = '{{CardNumber}}')),
    path: 'actions.finish[1].data[0].value',
    code: 'secured-egress',
    words: ["'CardNumber'", 'plain conversation data'],
  },
  {
    name: 'a secured value in a CRM search',
    input: mutated((s) => (s.actions.search[0].searchString = '{{CardNumber}}')),
    path: 'actions.search[0].searchString',
    code: 'secured-egress',
    words: ["'CardNumber'", 'search'],
  },
  {
    name: 'a secured {{Var}} inside a longer URL is named as secured egress too',
    input: mutated((s) => (body(s)[11].url = 'https://help.example.com/{{CardNumber}}')),
    path: 'pages[0].body[11].url',
    code: 'secured-egress',
    words: ["'CardNumber'", 'link URL', 'never leave'],
    count: 2,
  },
  {
    name: 'a secured {{Var}} twice in one URL is one secured-egress issue',
    input: mutated(
      (s) => (body(s)[11].url = 'https://help.example.com/{{CardNumber}}/{{CardNumber}}'),
    ),
    path: 'pages[0].body[11].url',
    code: 'secured-egress',
    words: ["'CardNumber'", 'link URL', 'never leave'],
    count: 2, // and the invalid-url-template issue
  },
  {
    name: '{{Var}} inside a longer URL',
    input: mutated((s) => (body(s)[11].url = 'https://help.example.com/{{AccountId}}')),
    path: 'pages[0].body[11].url',
    code: 'invalid-url-template',
    words: ['{AccountId}', 'whole URL'],
  },
  {
    name: 'URL template never closed',
    input: mutated((s) => (body(s)[12].url = 'https://cdn.example.com/{AccountId')),
    path: 'pages[0].body[12].url',
    code: 'invalid-url-template',
    words: ['unclosed', '{AccountId}'],
  },
  {
    name: 'a blank data name',
    input: mutated((s) => (s.actions.finish[1].data[0].name = ' ')),
    path: 'actions.finish[1].data[0].name',
    code: 'empty-value',
    words: ['data pair', "'name'", 'blank'],
  },
  {
    name: 'a font weight CSS does not have here',
    input: mutated((s) => (body(s)[0].style.fontWeight = 'heavy')),
    path: 'pages[0].body[0].style.fontWeight',
    code: 'invalid-value',
    words: ["'heavy'", "'bold'"],
  },
  {
    name: 'a border without a colour',
    input: mutated((s) => delete body(s)[0].style.border.color),
    path: 'pages[0].body[0].style.border.color',
    code: 'missing-field',
    words: ["'color'", 'border'],
  },
  {
    name: 'a negative maxLength',
    input: mutated((s) => (body(s)[2].maxLength = -1)),
    path: 'pages[0].body[2].maxLength',
    code: 'invalid-value',
    words: ['at least 1', '-1'],
  },
  {
    name: 'an image without alt text',
    input: mutated((s) => delete body(s)[12].alt),
    path: 'pages[0].body[12].alt',
    code: 'missing-field',
    words: ["'alt'", 'image component', 'decorative'],
  },
  {
    name: 'a webPage without a title',
    input: mutated((s) => delete body(s)[13].title),
    path: 'pages[0].body[13].title',
    code: 'missing-field',
    words: ["'title'", 'webPage component'],
  },
  {
    name: 'a link without a url',
    input: mutated((s) => delete body(s)[11].url),
    path: 'pages[0].body[11].url',
    code: 'missing-field',
    words: ["'url'", 'link component'],
  },
  {
    name: 'an output variable receives a secured value',
    input: mutated((s) =>
      s.actions.finish.push({ do: 'setVariable', variable: 'Notes', value: '{{CardNumber}}' }),
    ),
    path: 'actions.finish[3].value',
    code: 'secured-egress',
    words: ["'CardNumber'", "'Notes'", 'output'],
    count: 2, // and {{Notes}}, now secured, is written to plain conversation data by finish[1]
  },
  {
    name: 'an action whose name has a space (quoted path)',
    input: mutated((s) => (s.actions['pop crm'] = [{ do: 'changePage', page: 'nowhere' }])),
    path: 'actions["pop crm"][0].page',
    code: 'unknown-page',
    words: ["'nowhere'", "'verify'"],
  },
  {
    name: 'the root is an array',
    input: [fullScript()],
    path: '',
    code: 'invalid-type',
    words: ['script object', 'got an array'],
  },
  {
    name: 'the root is null',
    input: null,
    path: '',
    code: 'invalid-type',
    words: ['script object', 'got null'],
  },
];

function matches(issue: ScriptIssue, c: Case): boolean {
  return issue.path === c.path && issue.code === c.code;
}

describe('parseScript', () => {
  describe('accepts a valid script', () => {
    it('returns a deep-equal copy of a script with every component and step type', () => {
      const input = fullScript();
      const script = parseScript(input);
      expect(script).to.deep.equal(fullScript());
      expect(script).not.to.equal(input);
      expect(script.pages).not.to.equal(input.pages);
      expect(script.pages[0]!.body[0]).not.to.equal(input.pages[0].body[0]);
      expect(script.actions.popCrm).not.to.equal(input.actions.popCrm);
      expect(script.variables[8]!.default).not.to.equal(input.variables[8].default);
    });

    it('reports no issue at all for it', () => {
      expect(validateScript(fullScript()).issues).to.deep.equal([]);
    });

    it('does not change its input', () => {
      const input = fullScript();
      const script = parseScript(input);
      (script.pages[0]!.body[0] as { text: string }).text = 'changed';
      expect(input).to.deep.equal(fullScript());
    });

    it('defaults only absent variables and actions, and fills in nothing else', () => {
      const script = parseScript({
        format: 'cx-script/1',
        name: 'Minimal',
        startPage: 'p',
        pages: [
          { id: 'p', title: 'P', body: [{ type: 'stack', direction: 'vertical', children: [] }] },
        ],
      });
      expect(script.variables).to.deep.equal([]);
      expect(script.actions).to.deep.equal({});
      expect(script.pages[0]!.body[0]).to.deep.equal({
        type: 'stack',
        direction: 'vertical',
        children: [],
      });
      expect(script).not.to.have.property('onConnect');
    });

    it('accepts a screenPop with neither url nor searchString (it pops the participant data hint)', () => {
      const input = mutated((s) => delete s.actions.search[0].searchString);
      expect(validateScript(input).issues).to.deep.equal([]);
      expect(parseScript(input).actions.search![0]).to.deep.equal({
        do: 'screenPop',
        target: 'host',
      });
    });

    it('reads JSON text, with or without a byte-order mark', () => {
      const text = JSON.stringify(fullScript());
      expect(parseScript(text)).to.deep.equal(fullScript());
      expect(parseScript(`\uFEFF${text}`)).to.deep.equal(fullScript());
    });

    it('leaves unknown fields out of the result and keeps their warning', () => {
      const input = mutated((s) => (s.pages[0].body[9].lable = 'x'));
      expect(parseScript(input).pages[0]!.body[9]).not.to.have.property('lable');
      expect(validateScript(input).script).not.to.equal(undefined);
    });

    it('accepts an action called __proto__ without touching prototypes', () => {
      const text = JSON.stringify(fullScript()).replaceAll('"popCrm"', '"__proto__"');
      const script = parseScript(text);
      expect(Object.getPrototypeOf(script.actions)).to.equal(Object.prototype);
      expect(Object.keys(script.actions)).to.include('__proto__');
      expect(
        Array.isArray(Object.getOwnPropertyDescriptor(script.actions, '__proto__')?.value),
      ).to.equal(true);
      expect(({} as Record<string, unknown>).do).to.equal(undefined);
    });

    it('accepts every built-in in {{…}} without a warning', () => {
      const input = mutated((s) => {
        s.pages[0].body[0].text =
          '{{Call.Ani}} {{Call.Dnis}} {{Call.ConversationId}} {{Scripter.Interaction ID}} {{Scripter.Agent Name}} ' +
          '{{Scripter.Queue Name}} {{Scripter.Customer Formatted Number}} {{scripter.interactionId}} ' +
          '{{scripter.agentName}} {{scripter.queueName}} {{scripter.customersFormattedNumber}} {{call.ani}} ' +
          '{{call.dnis}} {{call.conversationId}}';
      });
      expect(validateScript(input).issues).to.deep.equal([]);
    });
  });

  describe('rejects malformed scripts', () => {
    it(`covers at least 40 distinct mistakes (has ${cases.length})`, () => {
      expect(new Set(cases.map((c) => `${c.path} ${c.code}`)).size).to.be.at.least(40);
    });

    for (const c of cases) {
      it(`${c.name}: ${c.code} at ${c.path === '' ? '(root)' : c.path}`, () => {
        const { issues, script } = validateScript(c.input);
        const issue = issues.find((i) => matches(i, c));
        expect(issue, `issues: ${JSON.stringify(issues, null, 1)}`).not.to.equal(undefined);
        expect(issues, JSON.stringify(issues, null, 1)).to.have.length(c.count ?? 1);
        expect(issue!.severity).to.equal(c.severity ?? 'error');
        for (const word of c.words)
          expect(issue!.message.toLowerCase()).to.include(word.toLowerCase());
        if ((c.severity ?? 'error') === 'error') {
          expect(script).to.equal(undefined);
          let thrown: unknown;
          try {
            parseScript(c.input);
          } catch (e) {
            thrown = e;
          }
          expect(thrown).to.be.instanceOf(ScriptError);
          expect((thrown as ScriptError).issues).to.deep.equal(issues);
        } else {
          expect(() => parseScript(c.input)).not.to.throw();
        }
      });
    }
  });

  describe('collects every issue', () => {
    it('reports three problems as three issues, in document order', () => {
      const input = mutated((s) => {
        s.actions.search[0].do = 'screenpop';
        s.pages[0].body[4].min = 'zero';
        s.name = 7;
      });
      const { issues } = validateScript(input);
      expect(issues.map((i) => `${i.path} ${i.code}`)).to.deep.equal([
        'name invalid-type',
        'pages[0].body[4].min invalid-type',
        'actions.search[0].do unknown-step-type',
      ]);
    });

    it('sorts cross-reference issues found late into document order', () => {
      const input = mutated((s) => {
        s.onConnect = 'nothing';
        s.startPage = 'nowhere';
        s.actions.popCrm[0].url = 'https://x.example.com/{CardNumber}';
      });
      const { issues } = validateScript(input);
      expect(issues.map((i) => i.path)).to.deep.equal([
        'startPage',
        'actions.popCrm[0].url',
        'onConnect',
      ]);
    });

    it('summarises the first error and the count in the message', () => {
      const input = mutated((s) => {
        s.name = 7;
        s.startPage = 'x';
        s.pages[0].body[9].lable = 'y';
      });
      let error: ScriptError | undefined;
      try {
        parseScript(input);
      } catch (e) {
        error = e as ScriptError;
      }
      expect(error).to.be.instanceOf(ScriptError);
      expect(error).to.be.instanceOf(Error);
      expect(error!.name).to.equal('ScriptError');
      expect(error!.message).to.include('name: expected a string, got number 7');
      expect(error!.message).to.include('2 errors, 1 warning');
      expect(error!.issues).to.have.length(3);
    });

    it('prints the root as (root) in the message but keeps the path empty', () => {
      let error: ScriptError | undefined;
      try {
        parseScript(42);
      } catch (e) {
        error = e as ScriptError;
      }
      expect(error!.issues[0]!.path).to.equal('');
      expect(error!.message).to.match(/^\(root\): expected a script object/);
    });

    it('stops at a depth limit instead of overflowing the stack', () => {
      let stack: Json = { type: 'text', text: 'deep' };
      for (let i = 0; i < 200; i++)
        stack = { type: 'stack', direction: 'vertical', children: [stack] };
      const input = mutated((s) => (s.pages[0].body = [stack]));
      const { issues } = validateScript(input);
      expect(issues).to.have.length(1);
      expect(issues[0]!.code).to.equal('too-deep');
      expect(issues[0]!.path.startsWith('pages[0].body[0].children[0].children[0]')).to.equal(true);
    });

    it('reports deeply nested conditions and steps as too deep', () => {
      let condition: Json = { op: 'isEmpty', value: 'x' };
      for (let i = 0; i < 100; i++) condition = { op: 'not', of: condition };
      let steps: Json = [{ do: 'alert', message: 'x' }];
      for (let i = 0; i < 100; i++) steps = [{ do: 'alert', message: 'x', onSuccess: steps }];
      const input = mutated((s) => {
        s.pages[0].body[0].visible = condition;
        s.actions.deep = steps;
      });
      expect(validateScript(input).issues.map((i) => i.code)).to.deep.equal([
        'too-deep',
        'too-deep',
      ]);
    });
  });

  describe('JSON text', () => {
    const syntax: [string, string, string[]][] = [
      ['{"format": "cx-script/1",\n  "name": "x",\n  oops}', 'line 3, column 3', ['property name']],
      ['{"a": 1,}', 'line 1, column 9', ['trailing comma']],
      ["{'a': 1}", 'line 1, column 2', ['double quotes']],
      ['{"a": 1 // note\n}', 'line 1, column 9', ['comments']],
      ['', 'line 1, column 1', ['end of the text']],
      ['{"a": "unterminated', 'line 1, column 7', ['never closed']],
      ['[1] [2]', 'line 1, column 5', ['after the end']],
    ];
    for (const [text, where, words] of syntax) {
      it(`reports invalid-json at ${where} for ${JSON.stringify(text)}`, () => {
        let error: ScriptError | undefined;
        try {
          parseScript(text);
        } catch (e) {
          error = e as ScriptError;
        }
        expect(error).to.be.instanceOf(ScriptError);
        expect(error!.issues).to.have.length(1);
        expect(error!.issues[0]).to.include({ path: '', code: 'invalid-json', severity: 'error' });
        expect(error!.issues[0]!.message).to.include(where);
        for (const w of words) expect(error!.issues[0]!.message).to.include(w);
      });
    }

    it('reports an action defined twice in the text, which JSON.parse would silently drop', () => {
      const text = JSON.stringify(fullScript()).replace(
        '"actions":{',
        '"actions":{"search":[{"do":"alert","message":"first"}],',
      );
      const { issues } = validateScript(text);
      expect(issues).to.have.length(1);
      expect(issues[0]).to.include({
        path: 'actions.search',
        code: 'duplicate-action',
        severity: 'error',
      });
      expect(issues[0]!.message).to.include("'search'");
    });

    it('reports any other repeated key with its path', () => {
      const text = JSON.stringify(fullScript()).replace(
        '"mask":"last4"',
        '"mask":"full","mask":"last4"',
      );
      const { issues } = validateScript(text);
      expect(issues.map((i) => `${i.path} ${i.code}`)).to.deep.equal([
        'pages[0].body[1].mask duplicate-key',
      ]);
    });

    it('parses a JSON string that holds a string as a non-object root', () => {
      const { issues } = validateScript('"hello"');
      expect(issues.map((i) => `${i.path} ${i.code}`)).to.deep.equal([' invalid-type']);
      expect(issues[0]!.message).to.include("string 'hello'");
    });
  });
});
