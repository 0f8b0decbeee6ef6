// @ts-check
/**
 * web-test-runner configuration: every test runs in real Chromium (Debian's, see TOOLING),
 * TypeScript is transpiled by esbuild with our tsconfig (legacy decorators), and the Node-side
 * test servers in test/server/ add their routes to the dev server.
 */
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { countingReporter } from './test/server/counting-reporter.mjs';
import { testServerPlugins } from './test/server/index.mjs';

export const chromeArgs = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Test pages run side by side in tabs of one browser: keep background tabs from being hidden
  // or throttled (a hidden page gets no animation frames and no first contentful paint).
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    ...testServerPlugins(),
  ],
  browsers: [
    chromeLauncher({
      // Each test page in a window of its own: tabs of one window hide each other, and a hidden
      // page gets no animation frames and no first contentful paint.
      createPage: ({ context }) => context.newPage({ type: 'window' }),
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: chromeArgs,
      },
    }),
  ],
  reporters: [defaultReporter(), countingReporter()],
};
