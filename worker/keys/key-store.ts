/**
 * The vault's key store: raw AES wrapping keys for the ESDK raw AES keyring, identified as on the
 * wire by key namespace + key name, kept in IndexedDB (through idb) as non-extractable `CryptoKey`
 * objects. The code that adds keys loads on demand (key-intake.ts).
 *
 * IndexedDB stores a `CryptoKey` by structured clone, which keeps it non-extractable: the key bytes
 * are never visible to script, neither when storing nor after a reload. Next to each key sits
 * metadata only (`KeyInfo`). When IndexedDB is unavailable (storage blocked or partitioned in an
 * iframe, private modes), the store falls back to memory: keys then last as long as the worker, and
 * `persistent` is false with a `reason`.
 *
 * The module has no DOM dependencies: it runs in the vault worker and, for tests, on the main thread.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { VaultError, describe, type VaultErrorCode } from '../errors.js';
import { onDemand } from '../on-demand.js';
import type { BrokerKeyRequest } from './key-broker.js';
import { fromBase64 } from '../esdk/bytes.js';
import { jwkAlg, keyError, type AesKeyLength } from './key-id.js';

/** The vault's IndexedDB database. */
export const VAULT_DB_NAME = 'cx-secured-vault';
/** The object store of keys, keyed by `[keyNamespace, keyName]`. */
export const KEYS_STORE = 'keys';

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

/** The key store. Open it with {@link KeyStore.open}. */
export interface KeyStore {
  /** Whether keys survive a reload (IndexedDB), or live in memory only. */
  readonly persistent: boolean;
  /** Why the store is not persistent, when it is not. */
  readonly reason: string | undefined;
  /**
   * Changes whenever the stored keys may have changed: a key added or removed through this store,
   * through another store on the same database (a `BroadcastChannel` per database tells), or the
   * database reopened. A caller may keep what it built from `keys()` while this stays the same.
   */
  readonly generation: number;
  /**
   * Imports a raw AES wrapping key (128, 192 or 256 bits; AES-192 where the browser supports it)
   * as a non-extractable AES-GCM `CryptoKey` and stores it. Usages `encrypt`, `decrypt`, `wrapKey`
   * and `unwrapKey` (the keyring unwraps data keys straight into non-extractable HKDF keys), or
   * the part of them a JWK's `key_ops` allows. Returns its metadata.
   */
  addRawAesKey(options: AddRawAesKeyOptions): Promise<KeyInfo>;
  /**
   * Fetches a key from a key broker (see key-broker.ts: the key is unwrapped inside WebCrypto and
   * its bytes never exist in JavaScript) and stores it like a raw key, with source `broker`.
   */
  addBrokerKey(options: AddBrokerKeyOptions): Promise<KeyInfo>;
  /** Metadata of every stored key, sorted by namespace then name. Never key material. */
  listKeys(): Promise<KeyInfo[]>;
  /** Every stored key with its metadata, sorted by namespace then name (for the keyring). */
  keys(): Promise<StoredKey[]>;
  /** The stored key of that namespace and name, if any. */
  getKey(keyNamespace: string, keyName: string): Promise<CryptoKey | undefined>;
  /** Removes a key; resolves whether there was one. */
  removeKey(keyNamespace: string, keyName: string): Promise<boolean>;
  /** Closes the database. Later calls reject. */
  close(): void;
}

type KeyRecord = KeyInfo & { key: CryptoKey };
type Id = [string, string];

/** What the store uses of a database: IndexedDB (`idbDb`) or the memory fallback (`memoryDb`). */
interface Db {
  get(id: Id): Promise<KeyRecord | undefined>;
  getAll(): Promise<KeyRecord[]>;
  add(record: KeyRecord): Promise<unknown>;
  put(record: KeyRecord): Promise<unknown>;
  delete(id: Id): Promise<unknown>;
  close(): void;
  /** Throws `InvalidStateError` when the connection was closed (by another context's upgrade). */
  probe?(): void;
}

/** Keys in memory, for when IndexedDB is off or unavailable. */
function memoryDb(): Db {
  const records = new Map<string, KeyRecord>();
  const id = (r: KeyRecord | Id) =>
    JSON.stringify(Array.isArray(r) ? r : [r.keyNamespace, r.keyName]);
  return {
    get: async (k) => records.get(id(k)),
    getAll: async () => [...records.values()],
    async add(r) {
      if (records.has(id(r))) throw new DOMException('exists', 'ConstraintError');
      records.set(id(r), r);
    },
    put: async (r) => records.set(id(r), r),
    delete: async (k) => records.delete(id(k)),
    close: () => records.clear(),
  };
}

/**
 * The store's operations on an IndexedDB connection (through idb). A write settles when its
 * transaction commits (a write is durable when it resolves), or rejects with the request's error
 * (`ConstraintError` for `add` of an existing key).
 */
function idbDb(db: IDBPDatabase): Db {
  return {
    get: (id) => db.get(KEYS_STORE, id),
    getAll: () => db.getAll(KEYS_STORE),
    add: (record) => db.add(KEYS_STORE, record),
    put: (record) => db.put(KEYS_STORE, record),
    delete: (id) => db.delete(KEYS_STORE, id),
    close: () => db.close(),
    probe: () => void db.transaction(KEYS_STORE),
  };
}

/** Opens (creating or upgrading) the vault database, within 5 s. */
async function openVaultDb(dbName: string): Promise<Db> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opening = openDB(dbName, 1, {
    upgrade: (db) => db.createObjectStore(KEYS_STORE, { keyPath: ['keyNamespace', 'keyName'] }),
    // Another context wants to upgrade or delete the database: let it (we reopen when needed).
    blocking: (_version, _wanted, event) => (event.target as IDBDatabase).close(),
  });
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error('open timed out'));
      // A late success after the time limit must not leak an open connection.
      opening.then(
        (db) => db.close(),
        () => 0,
      );
    }, 5000);
  });
  try {
    return idbDb(await Promise.race([opening, late]));
  } finally {
    clearTimeout(timer);
  }
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const infoOf = ({ key: _key, ...info }: KeyRecord): KeyInfo => info;

/**
 * The key store. `open` never fails for want of storage: if IndexedDB is missing, throws, is
 * blocked or does not answer within 5 s, the store keeps keys in memory and says why in `reason`.
 */
export const KeyStore = {
  async open({
    dbName = VAULT_DB_NAME,
    persistent = true,
  }: KeyStoreOptions = {}): Promise<KeyStore> {
    let db: Db;
    let reason: string | undefined;
    if (!persistent) {
      db = memoryDb();
      reason = 'persistence was switched off';
    } else {
      try {
        db = await openVaultDb(dbName);
      } catch (error) {
        db = memoryDb();
        reason = `no IndexedDB (${describe(error)}): keys in memory`;
      }
    }
    let closed = false;
    let generation = 0;
    // Other contexts on the same database (another tab's vault) say when they change its keys.
    const channel =
      reason === undefined && typeof BroadcastChannel === 'function'
        ? new BroadcastChannel(`${dbName}#keys`)
        : undefined;
    if (channel) channel.onmessage = () => generation++;
    const changed = () => {
      generation++;
      channel?.postMessage(0);
    };

    /** Runs `call` on the open database, reopening a connection another context closed. */
    const use = async <T>(call: (db: Db) => Promise<T>): Promise<T> => {
      if (closed) throw new VaultError('GeneralError', 'the key store is closed');
      try {
        try {
          db.probe?.();
        } catch (error) {
          if ((error as Error).name !== 'InvalidStateError') throw error;
          db = await openVaultDb(dbName);
          generation++;
        }
        return await call(db);
      } catch (cause) {
        if (cause instanceof VaultError) throw cause;
        throw new VaultError('StorageUnavailable', describe(cause), { cause });
      }
    };

    const records = async () =>
      (await use((d) => d.getAll())).sort(
        (a, b) => order(a.keyNamespace, b.keyNamespace) || order(a.keyName, b.keyName),
      );

    const save = async (
      key: CryptoKey,
      keyNamespace: string,
      keyName: string,
      replace: unknown,
      source: KeySource,
      brokerUrl?: string,
    ): Promise<KeyInfo> => {
      const length = (key.algorithm as AesKeyAlgorithm).length as AesKeyLength;
      // Unreachable with the importers here; a guard so that nothing else is ever stored.
      if (key.extractable || !jwkAlg(length))
        throw keyError('InvalidKey', keyNamespace, keyName, 'refused');
      const record: KeyRecord = {
        keyNamespace,
        keyName,
        algorithm: 'AES-GCM',
        length,
        addedAt: Date.now(),
        source,
        ...(brokerUrl && { brokerUrl }),
        key,
      };
      await use(async (d) => {
        try {
          await (replace ? d.put : d.add)(record);
        } catch (error) {
          throw (error as Error).name === 'ConstraintError' ? exists(keyNamespace, keyName) : error;
        }
      });
      changed();
      return infoOf(record);
    };

    const getKey = async (keyNamespace: string, keyName: string) =>
      (await use((d) => d.get([keyNamespace, keyName])))?.key;

    return {
      persistent: reason === undefined,
      reason,
      get generation() {
        return generation;
      },
      async addRawAesKey(options) {
        const { keyNamespace, keyName } = options;
        const { checkKeyId, importRawAesKey } = await intake('GeneralError', keyNamespace, keyName);
        checkKeyId(keyNamespace, keyName);
        if (closed) await use(async () => 0);
        const key = await importRawAesKey(options);
        return save(key, keyNamespace, keyName, options.replace, 'raw');
      },
      async addBrokerKey(options) {
        const { keyNamespace, keyName, replace } = options;
        const { checkKeyId, fetchBrokerKey, resolveBrokerUrl } = await intake(
          'BrokerError',
          keyNamespace,
          keyName,
        );
        checkKeyId(keyNamespace, keyName);
        const url = resolveBrokerUrl(options.url, keyNamespace, keyName);
        // Fail before the network round trip; the final add below is still atomic.
        if (!replace && (await getKey(keyNamespace, keyName))) throw exists(keyNamespace, keyName);
        const key = await fetchBrokerKey(options);
        return save(key, keyNamespace, keyName, replace, 'broker', url.origin + url.pathname);
      },
      listKeys: async () => (await records()).map(infoOf),
      keys: async () => (await records()).map((r) => ({ info: infoOf(r), key: r.key })),
      getKey,
      async removeKey(keyNamespace, keyName) {
        const found = !!(await getKey(keyNamespace, keyName));
        if (found) await use((d) => d.delete([keyNamespace, keyName]));
        if (found) changed();
        return found;
      },
      close() {
        if (!closed) db.close();
        channel?.close();
        closed = true;
      },
    };
  },
};

/**
 * The code that adds keys (key-intake.ts: the key-id checks, the raw key importer, the broker
 * client), a chunk of its own in the build: stored keys survive reloads, so most starts never
 * need it (see ../on-demand.ts).
 */
const loadIntake = onDemand(() =>
  import('./key-intake.js').then((m) => m.keyIntake({ fromBase64, jwkAlg, keyError })),
);

/**
 * The code that adds keys, or a `VaultError` with `code` naming the key when it cannot be loaded
 * (the next call tries the load again).
 */
const intake = (code: VaultErrorCode, keyNamespace: string, keyName: string) =>
  loadIntake().catch((cause: unknown) => {
    throw keyError(code, keyNamespace, keyName, 'the code that adds keys could not be loaded', {
      cause,
    });
  });

const exists = (keyNamespace: string, keyName: string) =>
  keyError('KeyAlreadyExists', keyNamespace, keyName, 'exists (pass replace: true)');
