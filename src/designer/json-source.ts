/**
 * Where things are in a script's JSON text: the character range of the value (and of its key) at
 * each JSON path, so that a diagnostic's path can select the spot in the editor; and the smallest
 * change that turns one text into another, so that an outline edit is one editor transaction
 * (one step of undo) that leaves the rest of the text, and the cursor, where they were.
 */
import { appendPath } from '../script/path.js';

/** Where one value sits in the text (character offsets, `to` exclusive). */
export interface JsonSpan {
  /** The value's first character. */
  from: number;
  /** Just after the value's last character. */
  to: number;
  /** The key's opening quote when the value is an object member. */
  keyFrom?: number;
}

const WS = /[ \t\n\r]*/y;
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const STRING = /"(?:[^"\\\0-\x1f]|\\(?:["\\/bfnrt]|u[\da-fA-F]{4}))*"/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Maps every JSON path in `text` (formatted like `ScriptIssue.path`: `pages[0].body[2].url`, root
 * `''`) to its span. Text that is not valid JSON gives the spans read up to the first error.
 */
export function mapJsonPaths(text: string): Map<string, JsonSpan> {
  const spans = new Map<string, JsonSpan>();
  let i = 0;
  const skip = (): void => {
    WS.lastIndex = i;
    WS.test(text);
    i = WS.lastIndex;
  };
  const fail = (): never => {
    throw new SyntaxError(`JSON ends at ${i}`);
  };
  const value = (path: string, keyFrom?: number): void => {
    skip();
    const from = i;
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') i++;
      else
        for (;;) {
          skip();
          STRING.lastIndex = i;
          if (!STRING.test(text)) fail();
          const key = JSON.parse(text.slice(i, STRING.lastIndex)) as string;
          const at = i;
          i = STRING.lastIndex;
          skip();
          if (text[i++] !== ':') fail();
          value(appendPath(path, key), at);
          skip();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            break;
          } else fail();
        }
    } else if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') i++;
      else
        for (let n = 0; ; n++) {
          value(appendPath(path, n));
          skip();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            break;
          } else fail();
        }
    } else {
      const re = c === '"' ? STRING : LITERAL;
      re.lastIndex = i;
      if (!re.test(text)) fail();
      i = re.lastIndex;
    }
    spans.set(path, keyFrom === undefined ? { from, to: i } : { from, to: i, keyFrom });
  };
  try {
    value('');
  } catch {
    // Invalid JSON (or nesting deeper than the stack): the spans found so far.
  }
  return spans;
}

/** The path one level up (`pages[0].body` → `pages[0]`), or `undefined` for the root. */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const m = /(?:\.?[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/.exec(path);
  return m ? path.slice(0, m.index) : '';
}

/**
 * The span of `path`, or of its nearest ancestor present in the text (a missing field is shown at
 * the object that lacks it); `undefined` when not even the root was read.
 */
export function locatePath(spans: Map<string, JsonSpan>, path: string): JsonSpan | undefined {
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const span = spans.get(p);
    if (span) return span;
  }
  return undefined;
}

/** The smallest single replacement that turns `before` into `after`. */
export function minimalChange(
  before: string,
  after: string,
): { from: number; to: number; insert: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  )
    end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}
