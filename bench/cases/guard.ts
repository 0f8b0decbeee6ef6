/**
 * The egress guard's cost per URL with 1,000 secrets held: policy (WHATWG parse and origin check)
 * plus the plaintext scan, as the vault worker runs it (`PlaintextScanner`, in this thread so that
 * the figure is the guard's own work, not the comlink round trip, which is reported apart), against
 * a bare `new URL()` parse in the same run.
 */
import { PlaintextScanner } from '../../worker/scan.js';
import { checkUrl } from '../../src/guard/policy.js';
import { median, type BenchCase } from '../types.js';

const HELD = 1000;
const BATCHES = 60;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const POLICY = { allowedOrigins: ['https://crm.example.com'] };

function urls(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 200; i++) {
    out.push(
      `https://crm.example.com/accounts/${100000 + i * 37}/contacts?customer=Jane%20Doe${i}` +
        `&ani=%2B1555${1000000 + i}&queue=Billing&interaction=3f2a9c1e-8b7d-4e6f-9a0b-${(1e11 + i).toString(16)}#summary`,
    );
  }
  return out;
}

/** The guard's synchronous core for one URL: policy, then the scan of the normalised URL. */
function guard(scanner: PlaintextScanner, text: string): boolean {
  const checked = checkUrl(text, POLICY);
  return checked.ok && scanner.scan(checked.url.href).clean;
}

function perUrl(list: readonly string[], run: (url: string) => unknown): number {
  const times: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = performance.now();
    for (const url of list) run(url);
    times.push((performance.now() - t0) / list.length);
  }
  return median(times);
}

export const benchCase: BenchCase = {
  name: 'egress guard, 1,000 held secrets',
  async run() {
    const scanner = new PlaintextScanner();
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < HELD; i++) {
      let v = '';
      if (i % 3 === 0) for (let j = 0; j < 16; j++) v += Math.floor(rnd() * 10);
      else
        for (let j = 0, n = 8 + Math.floor(rnd() * 16); j < n; j++)
          v += ALNUM[Math.floor(rnd() * 62)];
      scanner.add(`h${i}`, `S${i}`, v);
    }
    const list = urls();
    let sink = 0;
    for (let w = 0; w < 5; w++) for (const u of list) sink += guard(scanner, u) ? 1 : 0; // warm-up
    if (sink !== list.length * 5) throw new Error('the guard blocked a clean URL');
    const baseline = perUrl(list, (u) => new URL(u));
    const guarded = perUrl(list, (u) => guard(scanner, u));
    return {
      figures: [
        {
          label: 'guard per URL (policy + scan, 1,000 held)',
          value: guarded,
          unit: 'ms',
          budget: { max: 0.1 },
        },
        { label: 'baseline: new URL() per URL', value: baseline, unit: 'ms' },
        { label: 'guard / new URL()', value: guarded / baseline, unit: 'x' },
      ],
      notes: [
        `${list.length} distinct CRM URLs of about ${list[0]!.length} characters, median of ${BATCHES} batches`,
        'the worker adds one comlink round trip per guarded URL (about what a reveal costs)',
      ],
    };
  },
};
