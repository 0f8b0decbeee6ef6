/**
 * The bench's plug-in contract. Each file in bench/cases/ exports `benchCase` (or a default
 * export): `{ name, run(context) }`. scripts/bench.mjs bundles every case into one page, runs them
 * in headless Chromium one after another, and prints what each returns.
 */

/** One measured figure. */
export interface BenchFigure {
  /** What was measured, e.g. `vault decrypt, 1,000 attributes (median)`. */
  label: string;
  value: number;
  /** `ms`, `KB`, `x` (a ratio) … */
  unit: string;
  /** The DESIGN.md budget it is held to, when there is one. */
  budget?: { max?: number; min?: number };
}

/** What a case reports. */
export interface BenchResult {
  figures: BenchFigure[];
  /** Free-form lines printed under the figures (method, rounds, caveats). */
  notes?: string[];
}

/** What the bench page gives every case. */
export interface BenchContext {
  /** Fetches a JSON fixture the bench server prepared (see scripts/bench.mjs), e.g. `messages`. */
  fixture<T>(name: string): Promise<T>;
  /** The URL of the built vault worker, for `createSecuredClient({ workerUrl })`. */
  workerUrl: string;
}

/** A bench case. */
export interface BenchCase {
  name: string;
  run(context: BenchContext): Promise<BenchResult>;
}

/** The median of `xs`. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The `p`-th percentile (nearest rank) of `xs`. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Milliseconds `run` takes. */
export async function time(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}
