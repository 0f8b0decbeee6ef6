/**
 * The vault worker's Trusted Types policy (`cx-script#worker`, src/secured/client.ts): it vouches
 * for the worker's own same-origin URL and refuses any other, with a clear error. Chromium exposes
 * `window.trustedTypes` on every page, so the policy is in use here even without enforcement; the
 * enforced case is test/embed/embed.test.ts (the demo's worker under `require-trusted-types-for`).
 */
import { expect } from '@open-wc/testing';
import { createSecuredClient } from '../../src/secured/client.js';

describe('the cx-script#worker Trusted Types policy', () => {
  it('exists in this browser (so createSecuredClient goes through it)', () => {
    expect((window as unknown as { trustedTypes?: unknown }).trustedTypes).to.not.equal(undefined);
  });

  it('starts the default, same-origin worker', async () => {
    const client = createSecuredClient({ dbName: `cx-tt-${crypto.randomUUID()}` });
    try {
      expect((await client.ping()).apiVersion).to.be.a('number');
    } finally {
      client.close();
    }
  });

  for (const workerUrl of [
    'https://cdn.example.com/secured-worker.js',
    // the same server under its other loopback name: another origin
    `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}/worker/secured.worker.ts`,
    'data:text/javascript,postMessage(1)',
    'blob:https://cdn.example.com/0b2f3e5c-0000-4000-8000-000000000000',
  ])
    it(`refuses ${workerUrl.slice(0, 48)} with a clear error`, () => {
      expect(() => createSecuredClient({ workerUrl })).to.throw(
        TypeError,
        /cx-script#worker: refused .*: the vault worker must be a same-origin http\(s\) script/,
      );
    });
});
