// @ts-check
/**
 * `npm start`: installs what is missing, builds dist/ (and prints the size report), then serves the
 * demo agent desktop on http://localhost:8000 (the PORT environment variable overrides) until
 * Ctrl+C. `--no-build` serves the current dist/ as it is.
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

const port = process.env.PORT === undefined ? 8000 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  die(`PORT must be a port number (0-65535), not "${process.env.PORT}".`);

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
const { startDemoServer } = await import('./serve.mjs');
/** @type {import('./serve.mjs').DemoServer} */
let demo;
try {
  demo = await startDemoServer({ port, root });
} catch (error) {
  die(error instanceof Error ? error.message : String(error));
}

console.log(`\n  cx-script demo: ${demo.url}\n\n  Press Ctrl+C to stop.\n`);

let stopping = false;
/** @param {NodeJS.Signals} signal */
function stop(signal) {
  if (stopping) process.exit(130); // a second Ctrl+C: stop now
  stopping = true;
  console.log(`\n[cx-script] ${signal}: stopping the demo server`);
  setTimeout(() => process.exit(0), 3000).unref();
  demo.close().then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
