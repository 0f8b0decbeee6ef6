/**
 * The plaintext scanner: layer 3 of the egress guard. The vault holds every decrypted plaintext;
 * before anything leaves the page the outgoing text is scanned for each of them, in the encodings a
 * script (or an agent typing into a field) could use to smuggle one out.
 *
 * Pure: no worker globals, so tests and the bench call it directly; the vault worker owns one.
 *
 * ## What a scan finds
 * A held plaintext `s` (trimmed) in the text, as:
 * - raw, case-folded (`toLowerCase` on both sides);
 * - percent-decoded any number of times, until a fixpoint (`%2541` → `%41` → `A`), also with `+` as a
 *   space (form encoding), and HTML character references (`&#65;`, `&#x41;`, `&amp;` …) and
 *   JavaScript escapes (`\u0041`, `\u{41}`, `\x41`) decoded in the same loop;
 * - base64 and base64url of `s` at each of the 3 byte alignments, so `s` embedded anywhere inside a
 *   longer base64 string is found (the characters fully determined by the secret's bytes are
 *   indexed);
 * - inside base64 / base64url / hex tokens of the text: each token is decoded (at each of the 4
 *   character offsets, or 2 for hex) and the decoded text is scanned again, one level deep; this
 *   also finds base64 of a case-changed or percent-encoded secret, and hex in either case;
 * - for numeric secrets (digits with optional spaces, dashes or dots, at least
 *   {@link MIN_SCANNED_LENGTH} digits): the digits alone, against the text's digit runs, where a run
 *   may be broken by up to 3 non-alphanumeric characters (`4111 1111 1111 1111`, `4111-1111-…` and
 *   `4111111111111111` are one number).
 *
 * ## The shortest secret covered: {@link MIN_SCANNED_LENGTH} = 4 characters (4 digits for numbers)
 * Shorter plaintexts are held (and counted in {@link PlaintextScanner.size}) but not scanned:
 * - a 3-digit value (a CVV) occurs in about 1 in 100 three-digit windows of any URL that carries a
 *   number, so the scan would block ordinary pops all day; at 4 digits it is 1 in 10,000 per window;
 * - base64 of a secret at the two unaligned offsets keeps only the characters entirely made of the
 *   secret's bits: 3 bytes leave 2–3 such characters (found by chance in any base64-looking token),
 *   4 bytes leave at least 4 (24 bits: 1 in 16 million per position);
 * - the index keys on 4-character grams, which every indexed form (≥ 4 characters) has.
 * Short secured values are still covered by layers 1 (parseScript) and 2 (run-time taint); only a
 * plaintext the agent re-types by hand relies on the scan alone.
 *
 * A secret of 4–5 characters is found reliably, but, held by the thousand, it may also match an
 * innocent URL now and then: a match blocks (fails closed), it never lets a value through.
 *
 * ## Cost
 * `add` only queues (decrypting a batch stays cheap); the first `scan` after it derives every
 * encoded form and indexes it under its first 4 characters (an integer key);
 * `scan` builds a few views of the text (lower-cased, decoded, base64-normalised, digits, decoded
 * tokens) and looks each position up once, verifying candidates with `startsWith`. A URL of a few
 * hundred characters against 1,000 held secrets costs tens of microseconds.
 */

import { ALPHABET as B64, bytesAsText, toBase64 } from './esdk/bytes.js';

/** The shortest plaintext (in characters; digits for numeric secrets) that the scan covers. */
export const MIN_SCANNED_LENGTH = 4;

/** What {@link PlaintextScanner.scan} answers: names only, never a value. */
export interface ScanResult {
  /** True when no held plaintext was found in the text. */
  clean: boolean;
  /** The names of the held values found, sorted, each once. */
  names: string[];
}

interface Pattern {
  readonly id: string;
  readonly name: string;
  readonly text: string;
}

/** The kinds of view a pattern is looked up in (an index each). */
const Kind = {
  /** Lower-cased text: raw, decoded, and decoded tokens. */
  Lower: 0,
  /** Base64 with `-` → `+` and `_` → `/`, case kept. */
  Base64: 1,
  /** Digits only. */
  Digits: 2,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** Patterns by the integer key of their first 4 characters; a Set so that removal is O(1). */
type Index = Map<number, Set<Pattern>>;

const GRAM = 4;
const NONE: ReadonlySet<Pattern> = new Set();
const encoder = new TextEncoder();
const utf8 = new TextDecoder();
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;
const NUMERIC = /^[\d\s.-]+$/;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  sol: '/',
  colon: ':',
  equals: '=',
  quest: '?',
  num: '#',
  percnt: '%',
  plus: '+',
  period: '.',
  commat: '@',
};

/** The integer key of the 4 characters at `i` (low byte of each code unit; collisions are verified). */
function gramKey(s: string, i: number): number {
  return (
    (((s.charCodeAt(i) & 0xff) << 24) |
      ((s.charCodeAt(i + 1) & 0xff) << 16) |
      ((s.charCodeAt(i + 2) & 0xff) << 8) |
      (s.charCodeAt(i + 3) & 0xff)) >>>
    0
  );
}

/**
 * The base64 characters fully determined by `bytes` when they follow `offset` (0–2) other bytes:
 * what any base64 string that contains these bytes at that alignment must contain.
 */
function base64Core(bytes: Uint8Array, offset: number): string {
  const padded = new Uint8Array(offset + bytes.length);
  padded.set(bytes, offset);
  // Padding `=` only replaces characters past `end`, which are cut anyway.
  const encoded = toBase64(padded);
  const first = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(first, end);
}

/**
 * Decodes the base64 characters `s[start..end)` (standard alphabet) into `out`, stopping at the
 * first other character; answers how many bytes were written.
 */
function decodeBase64(s: string, start: number, end: number, out: Uint8Array): number {
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_VALUE[c]! : -1;
    if (v < 0) break;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return n;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  c |= 0x20;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** A run of percent escapes (`%41%42`) as the UTF-8 text its bytes hold. */
function decodePercentRun(run: string): string {
  return utf8.decode(Uint8Array.from(run.slice(1).split('%'), (h) => parseInt(h, 16)));
}

function codePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

/** One round of decoding: percent escapes, HTML character references, JavaScript escapes. */
function decodeOnce(s: string, plusAsSpace: boolean): string {
  let out = plusAsSpace ? s.replace(/\+/g, ' ') : s;
  if (out.includes('%')) out = out.replace(/(?:%[0-9a-fA-F]{2})+/g, decodePercentRun);
  if (out.includes('&')) {
    out = out.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});?/g, (m, body: string) => {
      if (body[0] !== '#') return NAMED_ENTITIES[body.toLowerCase()] ?? m;
      const hex = body[1] === 'x' || body[1] === 'X';
      return codePoint(parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10), m);
    });
  }
  if (out.includes('\\')) {
    out = out.replace(
      /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/g,
      (m, braced?: string, u?: string, x?: string) =>
        codePoint(parseInt((braced ?? u ?? x)!, 16), m),
    );
  }
  return out;
}

/** Decodes until nothing changes (each round that changes something shortens the text). */
function decodeFully(s: string, plusAsSpace: boolean): string {
  for (;;) {
    const next = decodeOnce(s, plusAsSpace);
    if (next === s) return s;
    s = next;
  }
}

/**
 * The text's digit runs, each with its separators removed: digits joined across up to 3
 * non-alphanumeric ASCII characters (anything beyond ASCII counts as alphanumeric). Runs shorter
 * than {@link MIN_SCANNED_LENGTH} digits are dropped.
 */
function digitRuns(s: string): string[] {
  const runs: string[] = [];
  for (const [run] of s.matchAll(/\d(?:[\0-/:-@[-`{-\x7f]{0,3}\d)*/g)) {
    const digits = run.replace(/\D/g, '');
    if (digits.length >= MIN_SCANNED_LENGTH) runs.push(digits);
  }
  return runs;
}

/** Base64-looking tokens (either alphabet, normalised) long enough to hold a scanned secret. */
const TOKEN_MIN = Math.ceil((MIN_SCANNED_LENGTH * 4) / 3);
const BASE64_TOKEN = new RegExp(`[A-Za-z0-9+/]{${TOKEN_MIN},}`, 'g');

/** A filter in front of each index: one bit per hashed key, so most positions skip the map. */
const FILTER_BITS = 18;

function filterBit(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS);
}

/** Bytes that mean the decoded token holds escapes worth decoding as text: `%`, `&`, `\`, `+`. */
function hasEscapes(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const b = bytes[i]!;
    if (b === 0x25 || b === 0x26 || b === 0x5c || b === 0x2b) return true;
  }
  return false;
}

interface Entry {
  kind: Kind;
  key: number;
  pattern: Pattern;
}

/**
 * Holds plaintexts by id and finds them in outgoing text, in their common encodings. A closure (not
 * a class: terser mangles locals, never member names); `new PlaintextScanner()` works too.
 *
 * @example
 * const scanner = new PlaintextScanner();
 * scanner.add('h1', 'CardNumber', '4111 1111 1111 1111');
 * scanner.scan('https://crm.example.com/?q=4111-1111-1111-1111'); // { clean: false, names: ['CardNumber'] }
 */
function createScanner() {
  const indexes: [Index, Index, Index] = [new Map(), new Map(), new Map()];
  const filters = [0, 1, 2].map(() => new Uint8Array(1 << FILTER_BITS));
  const entries = new Map<string, Entry[]>();
  let scratch = new Uint8Array(256);
  /** Plaintexts added but not indexed yet: indexing waits for the first scan, off the decrypt path. */
  const pending = new Map<string, { name: string; plaintext: string }>();

  function index(id: string, name: string, plaintext: string): void {
    const list: Entry[] = [];
    entries.set(id, list);
    const secret = plaintext.trim();
    if ([...secret].length < MIN_SCANNED_LENGTH) return;
    const seen = new Set<string>();
    const put = (kind: Kind, text: string) => {
      if (text.length < GRAM || seen.has(kind + text)) return;
      seen.add(kind + text);
      const entry = { kind, key: gramKey(text, 0), pattern: { id, name, text } };
      list.push(entry);
      const idx = indexes[kind];
      const bucket = idx.get(entry.key);
      if (bucket) bucket.add(entry.pattern);
      else idx.set(entry.key, new Set([entry.pattern]));
      filters[kind]![filterBit(entry.key)] = 1;
    };
    const lower = secret.toLowerCase();
    put(Kind.Lower, lower);
    // The same, as the bytes a decoded base64 or hex token holds (differs only when not ASCII).
    put(Kind.Lower, bytesAsText(encoder.encode(lower)));
    for (const form of new Set([secret, lower, secret.toUpperCase()])) {
      const bytes = encoder.encode(form);
      for (let offset = 0; offset < 3; offset++) put(Kind.Base64, base64Core(bytes, offset));
    }
    if (NUMERIC.test(secret)) {
      const digits = secret.replace(/\D/g, '');
      if (digits.length >= MIN_SCANNED_LENGTH) {
        put(Kind.Digits, digits);
        put(Kind.Lower, digits);
      }
    }
  }

  /** Forgets the plaintext held under `id`. */
  function remove(id: string): void {
    pending.delete(id);
    const list = entries.get(id);
    if (!list) return;
    entries.delete(id);
    for (const { kind, key, pattern } of list) {
      const idx = indexes[kind];
      const bucket = idx.get(key);
      if (!bucket) continue;
      bucket.delete(pattern);
      if (bucket.size === 0) idx.delete(key);
      // The filter bit stays set: a stale bit costs one map lookup, never a missed match.
    }
  }

  /** Scans `text` in its views; decodes its tokens too unless it is itself a decoded token. */
  function scanText(text: string, found: Set<string>, tokens?: Set<string>): void {
    const views = [text];
    if (/[%&\\]/.test(text)) views.push(decodeFully(text, false));
    if (text.includes('+')) views.push(decodeFully(text, true));
    const seen = new Set<string>();
    for (const view of views) {
      if (seen.has(view)) continue;
      seen.add(view);
      lookup(Kind.Lower, view.toLowerCase(), found);
      const b64 = /[-_]/.test(view) ? view.replace(/-/g, '+').replace(/_/g, '/') : view;
      lookup(Kind.Base64, b64, found);
      if (indexes[Kind.Digits].size) {
        for (const run of digitRuns(view)) lookup(Kind.Digits, run, found);
      }
      if (tokens) scanTokens(b64, found, tokens);
    }
  }

  /**
   * Decodes the base64- and hex-looking tokens of `view` (each token once per scan) and scans what
   * they decode to.
   */
  function scanTokens(view: string, found: Set<string>, tokens: Set<string>): void {
    for (const [token] of view.matchAll(BASE64_TOKEN)) {
      if (tokens.has(token)) continue;
      tokens.add(token);
      const out = bytes(token.length);
      for (let offset = 0; offset < 4 && token.length - offset >= TOKEN_MIN; offset++) {
        scanBytes(out, decodeBase64(token, offset, token.length, out), found);
      }
    }
    for (const m of view.matchAll(/[0-9a-fA-F]{8,}/g)) {
      const key = 'hex:' + m[0];
      if (tokens.has(key)) continue;
      tokens.add(key);
      const hex = m[0];
      const out = bytes(hex.length);
      for (let offset = 0; offset < 2; offset++) {
        const length = (hex.length - offset) >> 1;
        for (let j = 0; j < length; j++) {
          const at = offset + j * 2;
          out[j] = (hexValue(hex.charCodeAt(at)) << 4) | hexValue(hex.charCodeAt(at + 1));
        }
        scanBytes(out, length, found);
      }
    }
  }

  /** A scratch buffer of at least `length` bytes, reused between tokens. */
  function bytes(length: number): Uint8Array {
    if (scratch.length < length) scratch = new Uint8Array(length * 2);
    return scratch;
  }

  /**
   * Scans decoded token bytes (in the scratch buffer): as UTF-8 text when they hold escapes, else
   * case-folded as they are, one character per byte (the form of a secret's bytes indexed in
   * `index`).
   */
  function scanBytes(bytes: Uint8Array, length: number, found: Set<string>): void {
    if (hasEscapes(bytes, length)) return scanText(utf8.decode(bytes.slice(0, length)), found);
    for (let i = 0; i < length; i++)
      if (bytes[i]! >= 65 && bytes[i]! <= 90) bytes[i] = bytes[i]! | 0x20;
    lookup(Kind.Lower, bytesAsText(bytes.subarray(0, length)), found);
  }

  function lookup(kind: Kind, view: string, found: Set<string>): void {
    const idx = indexes[kind];
    const filter = filters[kind]!;
    if (idx.size === 0 || view.length < GRAM) return;
    let key = gramKey(view, 0);
    for (let i = 0; ;) {
      if (filter[filterBit(key)]) {
        for (const p of idx.get(key) ?? NONE) if (view.startsWith(p.text, i)) found.add(p.name);
      }
      if (++i > view.length - GRAM) return;
      key = ((key << 8) | (view.charCodeAt(i + GRAM - 1) & 0xff)) >>> 0;
    }
  }

  return {
    /** How many plaintexts are held, including those too short to be scanned. */
    get size(): number {
      return entries.size + pending.size;
    },

    /**
     * Holds `plaintext` under `id` (replacing what `id` held); its encoded forms are indexed at the
     * next scan. A plaintext shorter than {@link MIN_SCANNED_LENGTH} characters (trimmed) is held
     * but not scanned.
     */
    add(id: string, name: string, plaintext: string): void {
      remove(id);
      pending.set(id, { name, plaintext });
    },

    remove,

    /** Forgets every plaintext. */
    clear(): void {
      pending.clear();
      entries.clear();
      for (const idx of indexes) idx.clear();
      for (const filter of filters) filter.fill(0);
    },

    /** Scans `text` for every held plaintext; answers the names found (never a value). */
    scan(text: string): ScanResult {
      for (const [id, { name, plaintext }] of pending) index(id, name, plaintext);
      pending.clear();
      const found = new Set<string>();
      if (entries.size > 0 && text.length >= GRAM) scanText(text, found, new Set());
      return { clean: found.size === 0, names: [...found].sort() };
    },
  };
}

/** The scanner: see {@link createScanner}. */
export type PlaintextScanner = ReturnType<typeof createScanner>;
/** `new PlaintextScanner()` (a function that returns the closure's object). */
export const PlaintextScanner = createScanner as unknown as new () => PlaintextScanner;
