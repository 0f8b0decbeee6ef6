/**
 * `importGenesysScript`: the two real Scripter exports, every component and action the issue
 * lists (built in the shapes Scripter writes), malformed exports, and a fuzz test: for any JSON
 * value it returns a script that parses or throws a ScriptError, nothing else.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { importGenesysScript, type GenesysImportWarning } from '../../src/genesys/index.js';
import {
  ScriptError,
  isGenesysExport,
  parseScript,
  type Component,
  type Script,
} from '../../src/index.js';
import {
  EMAIL_VARS,
  action,
  bool,
  comp,
  exportWith,
  fixtureExport,
  itext,
  step,
  varRef,
  variable,
  type Json,
} from './helpers.js';

/** Every component of a script, depth first. */
function components(script: Script): Component[] {
  const out: Component[] = [];
  const walk = (list: Component[]) =>
    list.forEach((c) => {
      out.push(c);
      if (c.type === 'stack') walk(c.children);
    });
  script.pages.forEach((p) => walk(p.body));
  return out;
}

/** The ScriptError `run` throws (fails when it returns or throws anything else). */
function scriptError(run: () => unknown): ScriptError {
  try {
    run();
  } catch (e) {
    expect(e).to.be.instanceOf(ScriptError);
    return e as ScriptError;
  }
  throw new Error('expected a ScriptError');
}

const codes = (warnings: GenesysImportWarning[]) => warnings.map((w) => w.code);

describe('importGenesysScript: the real exports', () => {
  it('converts the email script: variables by name, pages, texts, the on-load action and its guard', async () => {
    const exported = await fixtureExport('email.script.json');
    expect(isGenesysExport(exported)).to.equal(true);
    const { script, warnings } = importGenesysScript(exported);
    expect(warnings).to.deep.equal([]);
    expect(parseScript(script)).to.deep.equal(script);
    expect(script.name).to.equal('Email Script');
    expect(script.startPage).to.equal('Start Page');
    expect(script.variables).to.deep.equal([
      {
        name: 'Screen Pop URL',
        type: 'string',
        input: true,
        description: 'Url to pop when script loads',
        default: '',
      },
      {
        name: 'URL Button Visible',
        type: 'boolean',
        description: 'Whether the button to reopen the url is visible',
        default: false,
      },
      { name: 'FName', type: 'string', input: true, output: true, default: '' },
      { name: 'LName', type: 'string', input: true, output: true, default: '' },
      { name: 'Email', type: 'string', input: true, output: true, default: '' },
      { name: 'ACCNumber', type: 'number', input: true, output: true, default: 0 },
      { name: 'Priority', type: 'string', input: true, output: true, default: '' },
    ]);
    const texts = components(script).flatMap((c) => (c.type === 'text' ? [c.text] : []));
    expect(texts).to.deep.equal([
      '{{scripter.queueName}}',
      'Customer First Name:',
      '{{FName}}',
      'Customer Last Name:',
      '{{LName}}',
      'Customer Email:',
      '{{Email}}',
      "Customer's Account Number:",
      '{{ACCNumber}}',
      "Customer's Priority:",
      '{{Priority}}',
    ]);
    const page = script.pages[0]!;
    expect(page.onLoad).to.equal('Screen Pop URL');
    expect(script.actions['Screen Pop URL']).to.deep.equal([
      {
        do: 'if',
        condition: { op: 'notEqual', left: '{{Screen Pop URL}}', right: '' },
        then: [
          { do: 'openUrl', url: '{{Screen Pop URL}}' },
          { do: 'setVariable', variable: 'URL Button Visible', value: 'true' },
        ],
      },
    ]);
    const button = components(script).find((c) => c.type === 'button')!;
    expect(button).to.deep.include({
      label: 'Reopen URL',
      action: [{ do: 'openUrl', url: '{{Screen Pop URL}}' }],
      visible: { op: 'equal', left: '{{URL Button Visible}}', right: 'true' },
    });
    // Layout: stacks in both directions, fixed label widths, bold, points as px.
    const root = page.body[0]!;
    expect(root).to.deep.include({ type: 'stack', direction: 'vertical' });
    expect(root.style).to.deep.include({ width: 'stretch', padding: [5, 5, 5, 5] });
    const label = components(script).find(
      (c) => c.type === 'text' && c.text === 'Customer First Name:',
    )!;
    expect(label.style).to.deep.include({
      width: 200,
      fontWeight: 'bold',
      fontSize: 15,
      align: 'center',
    });
    expect(
      components(script).filter((c) => c.type === 'stack' && c.direction === 'horizontal'),
    ).to.have.length(6);
  });

  it('converts the test script and reports its dangling checkbox variable with the export path', async () => {
    const { script, warnings } = importGenesysScript(await fixtureExport('test_script.json'));
    expect(warnings).to.deep.equal([
      {
        path: 'pages[0].rootContainer.children[1].properties.value.value',
        code: 'unknown-variable',
        message:
          "the checkbox field names variable 'MyCheckBox', which the export does not declare; it edits a new variable 'MyCheckBox', neither input nor output",
      },
    ]);
    expect(script.variables).to.deep.equal([{ name: 'MyCheckBox', type: 'boolean' }]);
    const [text, checkbox] = (script.pages[0]!.body[0] as { children: Component[] }).children;
    expect(text).to.deep.include({ type: 'text', text: 'Hello, world.' });
    // An empty Genesys label falls back to the variable's name, so the checkbox stays labelled.
    expect(checkbox).to.deep.include({
      type: 'checkbox',
      variable: 'MyCheckBox',
      label: 'MyCheckBox',
    });
  });

  it('accepts the export as JSON text', async () => {
    const exported = await fixtureExport('email.script.json');
    const text = JSON.stringify(exported);
    expect(isGenesysExport(text)).to.equal(true);
    expect(importGenesysScript(text).script).to.deep.equal(importGenesysScript(exported).script);
  });
});

describe('importGenesysScript: components', () => {
  const vars = [
    variable('v-name', 'Customer Name', 'string', '', { input: true }),
    variable('v-age', 'Age', 'number', 0),
    variable('v-when', 'Callback Date'),
    variable('v-reason', 'Reason'),
    variable('v-ok', 'Consent', 'boolean', false),
    variable('v-tier', 'Tier'),
    variable('v-id', 'AccountId', 'string', '', { input: true }),
    variable('v-tags', 'Tags', 'string', ['a', 'b'], { isList: true }),
  ];

  it('converts inputs with validation, numbers, dates, dropdowns, radios, checkboxes, links, images and web pages', () => {
    const { script, warnings } = importGenesysScript(
      exportWith(
        [
          comp('textInput', {
            label: itext('Name'),
            placeholderText: itext('First and last'),
            validation: { typeName: 'inputValidation', value: 'Alphabetic - With Spaces' },
            doesRequireValue: bool(true),
            value: varRef('v-name'),
          }),
          comp('textInput', {
            label: itext('Code'),
            validation: { typeName: 'inputValidation', value: '[A-Z]{3}-\\d+' },
            value: varRef('v-reason'),
          }),
          comp('textInput', {
            label: itext('Notes'),
            isMultilineInput: bool(true),
            value: varRef('v-tier'),
          }),
          comp('numericInput', { label: itext('Age'), value: varRef('v-age') }),
          comp('dateInput', { label: itext('Call back on'), value: varRef('v-when') }),
          comp('dropdown', {
            label: itext('Reason'),
            placeholderText: itext('Pick one'),
            options: {
              typeName: 'list',
              value: [
                [itext('fraud'), itext('Fraud')],
                [itext('dup'), itext('Duplicate')],
              ],
            },
            value: varRef('v-reason'),
          }),
          comp('radio', {
            label: itext('Tier'),
            options: { typeName: 'list', value: [[itext('gold'), itext('gold')]] },
            value: varRef('v-tier'),
          }),
          comp('checkbox', { text: itext('Consent given'), value: varRef('v-ok') }),
          comp('link', {
            text: itext('Account'),
            url: itext('https://crm.example.com/accounts/{{v-id}}?from={{scripter.agentName}}'),
          }),
          comp('image', { url: itext('https://cdn.example.com/logo.png'), altText: itext('Logo') }),
          comp('webPage', {
            url: itext('https://kb.example.com/{{v-id}}'),
            title: itext('Knowledge base'),
          }),
        ],
        { variables: vars },
      ),
    );
    expect(warnings).to.deep.equal([]);
    const [, ...body] = components(script);
    expect(body.map((c) => c.type)).to.deep.equal([
      'input',
      'input',
      'textarea',
      'number',
      'date',
      'dropdown',
      'radio',
      'checkbox',
      'link',
      'image',
      'webPage',
    ]);
    expect(body[0]).to.deep.include({
      variable: 'Customer Name',
      label: 'Name',
      placeholder: 'First and last',
      required: true,
      pattern: '[A-Za-z]+( [A-Za-z]+)*',
    });
    expect(body[1]).to.deep.include({ pattern: '[A-Z]{3}-\\d+' });
    expect((body[5] as { options: unknown }).options).to.deep.equal([
      { value: 'fraud', label: 'Fraud' },
      { value: 'dup', label: 'Duplicate' },
    ]);
    expect((body[6] as { options: unknown }).options).to.deep.equal(['gold']);
    expect(body[8]).to.deep.include({
      url: 'https://crm.example.com/accounts/{AccountId}?from={scripter.agentName}',
    });
    expect(body[9]).to.deep.include({ url: 'https://cdn.example.com/logo.png', alt: 'Logo' });
    expect(body[10]).to.deep.include({
      url: 'https://kb.example.com/{AccountId}',
      title: 'Knowledge base',
    });
    expect(script.variables.find((v) => v.name === 'Tags')).to.deep.equal({
      name: 'Tags',
      type: 'list',
      default: ['a', 'b'],
    });
  });

  it('shows an unknown component type as a note and names it in a warning', () => {
    const { script, warnings } = importGenesysScript(
      exportWith([comp('text', { text: itext('Before') }), comp('signaturePad', {})]),
    );
    expect(warnings).to.deep.equal([
      {
        path: 'pages[0].rootContainer.children[1].type',
        code: 'unsupported-component',
        message: "component type 'signaturePad' is not supported; a note is shown in its place",
      },
    ]);
    const note = components(script)[2]!;
    expect(note).to.deep.include({ type: 'text', variant: 'note' });
    expect((note as { text: string }).text).to.contain("'signaturePad'");
  });

  it('drops a dangling {{<variable id>}} from text and keeps visibility bound to variables', () => {
    const { script, warnings } = importGenesysScript(
      exportWith(
        [
          comp('text', {
            text: itext('Hi {{11111111-2222-4333-8444-555555555555}}!'),
            visible: varRef('v-ok'),
          }),
          comp('text', { text: itext('{{email.customerEmailAddress}}') }),
        ],
        { variables: vars },
      ),
    );
    const [, hi, email] = components(script);
    expect(hi).to.deep.include({
      text: 'Hi !',
      visible: { op: 'equal', left: '{{Consent}}', right: 'true' },
    });
    expect(email).to.deep.include({ text: '{{email.customerEmailAddress}}' });
    expect(warnings.map((w) => [w.path, w.code])).to.deep.equal([
      ['pages[0].rootContainer.children[0].properties.text.value', 'unknown-variable'],
      ['pages[0].rootContainer.children[1].properties.text.value', 'unknown-builtin'],
    ]);
  });

  it('renames variables that collide with a built-in or with each other', () => {
    const { script, warnings } = importGenesysScript(
      exportWith([comp('text', { text: itext('{{a}} {{b}} {{c}}') })], {
        variables: [variable('a', 'Call.Ani'), variable('b', 'X'), variable('c', 'X')],
      }),
    );
    expect(script.variables.map((v) => v.name)).to.deep.equal([
      'Call.Ani (variable)',
      'X',
      'X (2)',
    ]);
    expect((components(script)[1] as { text: string }).text).to.equal(
      '{{Call.Ani (variable)}} {{X}} {{X (2)}}',
    );
    expect(warnings.map((w) => w.path)).to.deep.equal(['variables[0].name', 'variables[2].name']);
  });
});

describe('importGenesysScript: actions', () => {
  const vars = [
    variable('v-id', 'AccountId', 'string', '', { input: true }),
    variable('v-msg', 'Message'),
  ];
  const second = {
    id: 'p2',
    name: 'Details',
    properties: { onLoadAction: action() },
    rootContainer: comp('verticalStackContainer', {}, [
      comp('text', { text: itext('Second page') }),
    ]),
  };

  it('converts changePage, alert, setVariable and if/else with the comparisons', () => {
    const { script, warnings } = importGenesysScript(
      exportWith(
        [
          comp('button', {
            text: itext('Next'),
            clickAction: action({
              actionName: 'scripter.changePage',
              actionArgumentValues: [{ typeName: 'page', value: 'p2' }],
            }),
          }),
          comp('button', { text: itext('Check'), clickAction: action({ actionName: 'ca-1' }) }),
        ],
        {
          variables: vars,
          pages: [second],
          customActions: [
            {
              id: 'ca-1',
              name: 'Check account',
              action: {
                block: [
                  {
                    type: 'if',
                    condition: {
                      type: 'standard',
                      leftHandSide: varRef('v-id'),
                      operator: 'greaterThanOrEqual',
                      rightHandSide: itext('100'),
                    },
                    ifBlock: [step('scripter.alert', [itext('Account {{v-id}} is big')])],
                    elseBlock: [
                      step('scripter.setVariable', [
                        {
                          typeName: 'variableWithValue',
                          value: {
                            variable: varRef('v-msg'),
                            variableTypeName: 'string',
                            valueOfVariableProperty: itext('small {{v-id}}'),
                          },
                        },
                      ]),
                    ],
                  },
                ],
              },
            },
          ],
        },
      ),
    );
    expect(warnings).to.deep.equal([]);
    const [, next, check] = components(script);
    expect(next).to.deep.include({ action: [{ do: 'changePage', page: 'Details' }] });
    expect(check).to.deep.include({ action: 'Check account' });
    expect(check!.disabled).to.equal(undefined);
    expect(script.actions['Check account']).to.deep.equal([
      {
        do: 'if',
        condition: { op: 'not', of: { op: 'lessThan', left: '{{AccountId}}', right: '100' } },
        then: [{ do: 'alert', message: 'Account {{AccountId}} is big' }],
        else: [{ do: 'setVariable', variable: 'Message', value: 'small {{AccountId}}' }],
      },
    ]);
  });

  it('disables a button whose action runs a data action, a callback or a transfer, naming it', () => {
    const { script, warnings } = importGenesysScript(
      exportWith(
        [
          comp('button', {
            text: itext('Look up'),
            clickAction: action({ actionName: 'ca-bridge' }),
          }),
          comp('button', {
            text: itext('Call back later'),
            clickAction: action({
              actionName: 'scripter.scheduleCallback',
              actionArgumentValues: [],
            }),
          }),
          comp('button', {
            text: itext('Transfer'),
            clickAction: action({ actionName: 'call.transfer' }),
          }),
        ],
        {
          variables: vars,
          customActions: [
            {
              id: 'ca-bridge',
              name: 'Lookup account',
              action: {
                block: [
                  step('bridge.bridge', [
                    { typeName: 'bridgeActionArguments', value: { actionName: 'custom_-_1234' } },
                  ]),
                  step('scripter.alert', [itext('done')]),
                ],
              },
            },
          ],
        },
      ),
    );
    const [, lookUp, callback, transfer] = components(script);
    for (const b of [lookUp, callback, transfer]) expect(b!.disabled, b!.type).to.equal(true);
    expect(lookUp!.disabledReason).to.equal(
      "Not available here: it uses data action 'bridge.bridge'.",
    );
    expect(callback!.disabledReason).to.equal(
      "Not available here: it uses action 'scripter.scheduleCallback'.",
    );
    // The supported steps of the custom action stay (nothing else runs it).
    expect(script.actions['Lookup account']).to.deep.equal([{ do: 'alert', message: 'done' }]);
    expect(warnings).to.deep.equal([
      {
        path: 'customActions[0].action.block[0]',
        code: 'unsupported-action',
        message:
          "data action 'bridge.bridge' (Lookup account) is not supported; it is left out of the action, and whatever runs the action is disabled",
      },
      {
        path: 'pages[0].rootContainer.children[0].properties.clickAction',
        code: 'unsupported-action',
        message:
          "custom action 'Lookup account' uses data action 'bridge.bridge', which is not supported; button 'Look up' is disabled",
      },
      {
        path: 'pages[0].rootContainer.children[1].properties.clickAction.value',
        code: 'unsupported-action',
        message:
          "action 'scripter.scheduleCallback' is not supported; button 'Call back later' is disabled",
      },
      {
        path: 'pages[0].rootContainer.children[2].properties.clickAction.value',
        code: 'unsupported-action',
        message: "action 'call.transfer' is not supported; button 'Transfer' is disabled",
      },
    ]);
  });

  it('computes dynamic variables from constants and reports the ones it cannot', () => {
    const { script, warnings } = importGenesysScript(
      exportWith([comp('text', { text: itext('{{d1}} {{d2}} {{d3}}') })], {
        variables: [
          variable('base', 'Base', 'number', 40),
          variable('d1', 'Total', 'number', '{{base}} * 2 + 1', { isDynamic: true }),
          variable('d2', 'Label', 'string', '"Ref-" + {{base}}', { isDynamic: true }),
          variable('d3', 'Domain', 'string', 'slice({{v-id}}, 3)', { isDynamic: true }),
        ],
      }),
    );
    expect(script.variables.map((v) => [v.name, v.default])).to.deep.equal([
      ['Base', 40],
      ['Total', 81],
      ['Label', 'Ref-40'],
      ['Domain', undefined],
    ]);
    expect(codes(warnings)).to.deep.equal(['dynamic-variable']);
    expect(warnings[0]!.path).to.equal('variables[3].value');
    expect(warnings[0]!.message).to.contain("dynamic variable 'Domain'");
  });
});

describe('importGenesysScript: malformed exports', () => {
  it('throws a ScriptError with a path for what cannot be a script', () => {
    for (const [value, path, code] of [
      [null, '', 'invalid-type'],
      [[], '', 'invalid-type'],
      ['{"pages": [', '', 'invalid-json'],
      [{ name: 'x' }, 'pages', 'missing-field'],
      [{ pages: {} }, 'pages', 'invalid-type'],
      [{ pages: [] }, 'pages', 'no-pages'],
      [{ pages: [1, 'two'] }, 'pages', 'no-pages'],
    ] as [unknown, string, string][]) {
      const error = scriptError(() => importGenesysScript(value));
      expect(
        error.issues.map((i) => [i.path, i.code]),
        JSON.stringify(value),
      ).to.deep.equal([[path, code]]);
    }
  });

  it('imports what it can of a damaged export and warns about the rest', () => {
    const exported = exportWith([comp('text', { text: itext('ok') }), 42, { type: 'button' }], {
      variables: [null, variable('v', 'V')],
      customActions: 'none' as never,
    });
    exported.startPageId = 'gone';
    exported.pages.push({ name: 'No root' }, 'junk');
    const { script, warnings } = importGenesysScript(exported);
    expect(script.pages.map((p) => p.id)).to.deep.equal(['Main', 'No root']);
    expect(warnings.map((w) => [w.path, w.code])).to.deep.equal([
      ['variables[0]', 'invalid-variable'],
      ['pages[2]', 'invalid-page'],
      ['customActions', 'invalid-type'],
      ['pages[0].rootContainer.children[1]', 'invalid-component'],
      ['pages[1].rootContainer', 'missing-field'],
      ['startPageId', 'unknown-page'],
    ]);
  });
});

describe('importGenesysScript never fails in any other way', () => {
  /** Imports `value`: a script that parses again, or a well-formed ScriptError. */
  function importOrReject(value: unknown): 'script' | 'error' {
    let result;
    try {
      result = importGenesysScript(value);
    } catch (e) {
      if (!(e instanceof ScriptError))
        throw new Error(`threw something other than ScriptError: ${String(e)}`);
      expect(e.issues.length).to.be.greaterThan(0);
      for (const issue of e.issues) {
        expect(issue.path).to.be.a('string');
        expect(issue.message).to.be.a('string').and.not.equal('');
      }
      return 'error';
    }
    expect(parseScript(result.script)).to.deep.equal(result.script);
    for (const w of result.warnings) {
      expect(w.path).to.be.a('string');
      expect(w.code).to.match(/^[a-z]+(-[a-z]+)*$/);
      expect(w.message).to.be.a('string').and.not.equal('');
    }
    return 'script';
  }

  it('returns a script or throws ScriptError for 2,000 random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        importOrReject(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns a script or throws ScriptError for 1,000 real exports with random subtrees replaced', async function () {
    this.timeout(120_000);
    const exports = [
      await fixtureExport('email.script.json'),
      await fixtureExport('test_script.json'),
    ];
    const pathsOf = (
      value: Json,
      prefix: (string | number)[] = [],
      out: (string | number)[][] = [],
    ) => {
      if (typeof value === 'object' && value !== null)
        for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
          out.push([...prefix, key]);
          pathsOf(value[key], [...prefix, key], out);
        }
      return out;
    };
    const paths = exports.map((e) => pathsOf(e));
    const replacement = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(
        '__proto__',
        'constructor',
        '{{',
        '{{}}',
        '{x}',
        'bridge.bridge',
        EMAIL_VARS.screenPopUrl,
        '<delete>',
      ),
    );
    const counts = { script: 0, error: 0 };
    fc.assert(
      fc.property(
        fc.nat(1),
        fc.array(fc.tuple(fc.nat(100_000), replacement), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          const exported = JSON.parse(JSON.stringify(exports[which]));
          for (const [n, value] of edits) {
            const path = paths[which]![n % paths[which]!.length]!;
            let parent = exported;
            for (const segment of path.slice(0, -1)) {
              parent = parent?.[segment];
              if (typeof parent !== 'object' || parent === null) break;
            }
            if (typeof parent !== 'object' || parent === null) continue;
            const key = path[path.length - 1]!;
            if (value !== '<delete>') parent[key] = value;
            else if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
            else delete parent[key];
          }
          counts[importOrReject(exported)]++;
          // The same export as JSON text gives the same verdict.
          importOrReject(JSON.stringify(exported));
        },
      ),
      { numRuns: 1000 },
    );
    expect(counts.script).to.be.greaterThan(0);
    expect(counts.error).to.be.greaterThan(0);
  });

  it('survives hostile shapes: deep nesting and prototype keys', () => {
    let deep: Json = comp('text', { text: itext('bottom') });
    for (let i = 0; i < 5_000; i++) deep = comp('verticalStackContainer', {}, [deep]);
    const { warnings } = importGenesysScript(exportWith([deep]));
    expect(codes(warnings)).to.include('too-deep');
    let block: Json = [];
    for (let i = 0; i < 5_000; i++) block = [{ type: 'if', condition: {}, ifBlock: block }];
    expect(
      importOrReject(
        exportWith([], { customActions: [{ id: 'x', name: 'x', action: { block } }] }),
      ),
    ).to.equal('script');
    const proto = JSON.parse(
      '{"pages":[{"name":"__proto__","rootContainer":{"type":"text","properties":{"alignment":{"value":"constructor"}}}}],"customActions":[{"id":"a","name":"__proto__","action":{"block":[]}}],"variables":[{"id":"v","name":"constructor","type":{"name":"toString"}}]}',
    );
    expect(importOrReject(proto)).to.equal('script');
    expect(({} as Json).rootContainer).to.equal(undefined);
  });
});
