/**
 * Types shared by the main thread (src/secured/) and the vault worker (worker/). Only types and
 * constants live here: the worker imports nothing else from src/, and the main thread reaches the
 * worker only through comlink.
 */

/** The version of the worker's API; the client checks it in `ping()`. */
export const VAULT_API_VERSION = 1;

/** What `ping()` answers: proof that the worker is alive and speaks our API version. */
export interface VaultPong {
  pong: true;
  apiVersion: number;
}
