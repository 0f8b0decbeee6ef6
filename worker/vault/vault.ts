/**
 * The vault: the worker's holder of keys and plaintexts.
 *
 * - Keys live in the `KeyStore` (IndexedDB, non-extractable `CryptoKey`s). The keyring over every
 *   stored key is built once and kept until the store's `generation` says the keys changed (here
 *   or in another context on the same database), so a batch does not wait for IndexedDB.
 * - Plaintexts live only in this closure: a map from a random, opaque handle to
 *   `{ conversationId, name, plaintext }`. They are never persisted, posted (except as `reveal`'s
 *   answer), logged, or put in an error message. `forget(conversationId)` drops an interaction's.
 * - Each plaintext is also given to the `PlaintextScanner`, so that `scan(text)` can tell whether
 *   outgoing text holds one of them (the egress guard's last layer).
 *
 * ## The encryption-context rule (DESIGN.md, "The worker")
 * `genesys-cloud-organization-id` must be present and equal the session's organization;
 * `conversationId` and `attributeName`, when present, must equal the conversation and attribute
 * being read. So a ciphertext copied to another attribute, conversation or organization is refused.
 * Context values are public (they travel in the message header in clear), so errors may quote them.
 *
 * ## Previews
 * Computed here so that the main thread never holds more of a value than its preview discloses:
 * `last4` shows the last four characters (code points) of values of at least 8, anything else the
 * fixed mask (see `SecuredMask`).
 */
import { releaseProxy } from 'comlink';
import {
  RawAesKeyring,
  decryptMessage,
  encryptMessage,
  fromBase64,
  toBase64,
  type Bytes,
} from '../esdk/index.js';
import { MultiKeyring, type Keyring } from '../esdk/keyring.js';
import { ALPHABET, fromUtf8, utf8 } from '../esdk/bytes.js';
import type { AddKeyBrokerRequest, AddRawAesKeyRequest, KeyId } from '../api.js';
import { VaultError, describe, type VaultErrorCode } from '../errors.js';
import { isEsdkCode } from '../esdk/errors.js';
import { KeyStore, type KeyInfo, type StoredKey } from '../keys/key-store.js';
import { PlaintextScanner } from '../scan.js';
import {
  FULL_MASK,
  MAX_SECURED_CHARACTERS,
  VAULT_API_VERSION,
  type VaultConfig,
  type VaultPong,
  type DecryptAttribute,
  type DecryptOutcome,
  type DecryptRequest,
  type EncryptRequest,
  type ScanResult,
} from '../../src/secured/types.js';

/**
 * The longest base64 ciphertext the vault reads: a 32,000-character plaintext is at most 128,000
 * UTF-8 bytes, plus headers and framing; 256 KiB of base64 leaves room and bounds the work.
 */
export const MAX_CIPHERTEXT_CHARACTERS = 256 * 1024;

const ORGANIZATION = 'genesys-cloud-organization-id';

/**
 * How many attributes of a batch are decrypted at once. Chromium runs each WebCrypto call on the
 * calling thread (here the worker's), so a few messages in flight keep it as busy as a thousand;
 * and a thousand half-decrypted messages (views, contexts, pending promises) in the young
 * generation made every scavenge copy them: 16 at a time decrypts 1,000 attributes about 7%
 * faster than all at once (8 alike, 32 and more lose it). An engine that runs WebCrypto on a
 * thread pool still gets up to two calls queued per lane.
 */
const IN_FLIGHT = 16;
/**
 * The bytes a lane decodes each of its ciphertexts into, in turn (a message that fits allocates no
 * buffer of its own; a few thousand characters of value fit).
 */
const LANE_BYTES = 4096;
/** The placeholder of an outcome in a batch until its attribute is done. */
const PENDING = {} as DecryptOutcome;
/** The base64url alphabet: handles are URL-safe. */
const HANDLE_ALPHABET = ALPHABET.slice(0, 62) + '-_';

interface Held {
  readonly conversationId: string;
  readonly name: string;
  readonly plaintext: string;
  /** The ciphertext's identity in `bySource`, to drop it on forget. */
  readonly source: string;
}

/** A `VaultError`; `name` (an attribute) prefixes the message as "cannot <verb> <name>: …". */
const fail = (code: VaultErrorCode, why: string, name?: string, verb = 'decrypt') =>
  new VaultError(code, name ? `cannot ${verb} ${name}: ${why}` : why);

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || !value)
    throw fail('GeneralError', `${what} must be a non-empty string`);
  return value;
};

/** Counts code points (what an agent would call characters), stopping early past the limit. */
function tooLong(value: string): boolean {
  if (value.length <= MAX_SECURED_CHARACTERS) return false;
  let n = 0;
  for (const _ of value) if (++n > MAX_SECURED_CHARACTERS) return true;
  return false;
}

const quote = (value: string) => JSON.stringify(value.slice(0, 80));

/** Why `context` does not allow reading attribute `name` here; '' when it does. */
function contextProblem(
  context: Readonly<Record<string, string>>,
  organizationId: string,
  conversationId: string,
  name: string,
): string {
  const { [ORGANIZATION]: org, conversationId: conversation, attributeName: attribute } = context;
  return org === undefined
    ? `no ${ORGANIZATION} in its context`
    : org !== organizationId
      ? `it is for organization ${quote(org)}`
      : conversation !== undefined && conversation !== conversationId
        ? 'copied from another conversation'
        : attribute !== undefined && attribute !== name
          ? 'copied from another attribute'
          : '';
}

/** The preview of `plaintext` under `mask` (see `SecuredMask`). Counts code points. */
function preview(plaintext: string, mask: unknown): string {
  if (mask !== 'last4' || plaintext.length < 8) return FULL_MASK;
  // Without surrogates a UTF-16 unit is a code point: no array of characters needed.
  if (!/[\ud800-\udfff]/.test(plaintext)) return `•••• ${plaintext.slice(-4)}`;
  const chars = Array.from(plaintext);
  return chars.length > 7 ? `•••• ${chars.slice(-4).join('')}` : FULL_MASK;
}

/** Random bytes for handles, 22 a handle: one getRandomValues call per 2,048 handles. */
const POOL = new Uint8Array(22 * 2048);
let poolAt = POOL.length;

/** A fresh opaque handle: `h_` and 22 random base64url characters (132 bits). */
function newHandle(): string {
  if (poolAt === POOL.length) poolAt = crypto.getRandomValues(POOL) && 0;
  let handle = 'h_';
  while (handle.length < 24) handle += HANDLE_ALPHABET[POOL[poolAt++]! & 63];
  return handle;
}

/**
 * Any failure as a `VaultError` with a vault code and `what` before its reason: an ESDK code
 * becomes `CustomerKeyNotFound` (no key matched) or `GeneralError`, anything else `GeneralError`.
 */
export function asVaultError(error: unknown, what: string): VaultError {
  if (!(error instanceof VaultError))
    return new VaultError('GeneralError', `${what}: ${describe(error)}`, { cause: error });
  const { code, message } = error;
  if (!isEsdkCode(code)) return error;
  return new VaultError(
    code === 'KeyNotFound' ? 'CustomerKeyNotFound' : 'GeneralError',
    `${what}: ${message.slice(code.length + 2)}`,
    { cause: error },
  );
}

/**
 * What the vault does with the stored keys: how many there are, the keyring over every 256-bit
 * one (the ESDK raw AES keyring wraps with AES-256-GCM) to decrypt, and the keyring of the most
 * recently added one to encrypt.
 */
function keyringsOf(keys: readonly StoredKey[]) {
  const usable = keys.filter((k) => k.info.length === 256);
  const rings = usable.map(({ info, key }) => new RawAesKeyring({ ...info, key }));
  let newest = 0;
  for (let i = 1; i < usable.length; i++)
    if (usable[i]!.info.addedAt > usable[newest]!.info.addedAt) newest = i;
  return {
    count: keys.length,
    keyring: rings.length > 1 ? new MultiKeyring(rings) : rings[0],
    newest: rings[newest],
  };
}

/** Runs `call`, turning any failure into a `VaultError` (with `what` as context). */
const guarded = <T>(what: string, call: () => Promise<T> | T): Promise<T> =>
  new Promise<T>((resolve) => resolve(call())).catch((error: unknown) => {
    throw asVaultError(error, what);
  });

/**
 * The keys, plaintexts and scanner of one worker, as the API the worker exposes (see api.ts).
 * One vault serves every interaction.
 */
export function createVault(config: VaultConfig = {}) {
  let options = config;
  let store: Promise<KeyStore> | undefined;
  const held = new Map<string, Held>();
  /** Handles by conversation, name and ciphertext: decrypting the same attribute twice reuses one. */
  const bySource = new Map<string, string>();
  const scanner = new PlaintextScanner();

  /** The keyring of the stored keys, built once per key-store generation (see `KeyStore`). */
  let ring: { generation: number; ready: Promise<ReturnType<typeof keyringsOf>> } | undefined;

  const openStore = () => (store ??= KeyStore.open(options));
  /** Runs `call` on the key store, any failure a `VaultError` with `what` as context. */
  const withStore = <T>(what: string, call: (store: KeyStore) => Promise<T> | T) =>
    guarded(what, async () => call(await openStore()));
  /** The stored keys' keyrings (see `keyringsOf`): from IndexedDB only when the keys changed. */
  const keyring = () =>
    openStore().then((s) => {
      if (ring?.generation !== s.generation) {
        const mine = (ring = {
          generation: s.generation,
          ready: withStore('cannot read the key store', (s) => s.keys()).then(keyringsOf),
        });
        mine.ready.catch(() => ring === mine && (ring = undefined));
      }
      return ring.ready;
    });

  /** A failure as an outcome, with a vault code (see `asVaultError`). */
  function failed(name: string, error: unknown): DecryptOutcome {
    // Messages never hold a plaintext: ESDK and WebCrypto messages never do, and of anything else
    // only its name is kept.
    const { code, message } =
      error instanceof VaultError
        ? asVaultError(error, `cannot decrypt ${name || 'an attribute'}`)
        : fail(
            'GeneralError',
            `unexpected ${error instanceof Error ? error.name : typeof error}`,
            name,
          );
    return { name, ok: false, error: { code: code as VaultErrorCode, message } };
  }

  /**
   * One attribute: the checks, the cache, base64 (into `scratch`, which the message's views then
   * share until the call ends) and the message structure, synchronously up to its first WebCrypto
   * call; then the WebCrypto chain, the context rule, a handle and a preview.
   */
  async function decryptOne(
    attribute: DecryptAttribute,
    configured: boolean,
    keyring: Keyring | undefined,
    organizationId: string,
    conversationId: string,
    scratch: Bytes,
  ): Promise<DecryptOutcome> {
    const name = typeof attribute?.name === 'string' ? attribute.name : '';
    try {
      if (!name) throw fail('GeneralError', 'an attribute has no name');
      const { ciphertext, mask } = attribute;
      if (!(mask === undefined || mask === 'full' || mask === 'last4' || mask === 'none'))
        throw fail('GeneralError', `unknown mask ${JSON.stringify(mask)}`, name);
      if (typeof ciphertext !== 'string')
        throw fail('GeneralError', 'the ciphertext is not text', name);
      if (!ciphertext) throw fail('NoDataSupplied', 'the ciphertext is empty', name);
      if (ciphertext.length > MAX_CIPHERTEXT_CHARACTERS)
        throw fail(
          'MaximumDataSizeExceeded',
          `the ciphertext is over ${MAX_CIPHERTEXT_CHARACTERS} characters`,
          name,
        );
      if (!configured) throw fail('CustomerKeyNotConfigured', 'no key is configured', name);
      if (!keyring) throw fail('CustomerKeyNotFound', 'key not found (no AES-256 key)', name);
      const source = `${conversationId}\0${name}\0${ciphertext}`;
      let handle = bySource.get(source);
      let plaintext = handle && held.get(handle)?.plaintext;
      if (plaintext === undefined) {
        const decrypted = await decryptMessage(fromBase64(ciphertext, scratch), keyring, {
          allowLegacyV1: options.allowLegacyV1 === true,
          maxEncryptedDataKeys: options.maxEncryptedDataKeys,
        });
        const bytes = decrypted.plaintext;
        try {
          const problem = contextProblem(
            decrypted.encryptionContext,
            organizationId,
            conversationId,
            name,
          );
          if (problem) throw fail('GeneralError', problem, name);
          plaintext = fromUtf8(bytes);
        } finally {
          bytes.fill(0);
        }
        if (tooLong(plaintext))
          throw fail(
            'MaximumDataSizeExceeded',
            `the value is over ${MAX_SECURED_CHARACTERS} characters`,
            name,
          );
        // The same attribute twice in one batch: the first to finish gives the handle.
        handle = bySource.get(source);
        if (!handle || !held.has(handle)) {
          handle = newHandle();
          held.set(handle, { conversationId, name, plaintext, source });
          bySource.set(source, handle);
          scanner.add(handle, name, plaintext);
        }
      }
      return { name, ok: true, handle: handle!, preview: preview(plaintext, mask) };
    } catch (error) {
      return failed(name, error);
    }
  }

  /** Decrypts a batch; throws only for a malformed request. */
  async function decryptBatch(request: DecryptRequest): Promise<DecryptOutcome[]> {
    const conversationId = text(request?.conversationId, 'conversationId');
    const organizationId = text(request?.organizationId, 'organizationId');
    const attributes = request.attributes;
    if (!Array.isArray(attributes)) throw fail('GeneralError', 'attributes must be an array');
    if (!attributes.length) return [];
    const { count, keyring: ring } = await keyring();
    // A few lanes, each taking the next attribute when its last one is done (see IN_FLIGHT). The
    // array is filled before any lane starts, so that it stays dense (posted as a plain list).
    const outcomes = attributes.map(() => PENDING);
    let next = 0;
    const lane = async () => {
      const scratch = new Uint8Array(LANE_BYTES);
      while (next < attributes.length) {
        const i = next++;
        outcomes[i] = await decryptOne(
          attributes[i]!,
          count > 0,
          ring,
          organizationId,
          conversationId,
          scratch,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, attributes.length) }, lane));
    return outcomes;
  }

  /** Encrypts one value (see `encrypt`). */
  async function encryptOne(request: EncryptRequest): Promise<string> {
    const organizationId = text(request?.organizationId, 'organizationId');
    const conversationId = text(request?.conversationId, 'conversationId');
    const name = text(request?.attributeName, 'attributeName');
    const no = (code: VaultErrorCode, why: string) => fail(code, why, name, 'encrypt');
    let { plaintext } = request;
    if (request.handle !== undefined) {
      // A copy of a held secured value: only within its own conversation (the context rule).
      const source = held.get(request.handle);
      if (plaintext !== undefined) throw no('GeneralError', 'give a plaintext or a handle');
      if (!source) throw no('GeneralError', 'the secured value is no longer held');
      if (source.conversationId !== conversationId)
        throw no('GeneralError', 'the secured value belongs to another conversation');
      plaintext = source.plaintext;
    }
    if (typeof plaintext !== 'string') throw no('GeneralError', 'the value is not text');
    if (!plaintext) throw no('NoDataSupplied', 'the value is empty');
    if (tooLong(plaintext))
      throw no('MaximumDataSizeExceeded', `the value is over ${MAX_SECURED_CHARACTERS} characters`);
    const { count, newest } = await keyring();
    if (!count) throw no('CustomerKeyNotConfigured', 'no key is configured');
    if (!newest) throw no('CustomerKeyNotFound', 'no AES-256 key');
    const bytes = utf8(plaintext);
    try {
      return toBase64(
        await encryptMessage(bytes, newest, {
          [ORGANIZATION]: organizationId,
          conversationId,
          attributeName: name,
        }),
      );
    } catch (error) {
      throw asVaultError(error, `cannot encrypt ${name}`);
    } finally {
      bytes.fill(0);
    }
  }

  return {
    /** Answers that the worker is alive, with the API version it speaks. */
    ping(): VaultPong {
      return { pong: true, apiVersion: VAULT_API_VERSION };
    },

    /**
     * Chooses the key store's database and the decrypt options; only before the first key or
     * decrypt call.
     */
    configure(next: VaultConfig): void {
      if (store)
        throw new VaultError('GeneralError', 'configure must come before the first vault call');
      const max = next?.maxEncryptedDataKeys;
      if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 65_535))
        throw new VaultError(
          'GeneralError',
          `maxEncryptedDataKeys must be a whole number from 1 to 65535, not ${String(max)}`,
        );
      const legacy = next?.allowLegacyV1;
      if (legacy !== undefined && typeof legacy !== 'boolean')
        throw new VaultError('GeneralError', 'allowLegacyV1 must be true or false');
      options = { ...config, ...next };
    },

    /** Stores a raw AES wrapping key (ESDK raw AES keyring: key namespace + key name). */
    addRawAesKey(request: AddRawAesKeyRequest): Promise<KeyInfo> {
      return withStore('cannot add the key', (s) =>
        s.addRawAesKey({ ...request, replace: request?.replace === true, wipeInput: true }),
      );
    },

    /**
     * Fetches a key from the customer's key broker (RSA-OAEP-256 to a fresh non-extractable pair)
     * and stores it. `getToken` supplies the bearer token: a main-thread function passed as its own
     * argument with comlink's `proxy` (comlink proxies top-level arguments only). It is called once
     * and its proxy released afterwards.
     */
    addKeyBroker(
      request: AddKeyBrokerRequest,
      getToken: () => Promise<string> | string,
    ): Promise<KeyInfo> {
      return withStore('cannot add the key', (s) => {
        if (typeof getToken !== 'function')
          throw new VaultError('BrokerError', 'addKeyBroker needs a getToken function');
        // Only what a posted request can hold: data, never a fetch or a signal of the caller's.
        return s.addBrokerKey({
          ...request,
          getToken: async () => getToken(),
          replace: request?.replace === true,
        });
      }).finally(() => (getToken as { [releaseProxy]?: () => void })?.[releaseProxy]?.());
    },

    /** Whether keys survive a reload (IndexedDB), or live in this worker's memory, and why. */
    storage(): Promise<{ persistent: boolean; reason?: string }> {
      return withStore('cannot open the key store', ({ persistent, reason }) =>
        reason === undefined ? { persistent } : { persistent, reason },
      );
    },

    /** Metadata of every stored key (never key material). */
    listKeys(): Promise<KeyInfo[]> {
      return withStore('cannot list', (s) => s.listKeys());
    },

    /** Removes a key; resolves whether there was one. */
    removeKey(id: KeyId): Promise<boolean> {
      return withStore('cannot remove', (s) => s.removeKey(id?.keyNamespace, id?.keyName));
    },

    /**
     * Decrypts one interaction's secured attributes in one call, several at a time: per attribute a
     * handle and a masked preview, or an error with its code (never a rejection for one
     * attribute; only a malformed request rejects).
     */
    decrypt(request: DecryptRequest): Promise<DecryptOutcome[]> {
      return guarded('cannot decrypt', () => decryptBatch(request));
    },

    /**
     * The plaintext of a handle, for display (the only way a plaintext leaves the worker): a map
     * lookup answered synchronously (comlink posts the value at once).
     */
    reveal(handle: string): string {
      const plaintext = held.get(handle)?.plaintext;
      if (plaintext === undefined) throw fail('GeneralError', 'unknown handle');
      return plaintext;
    },

    /** Drops every plaintext of an interaction (wrap-up); resolves how many. */
    forget(conversationId: string): Promise<number> {
      return guarded('cannot forget', () => {
        text(conversationId, 'conversationId');
        let count = 0;
        for (const [handle, h] of held)
          if (h.conversationId === conversationId) {
            held.delete(handle);
            bySource.delete(h.source);
            scanner.remove(handle);
            count++;
          }
        return count;
      });
    },

    /** Which held secrets occur in `text`, in their common encodings (names only). */
    scan(value: string): Promise<ScanResult> {
      return guarded('cannot scan', () => {
        if (typeof value !== 'string') throw fail('GeneralError', 'scan needs text');
        return scanner.scan(value);
      });
    },

    /**
     * Encrypts a value for Set Secured Data: an ESDK v2 0x0478 message (base64) under the most
     * recently added 256-bit key, with the context `{ genesys-cloud-organization-id,
     * conversationId, attributeName }`.
     */
    encrypt(request: EncryptRequest): Promise<string> {
      return guarded('cannot encrypt', () => encryptOne(request));
    },

    /** Drops every plaintext and closes the key store (tests; the worker's end does the same). */
    close(): void {
      held.clear();
      bySource.clear();
      scanner.clear();
      ring = undefined;
      void store?.then((s) => s.close()).catch(() => undefined);
      store = undefined;
    },
  };
}
