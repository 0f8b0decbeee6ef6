/**
 * RFC 6570 URI Templates, all four levels: literals, simple `{var}`, reserved `{+var}`, fragment
 * `{#var}`, label `{.var}`, path `{/var}`, path-parameter `{;var}`, query `{?var}` and continuation
 * `{&var}` expressions, prefix (`{var:3}`) and explode (`{var*}`) modifiers, lists and associative
 * arrays. Every value is percent-encoded as UTF-8, so a template is how a script designer builds a
 * URL without being able to break out of the part of it a value belongs to.
 *
 * Templates are parsed once (and cached, see {@link parseUriTemplate}); expansion is a single pass
 * over the parsed parts with table-driven encoding and no regular expressions.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6570
 */

/** A scalar template value. Numbers and booleans expand as `String(value)`. */
export type UriScalar = string | number | boolean;

/**
 * A value for one template variable (RFC 6570 §2.3, §2.4.2, §3.2.1):
 * - a scalar (`string`, `number`, `boolean`);
 * - `null` or `undefined`: the variable is undefined and its expression part is skipped;
 * - a list of scalars (members that are `null` / `undefined` are skipped; a list with no defined
 *   member is undefined);
 * - an associative array, a plain object of scalars, expanded in `Object.keys` order (pairs whose
 *   value is `null` / `undefined` are skipped; an object with no defined pair is undefined).
 *
 * Anything else (a `Date`, a `Map`, a class instance such as a `SecuredValue`, a nested list) makes
 * the expansion throw a {@link UriTemplateError}: it is never turned into text by accident.
 */
export type UriValue =
  | UriScalar
  | null
  | undefined
  | readonly (UriScalar | null | undefined)[]
  | Readonly<Record<string, UriScalar | null | undefined>>;

/** The variables of one expansion, by name. Only own properties are read. */
export type UriVariables = Readonly<Record<string, UriValue>>;

/** An RFC 6570 expression operator; `''` is simple string expansion (`{var}`). */
export type UriOperator = '' | '+' | '#' | '.' | '/' | ';' | '?' | '&';

/** The part of a URL (RFC 3986 §3) an expression's output lands in. */
export type UriComponent = 'scheme' | 'authority' | 'path' | 'query' | 'fragment';

/**
 * Which characters of an expanded URL came from which variable, and in which URL component.
 * `start` and `end` are UTF-16 offsets into the expanded URL (`end` exclusive) covering the
 * encoded value: for a named operator (`;`, `?`, `&`) the span starts after `name=`; for a list
 * or an associative array it runs from the first member to the last, separators (and, when
 * exploded, the repeated `name=` or the keys) included. A defined but empty value gives an empty
 * span (`start === end`). An undefined variable gives no span.
 */
export interface UriSpan {
  /** The variable's name as written in the template. */
  readonly variable: string;
  /** Offset of the first character of the span in the expanded URL. */
  readonly start: number;
  /** Offset just past the last character of the span. */
  readonly end: number;
  /**
   * The URL component, decided by the template text before the expression
   * (see {@link UriTemplate.expandWithSpans}).
   */
  readonly component: UriComponent;
  /**
   * The expression's operator. With `+` and `#` the value keeps reserved characters (`/ ? # @ :`…),
   * so it can reach beyond its component; a guard should treat such spans with suspicion.
   */
  readonly operator: UriOperator;
}

/** The result of {@link UriTemplate.expandWithSpans}. */
export interface UriExpansion {
  /** The expanded URL, exactly what {@link UriTemplate.expand} returns. */
  readonly url: string;
  /** One span per defined variable per expression, in output order. */
  readonly spans: readonly UriSpan[];
}

/**
 * A malformed template, or a value the template cannot expand (a prefix modifier on a list, an
 * unsupported value type). `position` is the character index in the template of the offending
 * expression, variable name or character; the message ends with `at <position>`.
 */
export class UriTemplateError extends Error {
  /** Character index in the template where the problem is. */
  readonly position: number;
  /** The template that failed. */
  readonly template: string;
  /** The variable involved, when the problem is about one. */
  readonly variable: string | undefined;

  /** @param problem what is wrong; the message is `${problem} at ${position}`. */
  constructor(problem: string, template: string, position: number, variable?: string) {
    super(`${problem} at ${position}`);
    this.name = 'UriTemplateError';
    this.position = position;
    this.template = template;
    this.variable = variable;
  }
}

// ---------------------------------------------------------------------------------------------
// Character tables

/** 1 for the characters copied as they are by simple expansion: RFC 3986 unreserved. */
const UNRESERVED = new Uint8Array(128);
/** 1 for the characters copied by reserved expansion and in literals: unreserved + reserved. */
const ALLOWED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const unreserved =
    (c >= 0x30 && c <= 0x39) || // 0-9
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x5f || // _
    c === 0x7e; // ~
  UNRESERVED[c] = unreserved ? 1 : 0;
  ALLOWED[c] = unreserved || ":/?#[]@!$&'()*+,;=".includes(String.fromCharCode(c)) ? 1 : 0;
}

/** `%XX` for every octet, upper-case hex as RFC 3986 §2.1 recommends. */
const PCT: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
);

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The UTF-8 octets of one code point, percent-encoded. */
function pctUtf8(cp: number): string {
  if (cp < 0x800) return PCT[0xc0 | (cp >> 6)]! + PCT[0x80 | (cp & 0x3f)]!;
  if (cp < 0x10000) {
    return PCT[0xe0 | (cp >> 12)]! + PCT[0x80 | ((cp >> 6) & 0x3f)]! + PCT[0x80 | (cp & 0x3f)]!;
  }
  return (
    PCT[0xf0 | (cp >> 18)]! +
    PCT[0x80 | ((cp >> 12) & 0x3f)]! +
    PCT[0x80 | ((cp >> 6) & 0x3f)]! +
    PCT[0x80 | (cp & 0x3f)]!
  );
}

/**
 * Percent-encodes `s`. With `reserved` false only unreserved characters stay (simple expansion);
 * with `reserved` true reserved characters and existing `%XX` triplets stay too (reserved and
 * fragment expansion, literals). Non-ASCII is encoded as UTF-8; a lone surrogate, which has no
 * UTF-8 form, is encoded as U+FFFD (as `TextEncoder` and the WHATWG URL parser do).
 */
function encode(s: string, reserved: boolean): string {
  const table = reserved ? ALLOWED : UNRESERVED;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 128 || table[c] === 0) break;
    i++;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let run = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (table[c] === 1) {
        i++;
        continue;
      }
      if (i > run) out += s.slice(run, i);
      if (c === 0x25 && reserved && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
        out += s.slice(i, i + 3);
        i += 3;
      } else {
        out += PCT[c]!;
        i++;
      }
      run = i;
      continue;
    }
    if (i > run) out += s.slice(run, i);
    let cp = c;
    if (isHighSurrogate(c) && isLowSurrogate(s.charCodeAt(i + 1))) {
      cp = ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      i += 2;
    } else {
      if (isHighSurrogate(c) || isLowSurrogate(c)) cp = 0xfffd;
      i += 1;
    }
    out += pctUtf8(cp);
    run = i;
  }
  if (i > run) out += s.slice(run, i);
  return out;
}

/** The first `length` Unicode characters (code points, not UTF-16 units) of `s`. */
function prefixOf(s: string, length: number): string {
  const n = s.length;
  let i = 0;
  for (let count = 0; i < n && count < length; count++) {
    i += isHighSurrogate(s.charCodeAt(i)) && isLowSurrogate(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i >= n ? s : s.slice(0, i);
}

/** RFC 6570 `varname`: varchar *( ["."] varchar ), varchar = ALPHA / DIGIT / "_" / pct-encoded. */
function isVarname(name: string): boolean {
  const n = name.length;
  let afterDot = true; // no leading dot, no "..", no trailing dot
  let i = 0;
  while (i < n) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      if (afterDot) return false;
      afterDot = true;
      i++;
    } else if (c === 0x25) {
      if (!isHex(name.charCodeAt(i + 1)) || !isHex(name.charCodeAt(i + 2))) return false;
      afterDot = false;
      i += 3;
    } else if (c < 128 && c !== 0x2d && c !== 0x7e && UNRESERVED[c] === 1) {
      afterDot = false;
      i++;
    } else {
      return false;
    }
  }
  return !afterDot;
}

// ---------------------------------------------------------------------------------------------
// Parsed form

interface Operator {
  readonly char: UriOperator;
  readonly first: string;
  readonly sep: string;
  readonly named: boolean;
  readonly ifemp: string;
  readonly reserved: boolean;
}

function operator(
  char: UriOperator,
  first: string,
  sep: string,
  named: boolean,
  ifemp: string,
  reserved: boolean,
): Operator {
  return { char, first, sep, named, ifemp, reserved };
}

/** RFC 6570 Appendix A. */
const OPERATORS: Readonly<Record<UriOperator, Operator>> = {
  '': operator('', '', ',', false, '', false),
  '+': operator('+', '', ',', false, '', true),
  '.': operator('.', '.', '.', false, '', false),
  '/': operator('/', '/', '/', false, '', false),
  ';': operator(';', ';', ';', true, '', false),
  '?': operator('?', '?', '&', true, '=', false),
  '&': operator('&', '&', '&', true, '=', false),
  '#': operator('#', '#', ',', false, '', true),
};

interface VarSpec {
  readonly name: string;
  /** 0 when there is no prefix modifier. */
  readonly prefix: number;
  readonly explode: boolean;
  /** Index of the name in the template. */
  readonly position: number;
}

interface Expression {
  readonly op: Operator;
  readonly specs: readonly VarSpec[];
  readonly component: UriComponent;
}

/** A literal (already encoded) or an expression. */
type Part = string | Expression;

// Where the template text seen so far has brought us in the URL (RFC 3986 §3).
const SCHEME = 0; // at the start, or only scheme characters so far
const COLON = 1; // just after "scheme:"
const SLASH = 2; // just after "scheme:/" or a leading "/"
const AUTHORITY = 3;
const PATH = 4;
const QUERY = 5;
const FRAGMENT = 6;

/**
 * Follows the template's literal text and operators through the parts of a URL, so that each
 * expression can be told which component its output lands in. Values are not looked at: the
 * component is a property of the template.
 */
class ComponentTracker {
  private state = SCHEME;
  /** Whether anything (literal or expression) came before, in the SCHEME state. */
  private started = false;

  literal(text: string): void {
    for (let i = 0; i < text.length && this.state !== FRAGMENT; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x23) {
        this.state = FRAGMENT;
      } else if (c === 0x3f) {
        if (this.state !== QUERY) this.state = QUERY;
      } else if (c === 0x2f) {
        if (this.state === SCHEME) this.state = this.started ? PATH : SLASH;
        else if (this.state === COLON) this.state = SLASH;
        else if (this.state === SLASH) this.state = AUTHORITY;
        else if (this.state === AUTHORITY) this.state = PATH;
      } else if (this.state === SCHEME) {
        const schemeChar =
          (c >= 0x41 && c <= 0x5a) ||
          (c >= 0x61 && c <= 0x7a) ||
          (c >= 0x30 && c <= 0x39) ||
          c === 0x2b ||
          c === 0x2d ||
          c === 0x2e;
        if (c === 0x3a) this.state = this.started ? COLON : PATH;
        else if (!schemeChar) this.state = PATH;
      } else if (this.state === COLON || this.state === SLASH) {
        this.state = PATH;
      }
      this.started = true;
    }
  }

  expression(op: UriOperator): UriComponent {
    const state = this.state;
    this.started = true;
    if (state === FRAGMENT || op === '#') {
      this.state = FRAGMENT;
      return 'fragment';
    }
    if (state === QUERY || op === '?') {
      this.state = QUERY;
      return 'query';
    }
    switch (state) {
      case SCHEME:
        // `{+base}/x`, `{scheme}://…`: the value may be (the start of) the whole URL.
        if (op === '' || op === '+' || op === '.') return 'scheme';
        this.state = PATH;
        return 'path';
      case COLON:
        // `https:{+rest}` may add `//host`; other operators encode "/" or start a path.
        this.state = PATH;
        return op === '+' ? 'authority' : 'path';
      case SLASH:
        // `https:/{/host}` and `/{+x}` may complete the `//` that starts an authority.
        if (op === '/' || op === '+') {
          this.state = AUTHORITY;
          return 'authority';
        }
        this.state = PATH;
        return 'path';
      case AUTHORITY:
        if (op === '/') {
          this.state = PATH;
          return 'path';
        }
        return 'authority';
      default:
        return 'path';
    }
  }
}

function parse(template: string): { parts: Part[]; variables: string[] } {
  const parts: Part[] = [];
  const variables: string[] = [];
  const seen = new Set<string>();
  const tracker = new ComponentTracker();
  const n = template.length;
  let literalStart = 0;
  let i = 0;
  while (i < n) {
    const c = template.charCodeAt(i);
    if (c === 0x7d) {
      throw new UriTemplateError("unexpected '}' outside an expression", template, i);
    }
    if (c !== 0x7b) {
      i++;
      continue;
    }
    if (i > literalStart) {
      const raw = template.slice(literalStart, i);
      tracker.literal(raw);
      parts.push(encode(raw, true));
    }
    const { expression, end } = parseExpression(template, i);
    parts.push({ ...expression, component: tracker.expression(expression.op.char) });
    for (const spec of expression.specs) {
      if (!seen.has(spec.name)) {
        seen.add(spec.name);
        variables.push(spec.name);
      }
    }
    i = end;
    literalStart = i;
  }
  if (n > literalStart) parts.push(encode(template.slice(literalStart), true));
  return { parts, variables };
}

/** Parses the expression whose `{` is at `open`; `end` is the index after its `}`. */
function parseExpression(
  template: string,
  open: number,
): { expression: Omit<Expression, 'component'>; end: number } {
  const n = template.length;
  let i = open + 1;
  const fail = (problem: string, at: number, variable?: string): never => {
    throw new UriTemplateError(problem, template, at, variable);
  };
  const unclosed = (): never => fail('unclosed expression starting', open);
  if (i >= n) unclosed();

  let op = OPERATORS[''];
  const first = template[i]!;
  if (first === '+' || first === '#' || first === '.' || first === '/') op = OPERATORS[first];
  else if (first === ';' || first === '?' || first === '&') op = OPERATORS[first];
  else if ('=,!@|'.includes(first)) fail(`operator '${first}' is reserved for future use`, i);
  if (op.char !== '') i++;

  const specs: VarSpec[] = [];
  for (;;) {
    const nameStart = i;
    let c = 0;
    while (i < n) {
      c = template.charCodeAt(i);
      // , } : * {
      if (c === 0x2c || c === 0x7d || c === 0x3a || c === 0x2a || c === 0x7b) break;
      i++;
    }
    if (i >= n) unclosed();
    if (c === 0x7b) fail(`nested '{' (the expression starting at ${open} is not closed)`, i);
    const name = template.slice(nameStart, i);
    if (name === '') fail('missing variable name', nameStart);
    if (!isVarname(name)) fail(`invalid variable name '${name}'`, nameStart, name);

    let prefix = 0;
    let explode = false;
    if (c === 0x3a) {
      const digitsStart = ++i;
      while (i < n) {
        c = template.charCodeAt(i);
        if (c === 0x2c || c === 0x7d || c === 0x7b) break;
        i++;
      }
      if (i >= n) unclosed();
      const digits = template.slice(digitsStart, i);
      const at = digitsStart - 1;
      let numeric = digits !== '';
      for (let k = 0; k < digits.length && numeric; k++) {
        const d = digits.charCodeAt(k);
        numeric = d >= 0x30 && d <= 0x39;
      }
      if (digits === '') fail(`missing prefix length after '${name}:'`, at, name);
      if (digits.endsWith('*')) {
        fail(`prefix modifier and explode '*' cannot be combined on '${name}'`, at, name);
      }
      if (!numeric) fail(`invalid prefix modifier ':${digits}' on '${name}'`, at, name);
      if (digits.startsWith('0')) {
        fail(`prefix modifier :${digits} must be 1 to 9999 without leading zeros`, at, name);
      }
      if (digits.length > 4) fail(`prefix modifier :${digits} too large (max 9999)`, at, name);
      prefix = Number(digits);
    } else if (c === 0x2a) {
      explode = true;
      i++;
      if (i >= n) unclosed();
      c = template.charCodeAt(i);
      if (c !== 0x2c && c !== 0x7d) {
        fail(`unexpected '${template[i]}' after explode modifier '*'`, i, name);
      }
    }
    specs.push({ name, prefix, explode, position: nameStart });
    i++; // past ',' or '}'
    if (c === 0x7d) return { expression: { op, specs }, end: i };
  }
}

// ---------------------------------------------------------------------------------------------
// Expansion

function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'an object';
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } }).constructor
    ?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object';
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Expands `parts` with `vars`. When `spans` is given, records where each variable's value went.
 * RFC 6570 Appendix A, one expression at a time.
 */
function run(
  template: string,
  parts: readonly Part[],
  vars: UriVariables,
  spans: UriSpan[] | null,
): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const { op, component } = part;
    let first = true;
    for (const spec of part.specs) {
      const { name } = spec;
      const value: unknown = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (value === undefined || value === null) continue;
      const fail = (problem: string): never => {
        throw new UriTemplateError(problem, template, spec.position, name);
      };

      const text = scalarText(value);
      if (text !== undefined) {
        out += first ? op.first : op.sep;
        first = false;
        if (op.named) {
          out += name;
          if (text === '') {
            out += op.ifemp;
            spans?.push({
              variable: name,
              start: out.length,
              end: out.length,
              component,
              operator: op.char,
            });
            continue;
          }
          out += '=';
        }
        const start = out.length;
        out += encode(spec.prefix > 0 ? prefixOf(text, spec.prefix) : text, op.reserved);
        spans?.push({ variable: name, start, end: out.length, component, operator: op.char });
        continue;
      }

      if (typeof value !== 'object')
        fail(`variable '${name}' has an unsupported value (${describe(value)})`);
      const object = value as object;
      // Flat list of members; for an associative array, key and value alternate.
      const members: string[] = [];
      let assoc = false;
      if (Array.isArray(object)) {
        for (const item of object as readonly unknown[]) {
          if (item === undefined || item === null) continue;
          const member = scalarText(item);
          if (member === undefined) {
            fail(
              `list '${name}' has a member that is not a string, number or boolean (${describe(item)})`,
            );
          }
          members.push(member!);
        }
      } else if (isPlainObject(object)) {
        assoc = true;
        const record = object as Readonly<Record<string, unknown>>;
        for (const key of Object.keys(record)) {
          const item = record[key];
          if (item === undefined || item === null) continue;
          const member = scalarText(item);
          if (member === undefined) {
            fail(
              `key '${key}' of '${name}' is not a string, number or boolean (${describe(item)})`,
            );
          }
          members.push(key, member!);
        }
      } else {
        fail(`variable '${name}' has an unsupported value (${describe(value)})`);
      }
      if (spec.prefix > 0) {
        fail(`prefix modifier :${spec.prefix} cannot apply to the composite value of '${name}'`);
      }
      if (members.length === 0) continue; // an empty list or object is undefined (§2.3)

      out += first ? op.first : op.sep;
      first = false;
      let start = -1;
      if (!spec.explode) {
        if (op.named) out += name + '=';
        start = out.length;
        for (let k = 0; k < members.length; k++) {
          if (k > 0) out += ',';
          out += encode(members[k]!, op.reserved);
        }
      } else if (assoc) {
        start = out.length;
        for (let k = 0; k < members.length; k += 2) {
          if (k > 0) out += op.sep;
          out += encode(members[k]!, op.reserved);
          const member = members[k + 1]!;
          out += op.named && member === '' ? op.ifemp : '=' + encode(member, op.reserved);
        }
      } else {
        for (let k = 0; k < members.length; k++) {
          if (k > 0) out += op.sep;
          const member = members[k]!;
          if (op.named) {
            out += name;
            if (member === '') {
              if (start < 0) start = out.length;
              out += op.ifemp;
              continue;
            }
            out += '=';
          }
          if (start < 0) start = out.length;
          out += encode(member, op.reserved);
        }
      }
      spans?.push({ variable: name, start, end: out.length, component, operator: op.char });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * A parsed URI template: parse once with {@link parseUriTemplate}, expand many times. Instances
 * are immutable and shared through the parse cache.
 */
export class UriTemplate {
  /** The template text. */
  readonly template: string;
  /** The names of the variables the template uses, each once, in order of first appearance. */
  readonly variables: readonly string[];
  private readonly parts: readonly Part[];

  /**
   * Parses `template` (without the cache; prefer {@link parseUriTemplate}).
   * @throws {UriTemplateError} when the template is malformed.
   */
  constructor(template: string) {
    if (typeof template !== 'string') {
      throw new TypeError(`a URI template must be a string, not ${describe(template)}`);
    }
    const { parts, variables } = parse(template);
    this.template = template;
    this.variables = Object.freeze(variables);
    this.parts = Object.freeze(parts);
    Object.freeze(this);
  }

  /**
   * Expands the template with `variables` (RFC 6570 §3). Variables that are missing, `null`,
   * `undefined`, empty lists or empty objects are undefined: their part of the expression is
   * left out.
   * @throws {UriTemplateError} for a prefix modifier on a list or object, or an unsupported value.
   */
  expand(variables: UriVariables): string {
    return run(this.template, this.parts, variables, null);
  }

  /**
   * Expands like {@link UriTemplate.expand} and also says which characters of the URL came from
   * which variable, and in which URL component.
   *
   * The component is determined by the template text before the expression (its literals and
   * operators), never by the values: in `https://{host}/accounts/{id}{?tab}#{section}`, `host`
   * is in the authority (before the third `/` of `https://`), `id` in the path (before any `?`),
   * `tab` in the query (the `?` operator, or after a literal `?`) and `section` in the fragment
   * (after `#`, or with the `#` operator). An expression at the very start, before any `:` or
   * `/` (as in `{+base}/accounts`), is `scheme`: its value may decide the whole URL. Reserved
   * expansion (`+`, `#`) keeps `/ ? # @` in values, so such a value can reach past its
   * component; the span's `operator` says when that is possible.
   * @throws {UriTemplateError} as {@link UriTemplate.expand} does.
   */
  expandWithSpans(variables: UriVariables): UriExpansion {
    const spans: UriSpan[] = [];
    const url = run(this.template, this.parts, variables, spans);
    return { url, spans };
  }

  /** The template text. */
  toString(): string {
    return this.template;
  }
}

/** How many parsed templates {@link parseUriTemplate} keeps (least recently used go first). */
export const URI_TEMPLATE_CACHE_LIMIT = 500;
/** Templates longer than this are parsed every time rather than cached, to bound memory. */
const MAX_CACHED_LENGTH = 8192;
const cache = new Map<string, UriTemplate>();

/**
 * Parses an RFC 6570 URI template, or returns the cached parse of the same text (up to
 * {@link URI_TEMPLATE_CACHE_LIMIT} templates, least recently used evicted first).
 *
 * ```ts
 * const t = parseUriTemplate('https://crm.example.com/accounts/{AccountId}{?tab}');
 * t.expand({ AccountId: 'A/42', tab: 'cases' }); // 'https://crm.example.com/accounts/A%2F42?tab=cases'
 * ```
 * @throws {UriTemplateError} when the template is malformed (errors are not cached).
 */
export function parseUriTemplate(template: string): UriTemplate {
  const cached = cache.get(template);
  if (cached !== undefined) {
    cache.delete(template);
    cache.set(template, cached);
    return cached;
  }
  const parsed = new UriTemplate(template);
  if (template.length <= MAX_CACHED_LENGTH) {
    if (cache.size >= URI_TEMPLATE_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(template, parsed);
  }
  return parsed;
}

/**
 * Expands an RFC 6570 URI template (all four levels) with `variables`; every value is
 * percent-encoded as UTF-8 for its place in the URL.
 *
 * ```ts
 * expandUriTemplate('https://crm.example.com/search{?q,page}', { q: 'Zoë Smith', page: 2 });
 * // 'https://crm.example.com/search?q=Zo%C3%AB%20Smith&page=2'
 * ```
 * @throws {UriTemplateError} when the template is malformed or a value cannot be expanded.
 */
export function expandUriTemplate(template: string, variables: UriVariables): string {
  return parseUriTemplate(template).expand(variables);
}
