// @ts-check
/**
 * Builds, into dist/:
 * - cx-script.js      the library: the public API of src/index.ts, and every cx-* element registered
 * - chunks/           what the library loads on demand (web-vitals), and the worker's on-demand
 *                     chunk (prefixed secured-worker-)
 * - secured-worker.js the vault worker, bundled on its own; cx-script.js finds it next to itself.
 *                     What most starts never run loads on demand from chunks beside it:
 *                     chunks/secured-worker-key-intake-*.js (adding keys: raw, or from a key broker)
 *                     and chunks/secured-worker-encrypt-*.js (Set Secured Data). They import
 *                     nothing: the worker hands them what they share with it.
 * - cx-genesys.js     what cx-script offers for Genesys Cloud (src/genesys/index.ts: the Scripter
 *                     importer …); cx-script.js loads it on demand, and it imports ./cx-script.js
 * - demo.js           the demo desktop (index.html); it imports ./cx-script.js, never a copy of it
 * - cx-designer.js    <cx-script-designer> (designer.html) with CodeMirror; the library through
 *                     ./cx-script.js as well, so agents never download the designer
 * - demo-designer.js  the demo's designer page (demo/designer.ts: the vault with the demo key)
 * The size of each file, gzipped, is printed by scripts/size-report.mjs after the build.
 */
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The output folder: dist/, or CX_DIST (to measure a build without touching dist/).
const out = process.env.CX_DIST ?? 'dist';
// Start from an empty folder so that no stale chunk or worker is served or measured.
rmSync(out, { recursive: true, force: true });

// esbuild strips the types (with our tsconfig's legacy decorators); terser minifies, as it packs
// about 4% tighter than esbuild's minifier once gzipped.
const esbuildOptions = {
  target: 'es2022',
  minify: false,
  tsconfig: 'tsconfig.json',
  legalComments: 'none',
};
const minify = () =>
  terser({
    ecma: 2022,
    module: true,
    compress: { passes: 3, pure_getters: true },
    format: { comments: false },
  });

/**
 * Rewrites `new URL('…/x.worker.ts', import.meta.url)` to `new URL('./x.js', import.meta.url)` so
 * that the bundled library points at the bundled worker (named in `workers`).
 * @param {Record<string, string>} workers map from worker source file name to built file name
 * @returns {import('rollup').Plugin}
 */
function workerUrls(workers) {
  return {
    name: 'worker-urls',
    transform(code) {
      if (!code.includes('.worker.ts')) return null;
      const out = code.replace(
        /new URL\(\s*(['"])[^'"]*?([\w-]+\.worker)\.ts\1\s*,\s*import\.meta\.url\s*\)/g,
        (whole, _q, name) => {
          const built = workers[`${name}.ts`];
          if (!built) this.error(`No built worker is configured for ${name}.ts`);
          return `new URL('./${built}', import.meta.url)`;
        },
      );
      return { code: out, map: null };
    },
  };
}

/**
 * Keeps the demo and the designer from bundling their own copy of the library: imports of
 * components/all (and, from src/designer/, of src/index) resolve to ./cx-script.js at run time.
 * @returns {import('rollup').Plugin}
 */
function libraryAsExternal() {
  return {
    name: 'library-as-external',
    resolveId(source, importer) {
      if (/(^|\/)components\/all(\.js|\.ts)?$/.test(source))
        return { id: './cx-script.js', external: true };
      if (
        importer &&
        /[\\/]src[\\/]designer[\\/]/.test(importer) &&
        /^\.\.\/index(\.js)?$/.test(source)
      )
        return { id: './cx-script.js', external: true };
      return null;
    },
  };
}

/**
 * Keeps the Genesys code out of cx-script.js and cx-designer.js: their dynamic imports of
 * src/genesys/index resolve to ./cx-genesys.js beside them at run time.
 * @returns {import('rollup').Plugin}
 */
function genesysAsExternal() {
  return {
    name: 'genesys-as-external',
    resolveId(source) {
      if (/(^|\/)src\/genesys\/index(\.js|\.ts)?$/.test(source))
        return { id: './cx-genesys.js', external: true };
      return null;
    },
  };
}

/**
 * Builds cx-genesys.js on top of cx-script.js: src/genesys/ reaches the core only through
 * `../index.js` (src/index.ts), which resolves to ./cx-script.js at run time, so no core module is
 * copied into it. Any other import from src/genesys/ that leaves the folder is an error.
 * @returns {import('rollup').Plugin}
 */
function coreAsExternal() {
  const genesys = fileURLToPath(new URL('./src/genesys/', import.meta.url));
  return {
    name: 'core-as-external',
    resolveId(source, importer) {
      if (!importer?.startsWith(genesys) || !source.startsWith('.')) return null;
      const target = resolve(dirname(importer), source);
      if (target === resolve(genesys, '../index.js') || target === resolve(genesys, '../index.ts'))
        return { id: './cx-script.js', external: true };
      if (!target.startsWith(genesys))
        this.error(
          `${relative('.', importer)} imports '${source}': code in src/genesys/ reaches the core only through '../index.js' (export what it needs from src/index.ts)`,
        );
      return null;
    },
  };
}

/**
 * Makes cx-designer.js share cx-script.js's copy of Lit (components/all.ts re-exports the parts the
 * library uses): two copies would both create the `lit-html` Trusted Types policy, and the demo's
 * CSP allows it once. Any other Lit import from the designer is an error, so that nothing brings a
 * second copy back unnoticed.
 * @returns {import('rollup').Plugin}
 */
function litFromLibrary() {
  return {
    name: 'lit-from-library',
    resolveId(source, importer) {
      if (source === 'lit' || source === 'lit/decorators.js')
        return { id: './cx-script.js', external: true };
      if (/^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/.test(source))
        this.error(
          `${importer ? relative('.', importer) : '?'} imports '${source}': the designer takes Lit from cx-script.js (export it from components/all.ts)`,
        );
      return null;
    },
  };
}

const onwarn = (
  /** @type {import('rollup').RollupLog} */ warning,
  /** @type {(w: import('rollup').RollupLog) => void} */ warn,
) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    input: 'components/all.ts',
    // A directory output so that what loads on demand (web-vitals, once someone subscribes to
    // metrics) becomes its own chunk under dist/chunks/ instead of weighing on every agent.
    output: {
      dir: out,
      entryFileNames: 'cx-script.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      format: 'es',
      sourcemap: true,
    },
    plugins: [
      workerUrls({ 'secured.worker.ts': 'secured-worker.js' }),
      genesysAsExternal(),
      nodeResolve(),
      esbuild(esbuildOptions),
      minify(),
    ],
    onwarn,
  },
  {
    input: 'worker/secured.worker.ts',
    // A directory output too: the code that adds keys (a dynamic import in
    // worker/keys/key-store.ts) and the encrypt code (worker/esdk/message.ts) become chunks of
    // their own, fetched the first time they run. Stored keys survive reloads and only Set Secured
    // Data encrypts, so most starts need neither. The prefix keeps their names apart from the
    // library's chunks in the same folder.
    output: {
      dir: out,
      entryFileNames: 'secured-worker.js',
      chunkFileNames: 'chunks/secured-worker-[name]-[hash].js',
      format: 'es',
      sourcemap: true,
    },
    plugins: [nodeResolve(), esbuild(esbuildOptions), minify()],
    onwarn,
  },
  {
    input: 'src/genesys/index.ts',
    output: { file: `${out}/cx-genesys.js`, format: 'es', sourcemap: true },
    plugins: [coreAsExternal(), nodeResolve(), esbuild(esbuildOptions), minify()],
    onwarn,
  },
  {
    input: 'demo/desktop.ts',
    output: { file: `${out}/demo.js`, format: 'es', sourcemap: true },
    plugins: [libraryAsExternal(), nodeResolve(), esbuild(esbuildOptions), minify()],
    onwarn,
  },
  {
    input: 'demo/designer.ts',
    output: { file: `${out}/demo-designer.js`, format: 'es', sourcemap: true },
    plugins: [libraryAsExternal(), nodeResolve(), esbuild(esbuildOptions), minify()],
    onwarn,
  },
  {
    input: 'components/designer.ts',
    output: { file: `${out}/cx-designer.js`, format: 'es', sourcemap: true },
    plugins: [
      libraryAsExternal(),
      // The Scripter importer: loaded on demand from ./cx-genesys.js, as <cx-script> does.
      genesysAsExternal(),
      litFromLibrary(),
      // CodeMirror's packages check each other with instanceof: one copy of each, however a
      // package manager laid them out.
      nodeResolve({ dedupe: (name) => /^@(codemirror|lezer)\//.test(name) }),
      esbuild(esbuildOptions),
      minify(),
    ],
    onwarn,
  },
];
