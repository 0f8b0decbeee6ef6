/**
 * Metrics: the Core Web Vitals of the page and our own timings, delivered to pluggable sinks.
 *
 * - `onMetric(callback)` subscribes a sink and returns its unsubscribe function. The first
 *   subscription starts the web-vitals observers (once per page); the latest value of each web
 *   vital is replayed to later subscribers, so a status bar mounted after first paint still sees
 *   FCP and TTFB.
 * - `reportMetric(metric)` delivers one of our own timings to every sink.
 * - `measureRender(name, render, detail?)` times a synchronous render and reports it.
 *
 * Web vitals are observed with `reportAllChanges`: a metric with the same `id` may arrive several
 * times, each time with its current value; a sink keeps the last one per `id`.
 *
 * Privacy contract: a metric carries a fixed name, a number and, in `detail`, numbers and short
 * identifiers (a page id, an element name) only. It never carries interaction data and never a
 * secured value: `reportMetric` rejects names that are not identifiers and values that are not
 * finite numbers, and drops every `detail` entry that is not a finite number or an identifier
 * (a `SecuredValue`, free text, a URL, anything with spaces or slashes). Telemetry is one of the
 * egress-guard sinks named in DESIGN.md; this module keeps it structurally unable to carry text.
 */
import type { MetricType } from 'web-vitals';
import { isSecured } from '../guard/secured-value.js';

/** How a web vital compares with its published thresholds. */
export type MetricRating = 'good' | 'needs-improvement' | 'poor';

/** The Core Web Vitals (and their diagnostics) this module observes. */
export type WebVitalName = 'LCP' | 'INP' | 'CLS' | 'FCP' | 'TTFB';

/** One measurement. */
export interface Metric {
  /** A fixed identifier: a web vital, `script-render`, or another timing of ours. */
  name: WebVitalName | 'script-render' | (string & {});
  /** Milliseconds for timings; unitless for CLS. Always a finite number. */
  value: number;
  /** For web vitals: the rating against the published thresholds. */
  rating?: MetricRating;
  /** For web vitals: the metric instance (several reports may share it). */
  id?: string;
  /** Numbers and short identifiers only (see the privacy contract above). */
  detail?: Record<string, string | number>;
}

/** A metric sink. */
export type MetricCallback = (metric: Metric) => void;

/** Names and detail strings: an identifier, at most 64 characters. */
const IDENTIFIER = /^[A-Za-z][\w.:-]{0,63}$/;
/** Metric instance ids (web-vitals makes them like `v5-1700000000000-123`). */
const INSTANCE_ID = /^[\w.:-]{1,100}$/;
const RATINGS: readonly string[] = ['good', 'needs-improvement', 'poor'];

/** One subscription; an object so that the same callback may subscribe twice. */
interface Subscription {
  callback: MetricCallback;
}

const subscriptions = new Set<Subscription>();
/** The latest report of each web vital, replayed to new subscribers. */
const latestVitals = new Map<string, Metric>();
let vitalsStarted = false;

/** Reports a sink's exception without letting it stop other sinks or the code that measured. */
function reportSinkError(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

function deliver(metric: Metric, to: Iterable<Subscription> = subscriptions): void {
  for (const subscription of [...to]) {
    try {
      subscription.callback({ ...metric, ...(metric.detail && { detail: { ...metric.detail } }) });
    } catch (error) {
      reportSinkError(error);
    }
  }
}

/** Keeps the finite numbers and identifiers of `detail`; drops everything else. */
function sanitizeDetail(
  detail: Record<string, unknown> | undefined,
): Record<string, string | number> | undefined {
  if (!detail) return undefined;
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (!IDENTIFIER.test(key)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else if (typeof value === 'string' && IDENTIFIER.test(value)) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Validates and copies a metric into the only shape a sink ever sees. */
function sanitize(metric: Metric): Metric {
  // A secured value is refused outright (not merely coerced): telemetry is an egress sink.
  if (isSecured(metric?.name) || isSecured(metric?.value) || isSecured(metric?.id))
    throw new TypeError('A metric cannot carry a secured value.');
  if (typeof metric?.name !== 'string' || !IDENTIFIER.test(metric.name))
    throw new TypeError(
      'A metric name must be an identifier (a letter, then letters, digits, _ . : -).',
    );
  if (typeof metric.value !== 'number' || !Number.isFinite(metric.value))
    throw new TypeError(`Metric ${metric.name}: the value must be a finite number.`);
  const out: Metric = { name: metric.name, value: metric.value };
  if (typeof metric.rating === 'string' && RATINGS.includes(metric.rating))
    out.rating = metric.rating;
  if (typeof metric.id === 'string' && INSTANCE_ID.test(metric.id)) out.id = metric.id;
  const detail = sanitizeDetail(metric.detail);
  if (detail) out.detail = detail;
  return out;
}

function onVital(vital: MetricType): void {
  const metric = sanitize({
    name: vital.name,
    value: vital.value,
    rating: vital.rating,
    id: vital.id,
    detail: { navigationType: vital.navigationType },
  });
  latestVitals.set(metric.name, metric);
  deliver(metric);
}

/**
 * Starts the web-vitals observers, once per page. web-vitals is loaded on demand, as its own chunk,
 * so that desktops that never subscribe do not download it; its observers are buffered, so the
 * paint and layout entries that came before it loaded are still reported.
 */
function startWebVitals(): void {
  if (vitalsStarted) return;
  vitalsStarted = true;
  import('web-vitals').then((v) => {
    for (const on of [v.onTTFB, v.onFCP, v.onLCP, v.onCLS, v.onINP]) {
      on(onVital, { reportAllChanges: true });
    }
  }, reportSinkError);
}

/**
 * Subscribes `callback` to every metric: web vitals (started on the first subscription, the latest
 * value of each replayed to this callback) and our own timings.
 * @returns a function that unsubscribes this callback (calling it again does nothing)
 */
export function onMetric(callback: MetricCallback): () => void {
  if (typeof callback !== 'function') throw new TypeError('onMetric needs a function.');
  const subscription: Subscription = { callback };
  subscriptions.add(subscription);
  if (latestVitals.size) {
    const replay = [...latestVitals.values()];
    queueMicrotask(() => {
      if (!subscriptions.has(subscription)) return;
      for (const metric of replay) deliver(metric, [subscription]);
    });
  }
  startWebVitals();
  return () => {
    subscriptions.delete(subscription);
  };
}

/**
 * Delivers one of our own measurements to every subscriber.
 * @throws TypeError when the name is not an identifier or the value is not a finite number
 */
export function reportMetric(metric: Metric): void {
  const clean = sanitize(metric);
  if (subscriptions.size) deliver(clean);
}

/**
 * Runs `render` (synchronous), reports how long it took as metric `name` (milliseconds), and
 * returns what `render` returned. When nobody listens it only runs `render`. A render that throws
 * is not reported.
 * @param name a fixed identifier, e.g. `script-render`
 * @param detail numbers and identifiers only (e.g. `{ page: 'verify', components: 42 }`)
 */
export function measureRender<T>(
  name: string,
  render: () => T,
  detail?: Record<string, string | number>,
): T {
  if (!subscriptions.size) return render();
  const start = performance.now();
  const result = render();
  const value = performance.now() - start;
  try {
    reportMetric({ name, value, ...(detail && { detail }) });
  } catch (error) {
    reportSinkError(error);
  }
  return result;
}
