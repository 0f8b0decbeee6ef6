/**
 * Set Secured Data through the outbox, with a real vault worker and a real key: the value is
 * encrypted before anything is queued or stored, IndexedDB never holds the plaintext, reads give
 * the new value masked and revealable, and each refusal of the vault takes the failure branch.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { InteractionSession } from '../../src/data/session.js';
import type { SecuredClient } from '../../src/secured/client.js';
import {
  clientWithKey,
  contextOf,
  endClients,
  officialEncrypt,
  newClient,
  officialDecrypt,
  randomKey,
  reachableText,
  readEveryRecord,
} from '../vault/helpers.js';
import {
  ORG,
  click,
  conversation,
  endOutboxes,
  newOutbox,
  platformCustomer,
  platformSession,
  runtimeOf,
} from './helpers.js';

const CARD = '4111 1111 1111 1234';

/** A platform session of `c` (a fresh conversation by default) whose secured data `client` reads. */
async function setUp(client: SecuredClient, c = conversation()) {
  const { id, outbox, session } = await platformSession(c);
  await session.secured.load(client);
  return { id, outbox, session };
}

/** A script whose `save` action sets secured CardNumber from the plain variable NewCard. */
function cardScript(session: InteractionSession, value = '{{NewCard}}') {
  return runtimeOf(
    session,
    {
      save: [
        {
          do: 'setSecuredData',
          data: [{ name: 'CardNumber', value }],
          onSuccess: [{ do: 'setVariable', variable: 'Result', value: 'saved' }],
          onFailure: [{ do: 'setVariable', variable: 'Result', value: 'failed' }],
        },
      ],
    },
    [
      { name: 'NewCard', type: 'string', default: CARD },
      { name: 'Result', type: 'string', default: '' },
    ],
  );
}

describe('outbox: Set Secured Data', () => {
  afterEach(async () => {
    await endOutboxes();
    await endClients();
  });

  it('queues only the vault ciphertext: IndexedDB read raw holds no plaintext', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const { id, outbox, session } = await setUp(client);
    const { runtime, errors } = cardScript(session);
    await runtime.start();
    expect(await runtime.run('save', click)).to.equal(true);
    expect(runtime.get('Result')).to.equal('saved');
    expect(errors).to.deep.equal([]);

    const records = await readEveryRecord(outbox.dbName);
    expect(records).to.have.length(1);
    const text = reachableText(records).join('\n');
    expect(text).not.to.contain(CARD);
    expect(text).not.to.contain(CARD.replace(/ /g, ''));
    const ciphertext = (records[0] as { value: { secured: Record<string, string> } }).value.secured
      .CardNumber!;
    // The official AWS Encryption SDK reads it, with the context rule.
    const official = await officialDecrypt(key, ciphertext);
    expect(official.plaintext).to.equal(CARD);
    expect(official.context).to.include({
      'genesys-cloud-organization-id': ORG,
      conversationId: id,
      attributeName: 'CardNumber',
    });

    // Read back: the new value, masked, with a handle that reveals it.
    await waitUntil(() => session.secured.state('CardNumber')?.status === 'ready', 'decrypted');
    const value = session.getSecuredData('CardNumber')!;
    expect(String(value)).to.equal('•••• 1234');
    expect(await session.secured.reveal('CardNumber')).to.equal(CARD);

    await session.flush();
    expect((await platformCustomer(id)).securedAttributes).to.deep.equal({
      CardNumber: ciphertext,
    });
  });

  for (const [cause, code, prepare, value] of [
    ['no key is configured', 'CustomerKeyNotConfigured', async () => newClient(), '{{NewCard}}'],
    [
      'no usable (AES-256) key is found',
      'CustomerKeyNotFound',
      async () => {
        const client = newClient();
        await client.addRawAesKey({
          keyNamespace: 'cx-test',
          keyName: 'aes-128',
          key: crypto.getRandomValues(new Uint8Array(16)),
        });
        return client;
      },
      '{{NewCard}}',
    ],
    ['the value is empty', 'NoDataSupplied', async () => clientWithKey(randomKey()), ''],
    [
      'the value is over 32,000 characters',
      'MaximumDataSizeExceeded',
      async () => clientWithKey(randomKey()),
      'x'.repeat(32_001),
    ],
  ] as const) {
    it(`takes the failure branch with ${code} when ${cause}, and queues nothing`, async () => {
      const client = await prepare();
      const { outbox, session } = await setUp(client);
      const { runtime, errors } = cardScript(session, value);
      await runtime.start();
      expect(await runtime.run('save', click)).to.equal(false);
      expect(runtime.get('Result')).to.equal('failed');
      expect(errors.map((e) => e.code)).to.deep.equal([code]);
      expect(errors[0]!.message).to.contain('CardNumber');
      expect(session.writes.securedEntries!().size).to.equal(0);
      expect(session.getSecuredData('CardNumber')).to.equal(undefined);
      expect(await readEveryRecord(outbox.dbName)).to.deep.equal([]);
    });
  }

  it('copies a whole decrypted secured variable through the vault: the page never holds it', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const c = conversation();
    c.participants[0]!.securedAttributes = {
      Card: await officialEncrypt(key, CARD, contextOf('Card', c.id, ORG)),
    };
    const { outbox, session } = await setUp(client, c);
    const { runtime, errors } = runtimeOf(
      session,
      {
        copy: [{ do: 'setSecuredData', data: [{ name: 'VerifiedCard', value: '{{Card}}' }] }],
        label: [{ do: 'setSecuredData', data: [{ name: 'Labelled', value: 'Card {{Card}}' }] }],
      },
      [{ name: 'Card', type: 'string', input: true, secured: true }],
    );
    await runtime.start();
    expect(await runtime.run('copy', click)).to.equal(true);
    expect(errors).to.deep.equal([]);

    // Only ciphertext is stored; the official SDK reads it, bound to the new attribute's name.
    const records = await readEveryRecord(outbox.dbName);
    expect(reachableText(records).join('\n')).not.to.contain(CARD.replace(/ /g, '').slice(-8));
    const ciphertext = session.writes.securedEntries!().get('VerifiedCard')!;
    const official = await officialDecrypt(key, ciphertext);
    expect(official.plaintext).to.equal(CARD);
    expect(official.context).to.include({ conversationId: c.id, attributeName: 'VerifiedCard' });
    await waitUntil(() => session.secured.state('VerifiedCard')?.status === 'ready', 'decrypted');
    expect(await session.secured.reveal('VerifiedCard')).to.equal(CARD);

    // Text made from it is refused: only the whole variable can be copied.
    expect(await runtime.run('label', click)).to.equal(false);
    expect(errors.map((e) => [e.code, e.path])).to.deep.equal([
      ['secured-copy', 'actions.label[0].data[0].value'],
    ]);
    expect(errors[0]!.message).to.contain('only a whole secured variable ({{Card}})');
    expect([...session.writes.securedEntries!().keys()]).to.deep.equal(['VerifiedCard']);
  });

  it('refuses to copy a secured variable the vault has not decrypted', async () => {
    const c = conversation();
    c.participants[0]!.securedAttributes = { Card: 'AYADeFAKEciphertextAAAA==' };
    const session = new InteractionSession({
      conversation: c,
      writes: newOutbox({ persistent: false }).queue(c.id),
    });
    const { runtime, errors } = runtimeOf(
      session,
      { copy: [{ do: 'setSecuredData', data: [{ name: 'Copy', value: '{{Card}}' }] }] },
      [{ name: 'Card', type: 'string', input: true, secured: true }],
    );
    await runtime.start();
    expect(await runtime.run('copy', click)).to.equal(false);
    expect(errors.map((e) => [e.code, e.path])).to.deep.equal([
      ['secured-copy', 'actions.copy[0].data[0].value'],
    ]);
    expect(errors[0]!.message).to.contain('it is not decrypted');
    expect(session.writes.securedEntries!().size).to.equal(0);
  });
});
