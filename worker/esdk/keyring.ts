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
import { type Bytes, bytesEqual, utf8 } from './bytes.js';
import { esdkError, need } from './errors.js';
import { type EncryptedDataKey, type Suite, pack } from './format.js';

const HKDF_USAGES: KeyUsage[] = ['deriveBits', 'deriveKey'];
/** Tag bits (128) and IV length (12), as raw AES provider info carries them after the key name. */
const WRAPPING = Uint8Array.of(0, 0, 0, 128, 0, 0, 0, 12);

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
  unwrap(edks: readonly EncryptedDataKey[], aad: ContextAad, suite?: Suite): Promise<UnwrapResult>;
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
}

/** The ESDK raw AES keyring (wrapping suite AES256_GCM_IV12_TAG16_NO_PADDING). */
export class RawAesKeyring implements Keyring {
  readonly unwrap: Keyring['unwrap'];
  readonly wrap: Keyring['wrap'];

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
    const usages = key.usages;
    const usable = (usage: KeyUsage) => usages.includes(usage);
    /** Whether `info` holds `bytes` at `at` (in place: no subarray per data key). */
    const holds = (info: Bytes, bytes: Uint8Array, at: number) => {
      for (let i = 0; i < bytes.length; i++) if (info[at + i] !== bytes[i]) return false;
      return true;
    };
    const params = (iv: Bytes, additionalData: Bytes): AesGcmParams => ({
      name: 'AES-GCM',
      iv,
      additionalData,
    });

    /** Whether `edk` is ours: same namespace, same key name, provider info of the right length. */
    const ours = ({ providerId, providerInfo: info }: EncryptedDataKey) =>
      bytesEqual(providerId, namespace) && info.length === n + 20 && holds(info, name, 0);

    // A promise chain, not an async function: a batch unwraps once per message, and the usual
    // case (our one data key, the spec's byte order) is then one WebCrypto call and one `.then`.
    this.unwrap = (edks, aad) => {
      const candidates: EncryptedDataKey[] = [];
      for (const edk of edks) if (ours(edk)) candidates.push(edk);
      const aads = [aad.primary];
      /** Tries candidate `i` of round `round` and the ones after it, in order. */
      const attempt = (round: number, i: number): Promise<UnwrapResult> => {
        // The spec's byte order first; the other orders only when it fails (they cost a sort).
        for (; round < aads.length; round++, i = 0) {
          for (; i < candidates.length; i++) {
            const { providerInfo: info, ciphertext } = candidates[i]!;
            if (!holds(info, WRAPPING, n) || ciphertext.length !== 48) continue;
            const p = params(info.subarray(n + 8), aads[round]!);
            const next = (cause: unknown) => {
              if ((cause as Error).name !== 'OperationError')
                throw esdkError('InvalidInput', keyName, cause);
              return attempt(round, i + 1);
            };
            return (
              usable('unwrapKey')
                ? crypto.subtle.unwrapKey('raw', ciphertext, key, p, 'HKDF', false, HKDF_USAGES)
                : crypto.subtle.decrypt(p, key, ciphertext).then((bytes) => {
                    const raw = new Uint8Array(bytes);
                    return crypto.subtle
                      .importKey('raw', raw, 'HKDF', false, HKDF_USAGES)
                      .finally(() => raw.fill(0));
                  })
            ).then((found) => ({ key: found }), next);
          }
          if (!round && candidates.length) aads.push(...aad.alternatives());
        }
        return Promise.resolve({ matched: candidates.length > 0 });
      };
      return attempt(0, 0);
    };

    this.wrap = async (carrier, aad) => {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const p = params(iv, aad);
      let sealed: ArrayBuffer;
      try {
        if (usable('wrapKey')) sealed = await crypto.subtle.wrapKey('raw', carrier, key, p);
        else {
          const raw = new Uint8Array(await crypto.subtle.exportKey('raw', carrier));
          sealed = await crypto.subtle.encrypt(p, key, raw).finally(() => raw.fill(0));
        }
      } catch (cause) {
        throw esdkError('InvalidInput', keyName, cause);
      }
      return [
        {
          providerId: namespace,
          providerInfo: pack([name, WRAPPING, iv]),
          ciphertext: new Uint8Array(sealed),
        },
      ];
    };
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
    need(keyrings.length, 'InvalidInput', 'no keyrings');
    this.keyrings = [...keyrings];
  }

  async unwrap(edks: readonly EncryptedDataKey[], aad: ContextAad): Promise<UnwrapResult> {
    let matched = false;
    for (const keyring of this.keyrings) {
      const result = await keyring.unwrap(edks, aad);
      if (result.key) return result;
      matched ||= result.matched;
    }
    return { matched };
  }

  async wrap(carrier: CryptoKey, aad: Bytes): Promise<EncryptedDataKey[]> {
    return (await Promise.all(this.keyrings.map((k) => k.wrap(carrier, aad)))).flat();
  }
}
