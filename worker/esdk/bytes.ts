/**
 * Byte helpers for the ESDK message format: a bounds-checked big-endian reader, UTF-8, standard
 * base64 and a constant-time comparison. Everything works on views (`subarray`), never copies.
 */
import { EsdkError } from './errors.js';

/** A `Uint8Array` over a plain `ArrayBuffer`, which is what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Bytes {
  return encoder.encode(text) as Bytes;
}

/** The string of UTF-8 bytes; invalid UTF-8 is refused as `Malformed` (the format says UTF-8). */
export function fromUtf8(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw new EsdkError('Malformed', `${what} is not valid UTF-8`, { cause });
  }
}

/** Reads big-endian fields from a message; running past the end throws `Truncated`. */
export class Reader {
  readonly bytes: Bytes;
  readonly view: DataView;
  pos: number;

  constructor(bytes: Bytes, pos = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }

  get remaining(): number {
    return this.bytes.byteLength - this.pos;
  }

  need(n: number, what: string): void {
    if (n > this.remaining) {
      throw new EsdkError(
        'Truncated',
        `message ends inside ${what} (needs ${n} bytes at offset ${this.pos}, ${this.remaining} left)`,
      );
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  /** A uint64 that must fit in a safe integer (anything larger is `Malformed`). */
  u64(what: string): number {
    this.need(8, what);
    const hi = this.view.getUint32(this.pos);
    const lo = this.view.getUint32(this.pos + 4);
    this.pos += 8;
    if (hi > 0x1fffff) throw new EsdkError('Malformed', `${what} is larger than 2^53 - 1`);
    return hi * 0x1_0000_0000 + lo;
  }

  /** A view of the next `n` bytes. */
  take(n: number, what: string): Bytes {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A uint16 length followed by that many bytes. */
  lengthPrefixed(what: string): Bytes {
    if (this.remaining < 2) this.need(2, `${what} length`);
    const n = this.view.getUint16(this.pos);
    this.pos += 2;
    return this.take(n, what);
  }
}

/** Writes big-endian fields into a buffer sized in advance. */
export class Writer {
  readonly bytes: Bytes;
  readonly view: DataView;
  pos = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(v: number): this {
    this.view.setUint8(this.pos, v);
    this.pos += 1;
    return this;
  }

  u16(v: number): this {
    this.view.setUint16(this.pos, v);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.view.setUint32(this.pos, v);
    this.pos += 4;
    return this;
  }

  u64(v: number): this {
    this.view.setUint32(this.pos, Math.floor(v / 0x1_0000_0000));
    this.view.setUint32(this.pos + 4, v >>> 0);
    this.pos += 8;
    return this;
  }

  put(b: Uint8Array): this {
    this.bytes.set(b, this.pos);
    this.pos += b.byteLength;
    return this;
  }
}

/** Concatenates byte arrays into one new buffer. */
export function concat(parts: readonly Uint8Array[]): Bytes {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Equal length and equal bytes, without an early exit on the first difference. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Byte-wise equality for public data (names, provider ids). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Orders byte strings as unsigned bytes, shorter prefix first (the ESDK's context order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.byteLength - b.byteLength;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding). Padding may be omitted;
 * whitespace, the URL-safe alphabet and misplaced padding are refused with `InvalidBase64`.
 */
export function fromBase64(text: string): Bytes {
  if (typeof text !== 'string')
    throw new EsdkError('InvalidBase64', 'base64 input must be a string');
  let end = text.length;
  if (end % 4 === 0 && end > 0 && text.charCodeAt(end - 1) === 61 /* = */) {
    end -= text.charCodeAt(end - 2) === 61 ? 2 : 1;
  }
  if (end % 4 === 1) {
    throw new EsdkError(
      'InvalidBase64',
      `base64 text has an impossible length (${text.length} characters)`,
    );
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let i = 0;
  const sextet = (at: number): number => {
    const c = text.charCodeAt(at);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) {
      const ch = text[at];
      const hint =
        ch === '-' || ch === '_'
          ? ' (base64url is not accepted; use standard base64)'
          : ch === '='
            ? ' (padding may only end the text)'
            : /\s/.test(ch ?? '')
              ? ' (whitespace is not accepted)'
              : '';
      throw new EsdkError(
        'InvalidBase64',
        `invalid base64 character ${JSON.stringify(ch)} at ${at}${hint}`,
      );
    }
    return v;
  };
  for (; i + 4 <= end; i += 4) {
    const n = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6) | sextet(i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  const rest = end - i;
  if (rest === 2) {
    const n = (sextet(i) << 18) | (sextet(i + 1) << 12);
    if (n & 0xffff) throw new EsdkError('InvalidBase64', 'base64 text has non-zero padding bits');
    out[o++] = n >>> 16;
  } else if (rest === 3) {
    const n = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6);
    if (n & 0xff) throw new EsdkError('InvalidBase64', 'base64 text has non-zero padding bits');
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
  }
  return out;
}

/** Encodes bytes as standard, padded base64. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const n = bytes.byteLength;
  const CHUNK = 3 * 4096;
  for (let start = 0; start < n; start += CHUNK) {
    const stop = Math.min(n, start + CHUNK);
    let s = '';
    let i = start;
    for (; i + 3 <= stop; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      s +=
        ALPHABET[v >>> 18]! +
        ALPHABET[(v >>> 12) & 63]! +
        ALPHABET[(v >>> 6) & 63]! +
        ALPHABET[v & 63]!;
    }
    if (stop - i === 1) {
      const v = bytes[i]! << 16;
      s += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + '==';
    } else if (stop - i === 2) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
      s += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + ALPHABET[(v >>> 6) & 63]! + '=';
    }
    parts.push(s);
  }
  return parts.join('');
}
