/**
 * Revealing one value: `client.reveal(handle)` through the real worker, one at a time, as an agent
 * pressing "Show" causes it (the round trip is the whole cost).
 */
import { type MessagesFixture, vaultWithKey } from '../fixtures.js';
import { median, percentile, type BenchCase } from '../types.js';

const REVEALS = 500;

export const benchCase: BenchCase = {
  name: 'reveal one secured value',
  async run({ fixture, workerUrl }) {
    const f = await fixture<MessagesFixture>('messages');
    const client = await vaultWithKey(f, workerUrl);
    const outcomes = await client.decrypt({
      conversationId: f.conversationId,
      organizationId: f.organizationId,
      attributes: f.attributes.slice(0, 20),
    });
    const handles = outcomes.flatMap((o) => (o.ok ? [o.handle] : []));
    if (handles.length !== 20) throw new Error('the vault failed to decrypt');
    for (let i = 0; i < 50; i++) await client.reveal(handles[i % handles.length]!); // warm-up
    const times: number[] = [];
    for (let i = 0; i < REVEALS; i++) {
      const t0 = performance.now();
      await client.reveal(handles[i % handles.length]!);
      times.push(performance.now() - t0);
    }
    client.close();
    return {
      figures: [
        { label: 'reveal latency, median', value: median(times), unit: 'ms', budget: { max: 0.3 } },
        { label: 'reveal latency, p95', value: percentile(times, 95), unit: 'ms' },
      ],
      notes: [`${REVEALS} sequential reveals through the worker (comlink round trip)`],
    };
  },
};
