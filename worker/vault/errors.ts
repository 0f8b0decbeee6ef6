/**
 * How the vault's failures reach the main thread with their `code`.
 *
 * comlink posts a thrown error as `{ message, name, stack }` only. `installVaultErrorTransfer()`
 * replaces comlink's `throw` handler, on both sides of the channel, with one that posts a
 * `VaultError` as its `toJSON()` data and rebuilds it with `VaultError.from`, so that
 * `catch (e) { e instanceof VaultError && e.code }` works on the main thread. No stack is posted.
 * Anything else thrown becomes a plain `Error` with its name and message.
 *
 * The module has no worker globals: the worker entry and src/secured/client.ts both install it.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { EsdkError } from '../esdk/index.js';
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

/** Human words for the codes, for messages that start "Cannot decrypt X: …". */
const ESDK_REASONS: Partial<Record<EsdkError['code'], string>> = {
  KeyNotFound: 'key not found',
  KeyUnwrapFailed: 'the stored key does not open it (wrong key or tampered context)',
  CommitmentMismatch: 'the key commitment does not match (tampered message)',
  AuthenticationFailed: 'the message fails authentication (tampered or truncated)',
  Truncated: 'the message is truncated',
  TrailingBytes: 'the message has bytes after its end',
  Malformed: 'the message is malformed',
  UnsupportedVersion: 'not an AWS Encryption SDK message',
  LegacyFormatNotAllowed: 'a legacy (v1, non-committing) message, which is not allowed',
  UnsupportedSuite: 'an unsupported algorithm suite',
  TooManyEncryptedDataKeys: 'too many encrypted data keys',
  InvalidBase64: 'not base64',
};

/**
 * The vault error for a failure while decrypting attribute `name`: `CustomerKeyNotFound` when no
 * stored key matches an encrypted data key, `GeneralError` otherwise. The message never holds a
 * plaintext (ESDK and WebCrypto messages never do; we only quote the ESDK's reason).
 */
export function decryptFailure(name: string, error: unknown): VaultError {
  if (error instanceof VaultError) return error;
  if (error instanceof EsdkError) {
    const reason = ESDK_REASONS[error.code] ?? error.message;
    const code = error.code === 'KeyNotFound' ? 'CustomerKeyNotFound' : 'GeneralError';
    return new VaultError(code, `cannot decrypt ${name}: ${reason}`, { cause: error });
  }
  const why = error instanceof Error ? error.name : typeof error;
  return new VaultError('GeneralError', `cannot decrypt ${name}: an unexpected failure (${why})`, {
    cause: error,
  });
}

/** Any failure as a `VaultError` (unknown errors become `GeneralError`, keeping the message). */
export function asVaultError(error: unknown, what: string): VaultError {
  if (error instanceof VaultError) return error;
  if (error instanceof EsdkError)
    return new VaultError('GeneralError', `${what}: ${error.message}`, { cause: error });
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new VaultError('GeneralError', `${what}: ${why}`, { cause: error });
}
