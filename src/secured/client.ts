/**
 * The main thread's face of the vault worker. One client (one worker) serves every interaction of
 * a desktop; key bytes and plaintexts stay inside the worker. Failures reject with a `VaultError`
 * whose `code` survived the trip (see worker/vault/errors.ts).
 */
import { proxy, releaseProxy, transfer, wrap } from 'comlink';
import type { KeyId, VaultApi } from '../../worker/api.js';
import { VaultError } from '../../worker/errors.js';
import type { AesJwk, KeyInfo } from '../../worker/keys/key-store.js';
import { installVaultErrorTransfer } from '../../worker/vault/transfer.js';
import {
  VAULT_API_VERSION,
  type DecryptOutcome,
  type DecryptRequest,
  type EncryptRequest,
  type ScanResult,
  type VaultConfig,
  type VaultPong,
} from './types.js';

export { VaultError };
export type { KeyId, KeyInfo, AesJwk };

/** Options for {@link createSecuredClient}. */
export interface SecuredClientOptions extends VaultConfig {
  /**
   * Where the worker script is. By default the worker next to this module: the source worker in
   * development, `secured-worker.js` beside `cx-script.js` in the built bundle.
   */
  workerUrl?: string | URL;
}

/** Arguments of {@link SecuredClient.addRawAesKey}. */
export interface AddRawAesKeyOptions extends KeyId {
  /**
   * The key: a JWK (`kty: 'oct'`), or 16, 24 or 32 raw bytes. Bytes are copied into a buffer that
   * is transferred to the worker (so no copy stays on this thread) and zeroed there once imported;
   * the caller's own buffer is left as it is: wipe it when done. (Decrypting needs a 256-bit key.)
   */
  key: AesJwk | Uint8Array | ArrayBuffer;
  /** Replace a key stored under the same namespace and name. */
  replace?: boolean;
}

/** Arguments of {@link SecuredClient.addKeyBroker}. */
export interface AddKeyBrokerOptions extends KeyId {
  /** The broker's endpoint; relative URLs resolve against the document. */
  url: string | URL;
  /** Supplies the bearer token; called from the worker through comlink, once per request. */
  getToken: () => Promise<string> | string;
  replace?: boolean;
  timeoutMs?: number;
}

/** A typed client of the vault worker. Call `close()` when the desktop shuts down. */
export interface SecuredClient {
  /** Resolves when the worker answers and speaks this client's API version; rejects otherwise. */
  ping(): Promise<VaultPong>;
  /** Stores a raw AES key in the worker's key store (IndexedDB, non-extractable). */
  addRawAesKey(options: AddRawAesKeyOptions): Promise<KeyInfo>;
  /** Has the worker fetch a key from a key broker and store it. */
  addKeyBroker(options: AddKeyBrokerOptions): Promise<KeyInfo>;
  /**
   * Where keys are kept: `persistent` false (with a `reason`) when IndexedDB is blocked or missing
   * and keys last for this session only; `persisted` is the answer to `navigator.storage.persist()`.
   */
  storage(): Promise<VaultStorage>;
  /** Metadata of the stored keys. */
  listKeys(): Promise<KeyInfo[]>;
  /** Removes a key; resolves whether there was one. */
  removeKey(id: KeyId): Promise<boolean>;
  /** Decrypts a batch of one interaction's secured attributes: handles and masked previews. */
  decrypt(request: DecryptRequest): Promise<DecryptOutcome[]>;
  /** The plaintext behind a handle, for display only: put it straight into a text node. */
  reveal(handle: string): Promise<string>;
  /** Drops the plaintexts of an interaction; resolves how many. */
  forget(conversationId: string): Promise<number>;
  /** Encrypts a value for Set Secured Data: a base64 ESDK message. */
  encrypt(request: EncryptRequest): Promise<string>;
  /** Which held secrets occur in `text` (names only). */
  scan(text: string): Promise<ScanResult>;
  /** Releases the proxy and terminates the worker. Calls after this reject. */
  close(): void;
  /** Whether `close()` was called. */
  readonly closed: boolean;
}

/** What {@link SecuredClient.storage} answers. */
export interface VaultStorage {
  /** Whether keys survive a reload (IndexedDB works and persistence is on). */
  persistent: boolean;
  /** Why keys last for this session only, when they do. */
  reason?: string;
  /** The answer to `navigator.storage.persist()`, where the browser gives one. */
  persisted?: boolean;
  /** True when persistence was switched off on purpose (`createSecuredClient({ persistent: false })`). */
  switchedOff?: true;
}

function closedError(): VaultError {
  return new VaultError('GeneralError', 'The secured client is closed');
}

/** The part of the Trusted Types API used here (TypeScript's DOM library does not declare it). */
interface WorkerUrlPolicy {
  createScriptURL(input: string): string;
}
interface TrustedTypesFactory {
  createPolicy(
    name: string,
    rules: { createScriptURL: (input: string) => string },
  ): WorkerUrlPolicy;
}

/** The name of the Trusted Types policy that vouches for the vault worker's URL. */
export const WORKER_POLICY_NAME = 'cx-script#worker';

let workerPolicy: WorkerUrlPolicy | undefined;

/**
 * The worker's URL as `new Worker()` takes it. Where Trusted Types exist (a page whose CSP says
 * `require-trusted-types-for 'script'` must list `trusted-types cx-script#worker`), it goes through
 * a narrow policy, created once, that vouches for same-origin http(s) script URLs only (a module
 * worker must be same-origin anyway) and throws on anything else.
 */
function workerScriptUrl(url: string | URL): string | URL {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!factory) return url;
  workerPolicy ??= factory.createPolicy(WORKER_POLICY_NAME, {
    createScriptURL(input) {
      const base = globalThis.document?.baseURI ?? location.href;
      const parsed = new URL(input, base);
      if (!/^https?:$/.test(parsed.protocol) || parsed.origin !== location.origin)
        throw new TypeError(
          `${WORKER_POLICY_NAME}: refused '${input}': the vault worker must be a same-origin http(s) script`,
        );
      return parsed.href;
    },
  });
  // A TrustedScriptURL at run time; typed as the string it stands for.
  return workerPolicy.createScriptURL(String(url));
}

/** Starts the vault worker and returns its typed client. */
export function createSecuredClient(options: SecuredClientOptions = {}): SecuredClient {
  installVaultErrorTransfer();
  const url = options.workerUrl ?? new URL('../../worker/secured.worker.ts', import.meta.url);
  const worker = new Worker(workerScriptUrl(url), { type: 'module', name: 'cx-secured-vault' });
  const vault = wrap<VaultApi>(worker);
  let closed = false;
  const config: VaultConfig = {};
  if (options.dbName !== undefined) config.dbName = options.dbName;
  if (options.persistent !== undefined) config.persistent = options.persistent;
  if (options.allowLegacyV1 !== undefined) config.allowLegacyV1 = options.allowLegacyV1;
  if (options.maxEncryptedDataKeys !== undefined)
    config.maxEncryptedDataKeys = options.maxEncryptedDataKeys;
  // The key store's options go first; every other call waits for them.
  const ready: Promise<void> = Object.keys(config).length
    ? vault.configure(config)
    : Promise.resolve();
  ready.catch(() => undefined);
  // Ask that the origin's storage (the key store) not be evicted; workers lack persist() in places.
  const persisted = new Promise<boolean | undefined>((resolve) =>
    resolve(globalThis.navigator?.storage?.persist?.()),
  ).catch(() => undefined);

  // A worker that never starts (its script missing or refused by a Content-Security-Policy, or
  // throwing before it listens) would leave every call waiting for ever; its `error` event rejects
  // the calls in flight and every later one instead. Once the worker has answered, it runs: an
  // uncaught error in it later (an ErrorEvent) leaves it running, and calls take the plain path.
  let failure: VaultError | undefined;
  let answered = false;
  const pending = new Set<(error: VaultError) => void>();
  worker.addEventListener('message', () => (answered = true), { once: true });
  worker.addEventListener('error', (event) => {
    if (answered || failure) return;
    event.preventDefault(); // reported here, as the calls' rejection
    failure = new VaultError(
      'GeneralError',
      event instanceof ErrorEvent
        ? `The vault worker failed to start: ${event.message}`
        : `The vault worker could not be loaded from ${String(url)}: the file is missing or does not parse, or a Content-Security-Policy leaves it out of worker-src`,
    );
    worker.terminate();
    for (const reject of pending) reject(failure);
    pending.clear();
  });

  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    if (closed) throw closedError();
    if (failure) throw failure;
    if (answered) {
      await ready;
      return run();
    }
    return new Promise<T>((resolve, reject) => {
      pending.add(reject);
      ready
        .then(run)
        .then(resolve, reject)
        .finally(() => pending.delete(reject));
    });
  };

  return {
    get closed() {
      return closed;
    },
    async ping() {
      const pong = await call(() => vault.ping());
      if (pong.apiVersion !== VAULT_API_VERSION) {
        throw new VaultError(
          'GeneralError',
          `The vault worker speaks API version ${pong.apiVersion}, this client ${VAULT_API_VERSION}: serve matching builds of cx-script.js and secured-worker.js`,
        );
      }
      return pong;
    },
    addRawAesKey({ keyNamespace, keyName, key, replace }) {
      return call(() => {
        if (key instanceof ArrayBuffer || ArrayBuffer.isView(key)) {
          const view =
            key instanceof ArrayBuffer
              ? new Uint8Array(key)
              : new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
          const copy = new Uint8Array(view); // its own buffer, transferred (detached here)
          return vault.addRawAesKey(
            transfer({ keyNamespace, keyName, key: copy, replace: replace === true }, [
              copy.buffer,
            ]),
          );
        }
        return vault.addRawAesKey({ keyNamespace, keyName, key, replace: replace === true });
      });
    },
    addKeyBroker({ url, keyNamespace, keyName, getToken, replace, timeoutMs }) {
      return call(() => {
        if (typeof getToken !== 'function')
          throw new VaultError('BrokerError', 'addKeyBroker needs a getToken function');
        const absolute = new URL(url, globalThis.document?.baseURI ?? location.href).href;
        return vault.addKeyBroker(
          {
            url: absolute,
            keyNamespace,
            keyName,
            replace: replace === true,
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
          },
          proxy(() => getToken()),
        );
      });
    },
    storage: () =>
      call(async () => {
        const [state, granted] = await Promise.all([vault.storage(), persisted]);
        return {
          ...state,
          ...(granted !== undefined && { persisted: granted }),
          ...(options.persistent === false && { switchedOff: true as const }),
        };
      }),
    listKeys: () => call(() => vault.listKeys()),
    removeKey: ({ keyNamespace, keyName }) =>
      call(() => vault.removeKey({ keyNamespace, keyName })),
    decrypt: (request) => call(() => vault.decrypt(request)),
    reveal: (handle) => call(() => vault.reveal(handle)),
    forget: (conversationId) => call(() => vault.forget(conversationId)),
    encrypt: (request) => call(() => vault.encrypt(request)),
    scan: (text) => call(() => vault.scan(text)),
    close() {
      if (closed) return;
      closed = true;
      vault[releaseProxy]();
      worker.terminate();
    },
  };
}
