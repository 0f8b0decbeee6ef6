/**
 * The AWS Encryption SDK message format on WebCrypto: format v2 with suite 0x0478 (AES-256-GCM,
 * HKDF-SHA512, key commitment, unsigned), decrypt-only v1 with suite 0x0178, raw AES keyrings.
 */
export { decryptMessage, encryptMessage } from './message.js';
export type { DecryptOptions, DecryptResult, EncryptOptions } from './message.js';
export { RawAesKeyring, MultiKeyring } from './keyring.js';
export type { ContextAad, Keyring, RawAesKeyringOptions } from './keyring.js';
export { EsdkError } from './errors.js';
export type { EsdkErrorCode } from './errors.js';
export { fromBase64, toBase64 } from './bytes.js';
export type { Bytes } from './bytes.js';
export type { EncryptedDataKey, Suite } from './format.js';
