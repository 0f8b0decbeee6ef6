import { expect } from '@open-wc/testing';
import { SecuredValue, DEFAULT_MASK } from '../../src/guard/secured-value.js';
import { InteractionSession } from '../../src/data/session.js';
import { ScriptRuntime } from '../../src/script/runtime.js';

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

describe('ScriptRuntime start (more)', () => {
  it('binds input variables before onConnect runs and fires change for them', async () => {
    const s = script({
      variables: [
        { name: 'AccountId', type: 'string', input: true },
        { name: 'Seen', type: 'string' },
      ],
      onConnect: [{ do: 'setVariable', variable: 'Seen', value: 'acct {{AccountId}}' }],
    });
    const { runtime, events } = runtimeFor(s, conversation({ AccountId: 'A-9' }));
    expect(runtime.get('AccountId')).to.equal(null);
    await runtime.start();
    expect(runtime.get('Seen')).to.equal('acct A-9');
    expect(events[0]).to.deep.equal({ type: 'change', detail: { names: ['AccountId', 'Seen'] } });
  });

  it('keeps the page that onConnect changed to, and runs only that page onLoad', async () => {
    const s = script({
      variables: [{ name: 'Log', type: 'string', default: '' }],
      onConnect: [{ do: 'changePage', page: 'second' }],
      pages: [
        {
          id: 'first',
          title: '1',
          onLoad: [{ do: 'setVariable', variable: 'Log', value: '{{Log}}first;' }],
          body: [],
        },
        {
          id: 'second',
          title: '2',
          onLoad: [{ do: 'setVariable', variable: 'Log', value: '{{Log}}second;' }],
          body: [],
        },
      ],
    });
    const { runtime, events } = runtimeFor(s);
    await runtime.start();
    expect(runtime.pageId).to.equal('second');
    expect(runtime.get('Log')).to.equal('second;');
    const changes = events.filter((e) => e.type === 'page-change').map((e) => e.detail);
    expect(changes).to.deep.equal([{ from: null, to: 'second' }]);
  });

  it('reports binding warnings as warning events with their path', async () => {
    const s = script({ variables: [{ name: 'N', type: 'number', input: true }] });
    const { runtime, issues } = runtimeFor(s, conversation({ N: 'many' }));
    await runtime.start();
    expect(issues('warning')).to.deep.equal([
      {
        code: 'invalid-input',
        message: issues('warning')[0]!.message,
        path: 'variables[0]',
        variable: 'N',
      },
    ]);
    expect(issues('warning')[0]!.message).to.contain("'N'");
  });

  it('reports an unknown start page and shows the first page', async () => {
    const s = script({ startPage: 'nope' });
    const { runtime, issues } = runtimeFor(s);
    await runtime.start();
    expect(runtime.pageId).to.equal('main');
    expect(issues('error').map((e) => [e.code, e.path])).to.deep.equal([
      ['unknown-page', 'startPage'],
    ]);
  });

  it('starts only once', async () => {
    const s = script({
      variables: [{ name: 'N', type: 'number', default: 0 }],
      onConnect: [{ do: 'setVariable', variable: 'N', value: '1{{N}}' }],
    });
    const { runtime } = runtimeFor(s);
    await Promise.all([runtime.start(), runtime.start()]);
    await runtime.start();
    expect(runtime.get('N')).to.equal(10);
  });
});

describe('ScriptRuntime pages', () => {
  const twoPages = () =>
    script({
      variables: [{ name: 'Loads', type: 'number', default: 0 }],
      pages: [
        { id: 'a', title: 'A', body: [] },
        {
          id: 'b',
          title: 'B',
          onLoad: [{ do: 'setVariable', variable: 'Loads', value: '{{Loads}}1' }],
          body: [],
        },
      ],
      actions: {
        toB: [{ do: 'changePage', page: 'b' }],
        toNowhere: [{ do: 'changePage', page: 'z' }],
      },
    });

  it('goTo fires page-change then runs the new page onLoad', async () => {
    const { runtime, events } = runtimeFor(twoPages());
    await runtime.start();
    let loadsAtPageChange: unknown;
    runtime.addEventListener('page-change', () => (loadsAtPageChange = runtime.get('Loads')));
    await runtime.goTo('b');
    expect(runtime.pageId).to.equal('b');
    expect(loadsAtPageChange).to.equal(0);
    expect(runtime.get('Loads')).to.equal(1);
    expect(events.filter((e) => e.type === 'page-change').map((e) => e.detail)).to.deep.equal([
      { from: null, to: 'a' },
      { from: 'a', to: 'b' },
    ]);
  });

  it('goTo an unknown page fires an error and stays', async () => {
    const { runtime, issues } = runtimeFor(twoPages());
    await runtime.start();
    await runtime.goTo('missing');
    expect(runtime.pageId).to.equal('a');
    expect(issues('error').map((e) => e.code)).to.deep.equal(['unknown-page']);
    expect(issues('error')[0]!.message).to.contain("'missing'");
  });

  it('changePage succeeds for a page and fails (with its path) for an unknown one', async () => {
    const { runtime, issues } = runtimeFor(twoPages());
    await runtime.start();
    expect(await runtime.run('toB', button())).to.equal(true);
    expect(runtime.pageId).to.equal('b');
    expect(await runtime.run('toNowhere', button())).to.equal(false);
    expect(runtime.pageId).to.equal('b');
    expect(issues('error')).to.deep.equal([
      {
        code: 'unknown-page',
        message: issues('error')[0]!.message,
        path: 'actions.toNowhere[0].page',
      },
    ]);
  });

  it('caps page changes that keep changing page at 16 with one error', async () => {
    const s = script({
      variables: [{ name: 'Hops', type: 'number', default: 0 }],
      pages: [
        { id: 'home', title: 'Home', body: [] },
        {
          id: 'ping',
          title: 'Ping',
          onLoad: [
            { do: 'setVariable', variable: 'Hops', value: '{{Hops}}' },
            { do: 'changePage', page: 'pong' },
          ],
          body: [],
        },
        { id: 'pong', title: 'Pong', onLoad: [{ do: 'changePage', page: 'ping' }], body: [] },
      ],
    });
    const { runtime, events, issues } = runtimeFor(s);
    await runtime.start();
    const ok = await runtime.run([{ do: 'changePage', page: 'ping' }], button());
    expect(ok).to.equal(true);
    expect(issues('error').map((e) => e.code)).to.deep.equal(['recursion-limit']);
    const changes = events.filter((e) => e.type === 'page-change');
    expect(changes.length).to.equal(1 + 16);
  });
});

describe('ScriptRuntime get and set', () => {
  const s = () =>
    script({
      variables: [
        { name: 'Count', type: 'number' },
        { name: 'Notes', type: 'string', output: true },
        { name: 'Tags', type: 'list', output: true },
        { name: 'CardNumber', type: 'string', input: true, secured: true },
      ],
    });

  it('reads variables first, then built-ins, else undefined', async () => {
    const { runtime } = runtimeFor(s());
    expect(runtime.get('Count')).to.equal(null);
    expect(runtime.get('Call.Ani')).to.equal('tel:+13175550123');
    expect(runtime.get('scripter.queueName')).to.equal('Disputes');
    expect(runtime.get('Nope')).to.equal(undefined);
  });

  it('converts field input to the variable type and fires change', () => {
    const { runtime, events } = runtimeFor(s());
    runtime.set('Count', '12');
    expect(runtime.get('Count')).to.equal(12);
    expect(events).to.deep.equal([{ type: 'change', detail: { names: ['Count'] } }]);
  });

  it('makes unconvertible input empty with a warning', () => {
    const { runtime, issues } = runtimeFor(s());
    runtime.set('Count', 'lots', 'pages[0].body[1]');
    expect(runtime.get('Count')).to.equal(null);
    expect(issues('warning').map((w) => [w.code, w.path, w.variable])).to.deep.equal([
      ['invalid-value', 'pages[0].body[1]', 'Count'],
    ]);
  });

  it('writes output variables to conversation data', () => {
    const { runtime, session } = runtimeFor(s());
    runtime.set('Notes', 'called back');
    runtime.set('Tags', ['a', 'b, c']);
    expect(session.getConversationData('Notes')).to.equal('called back');
    expect(session.getConversationData('Tags')).to.equal('["a","b, c"]');
    expect(runtime.get('Tags')).to.deep.equal(['a', 'b, c']);
  });

  it('refuses secured and unknown variables with an error', async () => {
    const { runtime, issues, session } = runtimeFor(s(), conversation({}, { CardNumber: 'AQID' }));
    await runtime.start();
    const before = runtime.get('CardNumber');
    runtime.set('CardNumber', '4111111111111111');
    runtime.set('Ghost', 'x');
    expect(runtime.get('CardNumber')).to.equal(before);
    expect(runtime.get('Ghost')).to.equal(undefined);
    expect(issues('error').map((e) => [e.code, e.variable])).to.deep.equal([
      ['secured-variable', 'CardNumber'],
      ['unknown-variable', 'Ghost'],
    ]);
    expect(session.pendingWrites().size).to.equal(0);
  });
});

describe('ScriptRuntime interpolation and visibility', () => {
  it('warns once per distinct unknown variable, with the path where it was first met', () => {
    const { runtime, issues } = runtimeFor(script({}));
    expect(runtime.interpolate('a{{Ghost}}b', 'pages[0].body[0].text')).to.equal('ab');
    runtime.interpolate('{{Ghost}} {{Ghost}}', 'pages[0].body[1].text');
    runtime.interpolate('{{Other}}', 'pages[0].body[2].text');
    expect(issues('warning')).to.deep.equal([
      {
        code: 'unknown-variable',
        message: issues('warning')[0]!.message,
        path: 'pages[0].body[0].text',
        variable: 'Ghost',
      },
      {
        code: 'unknown-variable',
        message: issues('warning')[1]!.message,
        path: 'pages[0].body[2].text',
        variable: 'Other',
      },
    ]);
    expect(issues('warning')[0]!.message).to.contain('Ghost').and.contain('pages[0].body[0].text');
  });

  it('interpolateValue returns the tainted value', async () => {
    const s = script({
      variables: [{ name: 'CardNumber', type: 'string', input: true, secured: true }],
    });
    const { runtime } = runtimeFor(s, conversation({}, { CardNumber: 'AQID' }));
    await runtime.start();
    const v = runtime.interpolateValue('card {{CardNumber}} for {{Call.Ani}}');
    expect(v).to.be.instanceOf(SecuredValue);
    expect((v as SecuredValue).sources).to.deep.equal(['CardNumber']);
    expect(runtime.interpolateValue('{{Call.Ani}}')).to.equal('tel:+13175550123');
  });

  it('isVisible follows the condition, and hides secured conditions with one warning', async () => {
    const s = script({
      variables: [
        { name: 'Tier', type: 'string', input: true },
        { name: 'CardNumber', type: 'string', input: true, secured: true },
      ],
    });
    const { runtime, issues } = runtimeFor(s, conversation({ Tier: 'gold' }, { CardNumber: 'A' }));
    await runtime.start();
    const gold = {
      type: 'text' as const,
      text: 'x',
      visible: { op: 'equal' as const, left: '{{Tier}}', right: 'gold' },
    };
    expect(runtime.isVisible({ type: 'text', text: 'always' })).to.equal(true);
    expect(runtime.isVisible(gold)).to.equal(true);
    runtime.set('Tier', 'silver');
    expect(runtime.isVisible(gold)).to.equal(false);
    const secured = {
      type: 'text' as const,
      text: 'x',
      visible: {
        op: 'not' as const,
        of: { op: 'equal' as const, left: '{{CardNumber}}', right: '1' },
      },
    };
    expect(runtime.isVisible(secured, 'pages[0].body[4]')).to.equal(false);
    expect(runtime.isVisible(secured, 'pages[0].body[4]')).to.equal(false);
    expect(issues('warning').map((w) => [w.code, w.path])).to.deep.equal([
      ['secured-condition', 'pages[0].body[4].visible'],
    ]);
  });
});

describe('ScriptRuntime steps', () => {
  it('setVariable converts to the target type; an unconvertible value fails the step', async () => {
    const s = script({
      variables: [
        { name: 'N', type: 'number' },
        { name: 'Out', type: 'string', default: '' },
      ],
      actions: {
        mixed: [{ do: 'setVariable', variable: 'N', value: '4{{Call.ConversationId}}' }],
        ok: [{ do: 'setVariable', variable: 'N', value: '42' }],
        bad: [
          {
            do: 'setVariable',
            variable: 'N',
            value: 'abc',
            onFailure: [{ do: 'setVariable', variable: 'Out', value: 'failed' }],
          },
          { do: 'setVariable', variable: 'Out', value: 'not reached' },
        ],
      },
    });
    const { runtime, issues } = runtimeFor(s);
    expect(await runtime.run('ok', button())).to.equal(true);
    expect(runtime.get('N')).to.equal(42);
    expect(await runtime.run('bad', button())).to.equal(false);
    expect(runtime.get('N')).to.equal(42);
    expect(runtime.get('Out')).to.equal('failed');
    expect(issues('error').map((e) => [e.code, e.path])).to.deep.equal([
      ['invalid-value', 'actions.bad[0]'],
    ]);
    expect(await runtime.run('mixed', button())).to.equal(false);
    expect(runtime.get('N')).to.equal(42);
  });

  it('runs onSuccess before the next step and stops after a failure', async () => {
    const log = (v: string) => ({
      do: 'setVariable' as const,
      variable: 'Log',
      value: `{{Log}}${v};`,
    });
    const s = script({
      variables: [{ name: 'Log', type: 'string', default: '' }],
      actions: {
        seq: [
          { ...log('1'), onSuccess: [log('1ok')], onFailure: [log('1fail')] },
          { do: 'changePage', page: 'missing', onSuccess: [log('2ok')], onFailure: [log('2fail')] },
          log('3'),
        ],
      },
    });
    const { runtime } = runtimeFor(s);
    expect(await runtime.run('seq', button())).to.equal(false);
    expect(runtime.get('Log')).to.equal('1;1ok;2fail;');
  });

  it('fails the sequence when an onSuccess branch fails', async () => {
    const s = script({
      variables: [{ name: 'Log', type: 'string', default: '' }],
      actions: {
        seq: [
          { do: 'alert', message: 'hi', onSuccess: [{ do: 'changePage', page: 'missing' }] },
          { do: 'setVariable', variable: 'Log', value: 'not reached' },
        ],
      },
    });
    const { runtime } = runtimeFor(s);
    expect(await runtime.run('seq', button())).to.equal(false);
    expect(runtime.get('Log')).to.equal('');
  });

  it('if runs then or else', async () => {
    const s = script({
      variables: [
        { name: 'Tier', type: 'string', input: true },
        { name: 'Out', type: 'string' },
      ],
      actions: {
        branch: [
          {
            do: 'if',
            condition: { op: 'equal', left: '{{Tier}}', right: 'gold' },
            then: [{ do: 'setVariable', variable: 'Out', value: 'then' }],
            else: [{ do: 'setVariable', variable: 'Out', value: 'else' }],
          },
        ],
      },
    });
    const { runtime } = runtimeFor(s, conversation({ Tier: 'gold' }));
    await runtime.start();
    expect(await runtime.run('branch', button())).to.equal(true);
    expect(runtime.get('Out')).to.equal('then');
    runtime.set('Tier', 'silver');
    expect(await runtime.run('branch', button())).to.equal(true);
    expect(runtime.get('Out')).to.equal('else');
  });

  it('if on a secured value takes else and warns secured-condition', async () => {
    const s = script({
      variables: [
        { name: 'CardNumber', type: 'string', input: true, secured: true },
        { name: 'Out', type: 'string' },
      ],
      actions: {
        branch: [
          {
            do: 'if',
            condition: { op: 'notEqual', left: '{{CardNumber}}', right: '' },
            then: [{ do: 'setVariable', variable: 'Out', value: 'then' }],
            else: [{ do: 'setVariable', variable: 'Out', value: 'else' }],
          },
        ],
      },
    });
    const { runtime, issues } = runtimeFor(s, conversation({}, { CardNumber: 'AQID' }));
    await runtime.start();
    expect(await runtime.run('branch', button())).to.equal(true);
    expect(runtime.get('Out')).to.equal('else');
    expect(issues('warning')).to.deep.equal([
      {
        code: 'secured-condition',
        message: issues('warning')[0]!.message,
        path: 'actions.branch[0]',
        variables: ['CardNumber'],
      },
    ]);
  });

  it('alert fires an alert event with the interpolated, masked message', async () => {
    const s = script({
      variables: [{ name: 'CardNumber', type: 'string', input: true, secured: true }],
      actions: { hi: [{ do: 'alert', message: 'Caller {{Call.Ani}} card {{CardNumber}}' }] },
    });
    const { runtime, events } = runtimeFor(s, conversation({}, { CardNumber: 'AQID' }));
    await runtime.start();
    expect(await runtime.run('hi', button())).to.equal(true);
    expect(events.filter((e) => e.type === 'alert').map((e) => e.detail)).to.deep.equal([
      { message: `Caller tel:+13175550123 card ${DEFAULT_MASK}`, path: 'actions.hi[0]' },
    ]);
  });

  it('setConversationData writes each pair, interpolated, with exact names', async () => {
    const s = script({
      variables: [{ name: 'Reason', type: 'string', default: 'Fraud' }],
      actions: {
        save: [
          {
            do: 'setConversationData',
            data: [
              { name: 'Dispute Reason', value: '{{Reason}}' },
              { name: 'handledBy', value: '{{Scripter.Agent Name}}' },
            ],
          },
        ],
      },
    });
    const { runtime, session } = runtimeFor(s);
    await runtime.start();
    expect(await runtime.run('save', button())).to.equal(true);
    expect([...session.pendingWrites()]).to.deep.equal([
      ['Dispute Reason', 'Fraud'],
      ['handledBy', 'Alex Agent'],
    ]);
  });

  it('setConversationData with a secured value is blocked, writes nothing and runs onFailure', async () => {
    const s = script({
      variables: [
        { name: 'CardNumber', type: 'string', input: true, secured: true },
        { name: 'Copy', type: 'string' },
        { name: 'Out', type: 'string' },
      ],
      actions: {
        leak: [
          { do: 'setVariable', variable: 'Copy', value: 'card:{{CardNumber}}' },
          {
            do: 'setConversationData',
            data: [
              { name: 'Safe', value: 'fine' },
              { name: 'Leak', value: 'x{{Copy}}' },
            ],
            onSuccess: [{ do: 'setVariable', variable: 'Out', value: 'success' }],
            onFailure: [{ do: 'setVariable', variable: 'Out', value: 'failure' }],
          },
        ],
      },
    });
    const { runtime, events, session } = runtimeFor(s, conversation({}, { CardNumber: 'AQID' }));
    await runtime.start();
    expect(await runtime.run('leak', button())).to.equal(false);
    expect(runtime.get('Out')).to.equal('failure');
    expect(session.pendingWrites().size).to.equal(0);
    const blocked = events.filter((e) => e.type === 'egress-blocked').map((e) => e.detail);
    expect(blocked).to.have.length(1);
    expect(blocked[0]).to.deep.include({
      code: 'egress-blocked',
      sink: 'conversationData',
      path: 'actions.leak[1]',
      variables: ['CardNumber'],
    });
    expect(JSON.stringify(blocked[0])).not.to.contain('AQID');
  });

  it('setVariable of a secured value into an output variable is blocked', async () => {
    const s = script({
      variables: [
        { name: 'CardNumber', type: 'string', input: true, secured: true },
        { name: 'Notes', type: 'string', output: true },
      ],
      actions: { copy: [{ do: 'setVariable', variable: 'Notes', value: '{{CardNumber}}' }] },
    });
    const { runtime, events, session } = runtimeFor(s, conversation({}, { CardNumber: 'AQID' }));
    await runtime.start();
    expect(await runtime.run('copy', button())).to.equal(false);
    expect(runtime.get('Notes')).to.equal(null);
    expect(session.pendingWrites().size).to.equal(0);
    expect(events.filter((e) => e.type === 'egress-blocked').map((e) => e.detail)).to.have.length(
      1,
    );
  });

  it('setVariable writes plain output variables to conversation data', async () => {
    const s = script({
      variables: [{ name: 'Notes', type: 'string', output: true }],
      actions: { note: [{ do: 'setVariable', variable: 'Notes', value: 'ani {{Call.Ani}}' }] },
    });
    const { runtime, session } = runtimeFor(s);
    expect(await runtime.run('note', button())).to.equal(true);
    expect(session.getConversationData('Notes')).to.equal('ani tel:+13175550123');
  });

  it('setVariable refuses a declared secured variable', async () => {
    const s = script({
      variables: [{ name: 'CardNumber', type: 'string', input: true, secured: true }],
      actions: { set: [{ do: 'setVariable', variable: 'CardNumber', value: '4111' }] },
    });
    const { runtime, issues } = runtimeFor(s);
    expect(await runtime.run('set', button())).to.equal(false);
    expect(runtime.get('CardNumber')).to.equal(null);
    expect(issues('error').map((e) => e.code)).to.deep.equal(['secured-variable']);
  });

  it('fails unimplemented steps with a not-implemented error naming the step', async () => {
    const { runtime, issues } = runtimeFor(script({}));
    for (const step of [
      { do: 'screenPop' as const, url: 'https://crm.example.com/' },
      { do: 'openUrl' as const, url: 'https://crm.example.com/' },
    ]) {
      expect(await runtime.run([step], button('pages[0].body[0].action'))).to.equal(false);
    }
    expect(issues('error').map((e) => [e.code, e.path])).to.deep.equal([
      ['not-implemented', 'pages[0].body[0].action[0]'],
      ['not-implemented', 'pages[0].body[0].action[0]'],
    ]);
    expect(issues('error').map((e) => e.message.includes("'screenPop'"))).to.deep.equal([
      true,
      false,
    ]);
  });

  it('reports an unknown named action', async () => {
    const { runtime, issues } = runtimeFor(script({}));
    expect(await runtime.run('nope', button('pages[0].body[2].action'))).to.equal(false);
    expect(issues('error').map((e) => [e.code, e.path])).to.deep.equal([
      ['unknown-action', 'pages[0].body[2].action'],
    ]);
  });
});

describe('ScriptRuntime step handlers', () => {
  it('registerStep plugs in a handler that receives the step and a context', async () => {
    const s = script({
      variables: [{ name: 'AccountId', type: 'string', default: 'A-1' }],
      actions: { pop: [{ do: 'screenPop', url: 'https://crm.example.com/{AccountId}' }] },
    });
    const { runtime } = runtimeFor(s);
    const seen: string[] = [];
    runtime.registerStep('screenPop', async (step, ctx) => {
      seen.push(
        `${step.url} ${ctx.path} ${ctx.trigger.kind} ${String(ctx.runtime.get('AccountId'))}`,
      );
      return true;
    });
    expect(await runtime.run('pop', button())).to.equal(true);
    expect(seen).to.deep.equal(['https://crm.example.com/{AccountId} actions.pop[0] button A-1']);
  });

  it('takes handlers from the constructor options', async () => {
    const session = new InteractionSession({ conversation: conversation() });
    let calls = 0;
    const runtime = new ScriptRuntime(script({}), session, {
      handlers: {
        openUrl: async () => {
          calls++;
          return true;
        },
      },
    });
    expect(
      await runtime.run([{ do: 'openUrl', url: 'https://x.example.com/' }], button()),
    ).to.equal(true);
    expect(calls).to.equal(1);
    expect(runtime.handlers.has('changePage')).to.equal(true);
  });

  it('turns a throwing handler into a failed step with a step-failed error', async () => {
    const { runtime, issues } = runtimeFor(script({}));
    runtime.registerStep('alert', async () => {
      throw new Error('boom');
    });
    expect(await runtime.run([{ do: 'alert', message: 'x' }], button())).to.equal(false);
    expect(issues('error').map((e) => e.code)).to.deep.equal(['step-failed']);
    expect(issues('error')[0]!.message).to.contain('boom').and.contain('alert');
  });

  it('dispose stops running sequences and silences events', async () => {
    const { runtime, events } = runtimeFor(
      script({ variables: [{ name: 'N', type: 'number', default: 0 }] }),
    );
    let release!: () => void;
    runtime.registerStep('openUrl', (_step, ctx) => {
      expect(ctx.signal.aborted).to.equal(false);
      return new Promise<boolean>((resolve) => {
        release = () => resolve(true);
      });
    });
    const running = runtime.run(
      [
        { do: 'openUrl', url: 'https://x.example.com/' },
        { do: 'setVariable', variable: 'N', value: '1' },
      ],
      button(),
    );
    await Promise.resolve();
    runtime.dispose();
    release();
    expect(await running).to.equal(false);
    expect(runtime.get('N')).to.equal(0);
    runtime.set('N', 5);
    expect(events).to.deep.equal([]);
  });
});
