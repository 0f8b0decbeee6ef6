/**
 * The vault's key store: raw AES wrapping keys for the ESDK raw AES keyring, identified as on the
 * wire by key namespace + key name, kept in IndexedDB as non-extractable `CryptoKey` objects.
 *
 * IndexedDB stores a `CryptoKey` by structured clone, which keeps it non-extractable: the key bytes
 * are never visible to script, neither when storing nor after a reload. Next to each key sits
 * metadata only (`KeyInfo`). When IndexedDB is unavailable (storage blocked or partitioned in an
 * iframe, private modes), the store falls back to memory: keys then last as long as the worker, and
 * `persistent` is false with a `reason`.
 *
 * The module has no DOM dependencies: it runs in the vault worker and, for tests, on the main thread.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { VaultError } from '../errors.js';
import { fetchBrokerKey, resolveBrokerUrl, type BrokerKeyRequest } from './key-broker.js';
import {
  JWK_ALG_BY_LENGTH,
  checkKeyId,
  decodeBase64Url,
  isAesKeyLength,
  keyLabel,
  type AesKeyLength,
} from './key-id.js';

/** The vault's IndexedDB database. */
export const VAULT_DB_NAME = 'cx-secured-vault';
/** The object store of keys, keyed by `[keyNamespace, keyName]`. */
export const KEYS_STORE = 'keys';
const DB_VERSION = 1;
const OPEN_TIMEOUT_MS = 5_000;

/** Where a stored key came from. */
export type KeySource = 'raw' | 'broker';

/** What the store tells about a key: metadata only, never key material. */
export interface KeyInfo {
  keyNamespace: string;
  keyName: string;
  algorithm: 'AES-GCM';
  /** Key length in bits. */
  length: AesKeyLength;
  /** When the key was added, in milliseconds since the epoch. */
  addedAt: number;
  source: KeySource;
  /** For broker keys: the broker's origin and path (never its query, never the token). */
  brokerUrl?: string;
}

/** A stored key with its metadata. */
export interface StoredKey {
  info: KeyInfo;
  key: CryptoKey;
}

/** A JWK of an AES key: `kty: 'oct'` with base64url `k`. */
export interface AesJwk extends JsonWebKey {
  kty: 'oct';
  k: string;
  alg?: 'A128GCM' | 'A192GCM' | 'A256GCM';
}

/** Key material `addRawAesKey` accepts: a JWK, or 16, 24 or 32 raw bytes. */
export type RawAesKeyMaterial = AesJwk | Uint8Array | ArrayBuffer;

/** How a key that is already stored under the same namespace and name is treated. */
interface ReplaceOption {
  /**
   * Replace a key stored under the same namespace and name. By default adding such a key fails
   * with `KeyAlreadyExists`: silently swapping a wrapping key would make every message wrapped
   * with the old one undecryptable.
   */
  replace?: boolean;
}

/** Arguments of {@link KeyStore.addRawAesKey}. */
export interface AddRawAesKeyOptions extends ReplaceOption {
  keyNamespace: string;
  keyName: string;
  /**
   * The key: a JWK, or raw bytes. The store imports from its own copy of the bytes and zeroes that
   * copy; the caller's buffer is the caller's. Callers on the main thread should transfer a copy to
   * the worker (comlink `transfer`) so that no copy stays behind, and the worker API should pass
   * `wipeInput: true`. A JWK's `k` is a string and cannot be wiped: prefer bytes.
   */
  key: RawAesKeyMaterial;
  /** Also zero the bytes passed in `key` once imported (for buffers the vault owns). */
  wipeInput?: boolean;
}

/** Arguments of {@link KeyStore.addBrokerKey}. */
export type AddBrokerKeyOptions = BrokerKeyRequest & ReplaceOption;

/** Options of {@link KeyStore.open}. */
export interface KeyStoreOptions {
  /** The IndexedDB database; {@link VAULT_DB_NAME} by default (tests pass unique names). */
  dbName?: string;
  /** `false` keeps keys in memory only. Default `true`: IndexedDB when it works. */
  persistent?: boolean;
}

interface KeyRecord extends KeyInfo {
  key: CryptoKey;
}

interface VaultDb extends DBSchema {
  keys: { key: [string, string]; value: KeyRecord };
}

interface Backend {
  add(record: KeyRecord, replace: boolean): Promise<'added' | 'exists'>;
  get(keyNamespace: string, keyName: string): Promise<KeyRecord | undefined>;
  delete(keyNamespace: string, keyName: string): Promise<boolean>;
  all(): Promise<KeyRecord[]>;
  close(): void;
}

/** The key store. Open it with {@link KeyStore.open}. */
export class KeyStore {
  /**
   * Opens the store. Never fails for want of storage: if IndexedDB is missing, throws, is blocked
   * or does not answer within 5 s, the store keeps keys in memory and says why in `reason`.
   */
  static async open(options: KeyStoreOptions = {}): Promise<KeyStore> {
    const dbName = options.dbName ?? VAULT_DB_NAME;
    if (options.persistent === false) {
      return new KeyStore(new MemoryBackend(), false, 'persistence was switched off');
    }
    try {
      const db = await openVaultDb(dbName);
      return new KeyStore(new IdbBackend(db, dbName), true, undefined);
    } catch (error) {
      const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return new KeyStore(
        new MemoryBackend(),
        false,
        `IndexedDB is unavailable (${why}); keys are kept in memory until the worker ends`,
      );
    }
  }

  /** Whether keys survive a reload (IndexedDB), or live in memory only. */
  readonly persistent: boolean;
  /** Why the store is not persistent, when it is not. */
  readonly reason: string | undefined;
  private readonly backend: Backend;
  private closed = false;

  private constructor(backend: Backend, persistent: boolean, reason: string | undefined) {
    this.backend = backend;
    this.persistent = persistent;
    this.reason = reason;
  }

  /**
   * Imports a raw AES wrapping key (128, 192 or 256 bits; AES-192 where the browser supports it)
   * as a non-extractable AES-GCM `CryptoKey` (usages `encrypt`, `decrypt`: the keyring wraps and
   * unwraps data keys with AES-GCM) and stores it. Returns its metadata.
   */
  async addRawAesKey(options: AddRawAesKeyOptions): Promise<KeyInfo> {
    this.checkOpen();
    const { keyNamespace, keyName } = options;
    checkKeyId(keyNamespace, keyName);
    const key = await importRawAesKey(options);
    return this.store(key, { keyNamespace, keyName, source: 'raw' }, options.replace === true);
  }

  /**
   * Fetches a key from a key broker (see key-broker.ts: the key is unwrapped inside WebCrypto and
   * its bytes never exist in JavaScript) and stores it like a raw key, with source `broker`.
   */
  async addBrokerKey(options: AddBrokerKeyOptions): Promise<KeyInfo> {
    this.checkOpen();
    const { keyNamespace, keyName } = options;
    checkKeyId(keyNamespace, keyName);
    const replace = options.replace === true;
    const url = resolveBrokerUrl(options.url, `key ${keyLabel(keyNamespace, keyName)}`);
    // Fail before the network round trip; the final add below is still atomic.
    if (!replace && (await this.backendCall(() => this.backend.get(keyNamespace, keyName)))) {
      throw exists(keyNamespace, keyName);
    }
    const key = await fetchBrokerKey(options);
    return this.store(
      key,
      { keyNamespace, keyName, source: 'broker', brokerUrl: `${url.origin}${url.pathname}` },
      replace,
    );
  }

  /** Metadata of every stored key, sorted by namespace then name. Never key material. */
  async listKeys(): Promise<KeyInfo[]> {
    return (await this.records()).map(toInfo);
  }

  /** Every stored key with its metadata, sorted by namespace then name (for the keyring). */
  async keys(): Promise<StoredKey[]> {
    return (await this.records()).map((record) => ({ info: toInfo(record), key: record.key }));
  }

  /** The stored key of that namespace and name, if any. */
  async getKey(keyNamespace: string, keyName: string): Promise<CryptoKey | undefined> {
    this.checkOpen();
    const record = await this.backendCall(() => this.backend.get(keyNamespace, keyName));
    return record?.key;
  }

  /** Removes a key; resolves whether there was one. */
  async removeKey(keyNamespace: string, keyName: string): Promise<boolean> {
    this.checkOpen();
    return this.backendCall(() => this.backend.delete(keyNamespace, keyName));
  }

  /** Closes the database. Later calls reject. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.backend.close();
  }

  private async records(): Promise<KeyRecord[]> {
    this.checkOpen();
    const all = await this.backendCall(() => this.backend.all());
    return all.sort(
      (a, b) => compare(a.keyNamespace, b.keyNamespace) || compare(a.keyName, b.keyName),
    );
  }

  private async store(
    key: CryptoKey,
    id: Pick<KeyInfo, 'keyNamespace' | 'keyName' | 'source' | 'brokerUrl'>,
    replace: boolean,
  ): Promise<KeyInfo> {
    const length = (key.algorithm as AesKeyAlgorithm).length;
    if (key.extractable || key.algorithm.name !== 'AES-GCM' || !isAesKeyLength(length)) {
      // Unreachable with the importers above; a guard so that nothing else is ever stored.
      throw new VaultError('InvalidKey', `key ${keyLabel(id.keyNamespace, id.keyName)}: refused`);
    }
    const record: KeyRecord = {
      keyNamespace: id.keyNamespace,
      keyName: id.keyName,
      algorithm: 'AES-GCM',
      length,
      addedAt: Date.now(),
      source: id.source,
      ...(id.brokerUrl === undefined ? {} : { brokerUrl: id.brokerUrl }),
      key,
    };
    const outcome = await this.backendCall(() => this.backend.add(record, replace));
    if (outcome === 'exists') throw exists(id.keyNamespace, id.keyName);
    return toInfo(record);
  }

  private checkOpen(): void {
    if (this.closed) throw new VaultError('GeneralError', 'the key store is closed');
  }

  private async backendCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      if (cause instanceof VaultError) throw cause;
      const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      throw new VaultError('StorageUnavailable', `the key store failed (${why})`, { cause });
    }
  }
}

function exists(keyNamespace: string, keyName: string): VaultError {
  return new VaultError(
    'KeyAlreadyExists',
    `key ${keyLabel(keyNamespace, keyName)} is already stored; remove it first or pass replace: true`,
    { keyNamespace, keyName },
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toInfo(record: KeyRecord): KeyInfo {
  const info: KeyInfo = {
    keyNamespace: record.keyNamespace,
    keyName: record.keyName,
    algorithm: record.algorithm,
    length: record.length,
    addedAt: record.addedAt,
    source: record.source,
  };
  if (record.brokerUrl !== undefined) info.brokerUrl = record.brokerUrl;
  return info;
}

/** Imports key material as a non-extractable AES-GCM key, wiping the bytes it copied. */
async function importRawAesKey(options: AddRawAesKeyOptions): Promise<CryptoKey> {
  const { keyNamespace, keyName, key: material } = options;
  const label = `key ${keyLabel(keyNamespace, keyName)}`;
  const invalid = (message: string, cause?: unknown) =>
    new VaultError('InvalidKey', `${label}: ${message}`, {
      keyNamespace,
      keyName,
      ...(cause === undefined ? {} : { cause }),
    });

  let bytes: Uint8Array<ArrayBuffer>;
  let usages: KeyUsage[] = ['encrypt', 'decrypt'];
  let declaredAlg: string | undefined;
  if (material instanceof ArrayBuffer || ArrayBuffer.isView(material)) {
    if (!(material instanceof ArrayBuffer || material instanceof Uint8Array)) {
      throw invalid('raw key bytes must be a Uint8Array or an ArrayBuffer');
    }
    const view = material instanceof ArrayBuffer ? new Uint8Array(material) : material;
    bytes = new Uint8Array(view); // our copy, zeroed below
    if (options.wipeInput) view.fill(0);
  } else if (typeof material === 'object' && material !== null) {
    const jwk = material as Partial<AesJwk>;
    if (jwk.kty !== 'oct') {
      throw invalid(`a JWK AES key must have kty "oct", got ${JSON.stringify(jwk.kty)}`);
    }
    const decoded = typeof jwk.k === 'string' ? decodeBase64Url(jwk.k) : undefined;
    if (!decoded) throw invalid('the JWK "k" must be unpadded base64url');
    bytes = decoded;
    if (jwk.use !== undefined && jwk.use !== 'enc') {
      bytes.fill(0);
      throw invalid(`the JWK "use" is ${JSON.stringify(jwk.use)}; an encryption key has "enc"`);
    }
    if (Array.isArray(jwk.key_ops)) {
      // Honour a JWK that narrows what the key may do (a decrypt-only key cannot encrypt).
      usages = usages.filter((usage) => jwk.key_ops!.includes(usage));
      if (usages.length === 0) {
        bytes.fill(0);
        throw invalid('the JWK "key_ops" allow neither "encrypt" nor "decrypt"');
      }
    }
    declaredAlg = jwk.alg;
  } else {
    throw invalid('the key must be a JWK, a Uint8Array or an ArrayBuffer');
  }

  try {
    const bits = bytes.byteLength * 8;
    if (!isAesKeyLength(bits)) {
      throw invalid(
        `an AES wrapping key must be 16, 24 or 32 bytes (128, 192 or 256 bits), got ${bytes.byteLength} bytes`,
      );
    }
    if (declaredAlg !== undefined && declaredAlg !== JWK_ALG_BY_LENGTH[bits]) {
      throw invalid(
        `the JWK "alg" is ${JSON.stringify(declaredAlg)} but "k" holds a ${bits}-bit key (${JWK_ALG_BY_LENGTH[bits]})`,
      );
    }
    try {
      return await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, usages);
    } catch (cause) {
      if (bits === 192) {
        throw invalid(
          'this browser does not support AES-192 keys in WebCrypto (Chromium does not); use a 128- or 256-bit key',
          cause,
        );
      }
      throw invalid('WebCrypto refused the key', cause);
    }
  } finally {
    bytes.fill(0);
  }
}

/** Opens (creating or upgrading) the vault database, within a time limit. */
async function openVaultDb(dbName: string): Promise<IDBPDatabase<VaultDb>> {
  if (typeof globalThis.indexedDB === 'undefined' || globalThis.indexedDB === null) {
    throw new Error('indexedDB is not defined in this context');
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const opening = openDB<VaultDb>(dbName, DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(KEYS_STORE)) {
        db.createObjectStore(KEYS_STORE, { keyPath: ['keyNamespace', 'keyName'] });
      }
    },
    blocking(_current, _next, event) {
      // Another context wants to upgrade or delete the database: let it.
      (event.target as IDBDatabase).close();
    },
  });
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`opening the database took more than ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
  });
  // A late success after the time limit must not leak an open connection.
  opening.then((db) => timedOut && db.close()).catch(() => undefined);
  try {
    return await Promise.race([opening, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

class IdbBackend implements Backend {
  constructor(
    private db: IDBPDatabase<VaultDb>,
    private readonly dbName: string,
  ) {}

  async add(record: KeyRecord, replace: boolean): Promise<'added' | 'exists'> {
    const db = await this.open();
    if (replace) {
      await db.put(KEYS_STORE, record);
      return 'added';
    }
    try {
      await db.add(KEYS_STORE, record);
      return 'added';
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'ConstraintError') return 'exists';
      throw error;
    }
  }

  async get(keyNamespace: string, keyName: string): Promise<KeyRecord | undefined> {
    return (await this.open()).get(KEYS_STORE, [keyNamespace, keyName]);
  }

  async delete(keyNamespace: string, keyName: string): Promise<boolean> {
    const tx = (await this.open()).transaction(KEYS_STORE, 'readwrite');
    const found = (await tx.store.getKey([keyNamespace, keyName])) !== undefined;
    if (found) await tx.store.delete([keyNamespace, keyName]);
    await tx.done;
    return found;
  }

  async all(): Promise<KeyRecord[]> {
    return (await this.open()).getAll(KEYS_STORE);
  }

  close(): void {
    this.db.close();
  }

  /** The connection, reopened if another context closed it (see `blocking` above). */
  private async open(): Promise<IDBPDatabase<VaultDb>> {
    try {
      this.db.transaction(KEYS_STORE, 'readonly');
      return this.db;
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name !== 'InvalidStateError') throw error;
      this.db = await openVaultDb(this.dbName);
      return this.db;
    }
  }
}

class MemoryBackend implements Backend {
  private readonly records = new Map<string, KeyRecord>();

  async add(record: KeyRecord, replace: boolean): Promise<'added' | 'exists'> {
    const id = JSON.stringify([record.keyNamespace, record.keyName]);
    if (!replace && this.records.has(id)) return 'exists';
    this.records.set(id, record);
    return 'added';
  }

  async get(keyNamespace: string, keyName: string): Promise<KeyRecord | undefined> {
    return this.records.get(JSON.stringify([keyNamespace, keyName]));
  }

  async delete(keyNamespace: string, keyName: string): Promise<boolean> {
    return this.records.delete(JSON.stringify([keyNamespace, keyName]));
  }

  async all(): Promise<KeyRecord[]> {
    return [...this.records.values()];
  }

  close(): void {
    this.records.clear();
  }
}
