/**
 * The WebCrypto floor, in a worker: the same primitive calls the format requires (per message the
 * AES-GCM unwrap of the data key, HKDF-SHA512 for the commitment and the data key, AES-GCM for the
 * header tag and the body), made directly on fields located ahead of time.
 *
 * It runs in a worker so that it pays what the vault pays around the cryptography: the batch is
 * posted (structured clone) and one answer per attribute comes back. The page posts `init` once
 * (the key and the messages, parsed here), then `run` with the same batch object the vault gets.
 */
import { floorOne, locate, type Located } from './floor.js';

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

let wrappingKey: CryptoKey;
let pre: Located[] = [];

self.onmessage = async ({ data }: MessageEvent<Init | Run>) => {
  if (data.type === 'init') {
    wrappingKey = await crypto.subtle.importKey('raw', data.keyBytes, 'AES-GCM', false, [
      'unwrapKey',
    ]);
    pre = data.messages.map(locate);
    postMessage({ ready: pre.length });
    return;
  }
  const lengths = await Promise.all(pre.map((p) => floorOne(p, wrappingKey)));
  postMessage(
    data.batch.attributes.map((a, i) => ({ name: a.name, ok: true, length: lengths[i] })),
  );
};
