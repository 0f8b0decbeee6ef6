/**
 * Vault errors from lower layers: ESDK failures become `VaultError`s with Genesys' codes and
 * messages that name the attribute ("cannot decrypt CardNumber: key not found").
 */
import { EsdkError } from '../esdk/index.js';
import { VaultError } from '../errors.js';

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
