/**
 * The WebCrypto floor of one message: the primitive calls the ESDK format requires (the AES-GCM
 * unwrap of the data key, HKDF-SHA512 for the commitment and the data key, AES-GCM for the header
 * tag and the body), made directly on fields located ahead of time. Shared by the in-page floor
 * (bench/cases/decrypt-batch.ts) and the floor worker (bench/floor.worker.ts), so both measure
 * the very same calls.
 */
import { COMMIT_KEY_LABEL, bodyAad, deriveKeyInfo, parseMessage } from '../worker/esdk/format.js';

/** The fields of one message the floor reads, located before the timer starts. */
export function locate(m: Uint8Array<ArrayBuffer>) {
  const { header, body } = parseMessage(m, { allowLegacyV1: false, maxEncryptedDataKeys: 2 });
  const edk = header.encryptedDataKeys[0]!;
  return {
    header,
    part: body[0]!,
    wrapIv: edk.providerInfo.subarray(edk.providerInfo.byteLength - 12),
    wrapped: edk.ciphertext,
    bodyAad: bodyAad(header.messageId, body[0]!),
    info: deriveKeyInfo(header.suite, header.messageId),
  };
}

/** One located message. */
export type Located = ReturnType<typeof locate>;

/** The floor's calls for one message; resolves with the plaintext's length. */
export async function floorOne(p: Located, wrappingKey: CryptoKey): Promise<number> {
  const subtle = crypto.subtle;
  const root = await subtle.unwrapKey(
    'raw',
    p.wrapped,
    wrappingKey,
    { name: 'AES-GCM', iv: p.wrapIv, additionalData: p.header.contextPairs },
    'HKDF',
    false,
    ['deriveBits', 'deriveKey'],
  );
  const salt = p.header.messageId;
  const [, key] = await Promise.all([
    subtle.deriveBits({ name: 'HKDF', hash: 'SHA-512', salt, info: COMMIT_KEY_LABEL }, root, 256),
    subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-512', salt, info: p.info },
      root,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    ),
  ]);
  const [, clear] = await Promise.all([
    subtle.decrypt(
      { name: 'AES-GCM', iv: p.header.headerIv, additionalData: p.header.headerBody },
      key,
      p.header.headerTag,
    ),
    subtle.decrypt(
      { name: 'AES-GCM', iv: p.part.iv, additionalData: p.bodyAad },
      key,
      p.part.sealed,
    ),
  ]);
  return clear.byteLength;
}
