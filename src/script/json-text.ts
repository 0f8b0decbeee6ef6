/**
 * Scripts given as JSON text: where a syntax error is (JSON.parse's own messages differ between
 * browsers and do not always say), and which objects repeat a key (JSON.parse silently keeps the
 * last one). One iterative scanner does both, so deep nesting cannot overflow the stack.
 */
import type { PathSegment } from './path.js';

/** What `scanJson` found. */
export interface JsonScan {
  /** The first syntax error (0-based character offset, 1-based line and column), if any. */
  error?: { offset: number; line: number; column: number; reason: string };
  /** Every repeated key: the path of the object that repeats it, and the key. */
  duplicates: { object: PathSegment[]; key: string }[];
}

const WS = /[ \t\n\r]*/y;
/** A string up to (not including) its closing quote; what stops it is the problem, if any. */
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const STRING = /"(?:[^"\\\0-\x1f]|\\(?:["\\/bfnrt]|u[\da-fA-F]{4}))*/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

function describeChar(c: string | undefined): string {
  if (c === undefined) return 'the end of the text';
  if (c === "'") return 'a single quote (JSON strings use double quotes)';
  if (c === '/') return "'/' (JSON does not allow comments)";
  const code = c.charCodeAt(0);
  return code < 32
    ? `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`
    : `'${c}'`;
}

/** Scans a JSON text for its first syntax error and, up to there, every repeated key. */
export function scanJson(text: string): JsonScan {
  const duplicates: JsonScan['duplicates'] = [];
  /** Open containers: their keys (objects only) and the current key or index. */
  const stack: { keys?: Set<string>; at: PathSegment }[] = [];
  const path: PathSegment[] = [];
  /** The last token: '' (none), '{', '[', ',', ':', 'k' (a key) or 'v' (a value). */
  let prev = '';
  let i = 0;
  const fail = (reason: string, offset = i): JsonScan => {
    const lines = text.slice(0, offset).split('\n');
    const column = lines[lines.length - 1]!.length + 1;
    return { error: { offset, line: lines.length, column, reason }, duplicates };
  };
  for (;;) {
    WS.lastIndex = i;
    WS.test(text);
    i = WS.lastIndex;
    const c = text[i];
    const top = stack[stack.length - 1];
    const close = top?.keys ? '}' : ']';
    const found = `found ${describeChar(c)}`;
    if (prev === 'v' && !top) {
      return c === undefined
        ? { duplicates }
        : fail(`expected nothing after the end of the JSON value, ${found}`);
    }
    if (prev === 'v' && c === ',') {
      if (!top!.keys) top!.at = (top!.at as number) + 1;
    } else if (prev === 'k') {
      if (c !== ':') return fail(`expected ':' after the property name, ${found}`);
    } else if (c === close && (prev === 'v' || prev === '{' || prev === '[')) {
      stack.pop();
      path.pop();
      i++;
      prev = 'v';
      continue;
    } else if (prev === 'v') {
      return fail(`expected ',' or '${close}', ${found}`);
    } else if (prev === ',' && (c === '}' || c === ']')) {
      return fail(`trailing comma before '${c}' is not allowed in JSON`);
    } else if (c === '"') {
      STRING.lastIndex = i;
      STRING.test(text);
      const end = STRING.lastIndex;
      const stop = text[end];
      if (stop === undefined) return fail('this string is never closed (missing ")');
      if (stop === '\\') return fail('invalid escape in a string', end);
      if (stop !== '"') {
        return fail(
          `unescaped ${describeChar(stop)} in a string (write it as an escape such as \\n)`,
          end,
        );
      }
      if (top?.keys && prev !== ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) duplicates.push({ object: [...path], key });
        top.keys.add(key);
        top.at = key;
        prev = 'k';
      } else prev = 'v';
      i = end + 1;
      continue;
    } else if (top?.keys && prev !== ':') {
      return fail(`expected a property name in double quotes, ${found}`);
    } else if (c === '{' || c === '[') {
      if (top) path.push(top.at);
      stack.push(c === '{' ? { keys: new Set(), at: '' } : { at: 0 });
    } else {
      LITERAL.lastIndex = i;
      if (!LITERAL.test(text)) return fail(`expected a value, ${found}`);
      i = LITERAL.lastIndex;
      prev = 'v';
      continue;
    }
    prev = c!;
    i++;
  }
}
