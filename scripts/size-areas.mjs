// @ts-check
/**
 * `npm run size:areas`: where the bytes of dist/cx-script.js go, by feature area. For each area it
 * builds the library again with that area's modules left out (as if the area were loaded on
 * demand: they become external imports, and what only they import goes with them) and prints the
 * gzip -9 size that remains beside the full build's, in the same run. The last rows leave every
 * optional area out, then everything but Lit: what no split can take below.
 *
 * Builds go to a temporary folder; dist/ is not touched. The figures answer "what would moving X
 * out of the file every agent downloads save", which the budget in DESIGN.md (30 KB) asks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Feature areas: a label and the module paths (regular expressions on resolved ids) it owns. */
const areas = [
  ['CRM host bridge (src/host/)', [/\/src\/host\//]],
  [
    'durable outbox (idb store, <cx-outbox-status>)',
    [/\/src\/data\/outbox/, /^idb$/, /cx-outbox-status/],
  ],
  ['telemetry (onMetric, script-render timing)', [/\/src\/telemetry\//]],
  ['<cx-crm-pane>', [/cx-crm-pane/]],
  [
    'Genesys conversation JSON, pop hints, schema fields',
    [/genesys-conversation/, /screen-pop-hint/, /schema-field/, /attribute-schema/],
  ],
  ['RFC 6570 URI templates (src/uri/)', [/\/src\/uri\//]],
  ['secured client + comlink', [/\/src\/secured\/client/, /^comlink$/]],
];
const everyOptional = areas.flatMap(([, patterns]) => patterns);
/** Everything of ours (and @lit/context, which components/contexts.ts brings): Lit remains. */
const allButLit = [/\/src\//, /\/components\/(?!all\.ts)/, /^idb$/, /^comlink$/];

/**
 * The gzip -9 size of cx-script.js built with the modules matching `out` left out.
 * @param {RegExp[]} out
 */
async function sizeWithout(out) {
  const { default: configs } = await import(`${root}rollup.config.mjs?${Date.now()}`);
  /** @type {import('rollup').RollupOptions} */
  const config = configs[0];
  const dir = mkdtempSync(join(tmpdir(), 'cx-areas-'));
  try {
    /** @type {import('rollup').Plugin} */
    const leaveOut = {
      name: 'leave-out',
      resolveId(source, importer) {
        if (!importer) return null;
        const id = source.startsWith('.') ? new URL(source, `file://${importer}`).pathname : source;
        return out.some((re) => re.test(id)) ? { id, external: true } : null;
      },
    };
    const bundle = await rollup({
      ...config,
      plugins: [leaveOut, .../** @type {import('rollup').Plugin[]} */ (config.plugins)],
      onwarn: () => undefined,
    });
    await bundle.write({ dir, entryFileNames: 'cx-script.js', format: 'es', sourcemap: false });
    await bundle.close();
    return gzipSync(readFileSync(join(dir, 'cx-script.js')), { level: 9 }).length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// rollup.config.mjs empties its output folder when loaded: point it at a scratch one.
process.env.CX_DIST = mkdtempSync(join(tmpdir(), 'cx-areas-dist-'));
const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const full = await sizeWithout([]);
console.log('dist/cx-script.js by area (gzip -9; each row: the file without that area)');
console.log(`  ${'the whole library'.padEnd(62)} ${kb(full).padStart(9)}`);
for (const [label, patterns] of [
  ...areas,
  ['every area above', everyOptional],
  ['all of ours (what remains is Lit)', allButLit],
]) {
  const size = await sizeWithout(/** @type {RegExp[]} */ (patterns));
  console.log(
    `  without ${String(label).padEnd(54)} ${kb(size).padStart(9)}  (-${kb(full - size)})`,
  );
}
rmSync(process.env.CX_DIST, { recursive: true, force: true });
