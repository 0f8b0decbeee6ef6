// @ts-check
/**
 * `npm run bench`: measures, in headless Chromium and from ONE run, what DESIGN.md budgets:
 *
 * - every case in bench/cases/*.ts (each exports `benchCase = { name, run(context) }`, see
 *   bench/types.ts): decrypting a 1,000-attribute batch through the real worker against the
 *   WebCrypto floor and the official @aws-crypto/client-browser, and reveal latency; other cases
 *   (the guard's URL check, the 500-component render) plug in the same way;
 * - the vault worker bundle's gzip size: dist/secured-worker.js when built (the budget; its on-demand
 *   chunks beside it: adding keys, encrypting), and the bench's own esbuild copy (one file, the
 *   chunks inlined).
 *
 * How: the fixtures are made Node-side with the official @aws-crypto/client-node; the page (a
 * generated entry: the Buffer shim, bench/page.ts, every case) and the worker are bundled with
 * esbuild into a temporary directory (never dist/); a small node:http server serves it; Chromium
 * (puppeteer-core, /usr/bin/chromium or CHROME_PATH, the test runner's flags) runs it.
 *
 *   node scripts/bench.mjs [--check] [--only=decrypt]
 *     --check: exit 1 when a figure misses its budget; --only: the cases whose file name has it
 *   CX_BENCH_PROFILE=file.cpuprofile: also records a CPU profile of the page's main thread (the
 *     bundles then keep their names, unminified), for Chrome DevTools' Performance panel
 */
/* global window -- the page.waitForFunction and page.evaluate callbacks run in the bench page */
import { createServer } from 'node:http';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  existsSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  buildClient,
} from '@aws-crypto/client-node';
import { chromeArgs } from '../web-test-runner.config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
/** `--only=<text>`: run only the cases whose file name contains it (while working on one). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const ATTRIBUTES = 1000;

/** 1,000 attributes of one conversation, encrypted by the official SDK (suite 0x0478). */
async function messagesFixture() {
  const keyBytes = new Uint8Array(32);
  crypto.getRandomValues(keyBytes);
  const keyNamespace = 'cx-bench';
  const keyName = 'bench-key';
  const organizationId = 'bench-org-0001';
  const conversationId = 'bench-conversation-0001';
  const keyring = new RawAesKeyringNode({
    keyNamespace,
    keyName,
    unencryptedMasterKey: keyBytes.slice(),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    utf8Sorting: true,
  });
  const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const attributes = [];
  for (let i = 0; i < ATTRIBUTES; i++) {
    const name = `Attribute${String(i).padStart(4, '0')}`;
    const { result } = await encrypt(keyring, `4111 1111 1111 ${String(i).padStart(4, '0')}`, {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      encryptionContext: {
        'genesys-cloud-organization-id': organizationId,
        conversationId,
        attributeName: name,
      },
    });
    attributes.push({ name, ciphertext: Buffer.from(result).toString('base64') });
  }
  return {
    keyHex: Buffer.from(keyBytes).toString('hex'),
    keyNamespace,
    keyName,
    organizationId,
    conversationId,
    attributes,
  };
}

/** Bundles the page (every case) and the worker into `dir`. */
async function bundle(dir) {
  const cases = readdirSync(join(root, 'bench/cases'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && (!only || f.includes(only)))
    .sort();
  if (!cases.length) throw new Error('bench/cases/ has no case');
  const abs = (p) => JSON.stringify(join(root, p));
  const entry = [
    `import ${abs('bench/shim-buffer.ts')};`,
    `import { runBench } from ${abs('bench/page.ts')};`,
    ...cases.map((f, i) => `import * as c${i} from ${abs(`bench/cases/${f}`)};`),
    `void runBench([${cases.map((_, i) => `c${i}.benchCase ?? c${i}.default`).join(', ')}]);`,
  ].join('\n');
  writeFileSync(join(dir, 'entry.ts'), entry);
  const common = {
    bundle: true,
    format: /** @type {const} */ ('esm'),
    target: 'es2022',
    minify: !profileFile,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: /** @type {const} */ ('error'),
    nodePaths: [join(root, 'node_modules')],
  };
  await build({
    ...common,
    entryPoints: [join(dir, 'entry.ts')],
    outfile: join(dir, 'bench.js'),
    define: { global: 'globalThis' },
  });
  await build({
    ...common,
    entryPoints: [join(root, 'worker/secured.worker.ts')],
    outfile: join(dir, 'secured-worker.js'),
  });
  // The WebCrypto floor's own worker (bench/cases/decrypt-batch.ts).
  await build({
    ...common,
    entryPoints: [join(root, 'bench/floor.worker.ts')],
    outfile: join(dir, 'floor-worker.js'),
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>cx-script bench</title><script type="module" src="./bench.js"></script>',
  );
  return cases;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

/** Serves `dir` on a free loopback port. */
async function serve(dir) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const rel = path === '/' ? 'index.html' : path.slice(1);
    if (rel.includes('..') || !existsSync(join(dir, rel))) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type':
        TYPES[/** @type {keyof typeof TYPES} */ (extname(rel))] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      // Cross-origin isolation: performance.now() then resolves 5 µs instead of 100 µs.
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(readFileSync(join(dir, rel)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}

function gzipKb(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

/** @param {{ value: number, unit: string, budget?: { max?: number, min?: number } }} f */
function verdict(f) {
  if (!f.budget) return '';
  const { max, min } = f.budget;
  const ok = (max === undefined || f.value <= max) && (min === undefined || f.value >= min);
  const limit = max !== undefined ? `≤ ${max}` : `≥ ${min}`;
  return `  budget ${limit}${f.unit === 'x' ? '×' : ` ${f.unit}`}: ${ok ? 'ok' : 'MISSED'}`;
}

/** @param {number} value @param {string} unit */
function show(value, unit) {
  if (unit === 'x') return `${value.toFixed(2)}×`;
  if (unit === 'tasks') return `${value} tasks`;
  if (unit === 'ms') return `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ${unit}`;
}

const dir = mkdtempSync(join(tmpdir(), 'cx-bench-'));
/** Where to write a CPU profile of the page's main thread, if anywhere. */
const profileFile = process.env.CX_BENCH_PROFILE;
let browser;
let server;
let missed = 0;
try {
  process.stdout.write('bench: encrypting fixtures with @aws-crypto/client-node … ');
  mkdirSync(join(dir, 'fixtures'));
  writeFileSync(join(dir, 'fixtures/messages.json'), JSON.stringify(await messagesFixture()));
  process.stdout.write('bundling … ');
  const cases = await bundle(dir);
  const served = await serve(dir);
  server = served.server;
  process.stdout.write(`running ${cases.length} case(s) in Chromium …\n\n`);
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: chromeArgs,
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e instanceof Error ? e.message : String(e)));
  const cdp = profileFile ? await page.createCDPSession() : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await page.goto(served.url);
  await page.waitForFunction(() => window.__benchResults !== undefined, {
    timeout: 600_000,
    polling: 250,
  });
  if (cdp && profileFile) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    console.log(`CPU profile of the page written to ${profileFile}\n`);
  }
  /** @type {{ name: string, result?: { figures: any[], notes?: string[] }, error?: string }[]} */
  const results = await page.evaluate(() => window.__benchResults ?? []);
  if (pageErrors.length) console.log(`page errors: ${pageErrors.join('; ')}\n`);

  for (const { name, result, error } of results) {
    console.log(name);
    if (error) {
      console.log(`  FAILED: ${error}`);
      missed++;
      continue;
    }
    for (const f of result?.figures ?? []) {
      const v = verdict(f);
      if (v.endsWith('MISSED')) missed++;
      console.log(`  ${f.label.padEnd(52)} ${show(f.value, f.unit).padStart(10)}${v}`);
    }
    for (const note of result?.notes ?? []) console.log(`  · ${note}`);
    console.log('');
  }

  console.log('vault worker bundle');
  // The budget is the rollup build's entry file, what every start loads; the code that adds keys
  // and the encrypt code are chunks beside it (dist/chunks/), fetched the first time they run.
  const dist = join(root, 'dist/secured-worker.js');
  const sizes = [];
  if (existsSync(dist)) {
    sizes.push({
      label: 'dist/secured-worker.js (rollup build), gzip -9',
      kb: gzipKb(dist),
      budget: true,
    });
    const chunks = join(root, 'dist/chunks');
    for (const name of existsSync(chunks) ? readdirSync(chunks) : [])
      for (const [part, what] of [
        ['key-intake', 'adding keys'],
        ['encrypt', 'encrypting'],
      ])
        if (name.startsWith(`secured-worker-${part}-`) && name.endsWith('.js'))
          sizes.push({
            label: `  + its ${what} chunk (on demand), gzip -9`,
            kb: gzipKb(join(chunks, name)),
          });
  } else console.log('  (dist/ not built: `npm run build` for the budgeted figure)');
  // esbuild without code splitting inlines the dynamic imports: the bench runs one file, so this
  // copy carries the chunks too and is larger than the rollup entry.
  sizes.push({
    label: 'bench copy (esbuild, one file: chunks inlined), gzip -9',
    kb: gzipKb(join(dir, 'secured-worker.js')),
  });
  for (const s of sizes) {
    const f = { value: s.kb, unit: 'KB', budget: s.budget ? { max: 12 } : undefined };
    const v = verdict(f);
    if (v.endsWith('MISSED')) missed++;
    console.log(`  ${s.label.padEnd(52)} ${show(s.kb, 'KB').padStart(10)}${v}`);
  }
  console.log(`\n${missed ? `${missed} figure(s) missed a budget` : 'every budget met'}`);
} finally {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
if (check && missed) process.exit(1);
