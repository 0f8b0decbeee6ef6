// @ts-check
/**
 * `npm start`: installs what is missing, builds dist/ (and prints the size report), then serves the
 * demo agent desktop on http://localhost:8000 (PORT overrides) and the sample CRM that embeds it on
 * http://localhost:8001 (CRM_PORT overrides), another origin, until Ctrl+C. `--no-build` serves the
 * current dist/ as it is. CX_EMBED_FRAME_ANCESTORS sets who may frame the embedded view
 * (/embed.html; default: the sample CRM's origin), e.g. "https://crm.example.com".
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} message @returns {never} */
function die(message) {
  console.error(`[cx-script] ${message}`);
  process.exit(1);
}

/** @param {string} name @param {number} fallback */
function portFrom(name, fallback) {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    die(`${name} must be a port number (0-65535), not "${raw}".`);
  return value;
}
const port = portFrom('PORT', 8000);
const crmPort = portFrom('CRM_PORT', port === 0 ? 0 : port + 1);
if (crmPort === port && port !== 0) die(`PORT and CRM_PORT must differ (both are ${port}).`);
const frameAncestors = process.env.CX_EMBED_FRAME_ANCESTORS || undefined;

ensureDeps();

if (!process.argv.includes('--no-build')) {
  const node = process.execPath;
  const build = spawnSync(node, ['node_modules/rollup/dist/bin/rollup', '-c'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) die('the build failed (see above): nothing to serve.');
  spawnSync(node, ['scripts/size-report.mjs'], { cwd: root, stdio: 'inherit' });
}
if (!existsSync(`${root}dist/demo.js`))
  die('dist/demo.js is missing: run npm start without --no-build.');

// Imported only now: the server needs nothing installed, but it is no use before the build.
const { startDemoSites } = await import('./serve.mjs');
/** @type {Awaited<ReturnType<typeof startDemoSites>>} */
let demo;
try {
  demo = await startDemoSites({ port, crmPort, root, frameAncestors });
} catch (error) {
  die(error instanceof Error ? error.message : String(error));
}

console.log(
  `\n  cx-script demo: ${demo.desktop.url}\n  script designer: ${demo.desktop.url}designer.html\n  sample CRM embedding it: ${demo.crm.url}\n\n  Press Ctrl+C to stop.\n`,
);

let stopping = false;
/** @param {NodeJS.Signals} signal */
function stop(signal) {
  if (stopping) process.exit(130); // a second Ctrl+C: stop now
  stopping = true;
  console.log(`\n[cx-script] ${signal}: stopping the demo servers`);
  setTimeout(() => process.exit(0), 3000).unref();
  demo.close().then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
