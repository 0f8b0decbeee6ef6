/**
 * The ESDK code's failures are `VaultError`s (worker/errors.ts) with an {@link EsdkErrorCode}, so a
 * caller can switch on `code` and never has to parse a message or catch a bare `DOMException`.
 * `EsdkError` is the same class under the name this folder's callers know. Messages come from one
 * table of reasons (which the vault quotes: "cannot decrypt CardNumber: key not found"), with an
 * optional detail; they never hold key bytes or plaintext.
 */
import { VaultError, type EsdkErrorCode } from '../errors.js';

export type { EsdkErrorCode };

/** A typed failure of the ESDK message format code (the vault's one error class). */
export const EsdkError = VaultError as new (
  code: EsdkErrorCode,
  message: string,
  options?: { cause?: unknown },
) => EsdkError;
/** A typed failure of the ESDK message format code. */
export type EsdkError = VaultError<EsdkErrorCode>;

/** The reason of each code, in words. */
const REASONS: Record<EsdkErrorCode, string> = {
  UnsupportedVersion: 'not an ESDK message',
  LegacyFormatNotAllowed: 'legacy v1',
  UnsupportedSuite: 'bad suite',
  TooManyEncryptedDataKeys: 'too many data keys',
  Malformed: 'malformed',
  Truncated: 'truncated',
  TrailingBytes: 'trailing bytes',
  CommitmentMismatch: 'commitment mismatch',
  AuthenticationFailed: 'fails authentication',
  KeyNotFound: 'key not found',
  KeyUnwrapFailed: 'key does not open it',
  InvalidInput: 'invalid input',
  InvalidBase64: 'not base64',
  EncrypterUnavailable: 'the encryption code could not be loaded',
};

/** Whether `code` is one of the ESDK code's (not one of the vault's own codes). */
export const isEsdkCode = (code: string): code is EsdkErrorCode => code in REASONS;

/** The error for `code`: its reason, and `detail` after a colon when given. */
export const esdkError = (code: EsdkErrorCode, detail?: string, cause?: unknown): EsdkError =>
  new EsdkError(code, detail ? `${REASONS[code]}: ${detail}` : REASONS[code], { cause });

/** Throws {@link esdkError} unless `condition` holds. */
export function need(condition: unknown, code: EsdkErrorCode, detail?: string): asserts condition {
  if (!condition) throw esdkError(code, detail);
}
