/**
 * Why a message was refused. Every failure of the ESDK code in this folder is an `EsdkError`, so a
 * caller can switch on `code` and never has to parse a message or catch a bare `DOMException`.
 */
export type EsdkErrorCode =
  /** The version byte is neither 1 nor 2 (or the input looks like base64 text rather than bytes). */
  | 'UnsupportedVersion'
  /** A v1 (legacy, non-committing) message and `allowLegacyV1` was not set. */
  | 'LegacyFormatNotAllowed'
  /** An algorithm suite other than 0x0478 (v2) or 0x0178 (v1 with `allowLegacyV1`). */
  | 'UnsupportedSuite'
  /** More encrypted data keys than `maxEncryptedDataKeys` (default 2). */
  | 'TooManyEncryptedDataKeys'
  /** A field holds a value the format forbids (bad lengths, reserved bytes, sequence numbers...). */
  | 'Malformed'
  /** The message ends before a field it announces. */
  | 'Truncated'
  /** Bytes follow the end of the message body. */
  | 'TrailingBytes'
  /** The key commitment in the header does not match the data key (constant-time compare). */
  | 'CommitmentMismatch'
  /** The header or a body frame failed AES-GCM authentication. */
  | 'AuthenticationFailed'
  /** No encrypted data key names a key held by the keyring(s). */
  | 'KeyNotFound'
  /** An encrypted data key names our key but does not decrypt with it (wrong key or encryption context). */
  | 'KeyUnwrapFailed'
  /** Bad arguments from the caller (encryption context, frame length, keyring options). */
  | 'InvalidInput'
  /** Text that is not standard base64. */
  | 'InvalidBase64';

/** A typed failure of the ESDK message format code. */
export class EsdkError extends Error {
  override readonly name = 'EsdkError';
  readonly code: EsdkErrorCode;

  constructor(code: EsdkErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}

/** Throws an `EsdkError` unless `condition` holds. */
export function need(condition: unknown, code: EsdkErrorCode, message: string): asserts condition {
  if (!condition) throw new EsdkError(code, message);
}
