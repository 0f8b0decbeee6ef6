/**
 * Encrypting AWS Encryption SDK messages: format v2, suite 0x0478, framed, a fresh data key
 * wrapped by every keyring given.
 *
 * Only Set Secured Data encrypts; most agents only read secured data. So the build puts this code
 * in a chunk beside the worker (dist/chunks/), which `encryptMessage` (message.ts) loads the first
 * time a value is encrypted, instead of in what every agent with secured data downloads. It
 * imports nothing at run time: message.ts hands it the format code it shares with decrypt (an
 * {@link EncryptKit}). A static import of the worker's modules would load a second copy of the
 * worker whenever the worker was started from another URL than the chunk names (see key-store.ts).
 */
import type { Bytes } from './bytes.js';
import type { esdkError, need } from './errors.js';
import type { EncryptedDataKey, bodyAad, pack, serializeContextPairs } from './format.js';
import type { Keyring, WrappingKey, gcm } from './keyring.js';

/** Options of `encryptMessage`. */
export interface EncryptOptions {
  /** Plaintext bytes per frame, 1 to 2^32 - 1. Default 4096. */
  frameLength?: number;
}

/** What the encrypt code shares with decrypt, handed over by message.ts. */
export interface EncryptKit {
  need: typeof need;
  esdkError: typeof esdkError;
  pack: typeof pack;
  bodyAad: typeof bodyAad;
  serializeContextPairs: typeof serializeContextPairs;
  gcm: typeof gcm;
  /** The usages of a root key (keyring.ts `HKDF_USAGES`). */
  hkdfUsages: KeyUsage[];
  /** Tag bits and IV length as raw AES provider info carries them (keyring.ts `WRAPPING`). */
  wrapping: Uint8Array;
  /** The data-encryption key and the key commitment of suite 0x0478 (message.ts `derive`). */
  derive(
    root: CryptoKey,
    messageId: Bytes,
    usage: KeyUsage,
  ): Promise<[CryptoKey, ArrayBuffer | undefined]>;
}

/** `n` as a big-endian uint32 (its low 32 bits). */
const uint32 = (n: number): Bytes => Uint8Array.of(n >>> 24, n >> 16, n >> 8, n);

/** The encrypt function over the shared format code `kit`. */
export function encrypter(kit: EncryptKit) {
  const { esdkError, pack, bodyAad, serializeContextPairs, gcm, hkdfUsages, wrapping, derive } =
    kit;
  // An assertion function is called through its typed holder (TypeScript's rule for `asserts`).
  const need: EncryptKit['need'] = kit.need;
  const subtle = crypto.subtle;

  /** Checks a caller's encryption context: an object of string values, no reserved keys. */
  function checkEncryptionContext(context: Readonly<Record<string, string>>): void {
    need(context && typeof context === 'object', 'InvalidInput', 'context');
    for (const [k, v] of Object.entries(context))
      need(typeof v === 'string' && !k.startsWith('aws-crypto-'), 'InvalidInput', `context ${k}`);
  }

  /**
   * The data key held by `carrier` (an extractable AES key) as an encrypted data key of the raw
   * AES keyring: wrapped under `key` with a fresh IV, the encryption context pairs as AAD.
   */
  async function wrap(
    carrier: CryptoKey,
    aad: Bytes,
    { providerId, name, keyName, key }: WrappingKey,
  ): Promise<EncryptedDataKey> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const p = gcm(iv, aad);
    let sealed: ArrayBuffer;
    try {
      if (key.usages.includes('wrapKey')) sealed = await subtle.wrapKey('raw', carrier, key, p);
      else {
        const raw = new Uint8Array(await subtle.exportKey('raw', carrier));
        sealed = await subtle.encrypt(p, key, raw).finally(() => raw.fill(0));
      }
    } catch (cause) {
      throw esdkError('InvalidInput', keyName, cause);
    }
    return {
      providerId,
      providerInfo: pack([name, wrapping, iv]),
      ciphertext: new Uint8Array(sealed),
    };
  }

  /**
   * Encrypts `plaintext` as an AWS Encryption SDK message, format v2, suite 0x0478, framed, with
   * a fresh data key wrapped by `keyring` (every key of a multi-keyring).
   */
  return async function encryptMessage(
    plaintext: Bytes,
    keyring: Keyring,
    encryptionContext: Readonly<Record<string, string>>,
    options: EncryptOptions,
  ): Promise<Bytes> {
    const frameLength = options.frameLength ?? 4096;
    need(
      Number.isInteger(frameLength) && frameLength > 0 && frameLength < 2 ** 32,
      'InvalidInput',
      'frameLength',
    );
    checkEncryptionContext(encryptionContext);
    const contextPairs = serializeContextPairs(encryptionContext);

    // The data key: an extractable AES key handle only so that keyrings can wrap it.
    const carrier = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
    const raw = new Uint8Array(await subtle.exportKey('raw', carrier));
    const [encryptedDataKeys, root] = await Promise.all([
      Promise.all(keyring.wrappingKeys.map((k) => wrap(carrier, contextPairs, k))),
      subtle.importKey('raw', raw, 'HKDF', false, hkdfUsages).finally(() => raw.fill(0)),
    ]);
    const messageId = crypto.getRandomValues(new Uint8Array(32));
    const [dataKey, commitment] = await derive(root, messageId, 'encrypt');

    // The header body (v2, suite 0x0478, framed: content type 2 and the frame length), which the
    // header authentication tag covers as its AAD.
    const headerBody = pack([
      Uint8Array.of(2, 4, 0x78),
      messageId,
      contextPairs.length,
      contextPairs,
      encryptedDataKeys.length,
      ...encryptedDataKeys.flatMap((k) => [
        k.providerId.length,
        k.providerId,
        k.providerInfo.length,
        k.providerInfo,
        k.ciphertext.length,
        k.ciphertext,
      ]),
      Uint8Array.of(2),
      uint32(frameLength),
      new Uint8Array(commitment!),
    ]);
    // What precedes each sealed part in the message: the header body before the header tag, the
    // frame header before each frame. Every full frame is regular; the rest (possibly a full
    // frame, or nothing) is the final frame, marked by sequence number 0xFFFFFFFF and given its
    // length.
    const layout: Uint8Array[][] = [[headerBody]];
    const count = Math.max(1, Math.ceil(plaintext.length / frameLength));
    const sealed = await Promise.all([
      subtle.encrypt(gcm(new Uint8Array(12), headerBody), dataKey, new Uint8Array(0)),
      ...Array.from({ length: count }, (_, i) => {
        const sequenceNumber = i + 1;
        const final = sequenceNumber === count;
        const content = plaintext.subarray(i * frameLength, sequenceNumber * frameLength);
        const iv = pack([new Uint8Array(8), uint32(sequenceNumber)]);
        layout.push(
          final
            ? [uint32(0xffff_ffff), uint32(sequenceNumber), iv, uint32(content.length)]
            : [uint32(sequenceNumber), iv],
        );
        const aad = bodyAad(messageId, {
          sequenceNumber,
          kind: final ? 'final' : 'frame',
          contentLength: content.length,
        });
        return subtle.encrypt(gcm(iv, aad), dataKey, content);
      }),
    ]);
    return pack(sealed.flatMap((s, i) => [...layout[i]!, new Uint8Array(s)]));
  };
}
