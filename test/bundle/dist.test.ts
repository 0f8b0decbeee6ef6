/**
 * The built library, as an integrator loads it: dist/cx-script.js (built by `npm test` before the
 * tests run). It must export the public API, register every element, and find the vault worker
 * (dist/secured-worker.js) by itself.
 */
import { expect } from '@open-wc/testing';

interface BuiltLibrary {
  parseScript(json: unknown): unknown;
  createSecuredClient(): { ping(): Promise<{ pong: boolean }>; close(): void };
  [name: string]: unknown;
}

const distUrl = new URL('/dist/cx-script.js', location.origin).href;

async function loadLibrary(): Promise<BuiltLibrary> {
  return (await import(/* @vite-ignore */ distUrl)) as BuiltLibrary;
}

describe('dist/cx-script.js', () => {
  it('exports the public API', async () => {
    const lib = await loadLibrary();
    for (const name of [
      'parseScript',
      'ScriptError',
      'MemorySource',
      'InteractionSession',
      'createSecuredClient',
      'SecuredValue',
      'onMetric',
    ]) {
      expect(lib[name], name).to.be.a('function');
    }
  });

  it('registers every cx-* element', async () => {
    await loadLibrary();
    for (const tag of ['cx-interaction', 'cx-script', 'cx-participant-data']) {
      expect(customElements.get(tag), tag).to.be.a('function');
    }
  });

  it('starts the built vault worker from beside itself', async () => {
    const lib = await loadLibrary();
    const client = lib.createSecuredClient();
    try {
      expect((await client.ping()).pong).to.equal(true);
    } finally {
      client.close();
    }
  });

  it('does not register the designer (it ships in its own bundle)', async () => {
    await loadLibrary();
    expect(customElements.get('cx-script-designer')).to.equal(undefined);
  });
});
