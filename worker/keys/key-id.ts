/**
 * Key identity as the ESDK raw AES keyring writes it on the wire: a key namespace (the provider ID)
 * and a key name. Shared checks and small codecs for the key store and the key broker.
 */
import { VaultError, type VaultErrorCode } from '../errors.js';
import { type Bytes, fromBase64, utf8 } from '../esdk/bytes.js';

/** AES key lengths, in bits, that the ESDK raw AES keyring wraps data keys with. */
export type AesKeyLength = 128 | 192 | 256;

/** The JWK `alg` of an AES-GCM key of `bits` bits (`A256GCM`...); `undefined` for other lengths. */
export const jwkAlg = (bits: number): string | undefined =>
  bits === 128 || bits === 192 || bits === 256 ? `A${bits}GCM` : undefined;

/** A short, readable name of a key for error messages: `namespace/name`. */
export const keyLabel = (keyNamespace: unknown, keyName: unknown): string =>
  [keyNamespace, keyName]
    .map((v) =>
      typeof v === 'string' ? (v.length > 80 ? `${v.slice(0, 77)}...` : v) : `<${typeof v}>`,
    )
    .join('/');

/** A `VaultError` about key `keyNamespace/keyName`: the message names it, the error carries it. */
export function keyError(
  code: VaultErrorCode,
  keyNamespace: unknown,
  keyName: unknown,
  message: string,
  extra?: { cause?: unknown; status?: number },
): VaultError {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return new VaultError(code, `key ${keyLabel(keyNamespace, keyName)}: ${message}`, {
    ...extra,
    keyNamespace: text(keyNamespace),
    keyName: text(keyName),
  });
}

/**
 * Checks a key namespace and key name: non-empty, well-formed strings of at most 256 UTF-8 bytes,
 * and a namespace that does not start with `aws-kms` (which the AWS Encryption SDK reserves for its
 * KMS keyrings). Throws `VaultError('InvalidKey')` naming the key.
 */
export function checkKeyId(keyNamespace: unknown, keyName: unknown): void {
  for (const [field, value] of Object.entries({ keyNamespace, keyName })) {
    const bytes = utf8(value as string);
    const why =
      typeof value !== 'string'
        ? 'must be a string'
        : !value
          ? 'must not be empty'
          : // A lone surrogate would be written as U+FFFD and never match the name on the wire.
            new TextDecoder().decode(bytes) !== value
            ? 'has a lone surrogate'
            : bytes.length > 256
              ? `is ${bytes.length} UTF-8 bytes (max 256)`
              : field === 'keyNamespace' && value.startsWith('aws-kms')
                ? 'starts with aws-kms'
                : '';
    if (why) throw keyError('InvalidKey', keyNamespace, keyName, `${field} ${why}`);
  }
}

/**
 * Decodes unpadded base64url (as JWK uses it), or with `standard` standard base64 (padding
 * optional); `undefined` when `text` is not that. One strict decoder: worker/esdk/bytes.ts.
 */
export function decodeBase64(text: string, standard?: boolean): Bytes | undefined {
  if (!standard && /[^\w-]/.test(text)) return undefined;
  try {
    return fromBase64(standard ? text : text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
}
