/**
 * The main thread's face of the vault worker. One client (one worker) serves every interaction of
 * a desktop; key bytes and plaintexts stay inside the worker.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { VaultApi } from '../../worker/api.js';
import { VAULT_API_VERSION, type VaultPong } from './types.js';

/** Options for {@link createSecuredClient}. */
export interface SecuredClientOptions {
  /**
   * Where the worker script is. By default the worker next to this module: the source worker in
   * development, `secured-worker.js` beside `cx-script.js` in the built bundle.
   */
  workerUrl?: string | URL;
}

/** A typed client of the vault worker. Call `close()` when the desktop shuts down. */
export interface SecuredClient {
  /** The worker's API, through comlink: every call returns a promise. */
  readonly vault: Remote<VaultApi>;
  /** Resolves when the worker answers and speaks this client's API version; rejects otherwise. */
  ping(): Promise<VaultPong>;
  /** Releases the proxy and terminates the worker. Calls after this reject. */
  close(): void;
}

/** Starts the vault worker and returns its typed client. */
export function createSecuredClient(options: SecuredClientOptions = {}): SecuredClient {
  const url = options.workerUrl ?? new URL('../../worker/secured.worker.ts', import.meta.url);
  const worker = new Worker(url, { type: 'module', name: 'cx-secured-vault' });
  const vault = wrap<VaultApi>(worker);
  let closed = false;
  return {
    vault,
    async ping() {
      if (closed) throw new Error('The secured client is closed');
      const pong = await vault.ping();
      if (pong.apiVersion !== VAULT_API_VERSION) {
        throw new Error(
          `The vault worker speaks API version ${pong.apiVersion}, this client ${VAULT_API_VERSION}: serve matching builds of cx-script.js and secured-worker.js`,
        );
      }
      return pong;
    },
    close() {
      if (closed) return;
      closed = true;
      vault[releaseProxy]();
      worker.terminate();
    },
  };
}
