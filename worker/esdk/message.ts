/**
 * Encrypt and decrypt whole AWS Encryption SDK messages with WebCrypto.
 *
 * Decrypt: parse and check the whole structure (format.ts), unwrap the data key with the
 * keyring(s) straight into a non-extractable HKDF key, derive the commitment and the
 * data-encryption key with HKDF (in parallel), compare the commitment in constant time, then
 * authenticate the header and decrypt every frame in parallel. Nothing is returned unless every
 * step succeeds, so running the header check beside the frames is equivalent to running it first.
 *
 * Every failure is an `EsdkError`, and a function that answers a promise never throws
 * synchronously: they are async functions.
 */
import { type Bytes, constantTimeEqual } from './bytes.js';
import { esdkError, need } from './errors.js';
import {
  type MessageHeader,
  COMMIT_KEY_LABEL,
  SUITE_COMMIT_KEY,
  type Suite,
  bodyAad,
  checkEncryptionContext,
  deriveKeyInfo,
  pack,
  parseMessage,
  serializeContextPairs,
  uint32,
} from './format.js';
import { HKDF_USAGES, type Keyring, MultiKeyring, gcm } from './keyring.js';

/** Options of `decryptMessage`. */
export interface DecryptOptions {
  /** Accept format v1 messages with suite 0x0178 (no key commitment). Default false. */
  allowLegacyV1?: boolean;
  /** Most encrypted data keys a message may carry. Default 2. */
  maxEncryptedDataKeys?: number;
}

/** The result of `decryptMessage`. */
export interface DecryptResult {
  readonly plaintext: Bytes;
  readonly encryptionContext: Readonly<Record<string, string>>;
  /** The parsed header (public facts: version, suite, message id, data keys...; views). */
  readonly header: MessageHeader;
}

/** Options of `encryptMessage`. */
export interface EncryptOptions {
  /** Plaintext bytes per frame, 1 to 2^32 - 1. Default 4096. */
  frameLength?: number;
}

const subtle = crypto.subtle;
const AES_256: AesKeyGenParams = { name: 'AES-GCM', length: 256 };

const asKeyring = (keyring: Keyring | readonly Keyring[]): Keyring =>
  Array.isArray(keyring) ? new MultiKeyring(keyring) : (keyring as Keyring);

/** HKDF parameters; v1 (no commitment) has an empty salt, which HKDF reads as zero bytes. */
const hkdf = (suite: Suite, messageId: Bytes, info: Bytes): HkdfParams => ({
  name: 'HKDF',
  hash: suite.hash,
  salt: suite.commitmentLength ? messageId : new Uint8Array(0),
  info,
});

/** The data-encryption key and the key commitment (v2), derived in parallel from the root key. */
const derive = (suite: Suite, root: CryptoKey, messageId: Bytes, usage: KeyUsage) =>
  Promise.all([
    subtle.deriveKey(
      hkdf(suite, messageId, deriveKeyInfo(suite, messageId)),
      root,
      AES_256,
      false,
      [usage],
    ),
    suite.commitmentLength
      ? subtle.deriveBits(hkdf(suite, messageId, COMMIT_KEY_LABEL), root, 256)
      : undefined,
  ]);

/**
 * Decrypts an AWS Encryption SDK message: format v2 with suite 0x0478, or format v1 with suite
 * 0x0178 when `allowLegacyV1` is set; framed or non-framed. Every failure is an `EsdkError`.
 *
 * The whole structure is parsed and checked first, synchronously (so a batch parses each message
 * right before issuing its first WebCrypto call); then the unwrap of the data key, the data key
 * and the commitment derived, the commitment compared in constant time, the header authenticated
 * and the frames decrypted.
 */
export async function decryptMessage(
  message: Uint8Array,
  keyring: Keyring | readonly Keyring[],
  options: DecryptOptions = {},
): Promise<DecryptResult> {
  need(message instanceof Uint8Array, 'InvalidInput', 'not a Uint8Array');
  const max = options.maxEncryptedDataKeys ?? 2;
  need(Number.isInteger(max) && max > 0, 'InvalidInput', 'maxEncryptedDataKeys');
  const { header, body } = parseMessage(message as Bytes, {
    allowLegacyV1: options.allowLegacyV1 === true,
    maxEncryptedDataKeys: max,
  });
  const { suite, messageId, encryptionContext } = header;
  // The header's own bytes are the spec serialization when already in UTF-8 key order.
  const primary = header.contextCanonical
    ? header.contextPairs
    : serializeContextPairs(encryptionContext);
  const root = await asKeyring(keyring).unwrap(header.encryptedDataKeys, {
    primary,
    // The JavaScript ESDK's raw keyrings sort the context with localeCompare unless utf8Sorting is
    // set (its issue #428). The same pairs in another order are the same context, so accept that
    // order too, computed only when the spec order fails.
    alternatives() {
      const legacy = serializeContextPairs(encryptionContext, true);
      return constantTimeEqual(legacy, primary) ? [] : [legacy];
    },
  });
  const [dataKey, expected] = await derive(suite, root, messageId, 'decrypt');
  if (expected && !constantTimeEqual(new Uint8Array(expected), header.suiteData))
    throw esdkError('CommitmentMismatch');
  const settled = await Promise.allSettled([
    subtle.decrypt(gcm(header.headerIv, header.headerBody), dataKey, header.headerTag),
    ...body.map((part) =>
      subtle.decrypt(gcm(part.iv, bodyAad(messageId, part)), dataKey, part.sealed),
    ),
  ]);
  const frames: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < settled.length; i++) {
    const f = settled[i]!;
    if (f.status === 'rejected')
      throw esdkError('AuthenticationFailed', i ? `body frame ${i}` : 'the header', f.reason);
    if (i) frames.push(new Uint8Array(f.value));
  }
  // One frame (the usual case): the plaintext is that frame's buffer, not a copy. Several are
  // joined into one, and their own buffers zeroed: the caller zeroes the plaintext it gets.
  if (frames.length === 1) return { plaintext: frames[0]!, encryptionContext, header };
  const plaintext = pack(frames);
  for (const frame of frames) frame.fill(0);
  return { plaintext, encryptionContext, header };
}

/**
 * Encrypts `plaintext` as an AWS Encryption SDK message, format v2, suite 0x0478, framed, with a
 * fresh data key wrapped by every keyring given.
 */
export async function encryptMessage(
  input: Uint8Array,
  keyring: Keyring | readonly Keyring[],
  encryptionContext: Readonly<Record<string, string>>,
  options: EncryptOptions = {},
): Promise<Bytes> {
  need(input instanceof Uint8Array, 'InvalidInput', 'not a Uint8Array');
  const plaintext = input as Bytes;
  const frameLength = options.frameLength ?? 4096;
  need(
    Number.isInteger(frameLength) && frameLength > 0 && frameLength < 2 ** 32,
    'InvalidInput',
    'frameLength',
  );
  checkEncryptionContext(encryptionContext);
  const contextPairs = serializeContextPairs(encryptionContext);

  // The data key: an extractable AES key handle only so that keyrings can wrap it.
  const carrier = await subtle.generateKey(AES_256, true, ['encrypt']);
  const raw = new Uint8Array(await subtle.exportKey('raw', carrier));
  const [encryptedDataKeys, root] = await Promise.all([
    asKeyring(keyring).wrap(carrier, contextPairs),
    subtle.importKey('raw', raw, 'HKDF', false, HKDF_USAGES).finally(() => raw.fill(0)),
  ]);
  const messageId = crypto.getRandomValues(new Uint8Array(32));
  const [dataKey, commitment] = await derive(SUITE_COMMIT_KEY, root, messageId, 'encrypt');

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
  // frame header before each frame. Every full frame is regular; the rest (possibly a full frame,
  // or nothing) is the final frame, marked by sequence number 0xFFFFFFFF and given its length.
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
}
