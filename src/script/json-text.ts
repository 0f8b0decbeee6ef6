/**
 * Helpers for scripts given as JSON text: where a syntax error is (JSON.parse's own messages do not
 * always say), and which objects repeat a key (JSON.parse silently keeps the last one).
 */
import type { PathSegment } from './path.js';

/** Where and why a JSON text is malformed. */
export interface JsonSyntaxError {
  /** 0-based character offset of the problem. */
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function describeChar(c: string | undefined): string {
  if (c === undefined) return 'the end of the text';
  if (c === "'") return 'a single quote (JSON strings use double quotes)';
  if (c === '/') return "'/' (JSON does not allow comments)";
  const code = c.charCodeAt(0);
  if (code < 0x20) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${c}'`;
}

/**
 * Finds the first syntax error of a JSON text, or `undefined` when it is valid JSON. Iterative, so
 * deep nesting cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: ('o' | 'a')[] = [];
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (offset: number, reason: string): JsonSyntaxError => ({
    offset,
    ...lineColumn(text, offset),
    reason,
  });
  /** Reads a string starting at `i` (a `"`); returns an error or moves `i` past it. */
  const readString = (): JsonSyntaxError | undefined => {
    let j = i + 1;
    for (;;) {
      const c = text[j];
      if (c === undefined) return fail(i, 'this string is never closed (missing ")');
      if (c === '"') break;
      if (c === '\\') {
        const e = text[j + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(j + 2, j + 6)))
            return fail(j, 'invalid \\u escape (needs 4 hex digits)');
          j += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e))
          return fail(j, `invalid escape '\\${e ?? ''}' in a string`);
        j += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20)
        return fail(
          j,
          `unescaped ${describeChar(c)} in a string (write it as an escape such as \\n)`,
        );
      j++;
    }
    i = j + 1;
    return undefined;
  };
  /** Reads `"key" :` at `i`. */
  const readKey = (): JsonSyntaxError | undefined => {
    if (text[i] !== '"')
      return fail(i, `expected a property name in double quotes, found ${describeChar(text[i])}`);
    const e = readString();
    if (e) return e;
    ws();
    if (text[i] !== ':')
      return fail(i, `expected ':' after the property name, found ${describeChar(text[i])}`);
    i++;
    return undefined;
  };

  let expectValue = true;
  ws();
  for (;;) {
    if (expectValue) {
      ws();
      const c = text[i];
      if (c === '{') {
        i++;
        ws();
        if (text[i] === '}') {
          i++;
          expectValue = false;
          continue;
        }
        stack.push('o');
        const e = readKey();
        if (e) return e;
        continue;
      }
      if (c === '[') {
        i++;
        ws();
        if (text[i] === ']') {
          i++;
          expectValue = false;
          continue;
        }
        stack.push('a');
        continue;
      }
      if (c === '"') {
        const e = readString();
        if (e) return e;
        expectValue = false;
        continue;
      }
      if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail(i, 'malformed number');
        i = NUMBER.lastIndex;
        expectValue = false;
        continue;
      }
      const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (literal) {
        i += literal.length;
        expectValue = false;
        continue;
      }
      return fail(i, `expected a value, found ${describeChar(c)}`);
    }
    ws();
    const top = stack[stack.length - 1];
    const c = text[i];
    if (top === undefined) {
      return i < n
        ? fail(i, `unexpected ${describeChar(c)} after the end of the JSON value`)
        : undefined;
    }
    const close = top === 'o' ? '}' : ']';
    if (c === close) {
      stack.pop();
      i++;
      continue;
    }
    if (c !== ',') return fail(i, `expected ',' or '${close}', found ${describeChar(c)}`);
    i++;
    ws();
    if (text[i] === '}' || text[i] === ']')
      return fail(i, `trailing comma before '${text[i]}' is not allowed in JSON`);
    if (top === 'o') {
      const e = readKey();
      if (e) return e;
    }
    expectValue = true;
  }
}

/**
 * Every repeated key of every object in a valid JSON text, as the path of the object and the key.
 * Call only on text that `JSON.parse` accepted.
 */
export function findDuplicateKeys(text: string): { object: PathSegment[]; key: string }[] {
  interface Frame {
    object: boolean;
    keys: Set<string>;
    index: number;
    lastKey: string;
    expectKey: boolean;
  }
  const found: { object: PathSegment[]; key: string }[] = [];
  const frames: Frame[] = [];
  const segments: PathSegment[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = frames[frames.length - 1];
      if (top?.object && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) found.push({ object: [...segments], key });
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      const top = frames[frames.length - 1];
      if (top) segments.push(top.object ? top.lastKey : top.index);
      frames.push({ object: c === '{', keys: new Set(), index: 0, lastKey: '', expectKey: true });
    } else if (c === '}' || c === ']') {
      frames.pop();
      if (frames.length > 0) segments.pop();
    } else if (c === ',') {
      const top = frames[frames.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.index++;
    }
    i++;
  }
  return found;
}
