/**
 * The bench page's runner. scripts/bench.mjs generates the entry that imports the Buffer shim
 * first (the official browser client needs a global Buffer), then every case, and calls
 * `runBench(cases)`; the result lands on `window.__benchResults` for puppeteer to read.
 */
import type { BenchCase, BenchContext, BenchResult } from './types.js';

export interface CaseOutcome {
  name: string;
  result?: BenchResult;
  error?: string;
}

declare global {
  interface Window {
    __benchResults?: CaseOutcome[];
    __benchProgress?: string[];
  }
}

/** Runs the cases one after another and publishes what each reported. */
export async function runBench(cases: readonly BenchCase[]): Promise<void> {
  const context: BenchContext = {
    workerUrl: new URL('./secured-worker.js', location.href).href,
    async fixture<T>(name: string): Promise<T> {
      const res = await fetch(`./fixtures/${encodeURIComponent(name)}.json`);
      if (!res.ok) throw new Error(`fixture ${name}: HTTP ${res.status}`);
      return (await res.json()) as T;
    },
  };
  const out: CaseOutcome[] = [];
  window.__benchProgress = [];
  for (const c of cases) {
    window.__benchProgress.push(c.name);
    try {
      out.push({ name: c.name, result: await c.run(context) });
    } catch (error) {
      out.push({
        name: c.name,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }
  window.__benchResults = out;
}
