/**
 * The vault: the worker's holder of keys and plaintexts.
 *
 * - Keys live in the `KeyStore` (IndexedDB, non-extractable `CryptoKey`s); every batch builds its
 *   keyring from every stored key.
 * - Plaintexts live only in this object's private memory: a map from a random, opaque handle to
 *   `{ conversationId, name, plaintext }`. They are never persisted, posted (except as `reveal`'s
 *   answer), logged, or put in an error message. `forget(conversationId)` drops an interaction's.
 * - Each plaintext is also given to the `PlaintextScanner`, so that `scan(text)` can tell whether
 *   outgoing text holds one of them (the egress guard's last layer).
 */
import {
  MultiKeyring,
  RawAesKeyring,
  decryptMessage,
  encryptMessage,
  fromBase64,
  toBase64,
} from '../esdk/index.js';
import type { Keyring } from '../esdk/index.js';
import { VaultError } from '../errors.js';
import { KeyStore, type KeyInfo, type KeyStoreOptions, type StoredKey } from '../keys/key-store.js';
import { PlaintextScanner } from '../scan.js';
import {
  MAX_SECURED_CHARACTERS,
  type DecryptAttribute,
  type DecryptOutcome,
  type DecryptRequest,
  type EncryptRequest,
  type ScanResult,
} from '../../src/secured/types.js';
import { checkContext, contextFor, type ReadSite } from './context.js';
import { asVaultError, decryptFailure } from './errors.js';
import { isMask, preview } from './mask.js';

/**
 * The longest base64 ciphertext the vault reads: a 32,000-character plaintext is at most 128,000
 * UTF-8 bytes, plus headers and framing; 256 KiB of base64 leaves room and bounds the work.
 */
export const MAX_CIPHERTEXT_CHARACTERS = 256 * 1024;

interface Held {
  readonly conversationId: string;
  readonly name: string;
  readonly plaintext: string;
  /** The ciphertext's identity in `#byCiphertext`, to drop it on forget. */
  readonly source: string;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** A fresh opaque handle: 128 random bits, base64url. */
function newHandle(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `h_${toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw new VaultError('GeneralError', `${what} must be a non-empty string`);
  return value;
}

/** Counts code points (what an agent would call characters), stopping early past `limit`. */
function exceeds(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let n = 0;
  for (const _ of text) if (++n > limit) return true;
  return false;
}

/** The keys, plaintexts and scanner of one worker. One vault serves every interaction. */
export class Vault {
  readonly #storeOptions: KeyStoreOptions;
  #store: Promise<KeyStore> | undefined;
  readonly #held = new Map<string, Held>();
  /** Handles by conversation, ciphertext and name: decrypting the same attribute twice reuses one. */
  readonly #byCiphertext = new Map<string, string>();
  readonly #scanner = new PlaintextScanner();

  constructor(storeOptions: KeyStoreOptions = {}) {
    this.#storeOptions = storeOptions;
  }

  /** The key store, opened on first use. */
  store(): Promise<KeyStore> {
    this.#store ??= KeyStore.open(this.#storeOptions);
    return this.#store;
  }

  /** Whether the key store has been opened (configuration is refused after that). */
  get opened(): boolean {
    return this.#store !== undefined;
  }

  /** How many plaintexts the vault holds. */
  get size(): number {
    return this.#held.size;
  }

  /**
   * Decrypts a batch of one interaction's attributes in parallel. Never throws for one attribute:
   * each gets a handle and preview, or an error with a code. Throws only for a malformed request.
   */
  async decrypt(request: DecryptRequest): Promise<DecryptOutcome[]> {
    const conversationId = requireText(request?.conversationId, 'conversationId');
    const organizationId = requireText(request?.organizationId, 'organizationId');
    const attributes = request.attributes;
    if (!Array.isArray(attributes))
      throw new VaultError('GeneralError', 'attributes must be an array');
    if (attributes.length === 0) return [];
    let keys: StoredKey[];
    try {
      keys = await (await this.store()).keys();
    } catch (error) {
      throw asVaultError(error, 'cannot read the key store');
    }
    const keyring = keyringOf(keys);
    const site = { conversationId, organizationId };
    return Promise.all(
      attributes.map((attribute) => this.#decryptOne(attribute, keys.length > 0, keyring, site)),
    );
  }

  async #decryptOne(
    attribute: DecryptAttribute,
    configured: boolean,
    keyring: Keyring | undefined,
    where: Omit<ReadSite, 'name'>,
  ): Promise<DecryptOutcome> {
    const name = typeof attribute?.name === 'string' ? attribute.name : '';
    const failed = (error: VaultError): DecryptOutcome => ({
      name,
      ok: false,
      error: { code: error.code, message: error.message },
    });
    try {
      if (!name) throw new VaultError('GeneralError', 'an attribute has no name');
      const { ciphertext, mask } = attribute;
      if (!isMask(mask))
        throw new VaultError(
          'GeneralError',
          `cannot decrypt ${name}: unknown mask ${JSON.stringify(mask)}`,
        );
      if (typeof ciphertext !== 'string')
        throw new VaultError('GeneralError', `cannot decrypt ${name}: the ciphertext is not text`);
      if (ciphertext === '')
        throw new VaultError('NoDataSupplied', `cannot decrypt ${name}: the ciphertext is empty`);
      if (ciphertext.length > MAX_CIPHERTEXT_CHARACTERS)
        throw new VaultError(
          'MaximumDataSizeExceeded',
          `cannot decrypt ${name}: the ciphertext is over ${MAX_CIPHERTEXT_CHARACTERS} characters`,
        );
      if (!configured)
        throw new VaultError(
          'CustomerKeyNotConfigured',
          `cannot decrypt ${name}: no key is configured`,
        );
      if (!keyring)
        throw new VaultError(
          'CustomerKeyNotFound',
          `cannot decrypt ${name}: key not found (no stored key is a 256-bit AES key)`,
        );
      const site: ReadSite = { ...where, name };
      const source = `${site.conversationId}\u0000${name}\u0000${ciphertext}`;
      const known = this.#byCiphertext.get(source);
      const held = known === undefined ? undefined : this.#held.get(known);
      if (known !== undefined && held)
        return { name, ok: true, handle: known, preview: preview(held.plaintext, mask) };

      const result = await decryptMessage(fromBase64(ciphertext), keyring);
      let plaintext: string;
      try {
        checkContext(result.encryptionContext, site);
        try {
          plaintext = strict.decode(result.plaintext);
        } catch {
          throw new VaultError(
            'GeneralError',
            `cannot decrypt ${name}: the plaintext is not UTF-8 text`,
          );
        }
      } finally {
        result.plaintext.fill(0);
      }
      if (exceeds(plaintext, MAX_SECURED_CHARACTERS))
        throw new VaultError(
          'MaximumDataSizeExceeded',
          `cannot decrypt ${name}: the value is over ${MAX_SECURED_CHARACTERS} characters`,
        );
      const handle = newHandle();
      this.#held.set(handle, { conversationId: site.conversationId, name, plaintext, source });
      this.#byCiphertext.set(source, handle);
      this.#scanner.add(handle, name, plaintext);
      return { name, ok: true, handle, preview: preview(plaintext, mask) };
    } catch (error) {
      return failed(decryptFailure(name || 'an attribute', error));
    }
  }

  /** The plaintext behind `handle`, for display. */
  reveal(handle: string): string {
    const held = typeof handle === 'string' ? this.#held.get(handle) : undefined;
    if (!held)
      throw new VaultError(
        'GeneralError',
        'cannot reveal: the handle is unknown or its interaction was forgotten',
      );
    return held.plaintext;
  }

  /** Drops every plaintext of `conversationId`; returns how many. */
  forget(conversationId: string): number {
    requireText(conversationId, 'conversationId');
    let count = 0;
    for (const [handle, held] of this.#held) {
      if (held.conversationId !== conversationId) continue;
      this.#held.delete(handle);
      this.#byCiphertext.delete(held.source);
      this.#scanner.remove(handle);
      count++;
    }
    return count;
  }

  /** Which held secrets occur in `text` (names only). */
  scan(text: string): ScanResult {
    if (typeof text !== 'string') throw new VaultError('GeneralError', 'scan needs text');
    const { clean, names } = this.#scanner.scan(text);
    return { clean, names: [...names] };
  }

  /**
   * Encrypts a value for Set Secured Data: an ESDK v2 0x0478 message (base64) under the most
   * recently added key, with the context `{ genesys-cloud-organization-id, conversationId,
   * attributeName }`.
   */
  async encrypt(request: EncryptRequest): Promise<string> {
    const site: ReadSite = {
      organizationId: requireText(request?.organizationId, 'organizationId'),
      conversationId: requireText(request?.conversationId, 'conversationId'),
      name: requireText(request?.attributeName, 'attributeName'),
    };
    const { plaintext } = request;
    if (typeof plaintext !== 'string')
      throw new VaultError('GeneralError', `cannot encrypt ${site.name}: the value is not text`);
    if (plaintext === '')
      throw new VaultError('NoDataSupplied', `cannot encrypt ${site.name}: the value is empty`);
    if (exceeds(plaintext, MAX_SECURED_CHARACTERS))
      throw new VaultError(
        'MaximumDataSizeExceeded',
        `cannot encrypt ${site.name}: the value is over ${MAX_SECURED_CHARACTERS} characters`,
      );
    let keys: StoredKey[];
    try {
      keys = await (await this.store()).keys();
    } catch (error) {
      throw asVaultError(error, 'cannot read the key store');
    }
    if (keys.length === 0)
      throw new VaultError(
        'CustomerKeyNotConfigured',
        `cannot encrypt ${site.name}: no key is configured`,
      );
    const usable = keys.filter(isKeyringKey);
    if (usable.length === 0)
      throw new VaultError(
        'CustomerKeyNotFound',
        `cannot encrypt ${site.name}: no stored key is a 256-bit AES key`,
      );
    const newest = usable.reduce((a, b) => (b.info.addedAt > a.info.addedAt ? b : a));
    const bytes = encoder.encode(plaintext);
    try {
      const message = await encryptMessage(bytes, rawKeyring(newest), contextFor(site));
      return toBase64(message);
    } catch (error) {
      throw asVaultError(error, `cannot encrypt ${site.name}`);
    } finally {
      bytes.fill(0);
    }
  }

  /** Closes the key store and drops every plaintext. */
  close(): void {
    this.#held.clear();
    this.#byCiphertext.clear();
    this.#scanner.clear();
    void this.#store?.then((s) => s.close()).catch(() => undefined);
    this.#store = undefined;
  }

  /** Metadata of the stored keys. */
  async listKeys(): Promise<KeyInfo[]> {
    return (await this.store()).listKeys();
  }
}

function rawKeyring({ info, key }: StoredKey): RawAesKeyring {
  return new RawAesKeyring({ keyNamespace: info.keyNamespace, keyName: info.keyName, key });
}

/** Whether the ESDK keyring can use the key (it wraps with AES-256-GCM only). */
function isKeyringKey(key: StoredKey): boolean {
  return key.info.length === 256;
}

/** One keyring over every usable stored key; `undefined` when none is. */
function keyringOf(keys: readonly StoredKey[]): Keyring | undefined {
  const rings = keys.filter(isKeyringKey).map(rawKeyring);
  if (rings.length === 0) return undefined;
  return rings.length === 1 ? rings[0] : new MultiKeyring(rings);
}
