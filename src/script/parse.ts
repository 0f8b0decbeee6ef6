/**
 * `parseScript(json)`: turns any JSON value (or JSON text) into a `Script`, or throws a `ScriptError`
 * listing every problem with its JSON path, in document order.
 *
 * Decisions a caller can rely on:
 * - Unknown fields are warnings (with a "did you mean" when one is close) and are left out of the
 *   returned script; a warning alone never makes `parseScript` throw. `validateScript` returns the
 *   warnings of a script that parses.
 * - The result is a fresh deep copy as the designer wrote it: no defaults are filled in, except that
 *   an absent `variables` becomes `[]` and an absent `actions` becomes `{}`.
 * - `{{Name}}` in text that names no variable or built-in is a warning (it renders empty); a
 *   `variable` field naming no variable is an error.
 * - Secured variables: a `secured` component needs one, a field may not edit one, it may not carry
 *   a `default`, and no URL, CRM search, plain conversation data or output variable may reference
 *   it, directly or through `setVariable` copies (`secured-egress`).
 *
 * How it works: every object of the format is described by a one-line schema (below), `field kind`
 * pairs walked by one generic checker; a kind is one letter (see `check`) or `a|b|c` for a choice.
 * Messages are built from a few templates: what was expected, what was found, and a suggestion.
 */
import { BUILTIN_VARIABLES, isBuiltinVariable } from './builtins.js';
import { ScriptError, isErrorIssue, type ScriptIssue } from './errors.js';
import { scanJson, type JsonScan } from './json-text.js';
import { formatPath, type PathSegment } from './path.js';
import { parseUriTemplate } from '../uri/template.js';
import { isCalendarDate } from '../data/convert.js';
import { SCRIPT_FORMAT, VARIABLE_TYPES, type Script } from './types.js';

/** What `validateScript` found: the script when it has no errors, and every issue. */
export interface ScriptValidation {
  /** The parsed script, or `undefined` when any issue is an error. */
  script: Script | undefined;
  /** Every error and warning, in document order. */
  issues: ScriptIssue[];
}

/** How deeply stacks, steps and conditions may nest. */
export const MAX_NESTING = 64;

// ------------------------------------------------------------------ schemas
//
// `name!kind` is required, `name:kind` optional. Kinds:
//   _ already checked   t text with {{Var}}   p plain string   N non-blank string   e alt text
//   b boolean   n number   i whole number >= 1   g number >= 0   f number > 0
//   x px box    z size     d date     R regular expression
//   u URL template (a sink)   h CRM search (a sink)   H plain data value (a sink)
//   r condition operand   c condition   O nested condition   A list of conditions
//   F variable a field edits   V secured variable   W variable setVariable sets   Z its value
//   P page id reference   a action reference or inline steps   S steps   C components
//   o options   D plain data pairs   J secured data pairs   Y style   X border
//   G format   M variable name   T variable type   E default   I component id   U page id
//   L variables   Q pages   K actions

type Schema = Map<string, [required: boolean, kind: string]>;

/** Each schema's required fields, listed once (checked on every object of a big script). */
const REQUIRED = new WeakMap<Schema, [key: string, kind: string][]>();

const schema = (fields: string): Schema => {
  const out: Schema = new Map(
    fields
      .trim()
      .split(/\s+/)
      .map((f) => {
        const [, name, mark, kind] = /(\w+)([!:])(.+)/.exec(f)!;
        return [name!, [mark === '!', kind!]];
      }),
  );
  REQUIRED.set(
    out,
    [...out].flatMap(([key, [required, kind]]) => (required ? [[key, kind]] : [])),
  );
  return out;
};

const table = (common: string, types: Record<string, string>): Map<string, Schema> =>
  new Map(Object.entries(types).map(([type, fields]) => [type, schema(`${common} ${fields}`)]));

const FIELD = 'variable!F label!t required:b placeholder:t hint:t';
const COMPONENTS = table('type:_ id:I visible:c style:Y disabled:b disabledReason:t', {
  text: 'text!t variant:heading|paragraph|note',
  secured: 'variable!V label!t mask:full|last4|none',
  input: `${FIELD} pattern:R patternMessage:t maxLength:i`,
  textarea: `${FIELD} rows:i maxLength:i`,
  number: `${FIELD} min:n max:n step:f`,
  date: `${FIELD} min:d max:d`,
  dropdown: `${FIELD} options!o`,
  checkbox: FIELD,
  radio: `${FIELD} options!o`,
  button: 'label!t action!a',
  link: 'label!t url!u',
  image: 'url!u alt!e',
  webPage: 'url!u title!t',
  stack: 'direction!vertical|horizontal children!C gap:g',
});
const STEPS = table('do:_ onSuccess:S onFailure:S', {
  screenPop: 'url:u searchString:h target:host|window|frame',
  openUrl: 'url!u target:window|frame',
  changePage: 'page!P',
  setVariable: 'variable!W value!Z',
  setConversationData: 'data!D',
  setSecuredData: 'data!J',
  if: 'condition!c then!S else:S',
  alert: 'message!t',
  flush: '',
});
const COMPARE = 'left!r right!r';
const CONDITIONS = table('op:_', {
  equal: COMPARE,
  notEqual: COMPARE,
  contains: COMPARE,
  greaterThan: COMPARE,
  lessThan: COMPARE,
  isEmpty: 'value!r',
  and: 'all!A',
  or: 'all!A',
  not: 'of!O',
});
const SCRIPT = schema(
  'format!G name!N description:p startPage!P variables:L pages!Q actions:K onConnect:a',
);
const VARIABLE = schema('name!M type!T input:b output:b secured:b description:p default:E');
const PAGE = schema('id!U title!t onLoad:a body!C');
const OPTION = schema('value!p label!t');
const PLAIN_PAIR = schema('name!N value!H');
const SECURED_PAIR = schema('name!N value!t');
const BORDER = schema('width!g style!solid|dashed|dotted|none color!p');
const STYLE = schema(
  `margin:x padding:x width:z height:z color:p backgroundColor:p fontSize:f fontWeight:normal|bold
   fontStyle:normal|italic textAlign:start|center|end align:start|center|end|stretch border:X`,
);

const STEP_LIST = 'a list of steps';
const PAIRS = 'a list of { "name", "value" } pairs';
/** What a value of each kind should be (kinds not listed take a string). */
const EXPECTED: Record<string, string> = {
  b: 'true or false',
  n: 'a number',
  i: 'a whole number of at least 1',
  g: 'a number of at least 0',
  f: 'a number greater than 0',
  x: 'a number of px or [top, right, bottom, left]',
  z: "'stretch', 'auto' or a number of px",
  d: 'a date YYYY-MM-DD',
  R: 'a regular expression',
  e: 'a string, "" for a decorative image',
  u: 'a URL template',
  c: 'a condition',
  O: 'a condition',
  A: 'a list of conditions',
  a: `an action name or ${STEP_LIST}`,
  S: STEP_LIST,
  C: 'a list of components',
  o: 'a list of options',
  D: PAIRS,
  J: PAIRS,
  G: `"${SCRIPT_FORMAT}" (a Genesys Cloud export goes through importGenesysScript)`,
  T: `one of ${list(VARIABLE_TYPES)}`,
  L: 'a list of variables',
  Q: 'a list of pages',
  K: 'an object mapping action names to lists of steps',
};
/** Kinds whose value must be a string; those that may not be blank; those that must be unique. */
const STRING_KINDS = 'tpNeruhHZdRFVWPMIU';
const NON_BLANK = 'NuMIU';
const UNIQUE: Record<string, string> = {
  M: 'duplicate-variable',
  I: 'duplicate-component-id',
  U: 'duplicate-page-id',
};
/** A variable's default by type, in the order of VARIABLE_TYPES: the test and the expectation. */
const DEFAULTS: [(v: unknown) => boolean, string][] = [
  [(v) => typeof v === 'string', 'a string'],
  [(v) => Number.isFinite(v), EXPECTED.n!],
  [(v) => typeof v === 'boolean', EXPECTED.b!],
  [(v) => typeof v === 'string' && isCalendarDate(v), EXPECTED.d!],
  [isDateTime, 'an ISO date-time such as 2024-05-01T09:30:00Z'],
  [isStringList, 'a list of strings'],
];

// ------------------------------------------------------------------ helpers

const INVALID = Symbol('invalid');
const WARNING = 'warning';
const MISSING = Number.MAX_SAFE_INTEGER;
const BUILTIN_LOWER = new Set(BUILTIN_VARIABLES.map((b) => b.toLowerCase()));

type Obj = Record<string, unknown>;
/** A place in the document, [up, key, the object or array holding key], printed only if needed. */
type Loc = readonly [up: Loc | undefined, key: PathSegment, parent: unknown];

const ROOT: Loc = [undefined, '', undefined];

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function quote(s: string): string {
  return `'${s.length > 60 ? `${s.slice(0, 57)}…` : s}'`;
}

function list(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function describe(v: unknown): string {
  const type = typeof v;
  return v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : type === 'string'
        ? `string ${quote(v as string)}`
        : type === 'number' || type === 'boolean'
          ? `${type} ${String(v)}`
          : type === 'object'
            ? 'an object'
            : type;
}

/** Optimal-string-alignment distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
        a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? prev2[j - 2]! + 1 : MISSING,
      );
    }
    if (Math.min(...row) > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate closest to `word` (ignoring case), if it is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > 80) return undefined;
  const lower = word.toLowerCase();
  const limit = word.length < 3 ? 0 : Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = candidate === word ? MISSING : editDistance(lower, candidate.toLowerCase(), limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function isDateTime(s: unknown): boolean {
  return (
    typeof s === 'string' &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)?$/.test(s) &&
    isCalendarDate(s.slice(0, 10)) &&
    !Number.isNaN(Date.parse(s))
  );
}

/** Each object's keys by document position, built once per object that has an issue. */
const keyPositions = new WeakMap<object, Map<string, number>>();

/** The steps of a place from the root. */
function chain(loc: Loc): Loc[] {
  const locs: Loc[] = [];
  for (let l = loc; l[0]; l = l[0]) locs.unshift(l);
  return locs;
}

/** The printed JSON path of a place (`''` for the root). */
function pathOf(loc: Loc): string {
  return formatPath(chain(loc).map((l) => l[1]));
}

/** The document position of each step of a place: array index, or the key's place in its object. */
function positionOf(loc: Loc): number[] {
  return chain(loc).map(([, key, parent]) => {
    if (typeof key === 'number') return key;
    let positions = keyPositions.get(parent as object);
    if (!positions) {
      positions = new Map(Object.keys(parent as object).map((k, i) => [k, i]));
      keyPositions.set(parent as object, positions);
    }
    return positions.get(key) ?? MISSING;
  });
}

/** What a value of `kind` should be, for messages. */
function expectation(kind: string): string {
  return kind.includes('|') ? `one of ${list(kind.split('|'))}` : (EXPECTED[kind] ?? 'a string');
}

// ------------------------------------------------------------------ the checker

/**
 * Checks a script without throwing: the parsed script (when no issue is an error) and every issue,
 * errors and warnings, in document order. Accepts the same input as `parseScript`.
 */
export function validateScript(json: unknown): ScriptValidation {
  let value = json;
  let duplicates: JsonScan['duplicates'] = [];
  if (typeof json === 'string') {
    const text = json.replace(/^\uFEFF/, '');
    const scan = scanJson(text);
    try {
      value = JSON.parse(text);
    } catch (e) {
      const at = scan.error;
      const message = `not valid JSON${at ? ` at line ${at.line}, column ${at.column} (character ${at.offset}): ${at.reason}` : `: ${String(e)}`}`;
      return {
        script: undefined,
        issues: [{ path: '', code: 'invalid-json', message, severity: 'error' }],
      };
    }
    duplicates = scan.duplicates;
  }

  const found: [ScriptIssue, number[], number][] = [];
  /** Declared variables by name (the first declaration). */
  const vars = new Map<string, Obj>();
  const pages = new Set<string>();
  let actionNames: string[] = [];
  const seen = new Map<string, Loc>();
  /** Where interpolated values leave the page: the names, the place, and what carries them. */
  const sinks: [string[], Loc, string][] = [];
  /** `setVariable` steps: the target, the names its value is computed from, the place. */
  const flows: [string, string[], Loc][] = [];
  /** How many names suggestions may still compare: a bound on the work for hostile input. */
  let budget = 200_000;
  let optionLists = 0;

  const report = (
    loc: Loc,
    code: string,
    message: string,
    severity: 'error' | 'warning' = 'error',
  ): typeof INVALID => {
    found.push([{ path: pathOf(loc), code, message, severity }, positionOf(loc), found.length]);
    return INVALID;
  };
  const at = (loc: Loc, parent: unknown, key: PathSegment): Loc => [loc, key, parent];
  /** The one message template: what was expected, what was found, and a hint. */
  const bad = (loc: Loc, code: string, what: string, v: unknown, hint = ''): typeof INVALID =>
    report(loc, code, `expected ${what}, got ${describe(v)}${hint}`);
  /** ` — did you mean 'x'?` for a likely typo. */
  const suggest = (word: string, candidates: readonly string[]): string => {
    const match = budget > 0 ? closestMatch(word, candidates) : undefined;
    budget -= candidates.length;
    return match === undefined ? '' : ` — did you mean '${match}'?`;
  };
  /** `v` when it is one of `names`; else reports `code` (listing the names when they are few). */
  const pick = (
    v: unknown,
    loc: Loc,
    noun: string,
    names: readonly string[],
    code: string,
    ok = typeof v === 'string' && names.includes(v),
  ): unknown =>
    ok
      ? v
      : bad(
          loc,
          typeof v === 'string' ? code : 'invalid-type',
          names.length && names.length < 21 ? `${noun}: one of ${list(names)}` : noun,
          v,
          typeof v === 'string' ? suggest(v, names) : '',
        );
  const unique = (v: string, loc: Loc, scope: string, code: string): void => {
    const first = seen.get(scope + v);
    if (first)
      report(loc, code, `${quote(v)} is already used at ${pathOf(first)}; it must be unique`);
    else seen.set(scope + v, loc);
  };

  // First pass: the names that references may point at, wherever they are declared.
  if (isObject(value)) {
    const { variables: vs, pages: ps, actions: as } = value;
    if (Array.isArray(vs))
      for (const v of vs)
        if (isObject(v) && typeof v.name === 'string' && !vars.has(v.name)) vars.set(v.name, v);
    if (Array.isArray(ps))
      for (const p of ps) if (isObject(p) && typeof p.id === 'string') pages.add(p.id);
    if (isObject(as)) actionNames = Object.keys(as);
  }
  const variableNames = [...vars.keys()];
  const names = [...variableNames, ...BUILTIN_VARIABLES];
  const pageIds = [...pages];
  const actions = new Set(actionNames);
  const isSecured = (name: string): boolean => vars.get(name)?.secured === true;

  /** Warns about `shown` (`{{Name}}` or `{Name}`) when `name` is no variable or built-in. */
  const known = (loc: Loc, shown: string, name: string, effect: string): void => {
    if (!vars.has(name) && !isBuiltinVariable(name))
      report(
        loc,
        'unknown-variable',
        `${shown} names no variable or built-in, so it ${effect}${suggest(name, names)}`,
        WARNING,
      );
  };
  /** Checks every `{{Name}}` of a text; returns the names. */
  const interpolate = (text: string, loc: Loc): string[] => {
    const used: string[] = [];
    if (!text.includes('{{')) return used;
    for (const m of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
      const name = m[1]!.trim();
      if (used.includes(name)) continue;
      used.push(name);
      if (name) known(loc, `{{${name}}}`, name, 'renders empty');
      else report(loc, 'empty-interpolation', `'${m[0]}' names no variable`, WARNING);
    }
    return used;
  };
  /** The names of a URL: exactly `{{Var}}`, or an RFC 6570 template checked by the runtime's parser. */
  const url = (text: string, loc: Loc): string[] => {
    if (/^\{\{[^{}]*\}\}$/.test(text)) return interpolate(text, loc);
    try {
      const variables = parseUriTemplate(text).variables;
      for (const name of variables) known(loc, `{${name}}`, name, 'expands to nothing');
      return [...variables];
    } catch (e) {
      bad(
        loc,
        'invalid-url-template',
        EXPECTED.u!,
        text,
        ` (${(e as Error).message}): write a variable as {AccountId}, which encodes it; {{Var}} only as the whole URL`,
      );
      // Its {{names}} still count as reaching the URL, so that a secured one is named as such.
      return [...text.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => m[1]!.trim()).filter(Boolean);
    }
  };

  /** Checks an object against its schema; returns the copy of its known fields. */
  const object = (
    v: unknown,
    loc: Loc,
    what: string,
    fields: Schema,
    depth = 0,
    type = '',
  ): unknown => {
    if (!isObject(v)) return bad(loc, 'invalid-type', `${what} (an object)`, v);
    const out: Obj = {};
    for (const key of Object.keys(v)) {
      const l = at(loc, v, key);
      const field = fields.get(key);
      if (field) {
        const result = check(field[1], v[key], l, v, what, depth, type);
        if (result !== INVALID) out[key] = result;
      } else {
        const keys = [...fields.keys()];
        report(
          l,
          'unknown-field',
          `${what} has no field ${quote(key)}; it is ignored${suggest(key, keys) || `. Fields: ${list(keys)}`}`,
          WARNING,
        );
      }
    }
    for (const [key, kind] of REQUIRED.get(fields)!)
      if (!Object.hasOwn(v, key))
        report(
          at(loc, v, key),
          'missing-field',
          `${what} is missing '${key}' (${expectation(kind)})`,
        );
    const { min, max } = out as { min?: number; max?: number };
    if (min !== undefined && max !== undefined && min > max)
      report(
        at(loc, v, 'min'),
        'min-greater-than-max',
        `min (${min}) is greater than max (${max})`,
      );
    return out;
  };

  /** An object whose `key` (`type`, `do`, `op`) picks its schema from `types`. */
  const typed = (
    v: unknown,
    loc: Loc,
    key: string,
    noun: string,
    label: string,
    types: Map<string, Schema>,
    depth: number,
    q = '',
  ): unknown => {
    if (!isObject(v)) return bad(loc, 'invalid-type', `a ${noun} (an object with "${key}")`, v);
    const l = at(loc, v, key);
    const t = v[key];
    // The usual case first: a known type, without building the messages' lists.
    if (typeof t === 'string' && types.has(t))
      return object(v, loc, `${q}${t}${q} ${noun}`, types.get(t)!, depth, t);
    const names = [...types.keys()];
    if (!Object.hasOwn(v, key))
      return report(l, 'missing-field', `${noun} is missing '${key}' (one of ${list(names)})`);
    return pick(t, l, `${noun} ${label}`, names, `unknown-${noun}-${label}`);
  };

  const tooDeep = (loc: Loc, things: string): typeof INVALID =>
    report(loc, 'too-deep', `${things} nest more than ${MAX_NESTING} levels deep`);

  const condition = (v: unknown, loc: Loc, depth: number): unknown =>
    depth > MAX_NESTING
      ? tooDeep(loc, 'conditions')
      : typed(v, loc, 'op', 'condition', 'op', CONDITIONS, depth, "'");

  /** A list, each item checked by `item`; an empty one is reported as `code` (a warning for data). */
  const array = (
    v: unknown,
    loc: Loc,
    kind: string,
    item: (x: unknown, l: Loc) => unknown,
    code = '',
    message = '',
  ): unknown => {
    if (!Array.isArray(v)) return bad(loc, 'invalid-type', EXPECTED[kind]!, v);
    if (
      code &&
      !v.length &&
      report(loc, code, message, code === 'empty-data' ? WARNING : 'error') &&
      code !== 'empty-data'
    )
      return INVALID;
    const out: unknown[] = [];
    v.forEach((x, i) => {
      const result = item(x, at(loc, v, i));
      if (result !== INVALID) out.push(result);
    });
    return out;
  };

  const steps = (v: unknown, loc: Loc, depth: number): unknown =>
    depth > MAX_NESTING
      ? tooDeep(loc, 'steps')
      : array(v, loc, 'S', (x, l) => {
          const step = typed(x, l, 'do', 'step', 'type', STEPS, depth);
          const s = x as Obj;
          if (step !== INVALID && s.do === 'screenPop') {
            const hasUrl = Object.hasOwn(s, 'url');
            const hasSearch = Object.hasOwn(s, 'searchString');
            // With neither, the step pops the participant data's screen-pop hint (PEF_URLPop …).
            if (hasUrl && hasSearch)
              report(
                at(l, s, 'searchString'),
                'url-and-search',
                "a screenPop takes at most one of 'url' and 'searchString' (with neither it pops the screen-pop hint of the participant data)",
              );
            if (hasSearch && typeof s.target === 'string' && s.target !== 'host')
              bad(
                at(l, s, 'target'),
                'search-needs-host',
                "'host' (a 'searchString' goes to the CRM host)",
                s.target,
              );
          }
          return step;
        });

  /** Checks one field value of kind `kind` (see the schemas); returns its copy or INVALID. */
  const check = (
    kind: string,
    v: unknown,
    loc: Loc,
    raw: Obj,
    what: string,
    depth: number,
    type: string,
  ): unknown => {
    const key = loc[1] as string;
    if (kind.includes('|')) return pick(v, loc, key, kind.split('|'), 'invalid-value');
    if (STRING_KINDS.includes(kind)) {
      if (typeof v !== 'string')
        return bad(
          loc,
          'invalid-type',
          expectation(kind),
          v,
          typeof v === 'number' || typeof v === 'boolean' ? ` (write it as a string: "${v}")` : '',
        );
      if (NON_BLANK.includes(kind) && !v.trim())
        return report(loc, 'empty-value', `${what}: '${key}' may not be blank`);
    }
    const s = v as string;
    switch (kind) {
      case 't':
      case 'e':
      case 'r':
        interpolate(s, loc);
        return s;
      case 'h':
      case 'H':
      case 'u':
        sinks.push([
          kind === 'u' ? url(s, loc) : interpolate(s, loc),
          loc,
          kind === 'u'
            ? `the ${type} URL`
            : kind === 'h'
              ? 'a CRM search'
              : 'plain conversation data',
        ]);
        return s;
      case 'Z': {
        const sources = interpolate(s, loc);
        const target = raw.variable;
        if (typeof target === 'string') {
          flows.push([target, sources, loc]);
          if (vars.get(target)?.output === true && !isSecured(target))
            sinks.push([sources, loc, `output variable '${target}' (plain participant data)`]);
        }
        return s;
      }
      case 'b':
        return typeof v === 'boolean' ? v : bad(loc, 'invalid-type', EXPECTED.b!, v);
      case 'n':
      case 'i':
      case 'g':
      case 'f':
        return typeof v !== 'number' ||
          !Number.isFinite(v) ||
          (kind === 'i' && !Number.isInteger(v))
          ? bad(loc, 'invalid-type', EXPECTED[kind]!, v)
          : v < (kind === 'i' ? 1 : kind === 'n' ? -Infinity : 0) || (kind === 'f' && !v)
            ? bad(loc, 'invalid-value', EXPECTED[kind]!, v)
            : v;
      case 'x':
        return Number.isFinite(v)
          ? v
          : Array.isArray(v) && v.length === 4 && v.every((n) => Number.isFinite(n))
            ? [...(v as number[])]
            : bad(loc, 'invalid-type', EXPECTED.x!, v);
      case 'z':
        return v === 'stretch' || v === 'auto' || (Number.isFinite(v) && (v as number) >= 0)
          ? v
          : bad(loc, 'invalid-type', EXPECTED.z!, v);
      case 'd':
        return isCalendarDate(s) ? s : bad(loc, 'invalid-date', EXPECTED.d!, s);
      case 'R':
        try {
          new RegExp(s);
          return s;
        } catch (e) {
          return bad(loc, 'invalid-pattern', EXPECTED.R!, s, ` (${(e as Error).message})`);
        }
      case 'F':
      case 'V':
      case 'W':
        return isBuiltinVariable(s)
          ? report(loc, 'readonly-variable', `${quote(s)} is a built-in variable and cannot be set`)
          : pick(
                s,
                loc,
                "a name declared in 'variables'",
                variableNames,
                'unknown-variable',
                vars.has(s),
              ) === INVALID
            ? INVALID
            : kind === 'V' && !isSecured(s)
              ? bad(loc, 'not-secured', 'a variable declared "secured": true', s)
              : kind === 'F' && isSecured(s)
                ? bad(
                    loc,
                    'secured-field',
                    `a variable that is not secured (${type} fields cannot edit secured values)`,
                    s,
                  )
                : s;
      case 'M':
        if (s !== s.trim() || /[{}]/.test(s))
          bad(loc, 'invalid-name', "a name without leading or trailing spaces, '{' or '}'", s);
        if (BUILTIN_LOWER.has(s.toLowerCase()))
          report(loc, 'reserved-name', `${quote(s)} is the name of a built-in variable`);
        unique(s, loc, kind, UNIQUE[kind]!);
        return s;
      case 'I':
      case 'U':
        unique(s, loc, kind, UNIQUE[kind]!);
        return s;
      case 'P':
        return pick(s, loc, 'a page id', pageIds, 'unknown-page', pages.has(s)) && s;
      case 'a':
        return Array.isArray(v)
          ? steps(v, loc, depth + 1)
          : typeof v !== 'string'
            ? bad(loc, 'invalid-type', EXPECTED.a!, v)
            : pick(v, loc, 'an action name', actionNames, 'unknown-action', actions.has(v)) && v;
      case 'S':
        return steps(v, loc, depth + 1);
      case 'C':
        return depth >= MAX_NESTING
          ? tooDeep(loc, 'components')
          : array(v, loc, kind, (x, l) =>
              typed(x, l, 'type', 'component', 'type', COMPONENTS, depth + 1),
            );
      case 'c':
        return condition(v, loc, 0);
      case 'O':
        return condition(v, loc, depth + 1);
      case 'A':
        return array(
          v,
          loc,
          kind,
          (x, l) => condition(x, l, depth + 1),
          'empty-condition',
          `${what} needs at least one condition`,
        );
      case 'o': {
        // Option values are unique within one list: one scope per list, without printing its path.
        const scope = `o${++optionLists}\0`;
        return array(
          v,
          loc,
          kind,
          (x, l) => {
            const option = typeof x === 'string' ? x : object(x, l, 'an option', OPTION);
            const value = isObject(option) ? option.value : option;
            if (typeof value === 'string') unique(value, l, scope, 'duplicate-option');
            return option;
          },
          'empty-options',
          `${what} needs at least one option`,
        );
      }
      case 'D':
      case 'J':
        return array(
          v,
          loc,
          kind,
          (x, l) => object(x, l, 'a data pair', kind === 'D' ? PLAIN_PAIR : SECURED_PAIR),
          'empty-data',
          `${what} needs at least one data pair`,
        );
      case 'Y':
        return object(v, loc, 'a style', STYLE);
      case 'X':
        return object(v, loc, 'a border', BORDER);
      case 'G':
        return v === SCRIPT_FORMAT ? v : bad(loc, 'unsupported-format', EXPECTED.G!, v);
      case 'T':
        return pick(v, loc, 'variable type', VARIABLE_TYPES, 'unknown-variable-type');
      case 'E': {
        if (raw.secured === true)
          return report(
            loc,
            'secured-default',
            'a secured variable may not have a default: secrets do not belong in scripts',
          );
        const rule = DEFAULTS[VARIABLE_TYPES.indexOf(raw.type as never)];
        // With an unknown type (reported there), any plain value is accepted.
        return rule
          ? rule[0](v)
            ? structuredCopy(v)
            : bad(loc, 'invalid-default', `${rule[1]} for a ${String(raw.type)} variable`, v)
          : DEFAULTS.some(([ok], i) => i !== 3 && i !== 4 && ok(v))
            ? structuredCopy(v)
            : bad(loc, 'invalid-type', 'a string, number, boolean or list of strings', v);
      }
      case 'L':
        return array(v, loc, kind, (x, l) => object(x, l, 'a variable', VARIABLE));
      case 'Q':
        return array(
          v,
          loc,
          kind,
          (x, l) => object(x, l, 'a page', PAGE, -1),
          'no-pages',
          `${what} needs at least one page`,
        );
      case 'K': {
        if (!isObject(v)) return bad(loc, 'invalid-type', EXPECTED.K!, v);
        const out: Obj = {};
        for (const name of Object.keys(v)) {
          const l = at(loc, v, name);
          if (!name.trim()) report(l, 'empty-value', 'an action name may not be blank');
          const named = Array.isArray(v[name])
            ? steps(v[name], l, 0)
            : bad(l, 'invalid-type', `${STEP_LIST} for action ${quote(name)}`, v[name]);
          // defineProperty: an action may be called "__proto__" without changing the copy's prototype.
          if (named !== INVALID)
            Object.defineProperty(out, name, {
              value: named,
              enumerable: true,
              writable: true,
              configurable: true,
            });
        }
        return out;
      }
      default: // '_' and 'p'
        return v;
    }
  };

  // Keys that JSON text repeats in one object (JSON.parse kept only the last).
  for (const { object: path, key } of duplicates) {
    let loc = ROOT;
    let node = value;
    for (const segment of path) {
      loc = at(loc, node, segment);
      node = (node as Obj)[segment];
    }
    const isAction = path + '' === 'actions';
    report(
      at(loc, node, key),
      isAction ? 'duplicate-action' : 'duplicate-key',
      `${isAction ? 'action' : 'field'} '${key}' appears more than once; JSON keeps only the last`,
    );
  }

  const script = isObject(value)
    ? object(value, ROOT, 'the script', SCRIPT, -1)
    : bad(
        ROOT,
        'invalid-type',
        `a script object ({ "format": "${SCRIPT_FORMAT}", "name": …, "startPage": …, "pages": […] })`,
        value,
      );

  // Secured egress: which variables hold a secured value, directly or through setVariable copies.
  const tainted = new Map<string, string>();
  for (const name of vars.keys()) if (isSecured(name)) tainted.set(name, 'is secured');
  for (let changed = true; changed;) {
    changed = false;
    for (const [target, sources, loc] of flows) {
      const source = tainted.has(target) ? undefined : sources.find((s) => tainted.has(s));
      if (source !== undefined) {
        tainted.set(target, `holds a secured value (set from '${source}' at ${pathOf(loc)})`);
        changed = true;
      }
    }
  }
  for (const [names, loc, what] of sinks)
    // Once per name: a sink that names a variable twice (e.g. `{{A}}/{{A}}`) is one path.
    for (const name of new Set(names)) {
      const why = tainted.get(name);
      if (why)
        report(
          loc,
          'secured-egress',
          `'${name}' ${why}, and ${what} would carry it off the page; secured values never leave the page`,
        );
    }

  const issues = found
    .sort(([, a, i], [, b, j]) => {
      for (let k = 0; k < a.length && k < b.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
      return a.length - b.length || i - j;
    })
    .map(([issue]) => issue);
  if (issues.some(isErrorIssue)) return { script: undefined, issues };
  const out = script as Obj;
  out.variables ??= [];
  out.actions ??= {};
  return { script: out as unknown as Script, issues };
}

/** A copy of a default value (a list is copied). */
function structuredCopy(v: unknown): unknown {
  return Array.isArray(v) ? [...(v as unknown[])] : v;
}

/**
 * Reads a script in format v1 (`"format": "cx-script/1"`).
 *
 * @param json the script as a parsed JSON value, or as JSON text (a leading byte-order mark is allowed).
 * @returns a deep copy of the script as written; absent `variables` and `actions` become `[]` and `{}`.
 * @throws {ScriptError} when the script has at least one error; `issues` lists every error and
 *   warning with its JSON path, in document order. Any other input never throws anything else.
 */
export function parseScript(json: unknown): Script {
  const { script, issues } = validateScript(json);
  if (script === undefined) throw new ScriptError(issues);
  return script;
}
