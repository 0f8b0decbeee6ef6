/**
 * The vault's keys, in real Chromium with real IndexedDB and WebCrypto: the key store and the key
 * broker client (worker/keys/), against the reference broker that test/server/key-broker.mjs mounts
 * at /__test/broker. The modules are pure, so most tests call them on the main thread; one runs the
 * store inside a real Worker.
 */
import { expect } from '@open-wc/testing';
import { VaultError, type VaultErrorCode } from '../../worker/errors.js';
import * as bytes from '../../worker/esdk/bytes.js';
import { BROKER_RSA_MODULUS_BITS } from '../../worker/keys/key-broker.js';
import { jwkAlg, keyError } from '../../worker/keys/key-id.js';
import { keyIntake } from '../../worker/keys/key-intake.js';
import {
  KEYS_STORE,
  KeyStore,
  VAULT_DB_NAME,
  type AddRawAesKeyOptions,
  type KeyInfo,
} from '../../worker/keys/key-store.js';

/** The broker client as the key store makes it, over the worker's helpers. */
const { fetchBrokerKey } = keyIntake({ fromBase64: bytes.fromBase64, jwkAlg, keyError });

// web-test-runner provides mocha's globals; there is no mocha type package (tsconfig `types: []`).
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => unknown) => void;
declare const afterEach: (body: () => unknown) => void;

const DEMO = { keyNamespace: 'cx-demo', keyName: 'demo-key-1' } as const;
const DEMO_TOKEN = 'cx-demo-token-development-only';
const BROKER = '/__test/broker';

const openDbs: string[] = [];
const openStores: KeyStore[] = [];

async function freshStore(dbName = `cx-test-vault-${crypto.randomUUID()}`): Promise<KeyStore> {
  if (!openDbs.includes(dbName)) openDbs.push(dbName);
  const store = await KeyStore.open({ dbName });
  openStores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of openStores.splice(0)) store.close();
  for (const name of openDbs.splice(0)) {
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
});

/** Resolves the error `promise` rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

async function vaultError(promise: Promise<unknown>, code: VaultErrorCode): Promise<VaultError> {
  const error = await rejection(promise);
  expect(error, String(error)).to.be.instanceOf(VaultError);
  expect((error as VaultError).code, (error as VaultError).message).to.equal(code);
  return error as VaultError;
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An extractable twin of `bytes`, held by the test, to check what a stored key really is. */
function twin(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Proves `stored` is the AES-GCM key `bytes`: each decrypts what the other encrypts. */
async function expectSameKey(stored: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const reference = await twin(bytes);
  const iv = randomBytes(12);
  const plaintext = randomBytes(40);
  const byStored = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, stored, plaintext);
  const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, reference, byStored);
  expect(toHex(new Uint8Array(opened))).to.equal(toHex(plaintext));
  const byReference = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, reference, plaintext);
  const opened2 = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, stored, byReference);
  expect(toHex(new Uint8Array(opened2))).to.equal(toHex(plaintext));
}

async function expectNonExtractable(key: CryptoKey | undefined): Promise<void> {
  expect(key).to.be.instanceOf(CryptoKey);
  expect(key!.extractable).to.equal(false);
  expect(key!.algorithm.name).to.equal('AES-GCM');
  expect(await rejection(crypto.subtle.exportKey('raw', key!))).to.be.instanceOf(DOMException);
  expect(await rejection(crypto.subtle.exportKey('jwk', key!))).to.be.instanceOf(DOMException);
}

const INFO_FIELDS = ['addedAt', 'algorithm', 'keyName', 'keyNamespace', 'length', 'source'];

describe('KeyStore: raw AES keys in IndexedDB', () => {
  it('adds a 256-bit key given as a JWK and lists its metadata only', async () => {
    const store = await freshStore();
    expect(store.persistent).to.equal(true);
    expect(store.reason).to.equal(undefined);
    const bytes = randomBytes(32);
    const before = Date.now();
    const info = await store.addRawAesKey({
      keyNamespace: 'cx-test',
      keyName: 'jwk-256',
      key: { kty: 'oct', k: toBase64Url(bytes), alg: 'A256GCM' },
    });
    const expected: Omit<KeyInfo, 'addedAt'> = {
      keyNamespace: 'cx-test',
      keyName: 'jwk-256',
      algorithm: 'AES-GCM',
      length: 256,
      source: 'raw',
    };
    expect(info).to.deep.include(expected);
    expect(info.addedAt).to.be.within(before, Date.now());
    const listed = await store.listKeys();
    expect(listed).to.deep.equal([info]);
    expect(Object.keys(listed[0]!).sort()).to.deep.equal(INFO_FIELDS);
    expect(JSON.stringify(listed)).not.to.contain(toBase64Url(bytes));
    await expectSameKey((await store.getKey('cx-test', 'jwk-256'))!, bytes);
  });

  it('adds 128- and 256-bit keys given as Uint8Array and ArrayBuffer bytes', async () => {
    const store = await freshStore();
    const k128 = randomBytes(16);
    const k256 = randomBytes(32);
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'b128', key: k128 });
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'b256', key: k256.slice().buffer });
    const listed = await store.listKeys();
    expect(listed.map((k) => [k.keyName, k.length, k.source])).to.deep.equal([
      ['b128', 128, 'raw'],
      ['b256', 256, 'raw'],
    ]);
    await expectSameKey((await store.getKey('ns', 'b128'))!, k128);
    await expectSameKey((await store.getKey('ns', 'b256'))!, k256);
  });

  it('stores a 192-bit key where WebCrypto has AES-192, and names the key where it has not', async () => {
    const store = await freshStore();
    const bytes = randomBytes(24);
    const supported = await crypto.subtle
      .importKey('raw', bytes, 'AES-GCM', false, ['encrypt'])
      .then(
        () => true,
        () => false,
      );
    const adding = store.addRawAesKey({ keyNamespace: 'ns', keyName: 'b192', key: bytes });
    if (supported) {
      expect((await adding).length).to.equal(192);
      await expectSameKey((await store.getKey('ns', 'b192'))!, bytes);
    } else {
      const error = await vaultError(adding, 'InvalidKey');
      expect(error.message).to.contain('ns/b192').and.to.contain('AES-192');
      expect(await store.listKeys()).to.deep.equal([]);
    }
  });

  it('keeps every stored key non-extractable: extractable is false and exportKey rejects', async () => {
    const store = await freshStore();
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'a', key: randomBytes(32) });
    await store.addRawAesKey({
      keyNamespace: 'ns',
      keyName: 'b',
      key: { kty: 'oct', k: toBase64Url(randomBytes(16)), ext: true },
    });
    for (const { info, key } of await store.keys()) {
      await expectNonExtractable(key);
      // Wrap and unwrap too: the keyring unwraps data keys straight into non-extractable keys.
      expect([...key.usages].sort()).to.deep.equal(['decrypt', 'encrypt', 'unwrapKey', 'wrapKey']);
      expect((key.algorithm as AesKeyAlgorithm).length).to.equal(info.length);
    }
  });

  it('survives closing and reopening the database (a reload)', async () => {
    const dbName = `cx-test-vault-${crypto.randomUUID()}`;
    const bytes = randomBytes(32);
    const first = await freshStore(dbName);
    const info = await first.addRawAesKey({ keyNamespace: 'ns', keyName: 'kept', key: bytes });
    first.close();
    const second = await freshStore(dbName);
    expect(second.persistent).to.equal(true);
    expect(await second.listKeys()).to.deep.equal([info]);
    const key = await second.getKey('ns', 'kept');
    await expectNonExtractable(key);
    await expectSameKey(key!, bytes);
  });

  it('removes a key, and says whether there was one', async () => {
    const store = await freshStore();
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'gone', key: randomBytes(32) });
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'stays', key: randomBytes(32) });
    expect(await store.removeKey('ns', 'gone')).to.equal(true);
    expect(await store.removeKey('ns', 'gone')).to.equal(false);
    expect(await store.getKey('ns', 'gone')).to.equal(undefined);
    expect((await store.listKeys()).map((k) => k.keyName)).to.deep.equal(['stays']);
  });

  it('changes its generation when keys change here or in another store on the same database', async () => {
    const dbName = `cx-test-vault-${crypto.randomUUID()}`;
    const mine = await freshStore(dbName);
    const other = await freshStore(dbName);
    // The other store's news arrives on a BroadcastChannel, in a task of its own (Chromium does not
    // order deliveries across channel objects): wait for it, two seconds at most.
    const changedFrom = async (before: number) => {
      for (let i = 0; i < 200 && mine.generation === before; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      return mine.generation;
    };
    const g0 = mine.generation;
    await mine.addRawAesKey({ keyNamespace: 'ns', keyName: 'a', key: randomBytes(32) });
    const g1 = mine.generation;
    expect(g1).to.not.equal(g0);
    expect(await mine.removeKey('ns', 'missing')).to.equal(false);
    expect(mine.generation).to.equal(g1);

    await other.addRawAesKey({ keyNamespace: 'ns', keyName: 'b', key: randomBytes(32) });
    const g2 = await changedFrom(g1);
    expect(g2, 'after a key added by the other store').to.not.equal(g1);
    expect(await other.removeKey('ns', 'a')).to.equal(true);
    expect(await changedFrom(g2), 'after a key removed by the other store').to.not.equal(g2);
    expect((await mine.keys()).map((k) => k.info.keyName)).to.deep.equal(['b']);
  });

  it('refuses a second key under the same namespace and name unless replace is set', async () => {
    const store = await freshStore();
    const original = randomBytes(32);
    const other = randomBytes(32);
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'dup', key: original });
    const error = await vaultError(
      store.addRawAesKey({ keyNamespace: 'ns', keyName: 'dup', key: other }),
      'KeyAlreadyExists',
    );
    expect(error.message).to.contain('ns/dup').and.to.contain('replace: true');
    expect([error.keyNamespace, error.keyName]).to.deep.equal(['ns', 'dup']);
    await expectSameKey((await store.getKey('ns', 'dup'))!, original);

    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'dup', key: other, replace: true });
    expect(await store.listKeys()).to.have.length(1);
    await expectSameKey((await store.getKey('ns', 'dup'))!, other);
  });

  it('tells namespace and name apart (the same name in two namespaces is two keys)', async () => {
    const store = await freshStore();
    const a = randomBytes(32);
    const b = randomBytes(32);
    await store.addRawAesKey({ keyNamespace: 'one', keyName: 'k', key: a });
    await store.addRawAesKey({ keyNamespace: 'two', keyName: 'k', key: b });
    expect((await store.keys()).map(({ info }) => info.keyNamespace)).to.deep.equal(['one', 'two']);
    await expectSameKey((await store.getKey('one', 'k'))!, a);
    await expectSameKey((await store.getKey('two', 'k'))!, b);
  });

  const k32 = () => toBase64Url(randomBytes(32));
  const invalid: [string, Partial<AddRawAesKeyOptions>, string][] = [
    ['15 bytes', { key: randomBytes(15) }, 'got 15 bytes'],
    ['31 bytes', { key: randomBytes(31) }, 'got 31 bytes'],
    ['33 bytes', { key: randomBytes(33).buffer }, 'got 33 bytes'],
    ['no bytes', { key: new Uint8Array(0) }, 'got 0 bytes'],
    ['a DataView', { key: new DataView(new ArrayBuffer(32)) as never }, 'Uint8Array'],
    ['a string', { key: 'secret' as never }, 'must be a JWK'],
    ['a JWK of another kty', { key: { kty: 'RSA', k: k32() } as never }, 'kty "oct"'],
    ['a JWK with padded k', { key: { kty: 'oct', k: k32() + '=' } }, 'base64url'],
    ['a JWK with a non-base64url k', { key: { kty: 'oct', k: 'a+b/' } }, 'base64url'],
    ['a JWK whose alg disagrees', { key: { kty: 'oct', k: k32(), alg: 'A128GCM' } }, '256-bit'],
    ['a JWK for signing', { key: { kty: 'oct', k: k32(), use: 'sig' } }, '"enc"'],
    [
      'a JWK that may not encrypt or decrypt',
      { key: { kty: 'oct', k: k32(), key_ops: ['sign'] } },
      'key_ops',
    ],
  ];
  for (const [what, options, expected] of invalid) {
    it(`refuses ${what} with InvalidKey naming the key`, async () => {
      const store = await freshStore();
      const error = await vaultError(
        store.addRawAesKey({
          keyNamespace: 'cx-test',
          keyName: 'bad',
          key: randomBytes(32),
          ...options,
        }),
        'InvalidKey',
      );
      expect(error.message).to.contain('key cx-test/bad').and.to.contain(expected);
      expect([error.keyNamespace, error.keyName]).to.deep.equal(['cx-test', 'bad']);
      expect(await store.listKeys()).to.deep.equal([]);
    });
  }

  const badIds: [string, unknown, unknown, string][] = [
    ['an empty namespace', '', 'k', 'keyNamespace must not be empty'],
    ['an empty name', 'ns', '', 'keyName must not be empty'],
    ['a namespace the ESDK reserves for KMS', 'aws-kms-mine', 'k', 'aws-kms'],
    ['a name of 258 UTF-8 bytes (129 characters)', 'ns', 'é'.repeat(129), '258 UTF-8 bytes'],
    ['a name with a lone surrogate', 'ns', 'k\ud800', 'lone surrogate'],
    ['a name that is not a string', 'ns', 42, 'must be a string'],
    [
      'a name that cannot be made a string',
      'ns',
      {
        toString: () => {
          throw new Error('encoded before the type check');
        },
      },
      'must be a string',
    ],
  ];
  for (const [what, keyNamespace, keyName, expected] of badIds) {
    it(`refuses ${what}`, async () => {
      const store = await freshStore();
      const error = await vaultError(
        store.addRawAesKey({ keyNamespace, keyName, key: randomBytes(32) } as AddRawAesKeyOptions),
        'InvalidKey',
      );
      expect(error.message).to.contain(expected);
      expect(await store.listKeys()).to.deep.equal([]);
    });
  }

  it('accepts a name of exactly 256 UTF-8 bytes', async () => {
    const store = await freshStore();
    const keyName = 'é'.repeat(128);
    await store.addRawAesKey({ keyNamespace: 'ns', keyName, key: randomBytes(32) });
    expect((await store.listKeys())[0]!.keyName).to.equal(keyName);
  });

  it("leaves the caller's bytes alone by default and zeroes them with wipeInput", async () => {
    const store = await freshStore();
    const kept = randomBytes(32);
    const copy = kept.slice();
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'kept', key: kept });
    expect(toHex(kept)).to.equal(toHex(copy));

    const wiped = randomBytes(32);
    const wipedCopy = wiped.slice();
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'wiped', key: wiped, wipeInput: true });
    expect(wiped.every((b) => b === 0)).to.equal(true);
    await expectSameKey((await store.getKey('ns', 'wiped'))!, wipedCopy);
  });

  it('honours a JWK whose key_ops allow decrypt only (decrypt and unwrapKey, never encrypt)', async () => {
    const store = await freshStore();
    const k = toBase64Url(randomBytes(32));
    await store.addRawAesKey({
      keyNamespace: 'ns',
      keyName: 'ro',
      key: { kty: 'oct', k, key_ops: ['decrypt'] },
    });
    expect([...(await store.getKey('ns', 'ro'))!.usages].sort()).to.deep.equal([
      'decrypt',
      'unwrapKey',
    ]);
  });

  it('rejects every call after close()', async () => {
    const store = await freshStore();
    store.close();
    const error = await vaultError(store.listKeys(), 'GeneralError');
    expect(error.message).to.contain('closed');
  });
});

describe('KeyStore: without IndexedDB', () => {
  it('keeps keys in memory when persistence is switched off', async () => {
    const store = await KeyStore.open({ persistent: false });
    openStores.push(store);
    expect(store.persistent).to.equal(false);
    expect(store.reason).to.contain('switched off');
    const bytes = randomBytes(32);
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'mem', key: bytes });
    await expectNonExtractable(await store.getKey('ns', 'mem'));
    await expectSameKey((await store.getKey('ns', 'mem'))!, bytes);
    await vaultError(
      store.addRawAesKey({ keyNamespace: 'ns', keyName: 'mem', key: bytes }),
      'KeyAlreadyExists',
    );
    expect(await store.removeKey('ns', 'mem')).to.equal(true);
    expect(await store.listKeys()).to.deep.equal([]);
  });

  it('falls back to memory, and says why, when touching IndexedDB throws (blocked storage)', async () => {
    const own = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
    const inherited = Object.getOwnPropertyDescriptor(
      Object.getPrototypeOf(globalThis),
      'indexedDB',
    );
    expect(own ?? inherited, 'indexedDB descriptor').to.not.equal(undefined);
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('access to storage is denied in this frame', 'SecurityError');
      },
    });
    let store: KeyStore;
    try {
      store = await KeyStore.open({ dbName: `cx-test-vault-${crypto.randomUUID()}` });
    } finally {
      if (own) Object.defineProperty(globalThis, 'indexedDB', own);
      else delete (globalThis as { indexedDB?: unknown }).indexedDB;
    }
    openStores.push(store);
    expect(indexedDB).to.be.instanceOf(IDBFactory);
    expect(store.persistent).to.equal(false);
    expect(store.reason).to.contain('SecurityError').and.to.contain('memory');
    const bytes = randomBytes(16);
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'mem', key: bytes });
    await expectSameKey((await store.getKey('ns', 'mem'))!, bytes);
  });
});

describe('fetchBrokerKey and KeyStore.addBrokerKey: the reference broker', () => {
  it('fetches the demo key: it decrypts a ciphertext Node made with the demo key', async () => {
    const store = await freshStore();
    const info = await store.addBrokerKey({
      url: BROKER,
      ...DEMO,
      getToken: async () => DEMO_TOKEN,
    });
    expect(info).to.deep.include({ ...DEMO, algorithm: 'AES-GCM', length: 256, source: 'broker' });
    expect(info.brokerUrl).to.equal(new URL(BROKER, location.href).href);
    const key = await store.getKey(DEMO.keyNamespace, DEMO.keyName);
    await expectNonExtractable(key);

    const sample = (await (await fetch(`${BROKER}/demo-ciphertext`)).json()) as Record<
      string,
      string
    >;
    const opened = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sample.iv!) },
      key!,
      fromBase64(sample.ciphertext!),
    );
    expect(toBase64(new Uint8Array(opened))).to.equal(sample.plaintext);
  });

  it('fetches a 128-bit key', async () => {
    const key = await fetchBrokerKey({
      url: BROKER,
      keyNamespace: 'cx-test',
      keyName: 'aes-128',
      getToken: () => DEMO_TOKEN,
    });
    expect((key.algorithm as AesKeyAlgorithm).length).to.equal(128);
    await expectSameKey(key, fromHex('00112233445566778899aabbccddeeff'));
  });

  it('posts a 3072-bit RSA-OAEP-256 public JWK, the key id and the bearer token as JSON', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push({ url: String(input), init: init! });
      return fetch(input, init);
    };
    await fetchBrokerKey({ url: BROKER, ...DEMO, getToken: () => DEMO_TOKEN, fetch: spy });
    expect(seen).to.have.length(1);
    const { url, init } = seen[0]!;
    expect(url).to.equal(new URL(BROKER, location.href).href);
    expect(init.method).to.equal('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).to.equal(`Bearer ${DEMO_TOKEN}`);
    expect(headers.get('content-type')).to.equal('application/json');
    const body = JSON.parse(init.body as string);
    expect(Object.keys(body).sort()).to.deep.equal(['keyName', 'keyNamespace', 'publicKey']);
    expect(body).to.deep.include(DEMO);
    expect(Object.keys(body.publicKey).sort()).to.deep.equal(['alg', 'e', 'kty', 'n', 'use']);
    expect(body.publicKey).to.deep.include({ kty: 'RSA', alg: 'RSA-OAEP-256', e: 'AQAB' });
    expect(fromBase64Url(body.publicKey.n).length * 8).to.equal(BROKER_RSA_MODULUS_BITS);
  });

  it('generates a new key pair for every request', async () => {
    const moduli: string[] = [];
    const spy: typeof fetch = (input, init) => {
      moduli.push(JSON.parse(init!.body as string).publicKey.n);
      return fetch(input, init);
    };
    for (let i = 0; i < 2; i++) {
      await fetchBrokerKey({ url: BROKER, ...DEMO, getToken: () => DEMO_TOKEN, fetch: spy });
    }
    expect(moduli[0]).to.not.equal(moduli[1]);
  });

  it('reports a refused token as BrokerError 401, without the token in the message', async () => {
    const token = 'not-the-demo-token-123';
    const error = await vaultError(
      fetchBrokerKey({ url: BROKER, ...DEMO, getToken: () => token }),
      'BrokerError',
    );
    expect(error.status).to.equal(401);
    expect(error.message)
      .to.contain('the broker refused the token')
      .and.to.contain('cx-demo/demo-key-1');
    expect(error.message).not.to.contain(token);
    expect(JSON.stringify(error.toJSON())).not.to.contain(token);
  });

  it('reports a key the broker does not know as BrokerError 404', async () => {
    const error = await vaultError(
      fetchBrokerKey({
        url: BROKER,
        keyNamespace: 'cx-demo',
        keyName: 'nope',
        getToken: () => DEMO_TOKEN,
      }),
      'BrokerError',
    );
    expect(error.status).to.equal(404);
    expect(error.message).to.contain('cx-demo/nope').and.to.contain('does not know');
  });

  const faults: [string, string, number | undefined][] = [
    ['wrong-name', 'answered for key cx-demo/another-key', 200],
    ['wrong-namespace', 'answered for key other/demo-key-1', 200],
    ['malformed-json', 'not JSON', 200],
    ['not-an-object', 'not a JSON object', 200],
    ['not-base64', 'wrappedKey is not a base64 string', 200],
    ['truncated-ciphertext', 'wrappedKey is 200 bytes', 200],
    ['wrong-public-key', 'does not unwrap', 200],
    ['short-key', 'not an AES key', 200],
    ['wrong-length', 'declared A256GCM but sent a 128-bit key', 200],
    ['unknown-algorithm', '"A256CBC"', 200],
    ['status-500', 'answered HTTP 500', 500],
    ['status-403', 'refused access', 403],
    ['too-large', 'exceeds', 200],
  ];
  for (const [fault, expected, status] of faults) {
    it(`refuses a broker answer with a fault: ${fault}`, async () => {
      const store = await freshStore();
      const error = await vaultError(
        store.addBrokerKey({ url: `${BROKER}/bad/${fault}`, ...DEMO, getToken: () => DEMO_TOKEN }),
        'BrokerError',
      );
      expect(error.message).to.contain('key cx-demo/demo-key-1').and.to.contain(expected);
      expect(error.status).to.equal(status);
      expect(await store.listKeys()).to.deep.equal([]);
    });
  }

  it('gives up after the timeout', async () => {
    const started = performance.now();
    const error = await vaultError(
      fetchBrokerKey({
        url: `${BROKER}/bad/slow`,
        ...DEMO,
        getToken: () => DEMO_TOKEN,
        timeoutMs: 300,
      }),
      'BrokerError',
    );
    expect(error.message).to.contain('did not answer within 300 ms');
    expect(performance.now() - started).to.be.below(4_000);
  });

  it('refuses plain http beyond localhost before asking for a token', async () => {
    let asked = false;
    const error = await vaultError(
      fetchBrokerKey({
        url: 'http://broker.example.test/keys',
        ...DEMO,
        getToken: () => {
          asked = true;
          return DEMO_TOKEN;
        },
      }),
      'BrokerError',
    );
    expect(error.message).to.contain('https');
    expect(asked).to.equal(false);
  });

  it('reports a failing or empty getToken()', async () => {
    const failing = await vaultError(
      fetchBrokerKey({
        url: BROKER,
        ...DEMO,
        getToken: () => Promise.reject(new Error('no session')),
      }),
      'BrokerError',
    );
    expect(failing.message).to.contain('getToken() failed');
    expect((failing.cause as Error).message).to.equal('no session');
    const empty = await vaultError(
      fetchBrokerKey({ url: BROKER, ...DEMO, getToken: () => '' }),
      'BrokerError',
    );
    expect(empty.message).to.contain('non-empty token');
  });

  it('refuses to fetch a key that is already stored, without a request, unless replace is set', async () => {
    const store = await freshStore();
    let requests = 0;
    const spy: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const options = { url: BROKER, ...DEMO, getToken: () => DEMO_TOKEN, fetch: spy };
    await store.addBrokerKey(options);
    await vaultError(store.addBrokerKey(options), 'KeyAlreadyExists');
    expect(requests).to.equal(1);
    await store.addBrokerKey({ ...options, replace: true });
    expect(requests).to.equal(2);
    expect(await store.listKeys()).to.have.length(1);
  });
});

/** Every record of every object store of a database, read with the plain IndexedDB API. */
async function readEveryRecord(dbName: string): Promise<{ stores: string[]; records: unknown[] }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const stores = [...db.objectStoreNames];
    const records: unknown[] = [];
    for (const name of stores) {
      await new Promise<void>((resolve, reject) => {
        const cursor = db.transaction(name, 'readonly').objectStore(name).openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return resolve();
          records.push({ primaryKey: c.primaryKey, value: c.value });
          c.continue();
        };
        cursor.onerror = () => reject(cursor.error);
      });
    }
    return { stores, records };
  } finally {
    db.close();
  }
}

/**
 * Walks everything reachable from `value`: gathers every string and every byte sequence (as hex,
 * base64 and base64url) into `text`, and every CryptoKey into `keys`.
 */
function reachable(
  value: unknown,
  text: string[] = [],
  keys: CryptoKey[] = [],
  seen = new Set<unknown>(),
) {
  if (value === null || value === undefined) return { text, keys };
  if (typeof value === 'string') text.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    text.push(String(value));
  } else if (typeof value === 'object') {
    if (seen.has(value)) return { text, keys };
    seen.add(value);
    if (value instanceof CryptoKey) {
      keys.push(value);
      reachable({ ...value.algorithm }, text, keys, seen);
      reachable([...value.usages], text, keys, seen);
    } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes =
        value instanceof ArrayBuffer
          ? new Uint8Array(value)
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      text.push(toHex(bytes), toBase64(bytes), toBase64Url(bytes));
    } else if (value instanceof Map) {
      for (const [k, v] of value) reachable([k, v], text, keys, seen);
    } else if (value instanceof Set) {
      for (const v of value) reachable(v, text, keys, seen);
    } else if (value instanceof Date) {
      text.push(value.toISOString());
    } else {
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key === 'string') text.push(key);
        reachable((value as Record<PropertyKey, unknown>)[key], text, keys, seen);
      }
    }
  }
  return { text, keys };
}

/** Every way the key bytes could be spelled in storage. */
function spellings(bytes: Uint8Array): string[] {
  const hex = toHex(bytes);
  return [
    hex,
    hex.toUpperCase(),
    toBase64(bytes).replace(/=+$/, ''),
    toBase64Url(bytes),
    String.fromCharCode(...bytes),
  ];
}

/** The secrets (by index) that appear in `text` in any spelling. */
function findKeyBytes(text: string[], secrets: Uint8Array[]): number[] {
  const all = text.join('\n');
  return secrets.flatMap((secret, i) =>
    spellings(secret).some((spelled) => all.includes(spelled)) ? [i] : [],
  );
}

describe('the vault database, read raw', () => {
  it('holds no key bytes in any store or record, only non-extractable CryptoKeys', async () => {
    const dbName = `cx-test-vault-${crypto.randomUUID()}`;
    const store = await freshStore(dbName);
    const jwkBytes = randomBytes(32);
    const rawBytes = randomBytes(16);
    await store.addRawAesKey({
      keyNamespace: 'ns',
      keyName: 'jwk',
      key: { kty: 'oct', k: toBase64Url(jwkBytes) },
    });
    await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'raw', key: rawBytes });
    await store.addBrokerKey({ url: BROKER, ...DEMO, getToken: () => DEMO_TOKEN });
    const demo = await (await fetch(`${BROKER}/demo-key`)).json();
    const demoBytes = fromHex(demo.keyHex);
    store.close();

    const { stores, records } = await readEveryRecord(dbName);
    expect(stores).to.deep.equal([KEYS_STORE]);
    expect(records).to.have.length(3);
    const { text, keys } = reachable(records);
    expect(keys).to.have.length(3);
    for (const key of keys) expect(key.extractable).to.equal(false);
    expect(text).to.include.members([
      'ns',
      'jwk',
      'raw',
      'cx-demo',
      'demo-key-1',
      'AES-GCM',
      'broker',
    ]);
    expect(findKeyBytes(text, [jwkBytes, rawBytes, demoBytes])).to.deep.equal([]);
    expect(JSON.stringify(records)).not.to.contain(DEMO_TOKEN);

    // The search would have found the bytes had they been stored, in any of these forms.
    const planted = reachable({
      a: jwkBytes.buffer,
      b: { c: toBase64Url(rawBytes) },
      d: [demo.keyHex],
    });
    expect(findKeyBytes(planted.text, [jwkBytes, rawBytes, demoBytes])).to.deep.equal([0, 1, 2]);
  });

  it(`uses the database ${VAULT_DB_NAME} by default, with the key store keyed by [namespace, name]`, async () => {
    const store = await KeyStore.open();
    openStores.push(store);
    expect(store.persistent).to.equal(true);
    store.close();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(VAULT_DB_NAME);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const keys = db.transaction(KEYS_STORE, 'readonly').objectStore(KEYS_STORE);
      expect(keys.keyPath).to.deep.equal(['keyNamespace', 'keyName']);
    } finally {
      db.close();
    }
  });
});

describe('KeyStore in a real Worker', () => {
  it('stores a key from a worker that the main thread then reads from the same database', async () => {
    const dbName = `cx-test-vault-${crypto.randomUUID()}`;
    openDbs.push(dbName);
    const moduleUrl = new URL('../../worker/keys/key-store.ts', import.meta.url).href;
    const source = `
      import { KeyStore } from ${JSON.stringify(moduleUrl)};
      onmessage = async ({ data }) => {
        try {
          const store = await KeyStore.open({ dbName: data.dbName });
          const info = await store.addRawAesKey({ keyNamespace: 'ns', keyName: 'w', key: data.bytes, wipeInput: true });
          const wiped = data.bytes.every((b) => b === 0);
          store.close();
          postMessage({ info, wiped, persistent: store.persistent, isWorker: typeof WorkerGlobalScope !== 'undefined' });
        } catch (error) {
          postMessage({ error: String(error) });
        }
      };`;
    const blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(blobUrl, { type: 'module' });
    try {
      const bytes = randomBytes(32);
      const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
        worker.onmessage = ({ data }) => resolve(data);
        worker.onerror = (event) => reject(new Error(event.message || 'worker failed to start'));
        worker.postMessage({ dbName, bytes: bytes.slice() });
      });
      expect(answer.error).to.equal(undefined);
      expect(answer).to.deep.include({ wiped: true, persistent: true, isWorker: true });
      const store = await freshStore(dbName);
      const key = await store.getKey('ns', 'w');
      await expectNonExtractable(key);
      await expectSameKey(key!, bytes);
    } finally {
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
    }
  });
});
