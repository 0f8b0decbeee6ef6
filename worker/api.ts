/**
 * The vault's API: the one object the worker exposes with comlink. Kept free of worker globals so
 * that tests can call it directly (coverage does not see code that runs only inside a Worker).
 *
 * Every method answers a promise (or a value) and fails only with a `VaultError`, whose `code`
 * reaches the main thread (worker/vault/transfer.ts installs the comlink transfer handler).
 * Decrypt failures of single attributes are not thrown: they are returned per attribute.
 */
import type { VaultConfig } from '../src/secured/types.js';
import type { RawAesKeyMaterial } from './keys/key-store.js';
import { createVault } from './vault/vault.js';

/** Arguments of `addRawAesKey`. */
export interface AddRawAesKeyRequest {
  keyNamespace: string;
  keyName: string;
  /** A JWK, or 16/24/32 raw bytes (transferred to the worker and zeroed there once imported). */
  key: RawAesKeyMaterial;
  /** Replace a key stored under the same namespace and name (default: `KeyAlreadyExists`). */
  replace?: boolean;
}

/** Arguments of `addKeyBroker`, as the worker receives them (`getToken` comes apart). */
export interface AddKeyBrokerRequest {
  /** An absolute https URL (http on loopback in development). */
  url: string;
  keyNamespace: string;
  keyName: string;
  replace?: boolean;
  /** Abort the broker request after this many milliseconds (default 10 s). */
  timeoutMs?: number;
}

/** A key's identity. */
export interface KeyId {
  keyNamespace: string;
  keyName: string;
}

/**
 * Creates the vault API (worker/vault/vault.ts). Each worker holds one; tests may create more
 * (with distinct `dbName`s).
 */
export const createVaultApi = (config: VaultConfig = {}) => Object.freeze(createVault(config));

/** The type of the vault API, as the main thread sees it through comlink. */
export type VaultApi = ReturnType<typeof createVaultApi>;
