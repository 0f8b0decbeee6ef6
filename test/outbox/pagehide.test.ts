/**
 * The desktop with its default outbox, framed: a `pagehide` (the frame navigated away) starts the
 * flush, and a batch the platform never acknowledged is resent once, under its id, on the next
 * load; where the browser blocks IndexedDB, writes are kept in memory, flushed, and the agent is
 * told.
 */
import { expect, waitUntil } from '@open-wc/testing';
import {
  conversation,
  faults,
  framed,
  platformCustomer,
  platformLog,
  publish,
  slow,
} from './helpers.js';

/** Points the frame at `src` and waits for the load. */
async function navigate(frame: HTMLIFrameElement, src: string): Promise<void> {
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = src;
  await loaded;
}

/** The stored outbox record of conversation `id` in the default database, read raw. */
function storedRecord(id: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // Version 1 exists already (the desktop made it): no upgrade, so no empty database is made.
    const open = indexedDB.open('cx-outbox', 1);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('outbox', 'readonly').objectStore('outbox').get(id);
      get.onsuccess = () => (db.close(), resolve(get.result));
      get.onerror = () => (db.close(), reject(get.error));
    };
  });
}

describe('outbox: the default outbox of a framed desktop', () => {
  let frame: HTMLIFrameElement;
  let id: string;

  beforeEach(async () => {
    const c = conversation();
    id = c.id;
    await publish(c);
    frame = document.createElement('iframe');
    frame.title = 'desktop';
    document.body.append(frame);
  });

  afterEach(() => frame.remove());

  it('starts the flush on pagehide; an unacknowledged batch is resent once on the next load', async () => {
    const desktop = `/test/outbox/frame.html?conversation=${id}`;
    await navigate(frame, desktop);
    const cx = await framed(frame);
    expect((await cx.outbox.storage()).persistent).to.equal(true);
    await cx.el.session!.setConversationData('Foo', 'Goodbye');
    await cx.el.session!.setConversationData('Reason', 'Lost card');
    // The platform applies the batch, and its answer never comes.
    await faults(id, [{ applyThenHang: true }]);
    expect(await platformLog(id)).to.deep.equal([]);

    // Nothing calls flush(): only the page going away does.
    await navigate(frame, 'about:blank');
    await waitUntil(
      async () => (await platformLog(id)).length === 1,
      ...slow('the pagehide flush'),
    );
    const [first] = await platformLog(id);
    expect(first).to.deep.include({ applied: true, outcome: 'hung' });
    expect(first!.batchId).to.be.a('string');

    await navigate(frame, desktop);
    const next = await framed(frame);
    expect(next.el.session!.getConversationData('Foo')).to.equal('Goodbye');
    await waitUntil(async () => (await platformLog(id)).length === 2, ...slow('the batch resent'));
    expect((await platformLog(id)).map((r) => [r.batchId, r.applied])).to.deep.equal([
      [first!.batchId, true],
      [first!.batchId, false],
    ]);
    expect((await platformCustomer(id)).attributes).to.deep.equal({
      Foo: 'Goodbye',
      Reason: 'Lost card',
    });
    await waitUntil(
      async () => (await storedRecord(id)) === undefined,
      ...slow('the record cleared'),
    );
  });

  it('keeps writes in memory where IndexedDB is blocked, tells the agent, and still flushes', async () => {
    await navigate(frame, `/test/outbox/blocked-storage.html?conversation=${id}`);
    const cx = await framed(frame);
    const storage = await cx.outbox.storage();
    expect(storage.persistent).to.equal(false);
    expect(storage.reason).to.contain('denied permission');
    const notice = () => cx.el.shadowRoot!.querySelector('[part="storage"]');
    await waitUntil(notice, 'the storage notice');
    expect(notice()!.getAttribute('role')).to.equal('status');
    expect(notice()!.textContent!.replace(/\s+/g, ' ').trim()).to.match(
      /^Unsaved changes are kept in memory only: this browser blocks storage here \(.*denied permission/,
    );

    const session = cx.el.session!;
    await session.setConversationData('Foo', 'Goodbye');
    expect(session.getConversationData('Foo')).to.equal('Goodbye');
    await cx.el.flush();
    expect((await platformCustomer(id)).attributes.Foo).to.equal('Goodbye');
    expect((await platformLog(id)).map((r) => r.applied)).to.deep.equal([true]);
  });
});
