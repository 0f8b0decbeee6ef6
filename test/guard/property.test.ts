/**
 * Property test of the whole URL path (template expansion from a scope, then the guard): random
 * RFC 6570 templates over random variables, some secured, some plain, some plain but holding a
 * secret's plaintext (re-typed, re-cased, encoded). No case may leak:
 * - a template that references a secured value is always blocked;
 * - whenever the guard lets a URL through, an independent oracle finds no held secret in it
 *   (raw, case-folded, percent-decoded to a fixpoint, base64, base64url, hex, digits).
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { expandUrl, guardEgress, type UrlScope } from '../../src/guard/egress.js';
import { interpolate } from '../../src/expr/interpolate.js';
import { SecuredValue } from '../../src/guard/secured-value.js';
import type { Value } from '../../src/expr/scope.js';
import { PlaintextScanner } from '../../worker/scan.js';

const RUNS = 10_000;
const POLICY = { allowedOrigins: ['https://crm.example.com'] };
const NAMES = ['a', 'b', 'c', 'd', 'e'];
const enc = new TextEncoder();

const b64 = (s: string) => btoa(String.fromCharCode(...enc.encode(s)));
const hex = (s: string) => [...enc.encode(s)].map((x) => x.toString(16).padStart(2, '0')).join('');

function decodeAll(s: string): string {
  for (let i = 0; i < 20; i++) {
    let next: string;
    try {
      next = decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      next = s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
    if (next === s) return s;
    s = next;
  }
  return s;
}

/** An oracle written apart from the scanner: does `url` visibly carry `secret`? */
function leaks(url: string, secret: string): boolean {
  const lower = secret.toLowerCase();
  const decoded = decodeAll(url);
  if (url.toLowerCase().includes(lower) || decoded.toLowerCase().includes(lower)) return true;
  const u = url.replace(/-/g, '+').replace(/_/g, '/');
  const d = decoded.replace(/-/g, '+').replace(/_/g, '/');
  const full = b64(secret).replace(/=+$/, '');
  if (full.length >= 6 && (u.includes(full) || d.includes(full))) return true;
  if (url.toLowerCase().includes(hex(secret)) || decoded.toLowerCase().includes(hex(secret)))
    return true;
  const digits = secret.replace(/\D/g, '');
  if (
    /^[\d\s.-]+$/.test(secret) &&
    digits.length >= 4 &&
    decoded.replace(/[^\d]/g, '').includes(digits)
  ) {
    // Digits joined across separators other than letters: only a leak if the run is contiguous in the URL's digit runs.
    return decoded.split(/[A-Za-z]+/).some((part) => part.replace(/\D/g, '').includes(digits));
  }
  return false;
}

const secretArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.~!*'()-]{5,17}$/),
  fc.stringMatching(/^\d{4} \d{4} \d{4} \d{4}$/),
  fc.stringMatching(/^\d{3}-\d{2}-\d{4}$/),
);

type VarSpec =
  | { kind: 'secured'; secret: string }
  | { kind: 'plain'; value: string }
  | { kind: 'retyped'; of: number; how: 'raw' | 'upper' | 'b64' | 'pct' | 'hex' | 'digits' }
  | { kind: 'list'; values: string[] };

const plainArb = fc.oneof(
  fc.constantFrom(
    'A-42',
    'Pat Caller',
    'Billing',
    '12',
    '',
    'https://crm.example.com/x',
    'a/b?c#d',
    'Zoë',
  ),
  fc.string({ maxLength: 12 }),
);
const varArb: fc.Arbitrary<VarSpec> = fc.oneof(
  { weight: 3, arbitrary: secretArb.map((secret) => ({ kind: 'secured' as const, secret })) },
  { weight: 4, arbitrary: plainArb.map((value) => ({ kind: 'plain' as const, value })) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('retyped' as const),
      of: fc.nat(4),
      how: fc.constantFrom(
        'raw' as const,
        'upper' as const,
        'b64' as const,
        'pct' as const,
        'hex' as const,
        'digits' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(plainArb, { maxLength: 3 })
      .map((values) => ({ kind: 'list' as const, values })),
  },
);

const exprArb = fc
  .record({
    op: fc.constantFrom('', '+', '#', '.', '/', ';', '?', '&'),
    vars: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }),
    mod: fc.constantFrom('', '', '*', ':3'),
  })
  .map(({ op, vars, mod }) => `{${op}${vars.map((v) => v + mod).join(',')}}`);
const literalArb = fc.constantFrom('/', '/accounts/', '?x=1', '&y=2', '-', '.', '#s', '/p');
const templateArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(fc.oneof(exprArb, literalArb), { minLength: 1, maxLength: 5 })
      .map((parts) => `https://crm.example.com/${parts.join('')}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(exprArb, { minLength: 1, maxLength: 3 })
      .map((parts) => `https://${parts.join('')}.crm.example.com/`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...NAMES).map((n) => `{{${n}}}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...NAMES).map((n) => `https://crm.example.com/q?v={{${n}}}`),
  },
);

function retype(secret: string, how: string): string {
  switch (how) {
    case 'upper':
      return secret.toUpperCase();
    case 'b64':
      return b64(`x${secret}`);
    case 'pct':
      return encodeURIComponent(encodeURIComponent(secret));
    case 'hex':
      return hex(secret);
    case 'digits':
      return /^[\d\s.-]+$/.test(secret) ? secret.replace(/\D/g, '') : secret;
    default:
      return secret;
  }
}

describe('egress guard property: random templates and values never leak', function () {
  this.timeout(300_000);

  it(`holds for ${RUNS} random cases`, async () => {
    let passed = 0;
    let blockedByTaint = 0;
    let blockedByScan = 0;
    await fc.assert(
      fc.asyncProperty(
        templateArb,
        fc.array(varArb, { minLength: 5, maxLength: 5 }),
        async (template, specs) => {
          const secrets = specs.flatMap((s, i) =>
            s.kind === 'secured' ? [{ name: NAMES[i]!, secret: s.secret }] : [],
          );
          const scanner = new PlaintextScanner();
          for (const { name, secret } of secrets) scanner.add(`h-${name}`, name, secret);
          const values = new Map<string, Value>();
          specs.forEach((s, i) => {
            const name = NAMES[i]!;
            if (s.kind === 'secured') values.set(name, new SecuredValue({ sources: [name] }));
            else if (s.kind === 'plain') values.set(name, s.value);
            else if (s.kind === 'list') values.set(name, s.values);
            else {
              const source = secrets[s.of % Math.max(1, secrets.length)];
              values.set(name, source ? retype(source.secret, s.how) : 'plain');
            }
          });
          const scope: UrlScope = {
            get: (name) => values.get(name),
            interpolateValue: (text) => interpolate(text, scope).value,
          };
          const referenced = NAMES.filter(
            (n) =>
              template.includes(`{{${n}}}`) ||
              new RegExp(`[{,][+#./;?&]?${n}(?:\\*|:3)?[,}]`).test(template),
          );
          const taintInScope = referenced.some((n) => specs[NAMES.indexOf(n)]!.kind === 'secured');

          const built = expandUrl(template, scope);
          if (!built.ok) {
            if (built.reason === 'secured-value') {
              blockedByTaint++;
              expect(
                taintInScope,
                'blocked for taint only when a secured value is referenced',
              ).to.equal(true);
            }
            return;
          }
          expect(taintInScope, 'a referenced secured value always blocks').to.equal(false);
          const d = await guardEgress({
            sink: 'screenPop',
            url: built.url,
            values: built.values,
            policy: POLICY,
            scanner,
          });
          if (!d.ok) {
            if (d.reason === 'plaintext') blockedByScan++;
            return;
          }
          passed++;
          for (const { secret } of secrets)
            expect(leaks(d.url!.href, secret), `leak of a secret in ${template}`).to.equal(false);
        },
      ),
      { numRuns: RUNS },
    );
    // Blocking everything would satisfy "no leak": prove the guard also lets plain URLs through.
    expect(passed, 'plain URLs pass').to.be.greaterThan(RUNS / 10);
    expect(blockedByTaint, 'taint blocks').to.be.greaterThan(RUNS / 10);
    expect(blockedByScan, 'the scan blocks re-typed plaintext').to.be.greaterThan(RUNS / 100);
  });
});
