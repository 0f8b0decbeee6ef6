/**
 * How the vault's failures reach the main thread with their `code`.
 *
 * comlink posts a thrown error as `{ message, name, stack }` only. `installVaultErrorTransfer()`
 * replaces comlink's `throw` handler, on both sides of the channel, with one that posts a
 * `VaultError` as its `toJSON()` data and rebuilds it with `VaultError.from`, so that
 * `catch (e) { e instanceof VaultError && e.code }` works on the main thread. No stack is posted.
 * Anything else thrown becomes a plain `Error` with its name and message.
 *
 * The module has no worker globals and imports nothing but comlink and `VaultError`: the worker
 * entry and src/secured/client.ts both install it.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { VaultError, type VaultErrorData } from '../errors.js';

/** What is posted: a vault error's data, another error's name and message, or a thrown value. */
type Wire = { vault?: VaultErrorData; name?: string; message?: string; value?: unknown };

const handler: TransferHandler<{ value: unknown }, Wire> = {
  // comlink marks thrown values with a private symbol; the built-in handler this one replaces is
  // consulted under the same name, so keep its test: an object carrying that marker.
  canHandle: (value: unknown): value is { value: unknown } =>
    !!value &&
    typeof value === 'object' &&
    Object.getOwnPropertySymbols(value).some((s) => s.description === 'Comlink.thrown'),
  serialize: ({ value }) => [
    value instanceof VaultError
      ? { vault: value.toJSON() }
      : value instanceof Error
        ? { name: value.name, message: value.message }
        : { value },
    [],
  ],
  deserialize(wire) {
    throw wire.vault
      ? VaultError.from(wire.vault)
      : wire.name !== undefined
        ? Object.assign(new Error(wire.message), { name: wire.name })
        : wire.value;
  },
};

/** Makes comlink post `VaultError`s with their code (idempotent; call on both sides). */
export function installVaultErrorTransfer(): void {
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
}
