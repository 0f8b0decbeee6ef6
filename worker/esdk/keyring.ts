/**
 * Keyrings: the raw AES keyring of the AWS Encryption SDK (framework/raw-aes-keyring.md), on a
 * non-extractable WebCrypto AES-GCM key, and a multi-keyring that tries several in order.
 *
 * Raw AES encrypted data key (reference: @aws-crypto/raw-keyring raw_aes_encrypted_data_keys):
 * - provider id   = key namespace, UTF-8
 * - provider info = key name (UTF-8) || tag length in bits (uint32 BE, 128) || IV length (uint32 BE, 12) || IV
 * - ciphertext    = AES-GCM(wrapping key, IV, AAD = serialized encryption context pairs)(data key) || tag
 *
 * On decrypt the data key is unwrapped straight into a non-extractable HKDF `CryptoKey` with
 * `unwrapKey` when the wrapping key allows `unwrapKey` (every key the key store imports does); its
 * bytes then never exist in JavaScript. A wrapping key that only allows `decrypt` (stored by an
 * older version) makes the bytes exist for one `importKey` call, after which they are zeroed.
 */
import { type Bytes, constantTimeEqual, utf8 } from './bytes.js';
import { type EsdkError, esdkError, need } from './errors.js';
import type { EncryptedDataKey } from './format.js';

/** The usages of a root (data) key: HKDF derives the data-encryption key and the commitment. */
export const HKDF_USAGES: KeyUsage[] = ['deriveBits', 'deriveKey'];
/** AES-GCM parameters (a 16-byte tag, WebCrypto's default). */
export const gcm = (iv: Bytes, additionalData: Bytes): AesGcmParams => ({
  name: 'AES-GCM',
  iv,
  additionalData,
});
/** Tag bits (128) and IV length (12), as raw AES provider info carries them after the key name. */
export const WRAPPING = Uint8Array.of(0, 0, 0, 128, 0, 0, 0, 12);

/**
 * The encryption context as a raw keyring's AAD: the spec's serialization first, and other byte
 * orders of the same pairs, computed only when the first fails.
 */
export interface ContextAad {
  readonly primary: Bytes;
  alternatives(): readonly Bytes[];
}

/** Finds and wraps data keys. Implemented by `RawAesKeyring` and `MultiKeyring`. */
export interface Keyring {
  /**
   * Decrypts the first encrypted data key this keyring can, into a non-extractable HKDF key.
   * `aad` is the encryption context that authenticates the wrapped key. Rejects with `KeyNotFound`
   * when no data key names a key of this keyring, `KeyUnwrapFailed` when some does but none
   * decrypts.
   */
  unwrap(edks: readonly EncryptedDataKey[], aad: ContextAad): Promise<CryptoKey>;
  /** The keys a data key is wrapped under on encrypt (encrypt.ts), in order. */
  readonly wrappingKeys: readonly WrappingKey[];
}

/** A raw AES wrapping key as encrypt uses it. */
export interface WrappingKey {
  /** The key namespace, UTF-8: the provider ID of the encrypted data key. */
  readonly providerId: Bytes;
  /** The key name, UTF-8: the start of the provider info. */
  readonly name: Bytes;
  readonly keyName: string;
  readonly key: CryptoKey;
}

/** Options of a `RawAesKeyring`. */
export interface RawAesKeyringOptions {
  /** Key provider id in the message (the ESDK's "key namespace"). */
  keyNamespace: string;
  /** Key name in the message's provider info. */
  keyName: string;
  /**
   * AES-GCM 256 wrapping key, normally non-extractable. Usages `unwrapKey` (decrypt) and `wrapKey`
   * (encrypt) are preferred; `decrypt` / `encrypt` also work.
   */
  key: CryptoKey;
}

/** The ESDK raw AES keyring (wrapping suite AES256_GCM_IV12_TAG16_NO_PADDING). */
export class RawAesKeyring implements Keyring {
  readonly unwrap: Keyring['unwrap'];
  readonly wrappingKeys: readonly WrappingKey[];

  constructor({ keyNamespace, keyName, key }: RawAesKeyringOptions) {
    need(
      keyName && typeof keyName === 'string' && keyNamespace && typeof keyNamespace === 'string',
      'InvalidInput',
      'key name',
    );
    need(keyNamespace !== 'aws-kms', 'InvalidInput', 'aws-kms');
    need(
      key instanceof CryptoKey &&
        key.algorithm.name === 'AES-GCM' &&
        (key.algorithm as AesKeyAlgorithm).length === 256,
      'InvalidInput',
      'not an AES-256 CryptoKey',
    );
    const namespace = utf8(keyNamespace);
    const name = utf8(keyName);
    const n = name.length;
    /** Whether `info` holds `bytes` at `at` (in place: no subarray per data key). */
    const holds = (info: Bytes, bytes: Uint8Array, at: number) => {
      for (let i = 0; i < bytes.length; i++) if (info[at + i] !== bytes[i]) return false;
      return true;
    };

    /** Whether `edk` is ours: same namespace, same key name, provider info of the right length. */
    const ours = ({ providerId, providerInfo: info }: EncryptedDataKey) =>
      constantTimeEqual(providerId, namespace) && info.length === n + 20 && holds(info, name, 0);

    this.unwrap = async (edks, aad) => {
      const candidates = edks.filter(ours);
      // The spec's byte order first; the other orders only when it fails (they cost a sort).
      const aads = [aad.primary];
      for (const additionalData of aads) {
        for (const { providerInfo: info, ciphertext } of candidates) {
          if (!holds(info, WRAPPING, n) || ciphertext.length !== 48) continue;
          const p = gcm(info.subarray(n + 8), additionalData);
          try {
            if (key.usages.includes('unwrapKey'))
              return await crypto.subtle.unwrapKey(
                'raw',
                ciphertext,
                key,
                p,
                'HKDF',
                false,
                HKDF_USAGES,
              );
            const raw = new Uint8Array(await crypto.subtle.decrypt(p, key, ciphertext));
            return await crypto.subtle
              .importKey('raw', raw, 'HKDF', false, HKDF_USAGES)
              .finally(() => raw.fill(0));
          } catch (cause) {
            // The wrong key or context fails authentication (OperationError): try the next one.
            if ((cause as Error).name !== 'OperationError')
              throw esdkError('InvalidInput', keyName, cause);
          }
        }
        if (aads.length === 1 && candidates.length) aads.push(...aad.alternatives());
      }
      throw esdkError(candidates.length ? 'KeyUnwrapFailed' : 'KeyNotFound');
    };

    this.wrappingKeys = [{ providerId: namespace, name, keyName, key }];
  }
}

/**
 * Several keyrings as one. Decrypt: the keyrings are tried in order, and the first one that
 * decrypts an encrypted data key wins. Encrypt: the data key is wrapped under every keyring, the
 * first keyring's data key first.
 */
export class MultiKeyring implements Keyring {
  readonly keyrings: readonly Keyring[];
  readonly wrappingKeys: readonly WrappingKey[];

  constructor(keyrings: readonly Keyring[]) {
    need(keyrings.length, 'InvalidInput', 'no keyrings');
    this.keyrings = [...keyrings];
    this.wrappingKeys = keyrings.flatMap((k) => k.wrappingKeys);
  }

  async unwrap(edks: readonly EncryptedDataKey[], aad: ContextAad): Promise<CryptoKey> {
    let matched = false;
    for (const keyring of this.keyrings) {
      try {
        return await keyring.unwrap(edks, aad);
      } catch (error) {
        const { code } = error as EsdkError;
        if (code !== 'KeyNotFound' && code !== 'KeyUnwrapFailed') throw error;
        matched ||= code === 'KeyUnwrapFailed';
      }
    }
    throw esdkError(matched ? 'KeyUnwrapFailed' : 'KeyNotFound');
  }
}
