/**
 * Failure paths of the outbox against a real HTTP platform: a refused flush keeps the batch, fires
 * `cx-flush-failed` with a reason, takes the `flush` step's failure branch, and is retried with the
 * same batch id until the platform takes it (once); a write that cannot be stored fails its step.
 * The agent sees it in `<cx-outbox-status>`.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxOutboxStatus } from '../../components/cx-outbox-status.js';
import type { CxFlushFailedEvent } from '../../components/events.js';
import { InteractionSession } from '../../src/data/session.js';
import { HostBridge } from '../../src/host/bridge.js';
import { readEveryRecord } from '../vault/helpers.js';
import {
  HttpSource,
  PLATFORM,
  click,
  conversation,
  deleteDatabase,
  endOutboxes,
  faults,
  newOutbox,
  platformCustomer,
  platformLog,
  publish,
  runtimeOf,
} from './helpers.js';

/** `<cx-interaction>` with a `<cx-outbox-status>` on a fresh conversation of the platform. */
async function mount(retry = {}) {
  const c = conversation();
  await publish(c);
  const outbox = newOutbox({ retry: { baseMs: 20, capMs: 100, ...retry } });
  const source = new HttpSource();
  const el = await fixture<CxInteraction>(html`
    <cx-interaction .outbox=${outbox} .source=${source} conversation-id=${c.id}>
      <cx-outbox-status></cx-outbox-status>
    </cx-interaction>
  `);
  await waitUntil(() => el.session, 'the session');
  const status = el.querySelector<CxOutboxStatus>('cx-outbox-status')!;
  const line = () => status.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
  return { id: c.id, el, outbox, source, status, line, session: el.session! };
}

const saveAndFlush = [
  { do: 'setConversationData', data: [{ name: 'Foo', value: 'Goodbye' }] },
  {
    do: 'flush',
    onSuccess: [{ do: 'setVariable', variable: 'Result', value: 'saved' }],
    onFailure: [{ do: 'setVariable', variable: 'Result', value: 'failed' }],
  },
];
const resultVariable = [{ name: 'Result', type: 'string', default: '' }];

describe('outbox: failure paths', () => {
  afterEach(endOutboxes);

  for (const [cause, fault, reason] of [
    ['the platform answers 503', { status: 503 }, 'HTTP 503'],
    ['the platform answers 401', { status: 401 }, 'HTTP 401'],
    ['the network is down', undefined, 'Failed to fetch'],
  ] as const) {
    it(`takes the flush failure branch when ${cause}, then retries the same batch once`, async () => {
      const { id, el, session, line, source } = await mount();
      // Network down: nothing listens on port 9 (discard); it comes back after the first failure.
      if (fault) await faults(id, [fault]);
      else source.base = 'http://127.0.0.1:9/';
      const { runtime, errors } = runtimeOf(session, { save: saveAndFlush }, resultVariable);
      await runtime.start();
      const failed = oneEvent(el, 'cx-flush-failed') as Promise<CxFlushFailedEvent>;
      expect(await runtime.run('save', click)).to.equal(false);
      expect(runtime.get('Result')).to.equal('failed');
      expect(errors.map((e) => e.code)).to.deep.equal(['flush-failed']);
      const { detail } = await failed;
      source.base = PLATFORM;
      expect(detail).to.deep.include({ interactionId: id, attempt: 1, willRetry: true });
      expect(detail.reason).to.contain(reason);
      expect(JSON.stringify(detail)).not.to.contain('Goodbye');
      // The batch is kept and read back, and the retry gets through.
      expect(session.getConversationData('Foo')).to.equal('Goodbye');
      await waitUntil(async () => (await platformLog(id)).some((r) => r.applied), 'the retry');
      const log = await platformLog(id);
      expect(log.map((r) => r.applied)).to.deep.equal(fault ? [false, true] : [true]);
      if (fault) expect(log[1]!.batchId).to.equal(log[0]!.batchId);
      expect((await platformCustomer(id)).attributes.Foo).to.equal('Goodbye');
      await waitUntil(() => line() === '', 'the status clears once saved');
    });
  }

  it('shows the agent pending writes and a failed save, accessibly', async () => {
    const { id, el, status, line, session } = await mount({ maxAttempts: 1 });
    expect(line()).to.equal('');
    await session.setConversationData('Foo', 'Goodbye');
    await session.setConversationData('Reason', 'Fraud');
    await session.setConversationData('Foo', 'Again');
    await status.updateComplete;
    expect(line()).to.equal('2 changes not yet saved');
    expect(status.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal(
      'status',
    );
    await expect(status).to.be.accessible();

    await faults(id, [{ status: 500 }]);
    const failed = oneEvent(el, 'cx-flush-failed') as Promise<CxFlushFailedEvent>;
    const error = await el.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error);
    expect((await failed).detail.willRetry).to.equal(false);
    await status.updateComplete;
    expect(line()).to.equal('Could not save: the platform answered HTTP 500');
    await expect(status).to.be.accessible();
    // Nothing was lost: a later flush sends the same batch.
    await el.flush();
    expect((await platformCustomer(id)).attributes).to.deep.equal({
      Foo: 'Again',
      Reason: 'Fraud',
    });
    await status.updateComplete;
    expect(line()).to.equal('');
  });

  it('flushes when the host ends the interaction', async () => {
    const { id, el, session, outbox } = await mount();
    await session.setConversationData('Foo', 'Goodbye');
    const bridge = new HostBridge({ allowedOrigins: ['https://crm.example.com'] });
    el.host = bridge;
    await el.updateComplete;
    bridge.dispatchEvent(new CustomEvent('endInteraction', { detail: { id } }));
    await waitUntil(async () => (await platformCustomer(id)).attributes.Foo === 'Goodbye');
    await waitUntil(async () => (await readEveryRecord(outbox.dbName)).length === 0, 'cleared');
  });

  it('fails the write step when the write cannot be stored (the database went away)', async () => {
    const c = conversation();
    const outbox = newOutbox();
    await outbox.ready;
    const session = new InteractionSession({
      conversation: c,
      source: new HttpSource(),
      writes: outbox.queue(c.id),
    });
    await deleteDatabase(outbox.dbName);
    const { runtime, errors } = runtimeOf(
      session,
      {
        save: [
          {
            do: 'setConversationData',
            data: [{ name: 'Foo', value: 'Goodbye' }],
            onFailure: [{ do: 'setVariable', variable: 'Result', value: 'failed' }],
          },
        ],
      },
      resultVariable,
    );
    await runtime.start();
    expect(await runtime.run('save', click)).to.equal(false);
    expect(runtime.get('Result')).to.equal('failed');
    expect(errors.map((e) => e.code)).to.deep.equal(['outbox-unavailable']);
    expect(errors[0]!.message).to.contain('closed by another page');
  });
});
