/**
 * The AWS Encryption SDK message format, byte for byte: header v2 (and v1, read only), encryption
 * context serialization, encrypted data keys, framed and non-framed bodies, body AAD and HKDF info.
 *
 * Sources: the ESDK specification (data-format/message-header.md, message-body.md,
 * message-body-aad.md, client-apis/key-derivation.md, decrypt.md) and the reference JavaScript
 * implementation (@aws-crypto/serialize: serialize_factory, deserialize_header_v1/v2, aad_factory,
 * kdf_info, decode_body_header).
 *
 * Parsing here is pure and synchronous: it checks structure and lengths only (every field the
 * format fixes is checked: version, suite, type, reserved bytes, IV length, content type, frame
 * length, sequence numbers, lengths, trailing bytes); all cryptography is in message.ts and
 * keyring.ts. AES-256-GCM everywhere: IVs are 12 bytes and tags 16.
 */
import { type Bytes, compareBytes, fromUtf8, utf8 } from './bytes.js';
import { esdkError, need } from './errors.js';

/** An algorithm suite this module knows (both are AES-256-GCM, IV 12, tag 16, unsigned). */
export interface Suite {
  readonly id: 0x0478 | 0x0178;
  readonly hash: 'SHA-512' | 'SHA-256';
  /** Key commitment length in the header's suite data, bytes (0 = no commitment). */
  readonly commitmentLength: 0 | 32;
  readonly messageIdLength: 16 | 32;
}

/** 0x0478: AES-256-GCM, HKDF-SHA512, key commitment, no signature (format v2). */
export const SUITE_COMMIT_KEY: Suite = {
  id: 0x0478,
  hash: 'SHA-512',
  commitmentLength: 32,
  messageIdLength: 32,
};
/** 0x0178: AES-256-GCM, HKDF-SHA256, no commitment, no signature (format v1, decrypt only). */
const SUITE_LEGACY: Suite = {
  id: 0x0178,
  hash: 'SHA-256',
  commitmentLength: 0,
  messageIdLength: 16,
};

const IV = 12;
const TAG = 16;

/** Body AAD content strings (message-body-aad.md). */
const LABELS = {
  frame: utf8('AWSKMSEncryptionClient Frame'),
  final: utf8('AWSKMSEncryptionClient Final Frame'),
  single: utf8('AWSKMSEncryptionClient Single Block'),
};
/** HKDF info of the key commitment (key-derivation.md). */
export const COMMIT_KEY_LABEL = utf8('COMMITKEY');
/** 0x0478's data-key info: suite id || "DERIVEKEY", the same for every message. Read-only. */
const COMMIT_SUITE_DERIVE_INFO = utf8('\x04xDERIVEKEY');
/** The v2 header authentication IV: 12 zero bytes. Read-only. */
const ZERO_IV = new Uint8Array(IV);

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
  /** A null-prototype object (a key such as `__proto__` stays an ordinary key). */
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
  readonly kind: keyof typeof LABELS;
}

export interface ParseOptions {
  allowLegacyV1: boolean;
  maxEncryptedDataKeys: number;
}

/**
 * The message being parsed and the read position: module state, not closures, so that parsing a
 * batch allocates no functions per message (parsing is synchronous and never re-entered).
 */
const NOTHING: Bytes = new Uint8Array(0);
let m = NOTHING;
let p = 0;
/** The position of the next `n` bytes, which it skips; running past the end is `Truncated`. */
const at = (n: number): number => {
  if (p + n > m.length) throw esdkError('Truncated');
  return (p += n) - n;
};
const take = (n: number): Bytes => m.subarray(at(n), p);
const u8 = () => m[at(1)]!;
const u16 = () => (m[at(2)]! << 8) | m[p - 1]!;
const u32 = () => m[at(4)]! * 0x1000000 + ((m[p - 3]! << 16) | (m[p - 2]! << 8) | m[p - 1]!);
const chunk = () => take(u16());
const malformed = (ok: unknown, detail: string) => need(ok, 'Malformed', detail);

/**
 * Parses and checks the structure of a whole message: header, header authentication and body, and
 * refuses trailing bytes. No cryptography happens here. Running past the end is `Truncated`.
 */
export function parseMessage(
  message: Bytes,
  options: ParseOptions,
): { header: MessageHeader; body: BodyPart[] } {
  m = message;
  p = 0;
  // Header.
  const version = u8();
  if (version !== 1 && version !== 2)
    throw esdkError('UnsupportedVersion', version === 65 ? 'this looks like base64 text' : '');
  need(version === 2 || options.allowLegacyV1, 'LegacyFormatNotAllowed');
  malformed(version === 2 || u8() === 0x80, 'type');
  const suite = version === 2 ? SUITE_COMMIT_KEY : SUITE_LEGACY;
  const id = u16();
  need(id === suite.id, 'UnsupportedSuite', `0x${id.toString(16).padStart(4, '0')}`);
  const messageId = take(suite.messageIdLength);
  const contextPairs = chunk();
  const { context: encryptionContext, canonical: contextCanonical } =
    parseEncryptionContext(contextPairs);
  const edkCount = u16();
  malformed(edkCount, 'no data keys');
  need(edkCount <= options.maxEncryptedDataKeys, 'TooManyEncryptedDataKeys', `${edkCount}`);
  const encryptedDataKeys: EncryptedDataKey[] = [];
  for (let i = 0; i < edkCount; i++)
    encryptedDataKeys.push({ providerId: chunk(), providerInfo: chunk(), ciphertext: chunk() });
  const contentType = u8();
  malformed(contentType === 1 || contentType === 2, 'content type');
  malformed(version === 2 || (u32() === 0 && u8() === IV), 'reserved bytes');
  const frameLength = u32();
  malformed(contentType === 2 ? frameLength : !frameLength, 'frame length');
  const suiteData = take(suite.commitmentLength);
  const headerBody = m.subarray(0, p);
  const headerIv = version === 1 ? take(IV) : ZERO_IV;
  const headerTag = take(TAG);

  // Body.
  const body: BodyPart[] = [];
  if (contentType === 1) {
    const iv = take(IV);
    const contentLength = u32() * 2 ** 32 + u32();
    malformed(contentLength <= 2 ** 36 - 32, 'content length');
    body.push({
      sequenceNumber: 1,
      iv,
      sealed: take(contentLength + TAG),
      contentLength,
      kind: 'single',
    });
  } else {
    for (let expected = 1, final = false; !final; expected++) {
      let sequenceNumber = u32();
      final = sequenceNumber === 0xffff_ffff;
      if (final) sequenceNumber = u32();
      malformed(sequenceNumber === expected, 'sequence');
      const iv = take(IV);
      const contentLength = final ? u32() : frameLength;
      malformed(contentLength <= frameLength, 'final frame');
      const sealed = take(contentLength + TAG);
      body.push({ sequenceNumber, iv, sealed, contentLength, kind: final ? 'final' : 'frame' });
    }
  }
  need(p === m.length, 'TrailingBytes');
  m = NOTHING;

  return {
    header: {
      version,
      suite,
      messageId,
      encryptionContext,
      contextPairs,
      contextCanonical,
      encryptedDataKeys,
      contentType: contentType as 1 | 2,
      frameLength,
      suiteData,
      headerBody,
      headerIv,
      headerTag,
    },
    body,
  };
}

/**
 * The encryption context of the serialized pairs `bytes` (count, then key length, key, value
 * length, value), read in place with the module's reader (offsets, no subarray per field), and
 * whether the keys are already in the spec's order: strictly ascending as unsigned bytes.
 */
function parseEncryptionContext(bytes: Bytes): {
  context: Record<string, string>;
  canonical: boolean;
} {
  const outer = m;
  const resume = p;
  m = bytes;
  p = 0;
  // A null-prototype object: a key such as "__proto__" stays an ordinary key. Not made by
  // Object.create(null), whose objects V8 keeps as hash tables: frozen, each one got a map of its
  // own, which cost a microsecond per message to make and made every read of it a cache miss.
  const context = Object.setPrototypeOf({}, null) as Record<string, string>;
  let canonical = true;
  if (bytes.length) {
    const count = u16();
    malformed(count, 'context');
    for (let i = 0, previous = 0, previousEnd = 0; i < count; i++) {
      const start = at(u16());
      const key = fromUtf8(m, start, p);
      malformed(!(key in context), 'context');
      // The previous key must sort strictly first (shorter prefix first).
      if (i && canonical) {
        let d = 0;
        for (let j = 0; !d && j < previousEnd - previous && start + j < p; j++)
          d = m[previous + j]! - m[start + j]!;
        canonical = (d || previousEnd - previous - (p - start)) < 0;
      }
      previous = start;
      previousEnd = p;
      const value = at(u16());
      context[key] = fromUtf8(m, value, p);
    }
    malformed(p === m.length, 'context');
  }
  m = outer;
  p = resume;
  return { context: Object.freeze(context), canonical };
}

/** Where a transient body AAD is written: room for the longest (v2 message id, "Single Block"). */
const AAD = new Uint8Array(32 + 35 + 12);

/**
 * The body AAD: message id, content string, sequence number (uint32), content length (uint64).
 * `transient`: written into one module buffer, the result a view of it that the next transient
 * call overwrites; for a WebCrypto call made at once (WebCrypto copies its arguments when called),
 * it saves allocating a buffer per frame (beyond 64 bytes, a buffer is allocated off the heap).
 */
export function bodyAad(
  messageId: Bytes,
  part: Pick<BodyPart, 'kind' | 'sequenceNumber' | 'contentLength'>,
  transient = false,
): Bytes {
  const label = LABELS[part.kind];
  const at = messageId.length + label.length;
  const out = transient ? AAD.subarray(0, at + 12) : new Uint8Array(at + 12);
  out.set(messageId);
  out.set(label, messageId.length);
  // uint64 content length: lengths stay below 2^53. Bytes big-endian (a store keeps the low 8 bits).
  const { sequenceNumber: s, contentLength: n } = part;
  const hi = n / 2 ** 32;
  for (let i = 0, shift = 24; i < 4; i++, shift -= 8) {
    out[at + i] = s >>> shift;
    out[at + 4 + i] = hi >>> shift;
    out[at + 8 + i] = n >>> shift;
  }
  return out;
}

/** HKDF info for the data key: v2 = suite id || "DERIVEKEY"; v1 = suite id || message id. */
export const deriveKeyInfo = (suite: Suite, messageId: Bytes): Bytes =>
  suite.commitmentLength ? COMMIT_SUITE_DERIVE_INFO : pack([Uint8Array.of(1, 0x78), messageId]);

/** Concatenates byte strings, writing each number as a big-endian uint16 (a length). */
export function pack(parts: readonly (number | Uint8Array)[]): Bytes {
  let size = 0;
  for (const x of parts) size += typeof x === 'number' ? 2 : x.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const x of parts) {
    if (typeof x === 'number') {
      need(x < 65536, 'InvalidInput', '> 65535 bytes');
      out[at++] = x >> 8;
      out[at++] = x;
    } else {
      out.set(x, at);
      at += x.length;
    }
  }
  return out;
}

/**
 * Serializes the encryption context pairs sorted by UTF-8 key bytes (or, `legacy`, in the
 * `localeCompare` order of the JavaScript ESDK's raw keyrings, its issue #428): count (uint16) then
 * key length, key, value length, value. An empty context is empty bytes. This is both the header's
 * "Key Value Pairs" and the raw AES keyring's AAD.
 */
export function serializeContextPairs(
  context: Readonly<Record<string, string>>,
  legacy?: boolean,
): Bytes {
  const entries = Object.entries(context);
  if (legacy) entries.sort(([a], [b]) => a.localeCompare(b));
  const encoded = entries.map(([k, v]) => [utf8(k), utf8(v)] as const);
  if (!legacy) encoded.sort(([a], [b]) => compareBytes(a, b));
  return pack(
    encoded.length
      ? [encoded.length, ...encoded.flatMap(([k, v]) => [k.length, k, v.length, v])]
      : [],
  );
}
