/**
 * Encrypt and decrypt whole AWS Encryption SDK messages with WebCrypto.
 *
 * Decrypt: parse and check the whole structure (format.ts), unwrap the data key with the
 * keyring(s), derive the commitment and the data-encryption key with HKDF (in parallel), compare the
 * commitment in constant time, then authenticate the header and decrypt every frame in parallel.
 * Nothing is returned unless every step succeeds, so running the header check beside the frames is
 * equivalent to running it first.
 */
import { type Bytes, bytesEqual, constantTimeEqual } from './bytes.js';
import { EsdkError, need } from './errors.js';
import {
  type BodyPart,
  CONTENT_TYPE_FRAMED,
  type EncryptedDataKey,
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
import { type ContextAad, type Keyring, MultiKeyring } from './keyring.js';

/** Options of `decryptMessage`. */
export interface DecryptOptions {
  /** Accept format v1 messages with suite 0x0178 (no key commitment). Default false. */
  allowLegacyV1?: boolean;
  /** Most encrypted data keys a message may carry. Default 2. */
  maxEncryptedDataKeys?: number;
}

/** Public facts about a decrypted message. */
export interface DecryptedHeader {
  readonly version: 1 | 2;
  readonly suiteId: number;
  /** Message id, lower-case hex. */
  readonly messageId: string;
  readonly framed: boolean;
  readonly frameLength: number;
  /** Which keys the message was encrypted for (provider id and provider info, UTF-8 where valid). */
  readonly encryptedDataKeys: readonly {
    readonly providerId: string;
    readonly providerInfo: Bytes;
  }[];
}

/** The result of `decryptMessage`. */
export interface DecryptResult {
  readonly plaintext: Bytes;
  readonly encryptionContext: Readonly<Record<string, string>>;
  readonly header: DecryptedHeader;
}

/** Options of `encryptMessage`. */
export interface EncryptOptions {
  /** Plaintext bytes per frame, 1 to 2^32 - 1. Default 4096. */
  frameLength?: number;
}

const subtle = crypto.subtle;

function asKeyring(keyring: Keyring | readonly Keyring[]): Keyring {
  return Array.isArray(keyring) ? new MultiKeyring(keyring) : (keyring as Keyring);
}

function asBytes(input: Uint8Array, what: string): Bytes {
  if (!(input instanceof Uint8Array))
    throw new EsdkError('InvalidInput', `${what} must be a Uint8Array`);
  return input as Bytes;
}

/**
 * Decrypts an AWS Encryption SDK message: format v2 with suite 0x0478, or format v1 with suite
 * 0x0178 when `allowLegacyV1` is set; framed or non-framed. Every failure is an `EsdkError`.
 */
export async function decryptMessage(
  message: Uint8Array,
  keyring: Keyring | readonly Keyring[],
  options: DecryptOptions = {},
): Promise<DecryptResult> {
  const maxEncryptedDataKeys = options.maxEncryptedDataKeys ?? 2;
  need(
    Number.isInteger(maxEncryptedDataKeys) && maxEncryptedDataKeys >= 1,
    'InvalidInput',
    'maxEncryptedDataKeys must be a whole number of at least 1',
  );
  const { header, body, plaintextLength } = parseMessage(asBytes(message, 'the message'), {
    allowLegacyV1: options.allowLegacyV1 === true,
    maxEncryptedDataKeys,
  });
  const { suite, messageId } = header;

  const context = header.encryptionContext;
  // The header's own bytes are the spec serialization when already in UTF-8 key order.
  const primary = header.contextCanonical ? header.contextPairs : serializeContextPairs(context);
  const aad: ContextAad = {
    primary,
    // The JavaScript ESDK's raw keyrings sort the context with localeCompare unless utf8Sorting is
    // set (its issue #428). The same pairs in another order are the same context, so accept that
    // order too, computed only when the spec order fails.
    alternatives() {
      const legacy = serializeContextPairs(context, 'legacy-locale');
      return bytesEqual(legacy, primary) ? [] : [legacy];
    },
  };

  const found = await asKeyring(keyring).unwrap(header.encryptedDataKeys, aad, suite);
  if (!found.key) {
    throw found.matched
      ? new EsdkError(
          'KeyUnwrapFailed',
          'an encrypted data key names our key but does not decrypt with it',
        )
      : new EsdkError(
          'KeyNotFound',
          `no encrypted data key is for our keys (${describeEdks(header.encryptedDataKeys)})`,
        );
  }

  const dataKey = await deriveDataKey(suite, found.key, messageId, header.suiteData, ['decrypt']);
  const [headerCheck, ...frames] = await Promise.allSettled([
    subtle.decrypt(gcm(header.headerIv, header.headerBody), dataKey, header.headerTag),
    ...body.map((part) =>
      subtle.decrypt(gcm(part.iv, bodyAad(messageId, part)), dataKey, part.sealed),
    ),
  ]);
  if (headerCheck!.status === 'rejected') throw authFailure('the header', headerCheck!.reason);
  const clear: ArrayBuffer[] = [];
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.status === 'rejected')
      throw authFailure(`body frame ${body[i]!.sequenceNumber}`, f.reason);
    clear.push(f.value);
  }

  let plaintext: Bytes;
  if (clear.length === 1) {
    plaintext = new Uint8Array(clear[0]!);
  } else {
    plaintext = new Uint8Array(plaintextLength);
    let at = 0;
    for (const c of clear) {
      plaintext.set(new Uint8Array(c), at);
      at += c.byteLength;
    }
  }
  return {
    plaintext,
    encryptionContext: header.encryptionContext,
    header: new PublicHeader(header),
  };
}

/**
 * Encrypts `plaintext` as an AWS Encryption SDK message, format v2, suite 0x0478, framed, with a
 * fresh data key wrapped by every keyring given.
 */
export async function encryptMessage(
  plaintext: Uint8Array,
  keyring: Keyring | readonly Keyring[],
  encryptionContext: Readonly<Record<string, string>>,
  options: EncryptOptions = {},
): Promise<Bytes> {
  const input = asBytes(plaintext, 'the plaintext');
  const frameLength = options.frameLength ?? 4096;
  need(
    Number.isInteger(frameLength) && frameLength >= 1 && frameLength <= 0xffff_ffff,
    'InvalidInput',
    'frameLength must be a whole number from 1 to 2^32 - 1',
  );
  checkEncryptionContext(encryptionContext);
  const suite = SUITE_COMMIT_KEY;
  const contextPairs = serializeContextPairs(encryptionContext);

  // The data key: an extractable AES key handle only so that keyrings can wrap it.
  const carrier = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const [encryptedDataKeys, root] = await Promise.all([
    asKeyring(keyring).wrap(carrier, contextPairs),
    hkdfFromCarrier(carrier),
  ]);
  const messageId = crypto.getRandomValues(new Uint8Array(suite.messageIdLength));
  const [commitment, dataKey] = await Promise.all([
    deriveCommitment(suite, root, messageId),
    subtle.deriveKey(
      hkdf(suite, messageId, deriveKeyInfo(suite, messageId)),
      root,
      AES_256,
      false,
      ['encrypt'],
    ),
  ]);
  const headerBody = serializeHeaderV2({
    messageId,
    contextPairs,
    encryptedDataKeys,
    frameLength,
    commitment,
  });

  // Frames: every full frame is regular; the rest (possibly a full frame, or nothing) is final.
  const n = input.byteLength;
  const frameCount = Math.max(1, Math.ceil(n / frameLength));
  need(frameCount < 0xffff_ffff, 'InvalidInput', 'the plaintext needs more than 2^32 - 2 frames');
  const parts: Promise<ArrayBuffer>[] = [
    subtle.encrypt(gcm(new Uint8Array(suite.ivLength), headerBody), dataKey, new Uint8Array(0)),
  ];
  const layout: BodyPart[] = [];
  for (let seq = 1; seq <= frameCount; seq++) {
    const start = (seq - 1) * frameLength;
    const contentLength = Math.min(frameLength, n - start);
    const kind = seq === frameCount ? 'final' : 'frame';
    const iv = frameIv(suite, seq);
    const part = { sequenceNumber: seq, kind, contentLength } as const;
    parts.push(
      subtle.encrypt(
        gcm(iv, bodyAad(messageId, part)),
        dataKey,
        input.subarray(start, start + contentLength),
      ),
    );
    layout.push({ ...part, iv, sealed: new Uint8Array(0) });
  }
  const [headerTag, ...sealed] = await Promise.all(parts);

  const { ivLength, tagLength } = suite;
  let size = headerBody.byteLength + tagLength;
  for (const p of layout)
    size += 4 + ivLength + (p.kind === 'final' ? 8 : 0) + p.contentLength + tagLength;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(headerBody);
  let at = headerBody.byteLength;
  out.set(new Uint8Array(headerTag!), at);
  at += tagLength;
  for (let i = 0; i < layout.length; i++) {
    const p = layout[i]!;
    if (p.kind === 'final') {
      view.setUint32(at, 0xffff_ffff);
      at += 4;
    }
    view.setUint32(at, p.sequenceNumber);
    at += 4;
    out.set(p.iv, at);
    at += ivLength;
    if (p.kind === 'final') {
      view.setUint32(at, p.contentLength);
      at += 4;
    }
    out.set(new Uint8Array(sealed[i]!), at);
    at += p.contentLength + tagLength;
  }
  return out;
}

const AES_256: AesKeyGenParams = { name: 'AES-GCM', length: 256 };

function gcm(iv: Bytes, additionalData: Bytes): AesGcmParams {
  return { name: 'AES-GCM', iv, additionalData, tagLength: 128 };
}

function hkdf(suite: Suite, messageId: Bytes, info: Bytes): HkdfParams {
  // v1 (no commitment): an empty salt, which HKDF reads as hash-length zero bytes.
  const salt = suite.commitmentLength ? messageId : new Uint8Array(0);
  return { name: 'HKDF', hash: suite.hash, salt, info };
}

async function deriveCommitment(suite: Suite, root: CryptoKey, messageId: Bytes): Promise<Bytes> {
  const bits = await subtle.deriveBits(
    hkdf(suite, messageId, COMMIT_KEY_LABEL),
    root,
    suite.commitmentLength * 8,
  );
  return new Uint8Array(bits);
}

/** The data-encryption key, after checking the key commitment (v2) in constant time. */
async function deriveDataKey(
  suite: Suite,
  root: CryptoKey,
  messageId: Bytes,
  commitment: Bytes,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const derived = subtle.deriveKey(
    hkdf(suite, messageId, deriveKeyInfo(suite, messageId)),
    root,
    AES_256,
    false,
    usages,
  );
  if (suite.commitmentLength) {
    const [expected, key] = await Promise.all([deriveCommitment(suite, root, messageId), derived]);
    if (!constantTimeEqual(expected, commitment)) {
      throw new EsdkError(
        'CommitmentMismatch',
        'the key commitment in the header does not match the data key',
      );
    }
    return key;
  }
  return derived;
}

async function hkdfFromCarrier(carrier: CryptoKey): Promise<CryptoKey> {
  const raw = new Uint8Array(await subtle.exportKey('raw', carrier));
  try {
    return await subtle.importKey('raw', raw, 'HKDF', false, ['deriveBits', 'deriveKey']);
  } finally {
    raw.fill(0);
  }
}

function authFailure(what: string, reason: unknown): EsdkError {
  return new EsdkError('AuthenticationFailed', `${what} failed AES-GCM authentication`, {
    cause: reason,
  });
}

const lenientDecoder = new TextDecoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function describeEdks(edks: readonly EncryptedDataKey[]): string {
  return edks.map((k) => JSON.stringify(lenientDecoder.decode(k.providerId))).join(', ');
}

/** The public header; the hex message id and the EDK list are built only when read. */
class PublicHeader implements DecryptedHeader {
  readonly #header: MessageHeader;
  #messageId: string | undefined;
  #edks: DecryptedHeader['encryptedDataKeys'] | undefined;

  constructor(header: MessageHeader) {
    this.#header = header;
  }

  get version(): 1 | 2 {
    return this.#header.version;
  }

  get suiteId(): number {
    return this.#header.suite.id;
  }

  get framed(): boolean {
    return this.#header.contentType === CONTENT_TYPE_FRAMED;
  }

  get frameLength(): number {
    return this.#header.frameLength;
  }

  get messageId(): string {
    if (this.#messageId === undefined) {
      let hex = '';
      for (const b of this.#header.messageId) hex += HEX[b]!;
      this.#messageId = hex;
    }
    return this.#messageId;
  }

  get encryptedDataKeys(): DecryptedHeader['encryptedDataKeys'] {
    this.#edks ??= Object.freeze(
      this.#header.encryptedDataKeys.map((k) =>
        Object.freeze({
          providerId: lenientDecoder.decode(k.providerId),
          providerInfo: k.providerInfo.slice(),
        }),
      ),
    );
    return this.#edks;
  }

  toJSON(): Omit<DecryptedHeader, never> {
    const { version, suiteId, messageId, framed, frameLength } = this;
    return {
      version,
      suiteId,
      messageId,
      framed,
      frameLength,
      encryptedDataKeys: this.encryptedDataKeys,
    };
  }
}
