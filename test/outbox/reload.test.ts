/**
 * Real page reloads in the middle of an interaction: a same-origin frame holds the desktop (a
 * durable outbox, a vault worker, the HTTP platform) and is reloaded. Nothing written is lost, and
 * a batch whose flush was cut off half-way is applied exactly once afterwards.
 */
import { expect, waitUntil } from '@open-wc/testing';
import {
  deleteDatabase,
  HttpSource,
  conversation,
  faults,
  framed,
  platformCustomer,
  platformLog,
  publish,
  slow,
} from './helpers.js';
import { officialDecrypt, randomKey, reachableText, readEveryRecord } from '../vault/helpers.js';
import type { FramedDesktop } from './frame.js';

const CARD = '4111 1111 1111 1234';

/** Reloads the frame for real and waits for the new page's desktop. */
async function reload(frame: HTMLIFrameElement, before: FramedDesktop): Promise<FramedDesktop> {
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.contentWindow!.location.reload();
  await loaded;
  const after = await framed(frame);
  expect(after).not.to.equal(before);
  return after;
}

describe('outbox: a real reload in the middle of an interaction', () => {
  const db = `cx-test-outbox-${crypto.randomUUID()}`;
  const vault = `cx-test-vault-${crypto.randomUUID()}`;
  let frame: HTMLIFrameElement;
  let id: string;

  beforeEach(async () => {
    const c = conversation();
    id = c.id;
    await publish(c);
    frame = document.createElement('iframe');
    frame.title = 'desktop';
    frame.src = `/test/outbox/frame.html?db=${db}&vault=${vault}&conversation=${id}`;
    document.body.append(frame);
  });

  afterEach(async () => {
    frame.remove();
    await deleteDatabase(db);
    await deleteDatabase(vault);
  });

  it('loses nothing: plain and secured writes are restored, read, and flushed once', async () => {
    const key = randomKey();
    let cx = await framed(frame);
    await cx.addKey(key.keyHex);
    await waitUntil(() => cx.el.session!.secured.client, ...slow('the vault is bound'));
    const session = cx.el.session!;
    expect(session.getConversationData('Foo')).to.equal('Hello');
    await session.setConversationData('Foo', 'Goodbye');
    await session.setConversationData('Reason', 'Lost card');
    await session.setSecuredData('CardNumber', CARD);
    expect(reachableText(await readEveryRecord(db)).join('\n')).not.to.contain(CARD);

    cx = await reload(frame, cx);
    const restored = cx.el.session!;
    expect(restored.getConversationData('Foo')).to.equal('Goodbye');
    expect(restored.getConversationData('Reason')).to.equal('Lost card');
    await waitUntil(
      () => restored.secured.state('CardNumber')?.status === 'ready',
      ...slow('decrypted'),
    );
    expect(await restored.secured.reveal('CardNumber')).to.equal(CARD);

    await cx.el.flush();
    const customer = await platformCustomer(id);
    expect(customer.attributes).to.deep.equal({ Foo: 'Goodbye', Reason: 'Lost card' });
    expect(
      (await officialDecrypt(key, customer.securedAttributes!.CardNumber!)).plaintext,
    ).to.equal(CARD);
    // However the page's own best-effort flush on pagehide went, the platform applied one batch.
    expect((await platformLog(id)).filter((r) => r.applied)).to.have.length(1);
    await waitUntil(
      async () => (await readEveryRecord(db)).length === 0,
      ...slow('the outbox is empty'),
    );
  });

  it('applies a batch exactly once when its flush was cut off half-way by a reload', async () => {
    let cx = await framed(frame);
    await cx.el.session!.setConversationData('Foo', 'Goodbye');
    // The platform applies the batch but the answer never comes: the page goes away meanwhile.
    await faults(id, [{ applyThenHang: true }]);
    void cx.el.flush().catch(() => undefined);
    await waitUntil(async () => (await platformLog(id)).length === 1, ...slow('the batch arrived'));
    const [first] = await platformLog(id);
    expect(first).to.deep.include({ applied: true, outcome: 'hung' });
    // Someone else writes Foo after our batch: a second application of our batch would undo it.
    await new HttpSource().patchAttributes(
      id,
      'p-customer',
      { Foo: 'Changed later' },
      {
        batchId: 'another-writer',
      },
    );

    cx = await reload(frame, cx);
    // The new page resends the batch left in flight, with its id; the platform does not apply it.
    await waitUntil(
      async () => (await platformLog(id)).some((r, i) => i > 1 && r.batchId === first!.batchId),
      ...slow('the batch sent again'),
    );
    await waitUntil(
      async () => (await readEveryRecord(db)).length === 0,
      ...slow('the outbox is empty'),
    );
    const log = await platformLog(id);
    expect(log.filter((r) => r.batchId === first!.batchId).map((r) => r.applied)).to.deep.equal([
      true,
      false,
    ]);
    expect((await platformCustomer(id)).attributes.Foo).to.equal('Changed later');
  });
});
