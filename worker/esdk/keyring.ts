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
 * `unwrapKey` when the wrapping key allows `unwrapKey`; its bytes then never exist in JavaScript.
 * A wrapping key that only allows `decrypt` makes the bytes exist for one `importKey` call, after
 * which they are zeroed.
 */
import { type Bytes, bytesEqual, concat, utf8 } from './bytes.js';
import { EsdkError, need } from './errors.js';
import type { EncryptedDataKey, Suite } from './format.js';

const TAG_BITS = 128;
const IV_LENGTH = 12;
const DATA_KEY_LENGTH = 32;
const HKDF_USAGES: KeyUsage[] = ['deriveBits', 'deriveKey'];

/** What a keyring found among a message's encrypted data keys. */
export type UnwrapResult =
  | { readonly key: CryptoKey }
  /** `matched`: some data key named one of our keys but would not decrypt. */
  | { readonly key?: undefined; readonly matched: boolean };

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
   * `aad` is the encryption context that authenticates the wrapped key.
   */
  unwrap(edks: readonly EncryptedDataKey[], aad: ContextAad, suite: Suite): Promise<UnwrapResult>;
  /** Wraps the data key held by `carrier` (an extractable AES key) under every key of this keyring. */
  wrap(carrier: CryptoKey, aad: Bytes): Promise<EncryptedDataKey[]>;
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
  /**
   * How many unwrapped data keys to remember, as non-extractable HKDF keys. A hit needs the same
   * IV, wrapped key and encryption context, byte for byte, and saves one AES-GCM unwrap. Worth it
   * when data keys recur (the same value read again, or an encryptor with a caching CMM); for
   * distinct messages it only costs (about 8% of a decrypt). Default 0 (off).
   */
  cacheSize?: number;
}

/** The ESDK raw AES keyring (wrapping suite AES256_GCM_IV12_TAG16_NO_PADDING). */
export class RawAesKeyring implements Keyring {
  readonly keyNamespace: string;
  readonly keyName: string;
  readonly #key: CryptoKey;
  readonly #namespaceBytes: Bytes;
  readonly #nameBytes: Bytes;
  readonly #cacheSize: number;
  /** Unwrapped data keys by wrapped-key tag; `blob` is a copy of IV || wrapped key || AAD. */
  readonly #cache = new Map<string, { blob: Bytes; key: CryptoKey }>();

  constructor({ keyNamespace, keyName, key, cacheSize = 0 }: RawAesKeyringOptions) {
    need(
      typeof keyNamespace === 'string' && keyNamespace && typeof keyName === 'string' && keyName,
      'InvalidInput',
      'a raw AES keyring needs a key namespace and a key name',
    );
    need(
      keyNamespace !== 'aws-kms',
      'InvalidInput',
      'the key namespace "aws-kms" is reserved for KMS keyrings',
    );
    need(
      key instanceof CryptoKey &&
        key.type === 'secret' &&
        key.algorithm.name === 'AES-GCM' &&
        (key.algorithm as AesKeyAlgorithm).length === 256,
      'InvalidInput',
      'a raw AES keyring needs an AES-GCM 256 CryptoKey',
    );
    this.keyNamespace = keyNamespace;
    this.keyName = keyName;
    this.#key = key;
    this.#namespaceBytes = utf8(keyNamespace);
    this.#nameBytes = utf8(keyName);
    need(
      this.#namespaceBytes.byteLength <= 0xffff &&
        this.#nameBytes.byteLength <= 0xffff - 8 - IV_LENGTH,
      'InvalidInput',
      'the key namespace or key name is too long',
    );
    this.#cacheSize = cacheSize;
  }

  /** Whether this EDK names our key: same namespace, same key name, and raw AES provider info. */
  #names(edk: EncryptedDataKey): boolean {
    const name = this.#nameBytes;
    const info = edk.providerInfo;
    return (
      bytesEqual(edk.providerId, this.#namespaceBytes) &&
      info.byteLength === name.byteLength + 8 + IV_LENGTH &&
      bytesEqual(info.subarray(0, name.byteLength), name)
    );
  }

  async unwrap(
    edks: readonly EncryptedDataKey[],
    aad: ContextAad,
    _suite: Suite,
  ): Promise<UnwrapResult> {
    const candidates: { iv: Bytes; sealed: Bytes }[] = [];
    let matched = false;
    for (const edk of edks) {
      if (!this.#names(edk)) continue;
      matched = true;
      const info = edk.providerInfo;
      const view = new DataView(info.buffer, info.byteOffset + this.#nameBytes.byteLength, 8);
      // Provider info that names our key but not our wrapping parameters cannot be ours.
      if (view.getUint32(0) !== TAG_BITS || view.getUint32(4) !== IV_LENGTH) continue;
      if (edk.ciphertext.byteLength !== DATA_KEY_LENGTH + TAG_BITS / 8) continue;
      candidates.push({ iv: info.subarray(info.byteLength - IV_LENGTH), sealed: edk.ciphertext });
    }
    for (const { iv, sealed } of candidates) {
      const key = await this.#unwrapOne(iv, sealed, aad.primary);
      if (key) return { key };
    }
    if (candidates.length) {
      for (const alternative of aad.alternatives()) {
        for (const { iv, sealed } of candidates) {
          const key = await this.#unwrapOne(iv, sealed, alternative);
          if (key) return { key };
        }
      }
    }
    return { matched };
  }

  async #unwrapOne(iv: Bytes, sealed: Bytes, aad: Bytes): Promise<CryptoKey | undefined> {
    // Cached under the wrapped key's GCM tag; a hit must match IV, wrapped key and AAD byte for byte.
    const cacheKey =
      this.#cacheSize > 0 ? latin1(sealed.subarray(sealed.byteLength - TAG_BITS / 8)) : '';
    const hit = cacheKey ? this.#cache.get(cacheKey) : undefined;
    if (hit && sameBlob(hit.blob, iv, sealed, aad)) return hit.key;
    const params: AesGcmParams = { name: 'AES-GCM', iv, additionalData: aad, tagLength: TAG_BITS };
    let key: CryptoKey;
    try {
      if (this.#key.usages.includes('unwrapKey')) {
        key = await crypto.subtle.unwrapKey(
          'raw',
          sealed,
          this.#key,
          params,
          'HKDF',
          false,
          HKDF_USAGES,
        );
      } else {
        const raw = new Uint8Array(await crypto.subtle.decrypt(params, this.#key, sealed));
        try {
          key = await crypto.subtle.importKey('raw', raw, 'HKDF', false, HKDF_USAGES);
        } finally {
          raw.fill(0);
        }
      }
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'OperationError') return undefined;
      throw new EsdkError(
        'InvalidInput',
        `the wrapping key of ${this.keyName} cannot unwrap data keys`,
        { cause },
      );
    }
    if (cacheKey) {
      if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(cacheKey, { blob: concat([iv, sealed, aad]), key });
    }
    return key;
  }

  async wrap(carrier: CryptoKey, aad: Bytes): Promise<EncryptedDataKey[]> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
    const params: AesGcmParams = { name: 'AES-GCM', iv, additionalData: aad, tagLength: TAG_BITS };
    let sealed: ArrayBuffer;
    try {
      if (this.#key.usages.includes('wrapKey')) {
        sealed = await crypto.subtle.wrapKey('raw', carrier, this.#key, params);
      } else {
        const raw = new Uint8Array(await crypto.subtle.exportKey('raw', carrier));
        try {
          sealed = await crypto.subtle.encrypt(params, this.#key, raw);
        } finally {
          raw.fill(0);
        }
      }
    } catch (cause) {
      throw new EsdkError(
        'InvalidInput',
        `the wrapping key of ${this.keyName} cannot wrap data keys`,
        { cause },
      );
    }
    const name = this.#nameBytes;
    const providerInfo = new Uint8Array(name.byteLength + 8 + IV_LENGTH);
    providerInfo.set(name);
    const view = new DataView(providerInfo.buffer);
    view.setUint32(name.byteLength, TAG_BITS);
    view.setUint32(name.byteLength + 4, IV_LENGTH);
    providerInfo.set(iv, name.byteLength + 8);
    return [{ providerId: this.#namespaceBytes, providerInfo, ciphertext: new Uint8Array(sealed) }];
  }
}

/**
 * Several keyrings as one. Decrypt: the keyrings are tried in order, and the first one that
 * decrypts an encrypted data key wins. Encrypt: the data key is wrapped under every keyring, the
 * first keyring's data key first.
 */
export class MultiKeyring implements Keyring {
  readonly keyrings: readonly Keyring[];

  constructor(keyrings: readonly Keyring[]) {
    need(keyrings.length > 0, 'InvalidInput', 'a multi-keyring needs at least one keyring');
    this.keyrings = [...keyrings];
  }

  async unwrap(
    edks: readonly EncryptedDataKey[],
    aad: ContextAad,
    suite: Suite,
  ): Promise<UnwrapResult> {
    let matched = false;
    for (const keyring of this.keyrings) {
      const result = await keyring.unwrap(edks, aad, suite);
      if (result.key) return result;
      matched ||= result.matched;
    }
    return { matched };
  }

  async wrap(carrier: CryptoKey, aad: Bytes): Promise<EncryptedDataKey[]> {
    const wrapped = await Promise.all(this.keyrings.map((k) => k.wrap(carrier, aad)));
    return wrapped.flat();
  }
}

/** A string key for the unwrap cache: each byte as one UTF-16 code unit (short inputs only). */
function latin1(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** Whether `blob` is exactly iv || sealed || aad. */
function sameBlob(blob: Bytes, iv: Bytes, sealed: Bytes, aad: Bytes): boolean {
  if (blob.byteLength !== iv.byteLength + sealed.byteLength + aad.byteLength) return false;
  let at = 0;
  for (const part of [iv, sealed, aad]) {
    for (let i = 0; i < part.byteLength; i++) if (blob[at + i] !== part[i]) return false;
    at += part.byteLength;
  }
  return true;
}
