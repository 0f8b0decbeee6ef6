/**
 * Encrypt and decrypt whole AWS Encryption SDK messages with WebCrypto.
 *
 * Decrypt: parse and check the whole structure (format.ts), unwrap the data key with the
 * keyring(s) straight into a non-extractable HKDF key, derive the commitment and the
 * data-encryption key with HKDF (in parallel), compare the commitment in constant time, then
 * authenticate the header and decrypt every frame in parallel. Nothing is returned unless every
 * step succeeds, so running the header check beside the frames is equivalent to running it first.
 */
import { type Bytes, bytesEqual, constantTimeEqual } from './bytes.js';
import { esdkError, need } from './errors.js';
import {
  type BodyPart,
  type MessageHeader,
  COMMIT_KEY_LABEL,
  SUITE_COMMIT_KEY,
  type Suite,
  bodyAad,
  checkEncryptionContext,
  deriveKeyInfo,
  frameIv,
  parseMessage,
  serializeContextPairs,
  serializeHeaderV2,
} from './format.js';
import { type ContextAad, type Keyring, MultiKeyring, type UnwrapResult } from './keyring.js';

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

/** A message parsed and checked by {@link parseForDecrypt}, ready for {@link decryptParsed}. */
export type ParsedMessage = ReturnType<typeof parseMessage>;

/** Options of `encryptMessage`. */
export interface EncryptOptions {
  /** Plaintext bytes per frame, 1 to 2^32 - 1. Default 4096. */
  frameLength?: number;
}

const subtle = crypto.subtle;
const AES_256: AesKeyGenParams = { name: 'AES-GCM', length: 256 };

const asKeyring = (keyring: Keyring | readonly Keyring[]): Keyring =>
  Array.isArray(keyring) ? new MultiKeyring(keyring) : (keyring as Keyring);

const gcm = (iv: Bytes, additionalData: Bytes): AesGcmParams => ({
  name: 'AES-GCM',
  iv,
  additionalData,
});

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
 * Phase 1 of a decrypt, synchronous: checks the options and parses the whole message structure
 * (no cryptography). A batch parses every message first, then issues all the WebCrypto calls.
 */
export function parseForDecrypt(message: Uint8Array, options: DecryptOptions = {}): ParsedMessage {
  need(message instanceof Uint8Array, 'InvalidInput', 'not a Uint8Array');
  const max = options.maxEncryptedDataKeys ?? 2;
  need(Number.isInteger(max) && max > 0, 'InvalidInput', 'maxEncryptedDataKeys');
  return parseMessage(message as Bytes, {
    allowLegacyV1: options.allowLegacyV1 === true,
    maxEncryptedDataKeys: max,
  });
}

/**
 * Phase 2, the WebCrypto chain: unwrap the data key, derive the data key and the commitment,
 * compare the commitment in constant time, authenticate the header and decrypt the frames.
 *
 * A `.then` chain, not an async function: a batch runs this once per message, and every await
 * and nested async call would add a promise and a microtask per message.
 */
export function decryptParsed(
  { header, body, plaintextLength }: ParsedMessage,
  keyring: Keyring | readonly Keyring[],
): Promise<DecryptResult> {
  const { suite, messageId, encryptionContext: context } = header;
  // The header's own bytes are the spec serialization when already in UTF-8 key order.
  const primary = header.contextCanonical ? header.contextPairs : serializeContextPairs(context);
  const aad: ContextAad = {
    primary,
    // The JavaScript ESDK's raw keyrings sort the context with localeCompare unless utf8Sorting is
    // set (its issue #428). The same pairs in another order are the same context, so accept that
    // order too, computed only when the spec order fails.
    alternatives() {
      const legacy = serializeContextPairs(context, true);
      return bytesEqual(legacy, primary) ? [] : [legacy];
    },
  };

  let unwrapped: Promise<UnwrapResult>;
  try {
    unwrapped = asKeyring(keyring).unwrap(header.encryptedDataKeys, aad, suite);
  } catch (error) {
    // Never a synchronous throw from a function that answers a promise (e.g. no keyrings).
    unwrapped = Promise.reject(error as Error);
  }
  return unwrapped
    .then((found) => {
      if (!found.key) throw esdkError(found.matched ? 'KeyUnwrapFailed' : 'KeyNotFound');
      return derive(suite, found.key, messageId, 'decrypt');
    })
    .then(([dataKey, expected]) => {
      if (expected && !constantTimeEqual(new Uint8Array(expected), header.suiteData))
        throw esdkError('CommitmentMismatch');
      return Promise.allSettled([
        subtle.decrypt(gcm(header.headerIv, header.headerBody), dataKey, header.headerTag),
        ...body.map((part) =>
          subtle.decrypt(gcm(part.iv, bodyAad(messageId, part)), dataKey, part.sealed),
        ),
      ]);
    })
    .then((settled) => {
      const clear: ArrayBuffer[] = [];
      for (let i = 0; i < settled.length; i++) {
        const f = settled[i]!;
        if (f.status === 'rejected')
          throw esdkError('AuthenticationFailed', i ? `body frame ${i}` : 'the header', f.reason);
        if (i) clear.push(f.value);
      }
      let plaintext = new Uint8Array(clear[0]!);
      if (clear.length > 1) {
        plaintext = new Uint8Array(plaintextLength);
        let at = 0;
        for (const c of clear) {
          plaintext.set(new Uint8Array(c), at);
          at += c.byteLength;
        }
      }
      return { plaintext, encryptionContext: context, header };
    });
}

/**
 * Decrypts an AWS Encryption SDK message: format v2 with suite 0x0478, or format v1 with suite
 * 0x0178 when `allowLegacyV1` is set; framed or non-framed. Every failure is an `EsdkError`.
 */
export const decryptMessage = async (
  message: Uint8Array,
  keyring: Keyring | readonly Keyring[],
  options?: DecryptOptions,
): Promise<DecryptResult> => decryptParsed(parseForDecrypt(message, options), keyring);

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
  const suite = SUITE_COMMIT_KEY;
  const contextPairs = serializeContextPairs(encryptionContext);

  // The data key: an extractable AES key handle only so that keyrings can wrap it.
  const carrier = await subtle.generateKey(AES_256, true, ['encrypt']);
  const raw = new Uint8Array(await subtle.exportKey('raw', carrier));
  const [encryptedDataKeys, root] = await Promise.all([
    asKeyring(keyring).wrap(carrier, contextPairs),
    subtle
      .importKey('raw', raw, 'HKDF', false, ['deriveBits', 'deriveKey'])
      .finally(() => raw.fill(0)),
  ]);
  const messageId = crypto.getRandomValues(new Uint8Array(32));
  const [dataKey, commitment] = await derive(suite, root, messageId, 'encrypt');
  const headerBody = serializeHeaderV2({
    messageId,
    contextPairs,
    encryptedDataKeys,
    frameLength,
    commitment: new Uint8Array(commitment!),
  });

  // Frames: every full frame is regular; the rest (possibly a full frame, or nothing) is final.
  const n = plaintext.length;
  const frameCount = Math.max(1, Math.ceil(n / frameLength));
  const parts: Promise<ArrayBuffer>[] = [
    subtle.encrypt(gcm(new Uint8Array(12), headerBody), dataKey, new Uint8Array(0)),
  ];
  const layout: BodyPart[] = [];
  for (let seq = 1; seq <= frameCount; seq++) {
    const start = (seq - 1) * frameLength;
    const contentLength = Math.min(frameLength, n - start);
    const part = {
      sequenceNumber: seq,
      kind: seq === frameCount ? 'final' : 'frame',
      contentLength,
      iv: frameIv(seq),
    } as const;
    parts.push(
      subtle.encrypt(
        gcm(part.iv, bodyAad(messageId, part)),
        dataKey,
        plaintext.subarray(start, start + contentLength),
      ),
    );
    layout.push({ ...part, sealed: part.iv });
  }
  const [headerTag, ...sealed] = await Promise.all(parts);

  let size = headerBody.length + 16;
  for (const p of layout) size += (p.kind === 'final' ? 12 : 4) + 12 + p.contentLength + 16;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(headerBody);
  let at = headerBody.length;
  out.set(new Uint8Array(headerTag!), at);
  at += 16;
  for (const [i, p] of layout.entries()) {
    const final = p.kind === 'final';
    if (final) view.setUint32(at, 0xffff_ffff);
    at += final ? 4 : 0;
    view.setUint32(at, p.sequenceNumber);
    out.set(p.iv, at + 4);
    at += 16;
    if (final) view.setUint32(at, p.contentLength);
    at += final ? 4 : 0;
    out.set(new Uint8Array(sealed[i]!), at);
    at += p.contentLength + 16;
  }
  return out;
}
