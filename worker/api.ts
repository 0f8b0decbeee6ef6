/**
 * The vault's API: the one object the worker exposes with comlink. Kept free of worker globals so
 * that tests can call it directly (coverage does not see code that runs only inside a Worker).
 */
import { VAULT_API_VERSION, type VaultPong } from '../src/secured/types.js';

/** Creates the vault API. Each worker holds one. */
export function createVaultApi() {
  return {
    /** Answers that the worker is alive, with the API version it speaks. */
    ping(): VaultPong {
      return { pong: true, apiVersion: VAULT_API_VERSION };
    },
  };
}

/** The type of the vault API, as the main thread sees it through comlink. */
export type VaultApi = ReturnType<typeof createVaultApi>;
