import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { parseScript } from '../../src/script/parse.js';
import { ScriptError } from '../../src/script/errors.js';
import type { Script } from '../../src/script/types.js';
import { fullScript, type Json } from './fixtures.js';

// web-test-runner provides mocha's globals; there is no mocha type package (tsconfig `types: []`).
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: { timeout(ms: number): void }) => unknown) => void;

const SEVERITIES = ['error', 'warning'];

/** Parses `input`; fails the property unless the result is a Script or a well-formed ScriptError. */
function parseOrReject(input: unknown): Script | ScriptError {
  let result: Script | ScriptError;
  try {
    result = parseScript(input);
  } catch (e) {
    if (!(e instanceof ScriptError))
      throw new Error(`threw something other than ScriptError: ${String(e)}`);
    result = e;
  }
  if (result instanceof ScriptError) {
    expect(result.issues.length).to.be.greaterThan(0);
    expect(result.issues.some((i) => i.severity === 'error')).to.equal(true);
    for (const issue of result.issues) {
      expect(issue.path).to.be.a('string');
      expect(issue.code).to.match(/^[a-z]+(-[a-z]+)*$/);
      expect(issue.message).to.be.a('string').and.not.equal('');
      expect(SEVERITIES).to.include(issue.severity);
    }
    expect(result.message).to.be.a('string').and.not.equal('');
  } else {
    expect(result.format).to.equal('cx-script/1');
    // What parseScript returns parses again to the same script.
    expect(parseScript(result)).to.deep.equal(result);
  }
  return result;
}

/** Every path (as segments) of a JSON value, the root excluded. */
function pathsOf(
  value: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      pathsOf(v, [...prefix, i], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      out.push([...prefix, key]);
      pathsOf(value[key], [...prefix, key], out);
    }
  }
  return out;
}

const TRICKY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'type',
  'do',
  'op',
  'variable',
  'children',
  'all',
  'of',
];

/** Objects with the keys designers (and attackers) trip over, built the way JSON.parse builds them. */
const trickyObject = fc
  .array(fc.tuple(fc.constantFrom(...TRICKY_KEYS), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })
  .map(
    (pairs) =>
      JSON.parse(
        `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
      ) as Json,
  );

const replacement = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: trickyObject },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '{{',
      '}}',
      '{{}}',
      '{x',
      'verify',
      'popCrm',
      'CardNumber',
      'Call.Ani',
    ),
  },
  { weight: 1, arbitrary: fc.constant('<delete>') },
);

const base = fullScript();
const basePaths = pathsOf(base);

/** The full script with random subtrees replaced (or deleted). */
const mutatedScript = fc
  .array(fc.tuple(fc.nat(basePaths.length - 1), replacement), { minLength: 1, maxLength: 4 })
  .map((edits) => {
    const s = fullScript();
    for (const [index, value] of edits) {
      const path = basePaths[index]!;
      let parent: Json = s;
      for (const segment of path.slice(0, -1)) {
        parent = parent?.[segment];
        if (typeof parent !== 'object' || parent === null) break;
      }
      if (typeof parent !== 'object' || parent === null) continue;
      const key = path[path.length - 1]!;
      if (value === '<delete>') {
        if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
        else delete parent[key];
      } else {
        parent[key] = value;
      }
    }
    return s;
  });

describe('parseScript never fails in any other way', () => {
  it('returns a Script or throws ScriptError for 2,000 random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseOrReject(value)).to.be.instanceOf(ScriptError);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns a Script or throws ScriptError for the JSON text of random values and random strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string({ unit: 'binary' }),
        ),
        (text) => {
          parseOrReject(text);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('returns a Script or throws ScriptError for 2,000 valid scripts with random subtrees replaced', function () {
    this.timeout(120_000);
    let scripts = 0;
    let errors = 0;
    fc.assert(
      fc.property(mutatedScript, (script) => {
        const result = parseOrReject(script);
        if (result instanceof ScriptError) errors++;
        else scripts++;
        // The same script as JSON text gives the same verdict.
        const again = parseOrReject(JSON.stringify(script));
        expect(again instanceof ScriptError).to.equal(result instanceof ScriptError);
      }),
      { numRuns: 2000 },
    );
    // Both outcomes occur, so the property really exercised both branches.
    expect(scripts).to.be.greaterThan(0);
    expect(errors).to.be.greaterThan(0);
  });

  it('returns a Script or throws ScriptError for values JSON cannot even express', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withSparseArray: true,
          withTypedArray: true,
        }),
        (value) => {
          parseOrReject(value);
        },
      ),
      { numRuns: 1000 },
    );
    for (const odd of [undefined, Number.NaN, Infinity, () => 1, Symbol('s'), 10n]) {
      expect(parseOrReject(odd)).to.be.instanceOf(ScriptError);
    }
  });

  it('handles hostile shapes: deep nesting, huge input, prototype keys', function () {
    this.timeout(90_000);
    const deepText = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(parseOrReject(deepText)).to.be.instanceOf(ScriptError);
    let deep: Json = 'x';
    for (let i = 0; i < 20_000; i++) deep = { children: [deep] };
    expect(
      parseOrReject(mutatedText((s) => (s.pages[0].body[14].children = [deep]))),
    ).to.be.instanceOf(ScriptError);
    const protoText =
      '{"__proto__":{"format":"cx-script/1"},"constructor":{"prototype":{"polluted":1}}}';
    const result = parseOrReject(protoText);
    expect(result).to.be.instanceOf(ScriptError);
    expect((result as ScriptError).issues.map((i) => i.path)).to.include.members([
      '__proto__',
      'constructor',
      'format',
    ]);
    expect(({} as Json).polluted).to.equal(undefined);
    expect(({} as Json).format).to.equal(undefined);

    // Tens of thousands of unknown names against tens of thousands of declared ones: suggestions
    // are bounded, so this stays fast instead of comparing every pair.
    const n = 20_000;
    const many = fullScript();
    for (let i = 0; i < n; i++) many.variables.push({ name: `V${i}`, type: 'string' });
    many.pages[1].body = Array.from({ length: n }, (_, i) => ({
      type: 'input',
      variable: `Y${i}`,
      label: `{{X${i}}}`,
    }));
    const t1 = performance.now();
    const manyResult = parseOrReject(many) as ScriptError;
    expect(manyResult.issues).to.have.length(2 * n);
    // Linear work takes a few seconds on a loaded 2-core machine; comparing every unknown name
    // with every declared one (4e8 pairs) would take minutes. The bound separates the two.
    expect(performance.now() - t1).to.be.below(30_000);

    const big = fullScript();
    const bodyWithoutIds = JSON.parse(
      JSON.stringify(base.pages[0].body).replace(/"id":"[^"]*",?/g, ''),
    ) as Json;
    for (let i = 0; i < 2000; i++)
      big.pages.push({ id: `p${i}`, title: `Page ${i}`, body: bodyWithoutIds });
    const t0 = performance.now();
    const parsed = parseOrReject(JSON.stringify(big));
    expect(parsed).not.to.be.instanceOf(ScriptError);
    expect(performance.now() - t0).to.be.below(20_000); // linear; quadratic would take minutes
  });
});

function mutatedText(change: (s: Json) => void): Json {
  const s = fullScript();
  change(s);
  return s;
}
