/**
 * The built library, as an integrator loads it: dist/cx-script.js (built by `npm test` before the
 * tests run). It must export the public API, register every element, and find the vault worker
 * (dist/secured-worker.js) by itself. The worker loads its key broker client on demand, from a
 * chunk beside it (dist/chunks/secured-worker-key-broker-*.js).
 */
import { expect } from '@open-wc/testing';
import type { SecuredClient, SecuredClientOptions } from '../../src/secured/client.js';

interface BuiltLibrary {
  parseScript(json: unknown): unknown;
  createSecuredClient(options?: SecuredClientOptions): SecuredClient;
  [name: string]: unknown;
}

const distUrl = new URL('/dist/cx-script.js', location.origin).href;
/** The built worker, served by test/server/index.mjs where its chunks are missing (404). */
const WORKER_WITHOUT_CHUNKS_URL = '/__test/worker-without-chunks/secured-worker.js';
/** The reference broker's demo key and token (test/server/key-broker.mjs). */
const DEMO_BROKER = {
  url: '/__test/broker',
  keyNamespace: 'cx-demo',
  keyName: 'demo-key-1',
  getToken: () => 'cx-demo-token-development-only',
};

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

describe('dist/secured-worker.js: the key broker client on demand', () => {
  const text = async (path: string) => {
    const response = await fetch(path, { cache: 'no-store' });
    expect(response.status, path).to.equal(200);
    return response.text();
  };

  it('leaves the broker client out of the worker and in a chunk beside it', async () => {
    const worker = await text('/dist/secured-worker.js');
    const chunk = /import\(\s*["'](\.\/chunks\/secured-worker-key-broker-[\w-]+\.js)["']\s*\)/.exec(
      worker,
    )?.[1];
    expect(chunk, 'a dynamic import of the broker chunk').to.be.a('string');
    // Texts that only the broker client has: its RSA-OAEP transport pair and its error messages.
    const brokerOnly = ['RSA-OAEP', 'the broker refused the token', 'wrappedKey'];
    for (const needle of brokerOnly) expect(worker, needle).not.to.contain(needle);
    const code = await text(
      new URL(chunk!, new URL('/dist/secured-worker.js', location.origin)).href,
    );
    for (const needle of brokerOnly) expect(code, needle).to.contain(needle);
    // It imports nothing: a static import of the worker entry would load a second copy of the
    // worker (a second comlink API, another VaultError) whenever the worker was started from
    // another URL than the chunk names, e.g. with a query string.
    expect(code).not.to.match(/(^|[;}])\s*import\s*[{*\w"']|\bfrom\s*["']/);
  });

  it('fetches a broker key through the built worker, loading the chunk on the first call', async () => {
    const lib = await loadLibrary();
    const client = lib.createSecuredClient({ persistent: false });
    try {
      const info = await client.addKeyBroker(DEMO_BROKER);
      expect(info).to.include({ source: 'broker', keyNamespace: 'cx-demo', length: 256 });
      // A second key through the chunk already loaded; the first is refused as before.
      const again = await client.addKeyBroker(DEMO_BROKER).then(
        () => undefined,
        (error: unknown) => error as { code?: string; message?: string },
      );
      expect(again?.code).to.equal('KeyAlreadyExists');
      expect((await client.addKeyBroker({ ...DEMO_BROKER, replace: true })).source).to.equal(
        'broker',
      );
      expect((await client.listKeys()).map((k) => k.keyName)).to.deep.equal(['demo-key-1']);
    } finally {
      client.close();
    }
  });

  it('answers a BrokerError naming the key when the chunk cannot be loaded, then works on', async () => {
    const lib = await loadLibrary();
    const client = lib.createSecuredClient({
      workerUrl: new URL(WORKER_WITHOUT_CHUNKS_URL, location.origin),
      persistent: false,
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    addEventListener('unhandledrejection', onUnhandled);
    try {
      const error = await client.addKeyBroker(DEMO_BROKER).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(lib.VaultError as typeof Error);
      expect(error).to.include({ code: 'BrokerError', keyNamespace: 'cx-demo' });
      expect((error as Error).message).to.equal(
        'BrokerError: key cx-demo/demo-key-1: the broker client could not be loaded',
      );
      // Tried again on the next call (and failing again the same way), and the vault works on.
      const second = await client.addKeyBroker(DEMO_BROKER).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(second?.message).to.contain('the broker client could not be loaded');
      expect(await client.listKeys()).to.deep.equal([]);
      expect((await client.ping()).pong).to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onUnhandled);
      client.close();
    }
  });
});
