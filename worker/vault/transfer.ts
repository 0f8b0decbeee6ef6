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

interface Thrown {
  value: unknown;
}

type WireError =
  | { kind: 'vault'; data: VaultErrorData }
  | { kind: 'error'; name: string; message: string }
  | { kind: 'value'; value: unknown };

const vaultErrorTransfer: TransferHandler<Thrown, WireError> = {
  canHandle(value: unknown): value is Thrown {
    // comlink marks thrown values with a private symbol; the built-in handler it replaces is
    // consulted under the same name, so keep its test: an object carrying that marker.
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.getOwnPropertySymbols(value).some((s) => s.description === 'Comlink.thrown')
    );
  },
  serialize({ value }) {
    if (value instanceof VaultError) return [{ kind: 'vault', data: value.toJSON() }, []];
    if (value instanceof Error)
      return [{ kind: 'error', name: value.name, message: value.message }, []];
    return [{ kind: 'value', value }, []];
  },
  deserialize(wire) {
    if (wire.kind === 'vault') throw VaultError.from(wire.data);
    if (wire.kind === 'error') throw Object.assign(new Error(wire.message), { name: wire.name });
    throw wire.value;
  },
};

/** Makes comlink post `VaultError`s with their code (idempotent; call on both sides). */
export function installVaultErrorTransfer(): void {
  transferHandlers.set('throw', vaultErrorTransfer as TransferHandler<unknown, unknown>);
}
