/**
 * Retries that keep failing: backoff up to its cap (never faster), timers that stop on
 * `outbox.close()`, and a `<cx-interaction>` that leaks neither timers nor listeners when removed.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { FlushFailedDetail, InteractionOutbox } from '../../src/data/outbox.js';
import { InteractionSession } from '../../src/data/session.js';
import { HttpSource, conversation, endOutboxes, faults, newOutbox, publish } from './helpers.js';

/** The next `n` `flush-failed` details of `queue`. */
function failures(queue: InteractionOutbox, n: number): Promise<FlushFailedDetail[]> {
  const seen: FlushFailedDetail[] = [];
  return new Promise((resolve) => {
    const on = (e: Event) => {
      seen.push((e as CustomEvent<FlushFailedDetail>).detail);
      if (seen.length < n) return;
      queue.removeEventListener('flush-failed', on);
      resolve(seen);
    };
    queue.addEventListener('flush-failed', on);
  });
}

describe('outbox: retries that keep failing', () => {
  afterEach(endOutboxes);

  it('backs off an ended interaction up to the cap, and close() stops its timer', async () => {
    const c = conversation();
    await publish(c);
    await faults(
      c.id,
      Array.from({ length: 20 }, () => ({ status: 503 })),
    );
    const outbox = newOutbox({ retry: { baseMs: 5, capMs: 40 } });
    await outbox.ready;
    const queue = outbox.queue(c.id);
    new InteractionSession({ conversation: c, source: new HttpSource(), writes: queue });
    await queue.set('Foo', 'Goodbye');
    const seen = failures(queue, 6);
    await queue.end().catch(() => undefined);
    const details = await seen;
    expect(details.map((d) => d.attempt)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(details.map((d) => d.retryIn)).to.deep.equal([5, 10, 20, 40, 40, 40]);
    expect(details.every((d) => d.willRetry)).to.equal(true);
    await waitUntil(() => queue.retrying, 'the next retry is scheduled');
    await outbox.close();
    expect(queue.retrying).to.equal(false);
    // The batch is kept, for the next page.
    expect(queue.size).to.equal(1);
    expect(queue.ended).to.equal(true);
  });

  it('a memory-only <cx-interaction> stops its retry when removed and resumes when put back', async () => {
    const c = conversation();
    await publish(c);
    await faults(c.id, [{ status: 503 }, { status: 503 }]);
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .outbox=${null} .source=${new HttpSource()} .conversation=${c}>
      </cx-interaction>`,
    );
    const queue = el.session!.writes as InteractionOutbox;
    await el.session!.setConversationData('Foo', 'Goodbye');
    const failed = oneEvent(el, 'cx-flush-failed');
    await el.flush().catch(() => undefined);
    await failed;
    expect(queue.retrying).to.equal(true);

    const parent = el.parentNode!;
    el.remove();
    expect(queue.retrying).to.equal(false);
    // Removed, the element hears nothing more from its queue.
    let heard = 0;
    el.addEventListener('cx-flush-failed', () => heard++);
    await queue.flush().catch(() => undefined);
    expect(heard).to.equal(0);
    queue.stop();

    parent.appendChild(el);
    await waitUntil(() => queue.size === 0, 'the flush resumed on reconnect');
  });

  it('a durable outbox keeps retrying after the element is removed (the batch is stored)', async () => {
    const c = conversation();
    await publish(c);
    await faults(c.id, [{ status: 503 }]);
    const outbox = newOutbox({ retry: { baseMs: 5, capMs: 10 } });
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .outbox=${outbox} .source=${new HttpSource()} .conversation=${c}>
      </cx-interaction>`,
    );
    const queue = el.session!.writes as InteractionOutbox;
    await el.session!.setConversationData('Foo', 'Goodbye');
    await el.flush().catch(() => undefined);
    el.remove();
    await waitUntil(() => queue.size === 0, 'the retry got through');
  });
});
