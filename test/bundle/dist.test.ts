/**
 * The built library, as an integrator loads it: dist/cx-script.js (built by `npm test` before the
 * tests run). It must export the public API, register every element, and find the vault worker
 * (dist/secured-worker.js) by itself. The worker loads the code that adds keys and the encrypt code
 * on demand, from chunks beside it (dist/chunks/secured-worker-key-intake-*.js and
 * dist/chunks/secured-worker-encrypt-*.js).
 */
import { expect } from '@open-wc/testing';
import type { SecuredClient, SecuredClientOptions } from '../../src/secured/client.js';
import { oracle } from '../esdk-oracle.js';

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

/** The on-demand chunks of the worker: the file name's part, and texts only their code has. */
const CHUNKS = {
  'key-intake': ['RSA-OAEP', 'the broker refused the token', 'key_ops allow no encrypt'],
  encrypt: ['"wrapKey"', 'aws-crypto-'],
} as const;

/** A raw AES key for the built worker's tests, and its identity. */
const RAW_KEY = { keyNamespace: 'cx-dist', keyName: 'dist-key-1' } as const;
const newKeyBytes = () => crypto.getRandomValues(new Uint8Array(32));
/** An attribute's place, as the vault's context rule checks it. */
const PLACE = { conversationId: 'conv-dist-1', organizationId: 'org-dist' } as const;

/** What a rejected promise rejected with (`undefined` when it resolved). */
const failure = <T>(promise: Promise<T>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string; keyNamespace?: string },
  );

describe('dist/secured-worker.js: adding keys and encrypting load on demand', () => {
  const text = async (path: string) => {
    const response = await fetch(path, { cache: 'no-store' });
    expect(response.status, path).to.equal(200);
    return response.text();
  };

  for (const [name, needles] of Object.entries(CHUNKS)) {
    it(`leaves the ${name} code out of the worker and in a chunk beside it`, async () => {
      const worker = await text('/dist/secured-worker.js');
      const chunk = new RegExp(
        `import\\(\\s*["'](\\./chunks/secured-worker-${name}-[\\w-]+\\.js)["']\\s*\\)`,
      ).exec(worker)?.[1];
      expect(chunk, `a dynamic import of the ${name} chunk`).to.be.a('string');
      for (const needle of needles) expect(worker, needle).not.to.contain(needle);
      const code = await text(
        new URL(chunk!, new URL('/dist/secured-worker.js', location.origin)).href,
      );
      for (const needle of needles) expect(code, needle).to.contain(needle);
      // It imports nothing: a static import of the worker entry would load a second copy of the
      // worker (a second comlink API, another VaultError) whenever the worker was started from
      // another URL than the chunk names, e.g. with a query string.
      expect(code).not.to.match(/(^|[;}])\s*import\s*[{*\w"']|\bfrom\s*["']/);
    });
  }

  it('fetches a broker key through the built worker, loading the chunk on the first call', async () => {
    const lib = await loadLibrary();
    const client = lib.createSecuredClient({ persistent: false });
    try {
      const info = await client.addKeyBroker(DEMO_BROKER);
      expect(info).to.include({ source: 'broker', keyNamespace: 'cx-demo', length: 256 });
      // A second key through the chunk already loaded; the first is refused as before.
      expect((await failure(client.addKeyBroker(DEMO_BROKER)))?.code).to.equal('KeyAlreadyExists');
      expect((await client.addKeyBroker({ ...DEMO_BROKER, replace: true })).source).to.equal(
        'broker',
      );
      expect((await client.listKeys()).map((k) => k.keyName)).to.deep.equal(['demo-key-1']);
    } finally {
      client.close();
    }
  });

  it('adds a raw key, encrypts and decrypts through the built worker; the official SDK reads it', async () => {
    const lib = await loadLibrary();
    const client = lib.createSecuredClient({ persistent: false });
    try {
      const keyBytes = newKeyBytes();
      const keyHex = Array.from(keyBytes, (b) => b.toString(16).padStart(2, '0')).join('');
      const bad = await failure(
        client.addRawAesKey({ ...RAW_KEY, keyName: '', key: newKeyBytes() }),
      );
      expect(bad).to.include({ code: 'InvalidKey' });
      expect(bad?.message).to.contain('keyName must not be empty');
      await client.addRawAesKey({ ...RAW_KEY, key: keyBytes.slice() });
      const request = { ...PLACE, attributeName: 'CardNumber', plaintext: '4111 1111 1111 1111' };
      const ciphertext = await client.encrypt(request);
      const [outcome] = await client.decrypt({
        ...PLACE,
        attributes: [{ name: 'CardNumber', ciphertext }],
      });
      expect(outcome).to.include({ ok: true });
      expect(await client.reveal((outcome as { handle: string }).handle)).to.equal(
        request.plaintext,
      );
      const official = await oracle<{ plaintextBase64: string; context: object }>('decrypt', {
        ...RAW_KEY,
        keyHex,
        messageBase64: ciphertext,
      });
      expect(atob(official.plaintextBase64)).to.equal(request.plaintext);
      expect(official.context).to.deep.equal({
        'genesys-cloud-organization-id': PLACE.organizationId,
        conversationId: PLACE.conversationId,
        attributeName: 'CardNumber',
      });
    } finally {
      client.close();
    }
  });

  it('says which code could not be loaded, naming the key or the attribute, then works on', async () => {
    const lib = await loadLibrary();
    // Keys stored by a worker with its chunks, in a database the chunkless worker then opens:
    // it decrypts without any chunk, and only adding keys and encrypting need one.
    const dbName = `cx-dist-${crypto.randomUUID()}`;
    const full = lib.createSecuredClient({ dbName });
    await full.addRawAesKey({ ...RAW_KEY, key: newKeyBytes() });
    const ciphertext = await full.encrypt({ ...PLACE, attributeName: 'Pin', plaintext: '2468' });
    full.close();
    const client = lib.createSecuredClient({
      workerUrl: new URL(WORKER_WITHOUT_CHUNKS_URL, location.origin),
      dbName,
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    addEventListener('unhandledrejection', onUnhandled);
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        // Tried again on the next call, and failing again the same way.
        const broker = await failure(client.addKeyBroker(DEMO_BROKER));
        expect(broker).to.be.instanceOf(lib.VaultError as typeof Error);
        expect(broker).to.include({ code: 'BrokerError', keyNamespace: 'cx-demo' });
        expect(broker?.message).to.equal(
          'BrokerError: key cx-demo/demo-key-1: the code that adds keys could not be loaded',
        );
        const raw = await failure(client.addRawAesKey({ ...RAW_KEY, key: newKeyBytes() }));
        expect(raw).to.include({ code: 'GeneralError', keyNamespace: 'cx-dist' });
        expect(raw?.message).to.equal(
          'GeneralError: key cx-dist/dist-key-1: the code that adds keys could not be loaded',
        );
        const encrypt = await failure(
          client.encrypt({ ...PLACE, attributeName: 'Pin', plaintext: '1357' }),
        );
        expect(encrypt).to.include({ code: 'GeneralError' });
        expect(encrypt?.message).to.equal(
          'GeneralError: cannot encrypt Pin: the encryption code could not be loaded',
        );
      }
      const [outcome] = await client.decrypt({
        ...PLACE,
        attributes: [{ name: 'Pin', ciphertext }],
      });
      expect(outcome).to.include({ ok: true });
      expect(await client.reveal((outcome as { handle: string }).handle)).to.equal('2468');
      expect((await client.listKeys()).map((k) => k.keyName)).to.deep.equal(['dist-key-1']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onUnhandled);
      client.close();
      indexedDB.deleteDatabase(dbName);
    }
  });
});
