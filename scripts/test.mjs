// @ts-check
/**
 * `npm test`: installs what is missing (npm dependencies; Debian's Chromium when running as root),
 * builds dist/ (the demo and bundle tests load it), runs every browser test with web-test-runner,
 * and closes with the line `N passed, N failed`.
 * Extra arguments go to web-test-runner, e.g. `npm test -- --files test/expr/*.test.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDeps();
const chrome = ensureChromium();

const build = spawnSync(
  process.execPath,
  ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) {
  console.error('[cx-script] the build failed: tests not run');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const results = `${root}.wtr-cache/results.json`;
rmSync(results, { force: true });
const wtr = spawnSync(
  process.execPath,
  [
    'node_modules/@web/test-runner/dist/bin.js',
    '--config',
    'web-test-runner.config.mjs',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CHROME_PATH: chrome } },
);

/** @type {{ passed: number, failed: number, skipped: number, failures: string[] }} */
let counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
if (existsSync(results)) counts = JSON.parse(readFileSync(results, 'utf8'));
const status = wtr.status ?? 1;
if (status !== 0 && counts.failed === 0) counts.failed = 1; // the runner itself failed
if (counts.failures.length) console.log(`\nFailed:\n  ${counts.failures.join('\n  ')}`);
const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
process.exit(status !== 0 || counts.failed > 0 ? 1 : 0);
