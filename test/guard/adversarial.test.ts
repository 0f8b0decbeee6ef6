/**
 * The adversarial suite: cx-script/1 scripts that try to move a secured value (or its plaintext,
 * typed back by the agent) to every sink by every route we could think of, run through the real
 * runtime, the real screen-pop handlers and the real guard, with a scanner holding the plaintexts
 * as the vault does. Every attempt must be blocked with the right sink and names, take its
 * failure path, and deliver nothing; positive controls prove that plain pops go through unchanged.
 */
import { expect } from '@open-wc/testing';
import { PopLedger } from '../../src/screenpop/handlers.js';
import { expandUrl, guardEgress } from '../../src/guard/egress.js';
import { reportMetric, onMetric } from '../../src/telemetry/metrics.js';
import { SecuredValue } from '../../src/guard/secured-value.js';
import { PLAIN, POLICY, SECRETS, button, harness, heldScanner, scriptJson } from './harness.js';
import { CARD, T, attacks, attempt, b64, base, expectBlocked, f, pop } from './attacks.js';

describe('adversarial scripts: every route of a secured value to a sink is blocked', () => {
  it(`has at least 40 attacks (${attacks.length})`, () => {
    expect(attacks.length).to.be.at.least(40);
  });

  for (const a of attacks) {
    it(`blocks: ${a.name}`, async () => {
      expectBlocked(a, await attempt(a));
    });
  }

  it('blocks a secured value on every URL component sink (link, image, webPage) and host messages', async () => {
    const h = harness(scriptJson({}));
    await h.runtime.start();
    for (const sink of ['link', 'image', 'webPage'] as const) {
      for (const t of [`${base}/{Ssn}`, '{{Ssn}}', `${base}/x?{{Ssn}}`]) {
        const built = expandUrl(t, h.runtime);
        expect(built.ok, `${sink} ${t}`).to.equal(false);
        if (!built.ok) expect(built.reason).to.equal('secured-value');
      }
      h.runtime.set('Notes', SECRETS['Ssn']!);
      const built = expandUrl(`${base}/{Notes}`, h.runtime);
      expect(built.ok).to.equal(true);
      const d = await guardEgress({
        sink,
        url: built.ok ? built.url : '',
        policy: POLICY,
        scanner: heldScanner(),
      });
      expect(d).to.deep.include({ ok: false, sink, reason: 'plaintext', variables: ['Ssn'] });
    }
    const message = await guardEgress({
      sink: 'hostMessage',
      text: JSON.stringify({ note: `x ${CARD}` }),
      scanner: heldScanner(),
    });
    expect(message).to.deep.include({ ok: false, reason: 'plaintext', variables: ['CardNumber'] });
    const tainted = await guardEgress({
      sink: 'hostMessage',
      values: [{ nested: [new SecuredValue({ sources: ['Token'] })] }],
    });
    expect(tainted).to.deep.include({ ok: false, reason: 'secured-value', variables: ['Token'] });
    const log = await guardEgress({ sink: 'log', text: `value ${b64(T)}`, scanner: heldScanner() });
    expect(log).to.deep.include({ ok: false, reason: 'plaintext', variables: ['Token'] });
  });

  it('telemetry refuses a secured value as name, value or id and drops it from detail', () => {
    const seen: unknown[] = [];
    const off = onMetric((m) => seen.push(m));
    try {
      const secret = new SecuredValue({ sources: ['CardNumber'], preview: '•••• 1111' });
      expect(() => reportMetric({ name: 'x', value: secret as unknown as number })).to.throw(
        TypeError,
        /secured/,
      );
      expect(() => reportMetric({ name: secret as unknown as string, value: 1 })).to.throw(
        TypeError,
        /secured/,
      );
      expect(() => reportMetric({ name: 'x', value: 1, id: secret as unknown as string })).to.throw(
        TypeError,
        /secured/,
      );
      reportMetric({ name: 'pop', value: 2, detail: { card: secret as unknown as string, n: 3 } });
      expect(JSON.stringify(seen)).not.to.contain('1111');
      expect(seen.filter((m) => (m as { name: string }).name === 'pop')).to.deep.equal([
        { name: 'pop', value: 2, detail: { n: 3 } },
      ]);
    } finally {
      off();
    }
  });
});

describe('positive controls: plain participant data pops unchanged', () => {
  it('pops a template of plain data to the host, exact URL', async () => {
    const h = harness(
      scriptJson({ actions: { go: [pop(`${base}/accounts/{AccountId}{?Name}`)] } }),
    );
    await h.runtime.start();
    expect(await h.runtime.run('go', button())).to.equal(true);
    expect(h.hostPops).to.deep.equal([
      { interactionId: 'conv-1', url: 'https://crm.example.com/accounts/A-42?Name=Pat%20Caller' },
    ]);
    expect(h.blocked).to.deep.equal([]);
  });

  it('pops to the window and the frame targets with the normalised URL', async () => {
    const h = harness(
      scriptJson({
        actions: {
          go: [
            pop('HTTPS://CRM.EXAMPLE.COM:443/a/{AccountId}', 'window'),
            pop(`${base}/b{#Name}`, 'frame'),
          ],
        },
      }),
    );
    await h.runtime.start();
    expect(await h.runtime.run('go', button())).to.equal(true);
    expect(h.windowPops).to.deep.equal([
      { url: 'https://crm.example.com/a/A-42', interactionId: 'conv-1' },
    ]);
    expect(h.framePops).to.deep.equal([
      { url: 'https://crm.example.com/b#Pat%20Caller', interactionId: 'conv-1' },
    ]);
  });

  it('pops a plain search string and a whole-URL {{Var}}, and writes plain participant data', async () => {
    const h = harness(
      scriptJson({
        actions: {
          go: [
            f({ do: 'screenPop', searchString: '{{Name}} {{AccountId}}' }),
            pop('{{CrmUrl}}'),
            f({ do: 'setConversationData', data: [{ name: 'Seen', value: 'yes {{AccountId}}' }] }),
          ],
        },
      }),
    );
    await h.runtime.start();
    expect(await h.runtime.run('go', button())).to.equal(true);
    expect(h.hostPops).to.deep.equal([
      { interactionId: 'conv-1', searchString: 'Pat Caller A-42' },
      { interactionId: 'conv-1', url: PLAIN.CrmUrl },
    ]);
    expect(h.session.pendingWrites().get('Seen')).to.equal('yes A-42');
  });

  it('pops automatically once per interaction and trigger, and on every button press', async () => {
    const ledger = new PopLedger();
    const pages = [
      { id: 'main', title: 'Main', body: [], onLoad: [pop(`${base}/a/{AccountId}`)] },
      { id: 'two', title: 'Two', body: [] },
    ];
    const h = harness(scriptJson({ pages, actions: { go: [pop(`${base}/b`)] } }), { ledger });
    await h.runtime.start();
    await h.runtime.goTo('two');
    await h.runtime.goTo('main');
    expect(h.hostPops.length, 'onLoad popped once').to.equal(1);
    await h.runtime.run('go', button());
    await h.runtime.run('go', button());
    expect(h.hostPops.length).to.equal(3);
    // A new runtime for the same interaction (a rebuilt <cx-script>) does not pop again.
    const again = harness(scriptJson({ pages }), { ledger });
    await again.runtime.start();
    expect(again.hostPops).to.deep.equal([]);
  });

  it('blocks every pop without a policy, and to an origin the policy does not list', async () => {
    const none = harness(scriptJson({ actions: { go: [pop(`${base}/a`)] } }), {
      policy: undefined,
    });
    await none.runtime.start();
    expect(await none.runtime.run('go', button())).to.equal(false);
    expect(none.blocked[0]).to.deep.include({
      sink: 'screenPop',
      reason: 'no-policy',
      variables: [],
    });
    const other = harness(
      scriptJson({ actions: { go: [pop('https://crm.example.com.evil.com/a')] } }),
    );
    await other.runtime.start();
    expect(await other.runtime.run('go', button())).to.equal(false);
    expect(other.blocked[0]).to.deep.include({ reason: 'origin-not-allowed' });
    expect(other.runtime.get('Flag')).to.equal('failed');
  });

  it('without a vault (no scanner) still blocks tainted values and lets plain pops through', async () => {
    const h = harness(
      scriptJson({
        actions: { bad: [pop(`${base}/{Token}`)], good: [pop(`${base}/{AccountId}`)] },
      }),
      { scanner: undefined },
    );
    await h.runtime.start();
    expect(await h.runtime.run('bad', button())).to.equal(false);
    expect(await h.runtime.run('good', button())).to.equal(true);
    expect(h.hostPops).to.deep.equal([{ interactionId: 'conv-1', url: `${base}/A-42` }]);
  });

  it('fails closed when the scan itself fails', async () => {
    const h = harness(scriptJson({ actions: { go: [pop(`${base}/{AccountId}`)] } }), {
      scanner: { scan: () => Promise.reject(new Error('worker gone')) },
    });
    await h.runtime.start();
    expect(await h.runtime.run('go', button())).to.equal(false);
    expect(h.blocked[0]).to.deep.include({ reason: 'scan-failed' });
  });
});
