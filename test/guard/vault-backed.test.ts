/**
 * The adversarial suite against the real vault worker: the secured attributes are encrypted and
 * decrypted by the worker (real WebCrypto, ESDK format), so the worker holds the plaintexts, and
 * the guard's scan layer is the client's `scan` across comlink.
 */
import { expect } from '@open-wc/testing';
import { createSecuredClient, type SecuredClient } from '../../src/secured/client.js';
import { SECRETS, POLICY } from './harness.js';
import { attacks, attempt, base, expectBlocked, pop } from './attacks.js';
import { guardEgress } from '../../src/guard/egress.js';
import { InteractionSession } from '../../src/data/session.js';
import { ScriptRuntime } from '../../src/script/runtime.js';
import type { Script } from '../../src/script/types.js';
import { conversation } from './harness.js';

/** A runtime whose output variable `Notes` is guarded by the worker's scan, as `<cx-script>` wires it. */
function outputRuntime(client: SecuredClient) {
  const session = new InteractionSession({ conversation: conversation() });
  const script: Script = {
    format: 'cx-script/1',
    name: 'Output',
    startPage: 'p',
    variables: [{ name: 'Notes', type: 'string', output: true }],
    pages: [{ id: 'p', title: 'P', body: [{ type: 'input', variable: 'Notes', label: 'Notes' }] }],
    actions: {},
  };
  const runtime = new ScriptRuntime(script, session, {
    writeGuard: (text) => guardEgress({ sink: 'conversationData', text, scanner: client }),
  });
  const blocked: { sink: string; variables: readonly string[] }[] = [];
  runtime.addEventListener('egress-blocked', (e) => blocked.push(e.detail));
  return { session, runtime, blocked };
}

/** Waits until the runtime's pending write checks (one scan round trip each) are answered. */
const settled = () => client0!.ping().then(() => new Promise((r) => setTimeout(r, 50)));
let client0: SecuredClient | undefined;

describe('adversarial scripts against the real vault worker', function () {
  this.timeout(60_000);
  let client: SecuredClient;
  const dbName = `cx-test-guard-${crypto.randomUUID()}`;

  before(async () => {
    client = createSecuredClient({ dbName });
    await client.addRawAesKey({
      keyNamespace: 'cx-test',
      keyName: 'guard-key',
      key: crypto.getRandomValues(new Uint8Array(32)),
    });
    const site = { conversationId: 'conv-1', organizationId: 'org-1' };
    const attributes = [];
    for (const [name, plaintext] of Object.entries(SECRETS)) {
      attributes.push({
        name,
        ciphertext: await client.encrypt({ ...site, attributeName: name, plaintext }),
      });
    }
    const outcomes = await client.decrypt({ ...site, attributes });
    expect(outcomes.every((o) => o.ok)).to.equal(true);
    client0 = client;
  });

  after(async () => {
    client.close();
    await new Promise<void>((resolve) => {
      const r = indexedDB.deleteDatabase(dbName);
      r.onsuccess = r.onerror = r.onblocked = () => resolve();
    });
  });

  it('the worker scan finds what it decrypted, and only that', async () => {
    expect(await client.scan(`${base}/x?c=4111-1111-1111-1111`)).to.deep.equal({
      clean: false,
      names: ['CardNumber'],
    });
    expect(await client.scan(`${base}/accounts/A-42?Name=Pat%20Caller`)).to.deep.equal({
      clean: true,
      names: [],
    });
  });

  for (const a of attacks) {
    it(`blocks: ${a.name}`, async () => {
      expectBlocked(a, await attempt(a, client));
    });
  }

  it('lets a plain pop through with the worker scanning it', async () => {
    const h = await attempt(
      { name: 'plain', steps: [pop(`${base}/accounts/{AccountId}`)], sink: '', variables: [] },
      client,
    );
    expect(h.hostPops).to.deep.equal([{ interactionId: 'conv-1', url: `${base}/accounts/A-42` }]);
    expect(h.blocked).to.deep.equal([]);
    const d = await guardEgress({
      sink: 'screenPop',
      url: `${base}/n/${btoa('xx' + SECRETS['Token'])}`,
      policy: POLICY,
      scanner: client,
    });
    expect(d).to.deep.include({ ok: false, reason: 'plaintext', variables: ['Token'] });
  });

  it('never writes a revealed card number the agent types into an output field to participant data', async () => {
    const { session, runtime, blocked } = outputRuntime(client);
    await runtime.start();
    runtime.set('Notes', `caller read 4111-1111-1111-1111 twice`, 'pages[0].body[0]');
    await settled();
    expect(session.getConversationData('Notes')).to.equal(undefined);
    expect(blocked).to.have.length(1);
    expect(blocked[0]).to.deep.include({ sink: 'conversationData', variables: ['CardNumber'] });
    expect(JSON.stringify(blocked)).not.to.contain('4111');
    runtime.dispose();
  });

  it('writes plain text typed into an output field, the last value winning', async () => {
    const { session, runtime, blocked } = outputRuntime(client);
    await runtime.start();
    runtime.set('Notes', 'first', 'pages[0].body[0]');
    runtime.set('Notes', 'Caller disputes a duplicate charge', 'pages[0].body[0]');
    await settled();
    expect(session.getConversationData('Notes')).to.equal('Caller disputes a duplicate charge');
    expect(blocked).to.deep.equal([]);
    runtime.dispose();
  });
});
