// @ts-check
/**
 * Installs the npm dependencies when they are missing or older than package-lock.json, so that
 * `npm start` and `npm test` work on a fresh clone with nothing but Node and npm.
 * Uses only Node built-ins: it runs before anything is installed.
 */
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @returns {boolean} true when node_modules matches the lockfile */
function depsAreCurrent() {
  const marker = `${root}node_modules/.package-lock.json`;
  if (!existsSync(marker)) return false;
  const lock = `${root}package-lock.json`;
  if (!existsSync(lock)) return true;
  return statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
}

export function ensureDeps() {
  if (depsAreCurrent()) return;
  const hasLock = existsSync(`${root}package-lock.json`);
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`[cx-script] installing dependencies: npm ${args.join(' ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[cx-script] npm could not install the dependencies (see above).');
    process.exit(result.status ?? 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureDeps();
