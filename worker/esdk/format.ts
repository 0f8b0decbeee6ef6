/**
 * The AWS Encryption SDK message format, byte for byte: header v2 (and v1, read only), encryption
 * context serialization, encrypted data keys, framed and non-framed bodies, body AAD and HKDF info.
 *
 * Sources: the ESDK specification (data-format/message-header.md, message-body.md,
 * message-body-aad.md, client-apis/key-derivation.md, decrypt.md) and the reference JavaScript
 * implementation (@aws-crypto/serialize: serialize_factory, deserialize_header_v1/v2, aad_factory,
 * kdf_info, decode_body_header).
 *
 * Parsing here is pure and synchronous: it checks structure and lengths only; all cryptography is
 * in message.ts and keyring.ts.
 */
import { type Bytes, Reader, Writer, compareBytes, fromUtf8, utf8 } from './bytes.js';
import { EsdkError, need } from './errors.js';

/** An algorithm suite this module knows. */
export interface Suite {
  readonly id: number;
  /** Message format version this suite is written in. */
  readonly messageFormat: 1 | 2;
  readonly hash: 'SHA-512' | 'SHA-256';
  /** Data key and derived key length, bytes. */
  readonly keyLength: 32;
  readonly ivLength: 12;
  readonly tagLength: 16;
  /** Key commitment length in the header's suite data, bytes (0 = no commitment). */
  readonly commitmentLength: 0 | 32;
  readonly messageIdLength: 16 | 32;
}

/** 0x0478: AES-256-GCM, IV 12, tag 16, HKDF-SHA512, key commitment, no signature (format v2). */
export const SUITE_COMMIT_KEY: Suite = Object.freeze({
  id: 0x0478,
  messageFormat: 2,
  hash: 'SHA-512',
  keyLength: 32,
  ivLength: 12,
  tagLength: 16,
  commitmentLength: 32,
  messageIdLength: 32,
});

/** 0x0178: AES-256-GCM, IV 12, tag 16, HKDF-SHA256, no commitment, no signature (format v1). */
export const SUITE_LEGACY_HKDF_SHA256: Suite = Object.freeze({
  id: 0x0178,
  messageFormat: 1,
  hash: 'SHA-256',
  keyLength: 32,
  ivLength: 12,
  tagLength: 16,
  commitmentLength: 0,
  messageIdLength: 16,
});

const SUITE_NAMES: Record<number, string> = {
  0x0014: 'AES-128-GCM, no KDF',
  0x0046: 'AES-192-GCM, no KDF',
  0x0078: 'AES-256-GCM, no KDF',
  0x0114: 'AES-128-GCM HKDF-SHA256',
  0x0146: 'AES-192-GCM HKDF-SHA256',
  0x0178: 'AES-256-GCM HKDF-SHA256',
  0x0214: 'AES-128-GCM HKDF-SHA256 ECDSA-P256',
  0x0346: 'AES-192-GCM HKDF-SHA384 ECDSA-P384',
  0x0378: 'AES-256-GCM HKDF-SHA384 ECDSA-P384',
  0x0478: 'AES-256-GCM HKDF-SHA512 key commitment',
  0x0578: 'AES-256-GCM HKDF-SHA512 key commitment ECDSA-P384 (signed)',
};

function suiteLabel(id: number): string {
  const hex = `0x${id.toString(16).padStart(4, '0')}`;
  const name = SUITE_NAMES[id];
  return name ? `${hex} (${name})` : hex;
}

export const CONTENT_TYPE_NON_FRAMED = 1;
export const CONTENT_TYPE_FRAMED = 2;
const TYPE_CUSTOMER_AE_DATA = 0x80;
const SEQUENCE_NUMBER_END = 0xffff_ffff;
/** The spec's limit for non-framed content: 2^36 - 32 bytes. */
const MAX_NON_FRAMED_CONTENT = 2 ** 36 - 32;

/** Body AAD content strings (message-body-aad.md). */
const FRAME_STRING = utf8('AWSKMSEncryptionClient Frame');
const FINAL_FRAME_STRING = utf8('AWSKMSEncryptionClient Final Frame');
const SINGLE_BLOCK_STRING = utf8('AWSKMSEncryptionClient Single Block');
/** HKDF info labels (key-derivation.md). */
const DERIVE_KEY_LABEL = utf8('DERIVEKEY');
export const COMMIT_KEY_LABEL = utf8('COMMITKEY');
/** 0x0478's data-key info: suite id || "DERIVEKEY". Read-only (WebCrypto copies its inputs). */
const COMMIT_SUITE_DERIVE_INFO = new Writer(2 + DERIVE_KEY_LABEL.byteLength)
  .u16(0x0478)
  .put(DERIVE_KEY_LABEL).bytes;
/** The v2 header authentication IV: 12 zero bytes. Read-only. */
const ZERO_IV = new Uint8Array(12);

/** An encrypted data key as serialized in the header. All fields are views into the message. */
export interface EncryptedDataKey {
  /** Key provider ID: for raw keyrings, the key namespace (UTF-8). */
  readonly providerId: Bytes;
  /** Key provider information: for raw AES, key name + tag bits + IV length + IV. */
  readonly providerInfo: Bytes;
  /** The wrapped data key: for raw AES, ciphertext || tag. */
  readonly ciphertext: Bytes;
}

/** The parsed header. Byte fields are views into the input message. */
export interface MessageHeader {
  readonly version: 1 | 2;
  readonly suite: Suite;
  readonly messageId: Bytes;
  readonly encryptionContext: Readonly<Record<string, string>>;
  /** The header's serialized context pairs (count and entries, no length); a view. */
  readonly contextPairs: Bytes;
  /** Whether `contextPairs` is already in the spec's order (keys strictly ascending as UTF-8 bytes). */
  readonly contextCanonical: boolean;
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  readonly contentType: 1 | 2;
  readonly frameLength: number;
  /** v2: the key commitment. v1: empty. */
  readonly suiteData: Bytes;
  /** The header body, which is the AAD of the header authentication tag. */
  readonly headerBody: Bytes;
  /** v1: the IV in the header authentication. v2: 12 zero bytes. */
  readonly headerIv: Bytes;
  /** The header authentication tag. */
  readonly headerTag: Bytes;
}

/** One frame (or the single non-framed block) located in the message. */
export interface BodyPart {
  /** Sequence number used in the AAD (1 for non-framed). */
  readonly sequenceNumber: number;
  readonly iv: Bytes;
  /** Encrypted content followed by its tag, as WebCrypto wants it. */
  readonly sealed: Bytes;
  readonly contentLength: number;
  /** Body AAD content string. */
  readonly kind: 'frame' | 'final' | 'single';
}

export interface ParseOptions {
  allowLegacyV1: boolean;
  maxEncryptedDataKeys: number;
}

/**
 * Parses and checks the structure of a whole message: header, header authentication and body, and
 * refuses trailing bytes. No cryptography happens here.
 */
export function parseMessage(
  message: Bytes,
  options: ParseOptions,
): { header: MessageHeader; body: BodyPart[]; plaintextLength: number } {
  const r = new Reader(message);
  const header = parseHeader(r, options);
  const { body, plaintextLength } = parseBody(r, header);
  if (r.remaining !== 0) {
    throw new EsdkError('TrailingBytes', `${r.remaining} bytes follow the end of the message body`);
  }
  return { header, body, plaintextLength };
}

function parseHeader(r: Reader, options: ParseOptions): MessageHeader {
  const version = r.u8('version');
  let suite: Suite;
  if (version === 2) {
    const id = r.u16('algorithm suite id');
    if (!(id === SUITE_COMMIT_KEY.id))
      throw new EsdkError(
        'UnsupportedSuite',
        `algorithm suite ${suiteLabel(id)} is not supported; v2 messages must use 0x0478`,
      );
    suite = SUITE_COMMIT_KEY;
  } else if (version === 1) {
    need(
      options.allowLegacyV1,
      'LegacyFormatNotAllowed',
      'message format v1 (no key commitment) is refused unless allowLegacyV1 is set',
    );
    const type = r.u8('type');
    if (type !== TYPE_CUSTOMER_AE_DATA)
      throw new EsdkError('Malformed', `v1 type must be 0x80, got 0x${type.toString(16)}`);
    const id = r.u16('algorithm suite id');
    if (!(id === SUITE_LEGACY_HKDF_SHA256.id))
      throw new EsdkError(
        'UnsupportedSuite',
        `algorithm suite ${suiteLabel(id)} is not supported; v1 messages must use 0x0178`,
      );
    suite = SUITE_LEGACY_HKDF_SHA256;
  } else {
    throw new EsdkError(
      'UnsupportedVersion',
      version === 0x41
        ? 'message format version 0x41 ("A"): this looks like base64 text; decode it first'
        : `message format version ${version} is not supported`,
    );
  }

  const messageId = r.take(suite.messageIdLength, 'message id');
  const contextPairs = r.lengthPrefixed('encryption context');
  const { context: encryptionContext, canonical: contextCanonical } =
    parseEncryptionContext(contextPairs);

  const edkCount = r.u16('encrypted data key count');
  need(edkCount > 0, 'Malformed', 'the header has no encrypted data keys');
  if (!(edkCount <= options.maxEncryptedDataKeys))
    throw new EsdkError(
      'TooManyEncryptedDataKeys',
      `the message has ${edkCount} encrypted data keys; at most ${options.maxEncryptedDataKeys} are accepted`,
    );
  const encryptedDataKeys: EncryptedDataKey[] = [];
  for (let i = 0; i < edkCount; i++) {
    const providerId = r.lengthPrefixed('encrypted data key provider id');
    const providerInfo = r.lengthPrefixed('encrypted data key provider info');
    const ciphertext = r.lengthPrefixed('encrypted data key');
    encryptedDataKeys.push({ providerId, providerInfo, ciphertext });
  }

  const contentType = r.u8('content type');
  if (!(contentType === CONTENT_TYPE_FRAMED || contentType === CONTENT_TYPE_NON_FRAMED))
    throw new EsdkError('Malformed', `unknown content type ${contentType}`);
  if (version === 1) {
    const reserved = r.u32('reserved');
    need(reserved === 0, 'Malformed', 'the reserved header field must be 00 00 00 00');
    const ivLength = r.u8('IV length');
    if (!(ivLength === suite.ivLength))
      throw new EsdkError('Malformed', `IV length must be ${suite.ivLength}, got ${ivLength}`);
  }
  const frameLength = r.u32('frame length');
  if (contentType === CONTENT_TYPE_NON_FRAMED) {
    need(frameLength === 0, 'Malformed', 'a non-framed message must have frame length 0');
  } else {
    need(frameLength > 0, 'Malformed', 'a framed message must have a frame length above 0');
  }
  const suiteData = r.take(suite.commitmentLength, 'key commitment');
  const headerBody = r.bytes.subarray(0, r.pos);
  const headerIv = version === 1 ? r.take(suite.ivLength, 'header IV') : ZERO_IV;
  const headerTag = r.take(suite.tagLength, 'header authentication tag');

  return {
    version,
    suite,
    messageId,
    encryptionContext,
    contextPairs,
    contextCanonical,
    encryptedDataKeys,
    contentType,
    frameLength,
    suiteData,
    headerBody,
    headerIv,
    headerTag,
  };
}

function parseEncryptionContext(bytes: Bytes): {
  context: Record<string, string>;
  canonical: boolean;
} {
  // A null-prototype object: a key such as "__proto__" stays an ordinary key.
  const context = Object.create(null) as Record<string, string>;
  if (bytes.byteLength === 0) return { context: Object.freeze(context), canonical: true };
  // Read in place (offsets, not subarrays): this runs for every message.
  const r = new Reader(bytes);
  const count = r.u16('encryption context count');
  need(count > 0, 'Malformed', 'an encryption context with a length must have at least one pair');
  let canonical = true;
  let previousStart = -1;
  let previousEnd = -1;
  for (let i = 0; i < count; i++) {
    const keyLength = r.u16('encryption context key length');
    r.need(keyLength, 'encryption context key');
    const keyStart = r.pos;
    const key = decodeText(bytes, keyStart, (r.pos += keyLength), 'an encryption context key');
    const valueLength = r.u16('encryption context value length');
    r.need(valueLength, 'encryption context value');
    const valueStart = r.pos;
    const value = decodeText(
      bytes,
      valueStart,
      (r.pos += valueLength),
      'an encryption context value',
    );
    if (key in context) {
      throw new EsdkError('Malformed', `duplicate encryption context key ${JSON.stringify(key)}`);
    }
    if (canonical && previousStart >= 0) {
      canonical =
        compareRanges(bytes, previousStart, previousEnd, keyStart, keyStart + keyLength) < 0;
    }
    previousStart = keyStart;
    previousEnd = keyStart + keyLength;
    context[key] = value;
  }
  need(r.remaining === 0, 'Malformed', 'the encryption context section is longer than its pairs');
  return { context: Object.freeze(context), canonical };
}

/** Compares bytes[a0, a1) with bytes[b0, b1) as unsigned bytes, shorter prefix first. */
function compareRanges(bytes: Bytes, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let i = 0; i < n; i++) {
    const d = bytes[a0 + i]! - bytes[b0 + i]!;
    if (d !== 0) return d;
  }
  return a1 - a0 - (b1 - b0);
}

/** UTF-8 text of bytes[start, end); short ASCII (the usual context) skips TextDecoder. */
function decodeText(bytes: Bytes, start: number, end: number, what: string): string {
  if (end - start <= 64) {
    let s = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b > 0x7f) return fromUtf8(bytes.subarray(start, end), what);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return fromUtf8(bytes.subarray(start, end), what);
}

function parseBody(
  r: Reader,
  header: MessageHeader,
): { body: BodyPart[]; plaintextLength: number } {
  const { ivLength, tagLength } = header.suite;
  if (header.contentType === CONTENT_TYPE_NON_FRAMED) {
    const iv = r.take(ivLength, 'body IV');
    const contentLength = r.u64('encrypted content length');
    need(
      contentLength <= MAX_NON_FRAMED_CONTENT,
      'Malformed',
      'non-framed content is longer than 2^36 - 32',
    );
    const sealed = r.take(contentLength + tagLength, 'encrypted content');
    return {
      body: [{ sequenceNumber: 1, iv, sealed, contentLength, kind: 'single' }],
      plaintextLength: contentLength,
    };
  }
  const body: BodyPart[] = [];
  let plaintextLength = 0;
  for (let expected = 1; ; expected++) {
    const first = r.u32('frame sequence number');
    if (first === SEQUENCE_NUMBER_END) {
      const sequenceNumber = r.u32('final frame sequence number');
      if (sequenceNumber !== expected)
        throw new EsdkError(
          'Malformed',
          `final frame has sequence number ${sequenceNumber}, expected ${expected}`,
        );
      const iv = r.take(ivLength, 'final frame IV');
      const contentLength = r.u32('final frame content length');
      if (!(contentLength <= header.frameLength))
        throw new EsdkError(
          'Malformed',
          `final frame content (${contentLength}) is longer than the frame length (${header.frameLength})`,
        );
      const sealed = r.take(contentLength + tagLength, 'final frame content');
      body.push({ sequenceNumber, iv, sealed, contentLength, kind: 'final' });
      return { body, plaintextLength: plaintextLength + contentLength };
    }
    if (!(first === expected))
      throw new EsdkError('Malformed', `frame has sequence number ${first}, expected ${expected}`);
    const iv = r.take(ivLength, 'frame IV');
    const sealed = r.take(header.frameLength + tagLength, 'frame content');
    body.push({
      sequenceNumber: first,
      iv,
      sealed,
      contentLength: header.frameLength,
      kind: 'frame',
    });
    plaintextLength += header.frameLength;
  }
}

/** The body AAD: message id, content string, sequence number (uint32), content length (uint64). */
export function bodyAad(
  messageId: Bytes,
  part: Pick<BodyPart, 'kind' | 'sequenceNumber' | 'contentLength'>,
): Bytes {
  const label =
    part.kind === 'frame'
      ? FRAME_STRING
      : part.kind === 'final'
        ? FINAL_FRAME_STRING
        : SINGLE_BLOCK_STRING;
  const m = messageId.byteLength;
  const out = new Uint8Array(m + label.byteLength + 12);
  out.set(messageId);
  out.set(label, m);
  let at = m + label.byteLength;
  const seq = part.sequenceNumber;
  out[at++] = seq >>> 24;
  out[at++] = (seq >>> 16) & 0xff;
  out[at++] = (seq >>> 8) & 0xff;
  out[at++] = seq & 0xff;
  // uint64 content length: the high word is at most 2^21 (lengths stay below 2^53).
  const length = part.contentLength;
  const hi = Math.floor(length / 0x1_0000_0000);
  const lo = length >>> 0;
  out[at++] = hi >>> 24;
  out[at++] = (hi >>> 16) & 0xff;
  out[at++] = (hi >>> 8) & 0xff;
  out[at++] = hi & 0xff;
  out[at++] = lo >>> 24;
  out[at++] = (lo >>> 16) & 0xff;
  out[at++] = (lo >>> 8) & 0xff;
  out[at] = lo & 0xff;
  return out;
}

/** HKDF info for the data key: v2 = suite id || "DERIVEKEY"; v1 = suite id || message id. */
export function deriveKeyInfo(suite: Suite, messageId: Bytes): Bytes {
  if (suite.commitmentLength) return COMMIT_SUITE_DERIVE_INFO; // the same for every message
  return new Writer(2 + messageId.byteLength).u16(suite.id).put(messageId).bytes;
}

/** A frame IV: the sequence number, big-endian, right-aligned in the IV. */
export function frameIv(suite: Suite, sequenceNumber: number): Bytes {
  const iv = new Uint8Array(suite.ivLength);
  new DataView(iv.buffer).setUint32(suite.ivLength - 4, sequenceNumber);
  return iv;
}

const RESERVED_PREFIX = 'aws-crypto-';

/**
 * Serializes the encryption context pairs sorted by UTF-8 key bytes: count (uint16) then
 * key length, key, value length, value. An empty context is empty bytes. This is both the
 * header's "Key Value Pairs" and the raw AES keyring's AAD.
 */
export function serializeContextPairs(
  context: Readonly<Record<string, string>>,
  order: 'utf8' | 'legacy-locale' = 'utf8',
): Bytes {
  const entries = Object.entries(context);
  if (entries.length === 0) return new Uint8Array(0);
  if (order === 'legacy-locale') entries.sort(([a], [b]) => a.localeCompare(b));
  const encoded = entries.map(([k, v]) => [utf8(k), utf8(v)] as const);
  if (order === 'utf8') encoded.sort(([a], [b]) => compareBytes(a, b));
  let size = 2;
  for (const [k, v] of encoded) {
    need(
      k.byteLength <= 0xffff && v.byteLength <= 0xffff,
      'InvalidInput',
      'an encryption context entry is longer than 65535 bytes',
    );
    size += 4 + k.byteLength + v.byteLength;
  }
  need(
    encoded.length <= 0xffff,
    'InvalidInput',
    'the encryption context has more than 65535 pairs',
  );
  const w = new Writer(size).u16(encoded.length);
  for (const [k, v] of encoded) w.u16(k.byteLength).put(k).u16(v.byteLength).put(v);
  return w.bytes;
}

/** Checks a caller's encryption context: string values, no reserved keys. */
export function checkEncryptionContext(context: Readonly<Record<string, string>>): void {
  need(
    context !== null && typeof context === 'object',
    'InvalidInput',
    'the encryption context must be an object',
  );
  for (const [k, v] of Object.entries(context)) {
    if (typeof v !== 'string')
      throw new EsdkError(
        'InvalidInput',
        `encryption context value for ${JSON.stringify(k)} must be a string`,
      );
    if (k.startsWith(RESERVED_PREFIX))
      throw new EsdkError(
        'InvalidInput',
        `encryption context keys starting with "${RESERVED_PREFIX}" are reserved`,
      );
  }
}

/** The parts of a v2 header that encryptMessage chooses. */
export interface HeaderV2Fields {
  messageId: Bytes;
  contextPairs: Bytes;
  encryptedDataKeys: readonly EncryptedDataKey[];
  frameLength: number;
  commitment: Bytes;
}

/** Serializes a v2 framed header body (without the authentication tag). */
export function serializeHeaderV2(f: HeaderV2Fields): Bytes {
  need(
    f.contextPairs.byteLength <= 0xffff,
    'InvalidInput',
    'the serialized encryption context is longer than 65535 bytes',
  );
  need(
    f.encryptedDataKeys.length > 0 && f.encryptedDataKeys.length <= 0xffff,
    'InvalidInput',
    'bad number of encrypted data keys',
  );
  let size =
    1 +
    2 +
    f.messageId.byteLength +
    2 +
    f.contextPairs.byteLength +
    2 +
    1 +
    4 +
    f.commitment.byteLength;
  for (const k of f.encryptedDataKeys)
    size += 6 + k.providerId.byteLength + k.providerInfo.byteLength + k.ciphertext.byteLength;
  const w = new Writer(size)
    .u8(2)
    .u16(SUITE_COMMIT_KEY.id)
    .put(f.messageId)
    .u16(f.contextPairs.byteLength)
    .put(f.contextPairs)
    .u16(f.encryptedDataKeys.length);
  for (const k of f.encryptedDataKeys) {
    w.u16(k.providerId.byteLength).put(k.providerId);
    w.u16(k.providerInfo.byteLength).put(k.providerInfo);
    w.u16(k.ciphertext.byteLength).put(k.ciphertext);
  }
  return w.u8(CONTENT_TYPE_FRAMED).u32(f.frameLength).put(f.commitment).bytes;
}
