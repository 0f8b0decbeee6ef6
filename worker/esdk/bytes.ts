/**
 * Byte helpers for the ESDK message format: UTF-8, standard base64 and comparisons. Everything works
 * on views (`subarray`), never copies.
 */
import { esdkError } from './errors.js';

/** A `Uint8Array` over a plain `ArrayBuffer`, which is what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a string. */
export const utf8 = (text: string): Bytes => encoder.encode(text) as Bytes;

/**
 * The string of UTF-8 bytes[start, end); invalid UTF-8 is refused as `Malformed` (the format says
 * UTF-8). Short ASCII (the usual encryption context) skips TextDecoder, whose call costs more than
 * the text in Chromium: one `String.fromCharCode` call makes it (one flat string, no chain of `+=`).
 */
export function fromUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const view = bytes.subarray(start, end);
  let i = 0;
  while (end - start < 65 && view[i]! < 128) i++;
  if (i === view.length) return String.fromCharCode.apply(null, view as unknown as number[]);
  try {
    return decoder.decode(view);
  } catch (cause) {
    throw esdkError('Malformed', 'text is not UTF-8', cause);
  }
}

/** Equal length and equal bytes, without an early exit on the first difference. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Orders byte strings as unsigned bytes, shorter prefix first (the ESDK's context order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The standard base64 alphabet (RFC 4648 §4); base64url swaps its last two for `-` and `_`. */
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The native decoders, where they exist (Chromium 140, Firefox 133, Safari 18.2): strict mode. */
type Strict = { lastChunkHandling: 'strict' };
const STRICT: Strict = { lastChunkHandling: 'strict' };
const native = (Uint8Array as { fromBase64?: (text: string, options: Strict) => Bytes }).fromBase64;
type Settable = Bytes & { setFromBase64(text: string, options: Strict): { written: number } };

/**
 * Decodes standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding). Padding may be omitted;
 * whitespace, the URL-safe alphabet, misplaced padding and non-zero padding bits are refused with
 * `InvalidBase64`. With `into`, bytes that fit are decoded into it and the result is a view of it
 * (a buffer of one's own costs more to allocate than a short message costs to decode).
 *
 * Padded text goes to the native `Uint8Array.fromBase64` (or `setFromBase64`) in strict mode
 * first, which refuses all of that but skips whitespace: a result shorter than the text implies
 * means whitespace. Anything else is checked here, which says what is wrong and where, then
 * decoded by `atob` (which skips whitespace and ignores padding bits, both refused before it).
 */
export function fromBase64(text: string, into?: Bytes): Bytes {
  const bad = (why: string) => esdkError('InvalidBase64', `base64 text ${why}`);
  if (typeof text !== 'string') throw bad('must be a string');
  let end = text.length;
  const pad =
    !(end & 3) && text.charCodeAt(end - 1) === 61 ? (text.charCodeAt(end - 2) === 61 ? 2 : 1) : 0;
  const size = (end >> 2) * 3 - pad;
  if (native && !(end & 3)) {
    try {
      const out =
        into && into.length >= size
          ? into.subarray(0, (into as Settable).setFromBase64(text, STRICT).written)
          : native(text, STRICT);
      if (out.length === size) return out;
    } catch {
      // Refused: the checks below explain why.
    }
  }
  end -= pad;
  if ((end & 3) === 1) throw bad('has an impossible length');
  const at = text.slice(0, end).search(/[^A-Za-z0-9+/]/);
  if (at >= 0) {
    const ch = text[at]!;
    throw bad(
      `has ${JSON.stringify(ch)} at ${at}${
        '-_'.includes(ch)
          ? ' (base64url is not accepted)'
          : ch === '='
            ? ' (padding may only end it)'
            : ch.trim()
              ? ''
              : ' (whitespace is not accepted)'
      }`,
    );
  }
  // The bits of the last character past the last whole byte must be zero.
  if (ALPHABET.indexOf(text[end - 1]!) & [0, 0, 15, 3][end & 3]!) throw bad('has padding bits set');
  return Uint8Array.from(atob(text.slice(0, end)), (c) => c.charCodeAt(0));
}

/**
 * Bytes as text, one character per byte (what `btoa` encodes), in slices: a call takes a limited
 * number of arguments, and a 32,000-character secret can be 128,000 bytes.
 */
export function bytesAsText(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192)
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as never);
  return text;
}

/** Encodes bytes as standard, padded base64. */
export const toBase64 = (bytes: Uint8Array): string => btoa(bytesAsText(bytes));
