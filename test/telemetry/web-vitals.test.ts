import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { onMetric } from '../../src/telemetry/metrics.js';
import type { Metric } from '../../src/telemetry/metrics.js';
import type { VitalsFrame } from './vitals-frame.js';

/** Resolves with the first metric called `name` that `subscribe`'s callback receives. */
function first(name: string, seen: Metric[], timeout = 10_000): Promise<Metric> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = () => {
      const found = seen.find((m) => m.name === name);
      if (found) resolve(found);
      else if (performance.now() - started > timeout)
        reject(new Error(`${name} did not arrive; got ${seen.map((m) => m.name).join(', ')}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

/** Makes this page's window the active one, so that it is visible and paints. */
async function toFront(): Promise<void> {
  await executeServerCommand('bring-to-front');
  for (let i = 0; i < 100 && document.visibilityState !== 'visible'; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * A fresh document (test/telemetry/vitals-frame.html) that stayed visible until its first
 * contentful paint, with its TTFB and FCP as its own `onMetric` reports them. Other test files
 * running beside this one open windows that become the active one, which hides this page in
 * headless Chromium; so this page is brought to the front first, and should another window take
 * it before the frame's first paint, web-vitals rightly reports no FCP for that frame: it is set
 * aside and another loaded, three times at most.
 */
async function measuredFrame(): Promise<{
  frame: VitalsFrame;
  win: Window;
  ttfb: Metric;
  fcp: Metric;
}> {
  const hidden: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    await toFront();
    const iframe = document.createElement('iframe');
    iframe.title = 'web vitals test frame';
    const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve));
    iframe.src = new URL('./vitals-frame.html', import.meta.url).href;
    document.body.append(iframe);
    await loaded;
    const win = iframe.contentWindow!;
    const frame = (win as unknown as { cxVitals: VitalsFrame }).cxVitals;
    const seen: Metric[] = [];
    const off = frame.onMetric((m) => seen.push(m));
    try {
      const ttfb = await first('TTFB', seen);
      try {
        const fcp = await first('FCP', seen, 5_000);
        return { frame, win, ttfb, fcp };
      } catch (error) {
        if (!frame.hiddenBeforePaint()) throw error;
        hidden.push(`attempt ${attempt}: hidden before its first paint`);
      }
    } finally {
      off();
    }
  }
  throw new Error(`no frame stayed visible until its first paint (${hidden.join('; ')})`);
}

describe('telemetry: web vitals', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('reports TTFB and FCP of a page once someone subscribes', async function () {
    this.timeout(60_000); // up to three frames, if other windows hide this page meanwhile
    const { win, ttfb, fcp } = await measuredFrame();
    for (const metric of [ttfb, fcp]) {
      expect(metric.value).to.be.a('number').and.at.least(0);
      expect(metric.rating).to.be.oneOf(['good', 'needs-improvement', 'poor']);
      expect(metric.id).to.match(/^v\d+-/);
      expect(metric.detail).to.deep.equal({ navigationType: 'navigate' });
    }
    const navigation = win.performance.getEntriesByType(
      'navigation',
    )[0] as PerformanceNavigationTiming;
    expect(ttfb.value).to.be.closeTo(navigation.responseStart, 1);
  });

  it('replays the latest web vitals to a subscriber that comes later', async function () {
    this.timeout(60_000);
    const { frame } = await measuredFrame();
    const seen: Metric[] = [];
    const off = frame.onMetric((m) => seen.push(m));
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
