/**
 * The WebCrypto floor, in a worker: the same primitive calls the format requires (per message the
 * AES-GCM unwrap of the data key, HKDF-SHA512 for the commitment and the data key, AES-GCM for the
 * header tag and the body), made directly on fields located ahead of time.
 *
 * It runs in a worker so that it pays what the vault pays around the cryptography: the batch is
 * posted (structured clone) and one answer per attribute comes back. The page posts `init` once
 * (the key and the messages, parsed here), then `run` with the same batch object the vault gets.
 */
import { COMMIT_KEY_LABEL, bodyAad, deriveKeyInfo, parseMessage } from '../worker/esdk/format.js';

interface Init {
  type: 'init';
  keyBytes: Uint8Array<ArrayBuffer>;
  messages: Uint8Array<ArrayBuffer>[];
}
interface Run {
  type: 'run';
  /** The vault's batch: posted so that the floor pays the same clone; its fields are not read. */
  batch: { attributes: { name: string }[] };
}

const subtle = crypto.subtle;
let wrappingKey: CryptoKey;
let pre: ReturnType<typeof locate>[] = [];

function locate(m: Uint8Array<ArrayBuffer>) {
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

async function one(p: ReturnType<typeof locate>): Promise<number> {
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

self.onmessage = async ({ data }: MessageEvent<Init | Run>) => {
  if (data.type === 'init') {
    wrappingKey = await subtle.importKey('raw', data.keyBytes, 'AES-GCM', false, ['unwrapKey']);
    pre = data.messages.map(locate);
    postMessage({ ready: pre.length });
    return;
  }
  const lengths = await Promise.all(pre.map(one));
  postMessage(
    data.batch.attributes.map((a, i) => ({ name: a.name, ok: true, length: lengths[i] })),
  );
};
