/**
 * The outbox's semantics against a real HTTP platform (test/server/platform.mjs) and real
 * IndexedDB: read your writes, last write wins in one batch, durable writes, batch ids applied once,
 * ordering, output variables, and interactions kept apart.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { InteractionSession } from '../../src/data/session.js';
import { MemorySource } from '../../src/data/memory-source.js';
import type { PatchOptions } from '../../src/data/conversation.js';
import { readEveryRecord } from '../vault/helpers.js';
import {
  HttpSource,
  click,
  conversation,
  endOutboxes,
  newOutbox,
  platformCustomer,
  platformLog,
  publish,
  platformSession,
  runtimeOf,
} from './helpers.js';

/** A session of a fresh conversation on the platform, its writes in a fresh outbox. */
const setUp = () => platformSession();

describe('outbox: read your writes, one batch at the end', () => {
  afterEach(endOutboxes);

  it('holds the worked example: the queued value is read before the platform one', async () => {
    const { id, session } = await setUp();
    const { runtime } = runtimeOf(session, {
      bye: [{ do: 'setConversationData', data: [{ name: 'Foo', value: 'Goodbye' }] }],
    });
    expect(session.getConversationData('Foo')).to.equal('Hello');
    expect(await runtime.run('bye', click)).to.equal(true);
    expect(session.getConversationData('Foo')).to.equal('Goodbye');
    expect((await platformCustomer(id)).attributes.Foo).to.equal('Hello');
    expect(await platformLog(id)).to.deep.equal([]);

    await session.flush();
    expect((await platformCustomer(id)).attributes.Foo).to.equal('Goodbye');
    expect(session.getConversationData('Foo')).to.equal('Goodbye');
    expect(session.pendingWrites().size).to.equal(0);
  });

  it('sends several writes to one name as one batch in which the last write wins', async () => {
    const { id, session } = await setUp();
    const { runtime } = runtimeOf(
      session,
      {
        write: [
          { do: 'setConversationData', data: [{ name: 'Foo', value: 'one' }] },
          {
            do: 'setConversationData',
            data: [
              { name: 'Foo', value: 'two' },
              { name: 'Reason', value: 'Card {{Kind}}' },
            ],
          },
          { do: 'setConversationData', data: [{ name: 'Foo', value: 'three' }] },
          { do: 'setConversationData', data: [{ name: 'foo', value: 'lower case' }] },
        ],
      },
      [{ name: 'Kind', type: 'string', default: 'dispute' }],
    );
    await runtime.start();
    expect(await runtime.run('write', click)).to.equal(true);
    expect(session.getConversationData('Foo')).to.equal('three');
    await session.flush();
    const log = await platformLog(id);
    expect(log).to.have.length(1);
    expect(log[0]!.applied).to.equal(true);
    expect((await platformCustomer(id)).attributes).to.deep.equal({
      Foo: 'three',
      foo: 'lower case',
      Reason: 'Card dispute',
    });
  });

  it('stores every write in IndexedDB at once, and restores it in a new outbox', async () => {
    const { id, session, outbox } = await setUp();
    await session.setConversationData('Foo', 'Goodbye');
    const raw = (await readEveryRecord(outbox.dbName)) as { value: { writes: object } }[];
    expect(raw.map((r) => r.value.writes)).to.deep.equal([{ Foo: 'Goodbye' }]);

    await outbox.close(); // the page goes away
    const again = newOutbox({}, outbox.dbName);
    await again.ready;
    const source = new HttpSource();
    const restored = new InteractionSession({
      conversation: await source.load(id),
      source,
      writes: again.queue(id),
    });
    expect(restored.getConversationData('Foo')).to.equal('Goodbye');
    await restored.flush();
    expect((await platformCustomer(id)).attributes.Foo).to.equal('Goodbye');
    expect(await readEveryRecord(outbox.dbName)).to.deep.equal([]);
  });

  it('writes output variables through the same outbox', async () => {
    const { id, session, outbox } = await setUp();
    const { runtime } = runtimeOf(session, {}, [{ name: 'Notes', type: 'string', output: true }]);
    await runtime.start();
    runtime.set('Notes', 'Called back about the card');
    expect(session.getConversationData('Notes')).to.equal('Called back about the card');
    await waitUntil(async () => (await readEveryRecord(outbox.dbName)).length === 1, 'stored');
    await session.end();
    expect((await platformCustomer(id)).attributes.Notes).to.equal('Called back about the card');
  });

  it('never mixes the writes of two interactions handled at once', async () => {
    const a = await setUp();
    const b = conversation();
    await publish(b);
    const source = new HttpSource();
    const sessionB = new InteractionSession({
      conversation: await source.load(b.id),
      source,
      writes: a.outbox.queue(b.id),
    });
    await Promise.all([
      a.session.setConversationData('Foo', 'for A'),
      sessionB.setConversationData('Foo', 'for B'),
      a.session.setConversationData('OnlyA', 'a'),
      sessionB.setConversationData('OnlyB', 'b'),
    ]);
    expect(a.session.getConversationData('Foo')).to.equal('for A');
    expect(sessionB.getConversationData('Foo')).to.equal('for B');
    expect(a.session.getConversationData('OnlyB')).to.equal(undefined);
    const raw = (await readEveryRecord(a.outbox.dbName)) as {
      value: { conversationId: string; writes: object };
    }[];
    expect(
      Object.fromEntries(raw.map((r) => [r.value.conversationId, r.value.writes])),
    ).to.deep.equal({ [a.id]: { Foo: 'for A', OnlyA: 'a' }, [b.id]: { Foo: 'for B', OnlyB: 'b' } });
    await Promise.all([a.session.flush(), sessionB.flush()]);
    expect((await platformCustomer(a.id)).attributes).to.deep.equal({ Foo: 'for A', OnlyA: 'a' });
    expect((await platformCustomer(b.id)).attributes).to.deep.equal({ Foo: 'for B', OnlyB: 'b' });
  });

  it('sends writes made during a flush in the next batch, never before the older one', async () => {
    const c = conversation();
    const seen: { batchId: string | undefined; Foo: string | undefined }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    class GatedSource extends MemorySource {
      override async patchAttributes(
        id: string,
        pid: string,
        attributes: Record<string, string>,
        options?: PatchOptions,
      ): Promise<void> {
        seen.push({ batchId: options?.batchId, Foo: attributes.Foo });
        if (seen.length === 1) await gate;
        return super.patchAttributes(id, pid, attributes, options);
      }
    }
    const source = new GatedSource([c]);
    const outbox = newOutbox();
    await outbox.ready;
    const session = new InteractionSession({ conversation: c, source, writes: outbox.queue(c.id) });
    await session.setConversationData('Foo', 'older');
    const flushing = session.flush();
    await waitUntil(() => seen.length === 1, 'the first batch is on its way');
    await session.setConversationData('Foo', 'newer');
    expect(session.getConversationData('Foo')).to.equal('newer');
    release();
    await flushing;
    expect(seen.map((s) => s.Foo)).to.deep.equal(['older', 'newer']);
    expect(seen[0]!.batchId).to.be.a('string').and.not.equal(seen[1]!.batchId);
    const stored = await source.load(c.id);
    expect(stored.participants[0]!.attributes.Foo).to.equal('newer');
  });

  it('MemorySource applies a batch id at most once', async () => {
    const c = conversation();
    const source = new MemorySource([c]);
    await source.patchAttributes(c.id, 'p-customer', { Foo: 'first' }, { batchId: 'b-1' });
    await source.patchAttributes(c.id, 'p-customer', { Foo: 'later' }, { batchId: 'b-2' });
    await source.patchAttributes(c.id, 'p-customer', { Foo: 'first' }, { batchId: 'b-1' });
    expect((await source.load(c.id)).participants[0]!.attributes.Foo).to.equal('later');
    expect(source.applied('b-1')).to.equal(true);
  });
});
