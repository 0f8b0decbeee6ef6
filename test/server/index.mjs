// @ts-check
/**
 * Node-side helpers for the browser tests, mounted into the web-test-runner dev server.
 * Each module in this folder contributes dev-server plugins; routes live under /__test/.
 */
import { esdkOraclePlugins } from './esdk-oracle.mjs';
import { keyBrokerPlugins } from './key-broker.mjs';
import { demoServerPlugins } from './demo-server.mjs';
import { platformPlugins } from './platform.mjs';
import { genesysCloudPlugins } from './genesys-cloud.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

/**
 * `bring-to-front`: raises the calling test page's window above the others. A test that needs a
 * paint (first contentful paint) calls it first: under load, a window that another test opened
 * meanwhile (a screen-pop window, an audit page) can cover it, and a covered window is not drawn.
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function pageCommandsPlugin() {
  return {
    name: 'cx-test-page-commands',
    /** @param {{ command: string, session: any }} args */
    async executeCommand({ command, session }) {
      if (command !== 'bring-to-front') return undefined;
      if (typeof session?.browser?.getPage !== 'function')
        throw new Error('bring-to-front needs a puppeteer-based browser launcher (chromeLauncher)');
      await session.browser.getPage(session.id).bringToFront();
      return true;
    },
  };
}

/**
 * `size-check`: runs `scripts/size-report.mjs --check` (what `npm run verify` runs) on a folder of
 * made-up files, so that a test can see it pass and fail. Payload: `{ files: { [name]: gzipBytes } }`;
 * each file is random bytes, which gzip cannot shrink, of about that gzipped size.
 * Answers `{ status, output }`.
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function sizeCheckPlugin() {
  const script = fileURLToPath(new URL('../../scripts/size-report.mjs', import.meta.url));
  return {
    name: 'cx-test-size-check',
    /** @param {{ command: string, payload?: any }} args */
    executeCommand({ command, payload }) {
      if (command !== 'size-check') return undefined;
      const dir = mkdtempSync(join(tmpdir(), 'cx-size-'));
      try {
        for (const [name, bytes] of Object.entries(payload?.files ?? {})) {
          mkdirSync(dirname(join(dir, name)), { recursive: true });
          writeFileSync(join(dir, name), randomBytes(Number(bytes)));
        }
        const run = spawnSync(process.execPath, [script, '--check'], {
          env: { ...process.env, CX_DIST: dir },
          encoding: 'utf8',
        });
        return { status: run.status, output: `${run.stdout}${run.stderr}` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Where {@link workerWithoutChunksPlugin} serves the built worker. */
export const WORKER_WITHOUT_CHUNKS_URL = '/__test/worker-without-chunks/secured-worker.js';

/**
 * Serves the built dist/secured-worker.js at {@link WORKER_WITHOUT_CHUNKS_URL}, where nothing is
 * beside it: its on-demand chunks (`./chunks/…`) answer 404 there, so a test can see how the worker
 * copes when one cannot be loaded.
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function workerWithoutChunksPlugin() {
  const worker = fileURLToPath(new URL('../../dist/secured-worker.js', import.meta.url));
  return {
    name: 'cx-test-worker-without-chunks',
    /** @param {import('koa').Context} ctx */
    serve(ctx) {
      if (ctx.path !== WORKER_WITHOUT_CHUNKS_URL) return undefined;
      return {
        body: readFileSync(worker, 'utf8'),
        type: 'js',
        headers: { 'cache-control': 'no-store' },
      };
    },
  };
}

export function testServerPlugins() {
  return [
    pageCommandsPlugin(),
    sizeCheckPlugin(),
    workerWithoutChunksPlugin(),
    ...esdkOraclePlugins(),
    ...keyBrokerPlugins(),
    ...demoServerPlugins(),
    ...platformPlugins(),
    ...genesysCloudPlugins(),
  ];
}
