/**
 * RFC 6570 URI Templates, all four levels: literals, simple `{var}`, reserved `{+var}`, fragment
 * `{#var}`, label `{.var}`, path `{/var}`, path-parameter `{;var}`, query `{?var}` and continuation
 * `{&var}` expressions, prefix (`{var:3}`) and explode (`{var*}`) modifiers, lists and associative
 * arrays. Every value is percent-encoded as UTF-8, so a template is how a script designer builds a
 * URL without being able to break out of the part of it a value belongs to.
 *
 * Templates are parsed once (and cached, see {@link parseUriTemplate}); expansion is a single pass
 * over the parsed parts. Encoding rides on the platform's `encodeURI` / `encodeURIComponent`, with
 * the few characters where RFC 3986 and those functions disagree fixed up afterwards.
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
// Encoding

/**
 * Percent-encodes `s`. With `reserved` false only unreserved characters stay (simple expansion);
 * with `reserved` true reserved characters and existing `%XX` triplets stay too (reserved and
 * fragment expansion, literals). Non-ASCII is encoded as UTF-8; a lone surrogate, which has no
 * UTF-8 form, is encoded as U+FFFD (as `TextEncoder` and the WHATWG URL parser do).
 *
 * `encodeURIComponent` keeps exactly the unreserved set plus `! ' ( ) *`, which are encoded here;
 * `encodeURI` keeps the reserved and unreserved sets but `[` and `]`, and encodes every `%`, so
 * `[`, `]` and the `%25` of a `%XX` triplet are restored (left to right, so `%2541` stays).
 */
function encode(s: string, reserved: boolean | undefined): string {
  s = s.replace(/\p{Cs}/gu, '\uFFFD');
  return reserved
    ? encodeURI(s).replace(/%25([\da-f]{2})|%5B|%5D/gi, (m, hex?: string) =>
        hex ? '%' + hex : m > '%5C' ? ']' : '[',
      )
    : encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
      );
}

// ---------------------------------------------------------------------------------------------
// Parsed form

/**
 * An expression operator (RFC 6570 Appendix A): `c` its character, `f` the first string, `s` the
 * separator, `n` named, `e` the ifemp string, `r` reserved expansion (`+`, `#`).
 */
interface Operator {
  readonly c: UriOperator;
  readonly f: string;
  readonly s: string;
  readonly n: boolean;
  readonly e: string;
  readonly r: boolean;
}

/** The operator of expression character `c` (`''` for none), derived from RFC 6570 Appendix A. */
function operator(c: UriOperator): Operator {
  const named = ';?&'.includes(c) && c !== '';
  return {
    c,
    f: c === '+' ? '' : c,
    s: '?&'.includes(c) && c ? '&' : '.;/'.includes(c) && c ? c : ',',
    n: named,
    e: named && c !== ';' ? '=' : '',
    r: c === '+' || c === '#',
  };
}

/** One variable of an expression: name, prefix length (0 for none), explode, and its index. */
interface VarSpec {
  readonly name: string;
  readonly prefix: number;
  readonly explode: boolean;
  readonly at: number;
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
 * Parses `t` into literals and expressions. Along the way it follows the template's literal text
 * and operators through the parts of a URL, so that each expression is told which component its
 * output lands in: values are never looked at, the component is a property of the template.
 */
function parse(t: string): { parts: Part[]; variables: string[] } {
  const parts: Part[] = [];
  const variables = new Set<string>();
  const n = t.length;
  let state = SCHEME;
  /** Whether anything (literal or expression) came before, in the SCHEME state. */
  let started = false;
  const fail = (problem: string, at: number, variable?: string): never => {
    throw new UriTemplateError(problem, t, at, variable);
  };
  const literal = (text: string): void => {
    for (let i = 0; i < text.length && state !== FRAGMENT; i++) {
      const c = text[i]!;
      if (c === '#') state = FRAGMENT;
      else if (c === '?') state = QUERY;
      // "/" after a scheme (or at the start) may begin "//authority"; the third ends it.
      else if (c === '/')
        state = state === SCHEME ? (started ? PATH : SLASH) : state < PATH ? state + 1 : state;
      else if (state === SCHEME) {
        if (c === ':') state = started ? COLON : PATH;
        else if (!/[a-z\d+.-]/i.test(c)) state = PATH;
      } else if (state < AUTHORITY) state = PATH;
      started = true;
    }
    parts.push(encode(text, true));
  };
  /** The component of an expression with operator `op`, and the state after it. */
  const component = (op: UriOperator): UriComponent => {
    const s = state;
    started = true;
    if (s === FRAGMENT || op === '#') return ((state = FRAGMENT), 'fragment');
    if (s === QUERY || op === '?') return ((state = QUERY), 'query');
    if (s === SCHEME && (op === '' || op === '+' || op === '.')) return 'scheme'; // `{+base}/x`
    state = PATH;
    // `https:{+rest}` may add `//host`; `https:/{/host}` and `/{+x}` may complete the `//`.
    if ((s === COLON && op === '+') || (s === SLASH && (op === '/' || op === '+'))) {
      return ((state = AUTHORITY), 'authority');
    }
    if (s === AUTHORITY && op !== '/') return ((state = AUTHORITY), 'authority');
    return 'path';
  };

  let from = 0;
  for (let open = t.indexOf('{'), close = t.indexOf('}'); ; open = t.indexOf('{', from)) {
    if (close >= 0 && (open < 0 || close < open))
      fail("unexpected '}' outside an expression", close);
    if (open < 0) break;
    if (open > from) literal(t.slice(from, open));
    const unclosed = (): never => fail('unclosed expression starting', open);
    let i = open + 1;
    let c = t[i];
    if (!c) unclosed();
    if ('=,!@|'.includes(c!)) fail(`operator '${c}' is reserved for future use`, i);
    const op = operator('+#./;?&'.includes(c!) ? (c as UriOperator) : '');
    if (op.c) i++;
    const specs: VarSpec[] = [];
    do {
      const at = i;
      while (i < n && !',}:*{'.includes(t[i]!)) i++;
      c = t[i];
      if (!c) unclosed();
      if (c === '{') fail(`nested '{' (the expression starting at ${open} is not closed)`, i);
      const name = t.slice(at, i);
      if (!name) fail('missing variable name', at);
      if (!/^(\w|%[\da-f]{2})+(\.(\w|%[\da-f]{2})+)*$/i.test(name)) {
        fail(`invalid variable name '${name}'`, at, name);
      }
      let prefix = 0;
      const explode = c === '*';
      if (c === ':') {
        const colon = i;
        while (++i < n && !',}{'.includes(t[i]!));
        c = t[i];
        if (!c) unclosed();
        const digits = t.slice(colon + 1, i);
        const bad = (why: string): never => fail(why, colon, name);
        if (!digits) bad(`missing prefix length after '${name}:'`);
        if (digits.endsWith('*'))
          bad(`prefix modifier and explode '*' cannot be combined on '${name}'`);
        if (!/^\d+$/.test(digits)) bad(`invalid prefix modifier ':${digits}' on '${name}'`);
        if (digits[0] === '0')
          bad(`prefix modifier :${digits} must be 1 to 9999 without leading zeros`);
        if (digits.length > 4) bad(`prefix modifier :${digits} too large (max 9999)`);
        if (c === '{') fail(`nested '{' (the expression starting at ${open} is not closed)`, i);
        prefix = +digits;
      } else if (explode) {
        c = t[++i];
        if (!c) unclosed();
        if (c !== ',' && c !== '}') fail(`unexpected '${c}' after explode modifier '*'`, i, name);
      }
      specs.push({ name, prefix, explode, at });
      variables.add(name);
      i++; // past ',' or '}'
    } while (c !== '}');
    parts.push({ op, specs, component: component(op.c) });
    from = i;
    close = t.indexOf('}', from);
  }
  if (n > from) literal(t.slice(from));
  return { parts, variables: [...variables] };
}

// ---------------------------------------------------------------------------------------------
// Expansion

/** The text of a scalar (string, number, boolean, bigint); `undefined` for anything else. */
function scalarText(value: unknown): string | undefined {
  // 'number', 'boolean', 'bigint'
  return typeof value === 'string' || /^[nb]/.test(typeof value) ? String(value) : undefined;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** How a value is named in an error: its type, `a list`, `an object` or `a <Class>`. */
function describe(value: unknown): string {
  if (typeof value !== 'object' || !value) return typeof value;
  const name: unknown = value.constructor?.name;
  return Array.isArray(value)
    ? 'a list'
    : isPlainObject(value) || !name
      ? 'an object'
      : `a ${name as string}`;
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
    const enc = (s: string): string => encode(s, op.r);
    let first = true;
    for (const { name, prefix, explode, at } of part.specs) {
      const value: unknown = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (value == null) continue;
      const fail = (problem: string): never => {
        throw new UriTemplateError(problem, template, at, name);
      };
      const text = scalarText(value);
      // For a list its members; for an associative array, key and value alternate.
      const members: string[] = [];
      const list = Array.isArray(value);
      if (text === undefined) {
        if (typeof value !== 'object' || !(list || isPlainObject(value))) {
          fail(`variable '${name}' has an unsupported value (${describe(value)})`);
        }
        for (const [key, item] of list ? value.entries() : Object.entries(value as object)) {
          if (item == null) continue;
          const member = scalarText(item);
          if (member === undefined) {
            fail(
              `${list ? `list '${name}' has a member that` : `key '${key}' of '${name}'`} is not a string, number or boolean (${describe(item)})`,
            );
          }
          if (!list) members.push(key as string);
          members.push(member!);
        }
        if (prefix)
          fail(`prefix modifier :${prefix} cannot apply to the composite value of '${name}'`);
        if (!members.length) continue; // an empty list or object is undefined (§2.3)
      }
      out += first ? op.f : op.s;
      first = false;
      let start = -1;
      if (text !== undefined || !explode) {
        if (op.n) out += name + (text === '' ? op.e : '=');
        start = out.length;
        out +=
          text === undefined
            ? members.map(enc).join()
            : enc(prefix ? [...text].slice(0, prefix).join('') : text);
      } else {
        start = out.length;
        for (let k = 0; k < members.length; k += list ? 1 : 2) {
          if (k) out += op.s;
          const member = members[k]!;
          if (list) {
            if (op.n) out += name + (member ? '=' : op.e);
            if (!k) start = out.length;
            out += enc(member);
          } else {
            const v = members[k + 1]!;
            out += enc(member) + (op.n && !v ? op.e : '=' + enc(v));
          }
        }
      }
      spans?.push({ variable: name, start, end: out.length, component, operator: op.c });
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
  readonly #parts: readonly Part[];

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
    this.#parts = Object.freeze(parts);
    Object.freeze(this);
  }

  /**
   * Expands the template with `variables` (RFC 6570 §3). Variables that are missing, `null`,
   * `undefined`, empty lists or empty objects are undefined: their part of the expression is
   * left out.
   * @throws {UriTemplateError} for a prefix modifier on a list or object, or an unsupported value.
   */
  expand(variables: UriVariables): string {
    return run(this.template, this.#parts, variables, null);
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
    const url = run(this.template, this.#parts, variables, spans);
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
