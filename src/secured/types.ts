/**
 * Types shared by the main thread (src/secured/) and the vault worker (worker/). Only types and
 * constants live here: the worker imports nothing else from src/, and the main thread reaches the
 * worker only through comlink.
 */

/** The version of the worker's API; the client checks it in `ping()`. */
export const VAULT_API_VERSION = 2;

/** What `ping()` answers: proof that the worker is alive and speaks our API version. */
export interface VaultPong {
  pong: true;
  apiVersion: number;
}

/**
 * How a secured value's preview hides it:
 * - `full` (the default): a fixed mask (`••••••`) that tells nothing, not even the length;
 * - `last4`: `•••• 1234`, the last four characters, for values of at least 8 characters (shorter
 *   values are masked in full, so that at most half of a value is ever shown);
 * - `none`: the designer asked for no partial disclosure mask; the preview is the fixed mask, as for
 *   `full` (plaintext reaches the main thread only through `reveal`).
 */
export type SecuredMask = 'full' | 'last4' | 'none';

/** The mask of a preview that discloses nothing. */
export const FULL_MASK = '••••••';

/** Why the vault refused: the codes a `VaultError` carries from the worker to the main thread. */
export type VaultErrorCodeName =
  /** No key is configured at all (the key store is empty). */
  | 'CustomerKeyNotConfigured'
  /** The key a message or a caller names is not in the key store. */
  | 'CustomerKeyNotFound'
  /** The input exceeds the vault's size limit (32,000 characters). */
  | 'MaximumDataSizeExceeded'
  /** Nothing to decrypt or encrypt. */
  | 'NoDataSupplied'
  /** Anything that has no better name. */
  | 'GeneralError'
  /** A key, a key namespace or a key name is malformed or unsupported. */
  | 'InvalidKey'
  /** A key with the same namespace and name is already stored and `replace` was not set. */
  | 'KeyAlreadyExists'
  /** The key broker could not be reached, refused, or answered something unusable. */
  | 'BrokerError'
  /** IndexedDB failed while the store was in use (it was open when the store started). */
  | 'StorageUnavailable';

/** A failure as plain data: a code to switch on and a message that never holds a plaintext. */
export interface VaultFailure {
  code: VaultErrorCodeName;
  message: string;
}

/** One secured attribute to decrypt. */
export interface DecryptAttribute {
  /** The attribute's name (case-sensitive), checked against the context's `attributeName`. */
  name: string;
  /** The base64 AWS Encryption SDK message. */
  ciphertext: string;
  /** How the preview masks it; `full` by default. */
  mask?: SecuredMask;
}

/** A batch: every secured attribute of one interaction, decrypted in one round trip. */
export interface DecryptRequest {
  /** The conversation the attributes belong to (checked against the context's `conversationId`). */
  conversationId: string;
  /** The session's organization: the context's `genesys-cloud-organization-id` must equal it. */
  organizationId: string;
  attributes: readonly DecryptAttribute[];
}

/** The outcome for one attribute of a batch: a handle and a masked preview, or a failure. */
export type DecryptOutcome =
  | { name: string; ok: true; handle: string; preview: string }
  | { name: string; ok: false; error: VaultFailure };

/** What `encrypt` needs (Set Secured Data). */
export interface EncryptRequest {
  conversationId: string;
  organizationId: string;
  attributeName: string;
  /** What to encrypt (what the agent typed): at most 32,000 characters; not empty. */
  plaintext?: string;
  /**
   * Instead of `plaintext`: the handle of a value the vault holds for the same conversation, so a
   * secured value is copied to another attribute without its plaintext reaching the page.
   */
  handle?: string;
}

/** What `scan(text)` found: the names of the held secrets that occur in `text`, never values. */
export interface ScanResult {
  clean: boolean;
  names: string[];
}

/** Options of the worker's key store, set once before the first key operation. */
export interface VaultConfig {
  /** The IndexedDB database name (default `cx-secured-vault`); tests and multi-tenant pages vary it. */
  dbName?: string;
  /** `false` keeps keys in memory only. */
  persistent?: boolean;
  /**
   * Also decrypt legacy data: AWS Encryption SDK format v1 messages with suite 0x0178
   * (AES-256-GCM, HKDF-SHA256, no key commitment). Default `false`: only format v2 with suite
   * 0x0478, whose key commitment stops a message from decrypting to two plaintexts. Decrypt only:
   * the vault always encrypts with 0x0478.
   */
  allowLegacyV1?: boolean;
  /**
   * The most encrypted data keys a message may carry, 1 to 65,535 (default 2). A message with more
   * is refused before any key is tried (a message with thousands would make the vault try each).
   */
  maxEncryptedDataKeys?: number;
}

/** The most characters a secured value may have (Genesys' limit for secured data). */
export const MAX_SECURED_CHARACTERS = 32_000;
