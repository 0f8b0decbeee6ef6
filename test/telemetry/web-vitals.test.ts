import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { onMetric } from '../../src/telemetry/metrics.js';
import type { Metric } from '../../src/telemetry/metrics.js';

/** Resolves with the first metric called `name` that `subscribe`'s callback receives. */
function first(name: string, seen: Metric[], timeout = 10_000): Promise<Metric> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = () => {
      const found = seen.find((m) => m.name === name);
      if (found) resolve(found);
      else if (performance.now() - started > timeout)
        reject(
          new Error(
            `${name} did not arrive; got ${seen.map((m) => m.name).join(', ')} (page ${
              document.visibilityState
            }, paint entries: ${
              performance
                .getEntriesByType('paint')
                .map((e) => e.name)
                .join(', ') || 'none'
            }, hidden since load: ${String(hiddenAt ?? 'never')})`,
          ),
        );
      else setTimeout(poll, 20);
    };
    poll();
  });
}

/** When this page was first hidden, if ever (a hidden page has no first contentful paint). */
let hiddenAt: number | undefined = document.visibilityState === 'hidden' ? 0 : undefined;
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') hiddenAt ??= performance.now();
});

describe('telemetry: web vitals', () => {
  before(async () => {
    // Something contentful to paint, so that the test page has a first contentful paint, in a
    // window on top (a window covered by another test's window is not drawn: no paint at all).
    const p = document.createElement('p');
    p.textContent = 'cx-script web vitals test page';
    document.body.append(p);
    await executeServerCommand('bring-to-front');
  });

  it('reports TTFB and FCP of this page once someone subscribes', async () => {
    const seen: Metric[] = [];
    const off = onMetric((m) => seen.push(m));
    try {
      const ttfb = await first('TTFB', seen);
      const fcp = await first('FCP', seen);
      for (const metric of [ttfb, fcp]) {
        expect(metric.value).to.be.a('number').and.at.least(0);
        expect(metric.rating).to.be.oneOf(['good', 'needs-improvement', 'poor']);
        expect(metric.id).to.match(/^v\d+-/);
        expect(metric.detail).to.deep.equal({ navigationType: 'navigate' });
      }
      const navigation = performance.getEntriesByType(
        'navigation',
      )[0] as PerformanceNavigationTiming;
      expect(ttfb.value).to.be.closeTo(navigation.responseStart, 1);
    } finally {
      off();
    }
  });

  it('replays the latest web vitals to a subscriber that comes later', async () => {
    const seen: Metric[] = [];
    const off = onMetric((m) => seen.push(m));
    try {
      expect(seen, 'replayed asynchronously, not during onMetric').to.deep.equal([]);
      await first('TTFB', seen, 1000);
      await first('FCP', seen, 1000);
    } finally {
      off();
    }
  });

  it('does not replay to a subscriber that left before the replay', async () => {
    const seen: Metric[] = [];
    const off = onMetric((m) => seen.push(m));
    off();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).to.deep.equal([]);
  });
});
