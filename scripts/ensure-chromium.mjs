// @ts-check
/**
 * Finds a Chromium for the browser tests. Test tools cannot download browsers on these machines,
 * so we use Debian's package: when it is missing and we run as root we install it with apt-get;
 * otherwise we say exactly what to install. CHROME_PATH overrides the search.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const candidates = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** @returns {string | undefined} */
function findChromium() {
  if (process.env.CHROME_PATH && existsSync(process.env.CHROME_PATH))
    return process.env.CHROME_PATH;
  return candidates.find((path) => existsSync(path));
}

/** @returns {string} the path of a Chromium binary; exits the process when none can be had */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log("[cx-script] Chromium is missing: installing Debian's chromium with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install =
      update.status === 0 &&
      spawnSync(
        'apt-get',
        ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'],
        {
          stdio: 'inherit',
          env,
        },
      );
    const path = findChromium();
    if (install && install.status === 0 && path) return path;
    console.error('[cx-script] apt-get could not install chromium (see above).');
    process.exit(1);
  }
  console.error(
    [
      '[cx-script] The browser tests need Chromium, and none was found.',
      '  On Debian or Ubuntu: sudo apt-get install chromium   (then run npm test again)',
      '  Elsewhere: install Chromium or Chrome and set CHROME_PATH=/path/to/chrome',
    ].join('\n'),
  );
  process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  console.log(ensureChromium());
