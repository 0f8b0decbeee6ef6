/**
 * The vault's one error class. Every failure the vault (and the ESDK code in worker/esdk/) reports
 * is a `VaultError` with a `code` callers can switch on, so the UI can show "Cannot decrypt
 * CardNumber: key not found" without parsing messages. The vault's own codes follow Genesys'
 * data-action error names where they fit; the ESDK codes are finer-grained reasons that the vault
 * turns into `CustomerKeyNotFound` or `GeneralError` (worker/vault/vault.ts) before they leave
 * the worker. The message always starts with the code.
 */
import type { VaultErrorCodeName } from '../src/secured/types.js';

/**
 * Why the vault refused (the codes that reach the main thread): one list, shared with the main
 * thread in src/secured/types.ts.
 */
export type VaultErrorCode = VaultErrorCodeName;

/** Why a message was refused by the ESDK code (worker/esdk/). */
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
  /** An encrypted data key names our key but does not decrypt with it (wrong key or context). */
  | 'KeyUnwrapFailed'
  /** Bad arguments from the caller (encryption context, frame length, keyring options). */
  | 'InvalidInput'
  /** Text that is not standard base64. */
  | 'InvalidBase64'
  /** The encrypt code (a chunk beside the worker, loaded on the first encrypt) failed to load. */
  | 'EncrypterUnavailable';

/** Plain data of a {@link VaultError}, safe to post between threads (see `toJSON`). */
export interface VaultErrorData {
  name: 'VaultError';
  code: VaultErrorCode;
  message: string;
  keyNamespace?: string;
  keyName?: string;
  status?: number;
}

/** Details a {@link VaultError} may carry besides its code and message. */
export interface VaultErrorOptions {
  cause?: unknown;
  /** The key the error is about, when it is about one. */
  keyNamespace?: string;
  keyName?: string;
  /** The HTTP status the key broker answered, for `BrokerError`s that come from a response. */
  status?: number;
}

/** A typed failure of the vault. `message` starts with the code and names the key concerned. */
export class VaultError<C extends string = VaultErrorCode> extends Error {
  declare readonly code: C;
  declare readonly keyNamespace?: string;
  declare readonly keyName?: string;
  declare readonly status?: number;

  constructor(code: C, message: string, options?: VaultErrorOptions) {
    super(`${code}: ${message}`, options);
    Object.assign(this, options, { code });
  }

  /**
   * The error as plain data. comlink's default error serialization keeps only `name`, `message`
   * and `stack`; the transfer handler (vault/transfer.ts) posts this and rebuilds with `from`.
   */
  toJSON(): VaultErrorData {
    const { code, message, keyNamespace, keyName, status } = this;
    return { name: 'VaultError', code, message, keyNamespace, keyName, status } as VaultErrorData;
  }

  /** Rebuilds an error from {@link VaultError.toJSON}'s data (the message keeps its code prefix). */
  static from({ code, message, keyNamespace, keyName, status }: VaultErrorData): VaultError {
    return new VaultError(code, message.slice(code.length + 2), {
      keyNamespace,
      keyName,
      status,
    } as VaultErrorOptions);
  }
}
VaultError.prototype.name = 'VaultError';

/** An error in words for a message: `Name: message` of an `Error`, anything else as a string. */
export const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
