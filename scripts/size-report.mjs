// @ts-check
/**
 * Prints the raw and gzipped size of every JavaScript file in dist/, and, with --check, fails
 * when a budget from DESIGN.md is exceeded:
 *   dist/cx-script.js      <= 30 KB gzipped (Lit included)
 *   dist/secured-worker.js <= 12 KB gzipped
 * Files under dist/chunks/ load on demand only (web-vitals, once someone subscribes to metrics; the
 * vault worker's code that adds keys, raw or from a broker, which stored keys make rare, and its
 * encrypt code, for Set Secured Data only); the secured-worker.js budget is the worker's entry
 * file, what every start loads;
 * cx-genesys.js loads on demand (a Scripter export, or an import by the integrator); cx-designer.js
 * is for script designers only; demo.js is the demo desktop's own code. Each row says which.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = process.env.CX_DIST
  ? `${process.env.CX_DIST.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../dist/', import.meta.url));
/** @type {Record<string, number>} budgets in bytes, gzipped */
export const budgets = { 'cx-script.js': 30 * 1024, 'secured-worker.js': 12 * 1024 };

/** What each file is, beside its figures. */
const roles = {
  'cx-script.js': 'every agent',
  'secured-worker.js': 'every agent with secured data',
  'cx-genesys.js': 'on demand: Genesys exports and sources',
  'cx-designer.js': 'script designers only',
  'demo.js': 'the demo desktop',
  'demo-designer.js': 'the demo designer page',
};

/** What each on-demand chunk of the worker is, by the start of its name. */
const chunkRoles = [
  ['chunks/secured-worker-key-intake-', 'on demand: adding keys'],
  ['chunks/secured-worker-encrypt-', 'on demand: encrypting'],
];

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

export function sizeReport() {
  if (!existsSync(dist)) throw new Error('dist/ does not exist: run npm run build first');
  const rows = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => name.split('\\').join('/'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(dist + name);
      return {
        name,
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        budget: budgets[name],
      };
    });
  return rows;
}

const check = process.argv.includes('--check');
let over = 0;
console.log('size report (dist/, gzip -9)');
const rows = sizeReport();
const width = Math.max(36, ...rows.map((row) => row.name.length));
for (const row of rows) {
  const budget = row.budget
    ? ` / budget ${kb(row.budget)} (${((row.gzip / row.budget) * 100).toFixed(0)}%)`
    : '';
  const role =
    roles[/** @type {keyof typeof roles} */ (row.name)] ??
    chunkRoles.find(([prefix]) => row.name.startsWith(prefix))?.[1] ??
    (row.name.startsWith('chunks/') ? 'on demand' : '');
  const isOver = row.budget !== undefined && row.gzip > row.budget;
  const flag = (isOver ? '  OVER BUDGET' : '') + (role ? `  [${role}]` : '');
  if (isOver) over += 1;
  console.log(
    `  ${row.name.padEnd(width)} ${kb(row.raw).padStart(10)} raw  ${kb(row.gzip).padStart(9)} gzip${budget}${flag}`,
  );
}
if (check && over) {
  console.error(`${over} file(s) over budget`);
  process.exit(1);
}
