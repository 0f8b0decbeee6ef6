/**
 * The vault's API: the one object the worker exposes with comlink. Kept free of worker globals so
 * that tests can call it directly (coverage does not see code that runs only inside a Worker).
 *
 * Every method answers a promise (or a value) and fails only with a `VaultError`, whose `code`
 * reaches the main thread (worker/vault/transfer.ts installs the comlink transfer handler).
 * Decrypt failures of single attributes are not thrown: they are returned per attribute.
 */
import { releaseProxy } from 'comlink';
import {
  VAULT_API_VERSION,
  type DecryptOutcome,
  type DecryptRequest,
  type EncryptRequest,
  type ScanResult,
  type VaultConfig,
  type VaultPong,
} from '../src/secured/types.js';
import { VaultError } from './errors.js';
import type { KeyInfo, RawAesKeyMaterial } from './keys/key-store.js';
import { asVaultError, createVault } from './vault/vault.js';

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

/** Runs `call`, turning any failure into a `VaultError` (with `what` as context). */
const guarded = <T>(what: string, call: () => Promise<T> | T): Promise<T> =>
  new Promise<T>((resolve) => resolve(call())).catch((error: unknown) => {
    throw asVaultError(error, what);
  });

/** Creates the vault API. Each worker holds one; tests may create more (with distinct `dbName`s). */
export function createVaultApi(config: VaultConfig = {}) {
  let vault = createVault(config);
  return Object.freeze({
    /** Answers that the worker is alive, with the API version it speaks. */
    ping(): VaultPong {
      return { pong: true, apiVersion: VAULT_API_VERSION };
    },

    /** Chooses the key store's database; only before the first key or decrypt call. */
    configure(options: VaultConfig): void {
      if (vault.opened)
        throw new VaultError('GeneralError', 'configure must come before the first vault call');
      vault = createVault({ ...config, ...options });
    },

    /** Stores a raw AES wrapping key (ESDK raw AES keyring: key namespace + key name). */
    addRawAesKey(request: AddRawAesKeyRequest): Promise<KeyInfo> {
      return guarded('cannot add the key', async () =>
        (await vault.openStore()).addRawAesKey({
          keyNamespace: request?.keyNamespace,
          keyName: request?.keyName,
          key: request?.key,
          replace: request?.replace === true,
          wipeInput: true,
        }),
      );
    },

    /**
     * Fetches a key from the customer's key broker (RSA-OAEP-256 to a fresh non-extractable pair)
     * and stores it. `getToken` supplies the bearer token: a main-thread function passed as its own
     * argument with comlink's `proxy` (comlink proxies top-level arguments only). It is called once
     * and its proxy released afterwards.
     */
    addKeyBroker(
      { url, keyNamespace, keyName, replace, timeoutMs }: AddKeyBrokerRequest,
      getToken: () => Promise<string> | string,
    ): Promise<KeyInfo> {
      return guarded('cannot add the key', async () => {
        if (typeof getToken !== 'function')
          throw new VaultError('BrokerError', 'addKeyBroker needs a getToken function');
        return (await vault.openStore()).addBrokerKey({
          url,
          keyNamespace,
          keyName,
          getToken: async () => getToken(),
          replace: replace === true,
          ...(timeoutMs !== undefined && { timeoutMs }),
        });
      }).finally(() => (getToken as { [releaseProxy]?: () => void })?.[releaseProxy]?.());
    },

    /** Whether keys survive a reload (IndexedDB), or live in this worker's memory, and why. */
    storage(): Promise<{ persistent: boolean; reason?: string }> {
      return guarded('cannot open the key store', async () => {
        const { persistent, reason } = await vault.openStore();
        return reason === undefined ? { persistent } : { persistent, reason };
      });
    },

    /** Metadata of every stored key (never key material). */
    listKeys(): Promise<KeyInfo[]> {
      return guarded('cannot list', async () => (await vault.openStore()).listKeys());
    },

    /** Removes a key; resolves whether there was one. */
    removeKey(id: KeyId): Promise<boolean> {
      return guarded('cannot remove', async () =>
        (await vault.openStore()).removeKey(id?.keyNamespace, id?.keyName),
      );
    },

    /**
     * Decrypts one interaction's secured attributes in one call, in parallel: per attribute a
     * handle and a masked preview, or an error with its code.
     */
    decrypt(request: DecryptRequest): Promise<DecryptOutcome[]> {
      return guarded('cannot decrypt', () => vault.decrypt(request));
    },

    /**
     * The plaintext of a handle, for display (the only way a plaintext leaves the worker): a map
     * lookup answered synchronously (comlink posts the value at once).
     */
    reveal(handle: string): string {
      return vault.reveal(handle);
    },

    /** Drops every plaintext of an interaction (wrap-up); resolves how many. */
    forget(conversationId: string): Promise<number> {
      return guarded('cannot forget', () => vault.forget(conversationId));
    },

    /** Encrypts a value for Set Secured Data: a base64 ESDK message with the attribute's context. */
    encrypt(request: EncryptRequest): Promise<string> {
      return guarded('cannot encrypt', () => vault.encrypt(request));
    },

    /** Which held secrets occur in `text`, in their common encodings (names only). */
    scan(text: string): Promise<ScanResult> {
      return guarded('cannot scan', () => vault.scan(text));
    },

    /** Drops every plaintext and closes the key store (tests; the worker's end does the same). */
    close(): void {
      vault.close();
    },
  });
}

/** The type of the vault API, as the main thread sees it through comlink. */
export type VaultApi = ReturnType<typeof createVaultApi>;
