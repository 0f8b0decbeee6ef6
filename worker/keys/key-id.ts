/**
 * Key identity as the ESDK raw AES keyring writes it on the wire: a key namespace (the provider ID)
 * and a key name. Shared checks and small codecs for the key store and the key broker.
 */
import { VaultError } from '../errors.js';

/** The longest key namespace or key name the vault accepts, in UTF-8 bytes. */
export const MAX_KEY_ID_BYTES = 256;

/** The namespace prefix the AWS Encryption SDK reserves for its KMS keyrings. */
export const RESERVED_NAMESPACE_PREFIX = 'aws-kms';

/** AES key lengths, in bits, that the ESDK raw AES keyring wraps data keys with. */
export type AesKeyLength = 128 | 192 | 256;

/** The JWK `alg` names of AES-GCM keys, by length. */
export const JWK_ALG_BY_LENGTH: Readonly<Record<AesKeyLength, string>> = Object.freeze({
  128: 'A128GCM',
  192: 'A192GCM',
  256: 'A256GCM',
});

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A short, readable name of a key for error messages: `namespace/name`. */
export function keyLabel(keyNamespace: unknown, keyName: unknown): string {
  const show = (v: unknown) => {
    if (typeof v !== 'string') return `<${typeof v}>`;
    return v.length > 80 ? `${v.slice(0, 77)}...` : v;
  };
  return `${show(keyNamespace)}/${show(keyName)}`;
}

/**
 * Checks a key namespace and key name: non-empty, well-formed strings of at most
 * {@link MAX_KEY_ID_BYTES} UTF-8 bytes, and a namespace that does not start with `aws-kms`.
 * Throws `VaultError('InvalidKey')` naming the key.
 */
export function checkKeyId(keyNamespace: unknown, keyName: unknown): void {
  const label = keyLabel(keyNamespace, keyName);
  const ids = { keyNamespace, keyName } as const;
  for (const [field, value] of Object.entries(ids)) {
    const fail = (why: string) => {
      throw new VaultError('InvalidKey', `key ${label}: ${field} ${why}`, {
        ...(typeof keyNamespace === 'string' ? { keyNamespace } : {}),
        ...(typeof keyName === 'string' ? { keyName } : {}),
      });
    };
    if (typeof value !== 'string') fail(`must be a string, got ${typeof value}`);
    const text = value as string;
    if (text.length === 0) fail('must not be empty');
    const bytes = encoder.encode(text);
    // A lone surrogate would be written as U+FFFD and never match the name on the wire.
    if (decoder.decode(bytes) !== text) fail('is not well-formed Unicode (lone surrogate)');
    if (bytes.byteLength > MAX_KEY_ID_BYTES) {
      fail(`is ${bytes.byteLength} UTF-8 bytes; at most ${MAX_KEY_ID_BYTES} are allowed`);
    }
  }
  if ((keyNamespace as string).startsWith(RESERVED_NAMESPACE_PREFIX)) {
    throw new VaultError(
      'InvalidKey',
      `key ${label}: keyNamespace must not start with "${RESERVED_NAMESPACE_PREFIX}", which the AWS Encryption SDK reserves for KMS keyrings`,
      { keyNamespace: keyNamespace as string, keyName: keyName as string },
    );
  }
}

/** Whether `bits` is an AES key length the vault supports. */
export function isAesKeyLength(bits: unknown): bits is AesKeyLength {
  return bits === 128 || bits === 192 || bits === 256;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes standard, padded base64; `undefined` when `text` is not that. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64.test(text)) return undefined;
  return binaryToBytes(atob(text));
}

/** Decodes unpadded base64url (as JWK uses it); `undefined` when `text` is not that. */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return binaryToBytes(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
}

function binaryToBytes(binary: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
