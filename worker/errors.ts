/**
 * The vault's errors. Every failure the vault reports to its callers is a `VaultError` with a
 * `code` they can switch on, so the UI can show "Cannot decrypt CardNumber: key not found" without
 * parsing messages. The codes follow Genesys' data-action error names where they fit.
 *
 * The ESDK envelope code (worker/esdk/) throws its own, finer-grained `EsdkError`; the two are
 * shaped alike (`name`, `code`, message prefixed with the code) so that the API layer can map one
 * onto the other.
 */

/** Why the vault refused. */
export type VaultErrorCode =
  /** No key is configured at all (the key store is empty). */
  | 'CustomerKeyNotConfigured'
  /** The key a message or a caller names is not in the key store. */
  | 'CustomerKeyNotFound'
  /** The input exceeds the vault's size limit (32,000 characters). */
  | 'MaximumDataSizeExceeded'
  /** Nothing to decrypt or encrypt. */
  | 'NoDataSupplied'
  /** Anything that has no better name. */
  | 'GeneralError'
  /** A key, a key namespace or a key name is malformed or unsupported. */
  | 'InvalidKey'
  /** A key with the same namespace and name is already stored and `replace` was not set. */
  | 'KeyAlreadyExists'
  /** The key broker could not be reached, refused, or answered something unusable. */
  | 'BrokerError'
  /** IndexedDB failed while the store was in use (it was open when the store started). */
  | 'StorageUnavailable';

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
export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly code: VaultErrorCode;
  readonly keyNamespace?: string;
  readonly keyName?: string;
  readonly status?: number;

  constructor(code: VaultErrorCode, message: string, options: VaultErrorOptions = {}) {
    super(
      `${code}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    if (options.keyNamespace !== undefined) this.keyNamespace = options.keyNamespace;
    if (options.keyName !== undefined) this.keyName = options.keyName;
    if (options.status !== undefined) this.status = options.status;
  }

  /**
   * The error as plain data. comlink's default error serialization keeps only `name`, `message`
   * and `stack`; a transfer handler can post this instead and rebuild with {@link VaultError.from}.
   */
  toJSON(): VaultErrorData {
    const data: VaultErrorData = { name: 'VaultError', code: this.code, message: this.message };
    if (this.keyNamespace !== undefined) data.keyNamespace = this.keyNamespace;
    if (this.keyName !== undefined) data.keyName = this.keyName;
    if (this.status !== undefined) data.status = this.status;
    return data;
  }

  /** Rebuilds an error from {@link VaultError.toJSON}'s data (the message keeps its code prefix). */
  static from(data: VaultErrorData): VaultError {
    const prefix = `${data.code}: `;
    const message = data.message.startsWith(prefix)
      ? data.message.slice(prefix.length)
      : data.message;
    const options: VaultErrorOptions = {};
    if (data.keyNamespace !== undefined) options.keyNamespace = data.keyNamespace;
    if (data.keyName !== undefined) options.keyName = data.keyName;
    if (data.status !== undefined) options.status = data.status;
    return new VaultError(data.code, message, options);
  }
}

/** Whether `value` is a {@link VaultError}, optionally with the given code. */
export function isVaultError(value: unknown, code?: VaultErrorCode): value is VaultError {
  return value instanceof VaultError && (code === undefined || value.code === code);
}
