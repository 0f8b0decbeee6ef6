import { expect } from '@open-wc/testing';
import { measureRender, onMetric, reportMetric } from '../../src/telemetry/metrics.js';
import type { Metric } from '../../src/telemetry/metrics.js';
import { SecuredValue } from '../../src/guard/secured-value.js';

/** Our own timings only: web vitals may arrive at any time on the test page. */
function ours(into: Metric[]): (metric: Metric) => void {
  return (metric) => {
    if (!['LCP', 'INP', 'CLS', 'FCP', 'TTFB'].includes(metric.name)) into.push(metric);
  };
}

describe('telemetry: onMetric and reportMetric', () => {
  const unsubscribes: (() => void)[] = [];
  afterEach(() => unsubscribes.splice(0).forEach((off) => off()));

  it('delivers a reported metric to every subscriber', () => {
    const a: Metric[] = [];
    const b: Metric[] = [];
    unsubscribes.push(onMetric(ours(a)), onMetric(ours(b)));
    reportMetric({ name: 'script-render', value: 4.5, detail: { page: 'verify', components: 12 } });
    const expected = {
      name: 'script-render',
      value: 4.5,
      detail: { page: 'verify', components: 12 },
    };
    expect(a).to.deep.equal([expected]);
    expect(b).to.deep.equal([expected]);
  });

  it('stops delivering to a callback once it unsubscribed, and keeps the others', () => {
    const gone: Metric[] = [];
    const kept: Metric[] = [];
    const off = onMetric(ours(gone));
    unsubscribes.push(onMetric(ours(kept)));
    reportMetric({ name: 'first', value: 1 });
    off();
    off(); // a second call does nothing
    reportMetric({ name: 'second', value: 2 });
    expect(gone.map((m) => m.name)).to.deep.equal(['first']);
    expect(kept.map((m) => m.name)).to.deep.equal(['first', 'second']);
  });

  it('treats two subscriptions of the same callback as two', () => {
    const seen: Metric[] = [];
    const sink = ours(seen);
    const off = onMetric(sink);
    unsubscribes.push(onMetric(sink));
    reportMetric({ name: 'twice', value: 1 });
    off();
    reportMetric({ name: 'once', value: 1 });
    expect(seen.map((m) => m.name)).to.deep.equal(['twice', 'twice', 'once']);
  });

  it('gives each subscriber its own copy, so a sink cannot change what others see', () => {
    const seen: Metric[] = [];
    unsubscribes.push(
      onMetric((m) => {
        m.value = -1;
        if (m.detail) m.detail.page = 'tampered';
      }),
      onMetric(ours(seen)),
    );
    reportMetric({ name: 'copy', value: 3, detail: { page: 'verify' } });
    expect(seen).to.deep.equal([{ name: 'copy', value: 3, detail: { page: 'verify' } }]);
  });

  it('rejects a name that is not an identifier and a value that is not a finite number', () => {
    unsubscribes.push(onMetric(() => {}));
    expect(() => reportMetric({ name: 'card 4111 1111 1111 1111', value: 1 })).to.throw(TypeError);
    expect(() => reportMetric({ name: '', value: 1 })).to.throw(TypeError);
    expect(() => reportMetric({ name: 'x', value: Number.NaN })).to.throw(TypeError);
    expect(() => reportMetric({ name: 'x', value: Infinity })).to.throw(TypeError);
    expect(() => reportMetric({ name: 'x', value: '12' as unknown as number })).to.throw(TypeError);
  });

  it('never carries a secured value, free text or a URL in detail', () => {
    const seen: Metric[] = [];
    unsubscribes.push(onMetric(ours(seen)));
    const secret = new SecuredValue({ sources: ['CardNumber'], preview: '•••• 1111' });
    reportMetric({
      name: 'script-render',
      value: 2,
      rating: 'bogus' as 'good',
      id: 'has spaces in it',
      detail: {
        page: 'verify',
        components: 3,
        card: secret as unknown as string,
        note: 'Customer says her PIN is 1234',
        url: 'https://crm.example.com/accounts/ACC-1',
        'bad key': 1,
        nan: Number.NaN,
      },
    });
    expect(seen).to.deep.equal([
      { name: 'script-render', value: 2, detail: { page: 'verify', components: 3 } },
    ]);
    expect(JSON.stringify(seen)).not.to.contain('1111');
  });

  it('keeps delivering to the other sinks when one throws, and reports the error', () => {
    const seen: Metric[] = [];
    const reported: unknown[] = [];
    const original = window.reportError;
    window.reportError = (error: unknown) => reported.push(error);
    try {
      unsubscribes.push(
        onMetric(() => {
          throw new Error('sink failed');
        }),
        onMetric(ours(seen)),
      );
      expect(() => reportMetric({ name: 'resilient', value: 1 })).not.to.throw();
    } finally {
      window.reportError = original;
    }
    expect(seen.map((m) => m.name)).to.deep.equal(['resilient']);
    expect(reported.map((e) => (e as Error).message)).to.deep.equal(['sink failed']);
  });
});

describe('telemetry: measureRender', () => {
  it('returns what the render returned and reports its duration in milliseconds', () => {
    const seen: Metric[] = [];
    const off = onMetric(ours(seen));
    try {
      const result = measureRender(
        'script-render',
        () => {
          const until = performance.now() + 5;
          while (performance.now() < until) {
            /* a render that takes 5 ms */
          }
          return 'rendered';
        },
        { page: 'verify' },
      );
      expect(result).to.equal('rendered');
    } finally {
      off();
    }
    expect(seen).to.have.length(1);
    expect(seen[0]!.name).to.equal('script-render');
    expect(seen[0]!.value).to.be.at.least(5).and.below(1000);
    expect(seen[0]!.detail).to.deep.equal({ page: 'verify' });
  });

  it('does not report a render that threw, and lets the error through', () => {
    const seen: Metric[] = [];
    const off = onMetric(ours(seen));
    try {
      expect(() =>
        measureRender('script-render', () => {
          throw new Error('render failed');
        }),
      ).to.throw('render failed');
    } finally {
      off();
    }
    expect(seen).to.deep.equal([]);
  });
});
