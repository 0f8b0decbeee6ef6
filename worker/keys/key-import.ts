/**
 * Importing raw AES wrapping keys, a JWK or 16, 24 or 32 bytes, as non-extractable AES-GCM
 * `CryptoKey`s (see `KeyStore.addRawAesKey`).
 *
 * The key store loads this module on demand (a chunk of its own in the build), the first time a
 * key is added: stored keys survive reloads, so most starts never import one. Like the broker
 * client (key-broker.ts), it imports nothing at run time: the key store hands it the key-id
 * helpers, so the errors it makes are the worker's own `VaultError`s.
 */
import type { AddRawAesKeyOptions, AesJwk } from './key-store.js';
import type { KeyChecks } from './key-intake.js';

/** The AES-GCM usages, each with its key-wrapping twin (a JWK's `key_ops` narrows both). */
const USAGES: KeyUsage[][] = [
  ['encrypt', 'wrapKey'],
  ['decrypt', 'unwrapKey'],
];

/** The raw AES key importer over the worker's key-id helpers. */
export function keyImporter({ decodeBase64, jwkAlg, keyError }: KeyChecks) {
  /** Imports key material as a non-extractable AES-GCM key, wiping the bytes it copied. */
  return async function importRawAesKey({
    keyNamespace,
    keyName,
    key: material,
    wipeInput,
  }: AddRawAesKeyOptions): Promise<CryptoKey> {
    const invalid = (message: string, cause?: unknown) =>
      keyError('InvalidKey', keyNamespace, keyName, message, { cause });
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    let usages = USAGES;
    let alg: string | undefined;
    if (material instanceof ArrayBuffer || material instanceof Uint8Array) {
      const view = material instanceof Uint8Array ? material : new Uint8Array(material);
      bytes = new Uint8Array(view); // our copy, zeroed below
      if (wipeInput) view.fill(0);
    } else if (ArrayBuffer.isView(material) || !material || typeof material !== 'object') {
      throw invalid('must be a JWK, a Uint8Array or an ArrayBuffer');
    } else {
      const { kty, k, use, key_ops: ops } = material as Partial<AesJwk>;
      alg = (material as AesJwk).alg;
      if (kty !== 'oct') throw invalid('kty "oct" needed');
      if (use !== undefined && use !== 'enc') throw invalid('use must be "enc"');
      // Honour a JWK that narrows what the key may do (a decrypt-only key cannot encrypt).
      if (Array.isArray(ops)) usages = usages.filter(([u]) => ops.includes(u!));
      if (!usages.length) throw invalid('key_ops allow no encrypt or decrypt');
      bytes = typeof k === 'string' ? decodeBase64(k) : undefined;
      if (!bytes) throw invalid('k must be unpadded base64url');
    }
    try {
      const bits = bytes.length * 8;
      if (!jwkAlg(bits)) throw invalid(`16, 24 or 32 bytes, got ${bytes.length} bytes`);
      if (alg !== undefined && alg !== jwkAlg(bits))
        throw invalid(`alg ${alg} for a ${bits}-bit key`);
      return await crypto.subtle
        .importKey('raw', bytes, 'AES-GCM', false, usages.flat())
        .catch((cause: unknown) => {
          throw invalid(
            bits === 192 ? 'no AES-192 in this browser' : 'WebCrypto refused it',
            cause,
          );
        });
    } finally {
      bytes.fill(0);
    }
  };
}
