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
 *   a `default`, and no URL, CRM search or plain conversation data may reference it, directly or
 *   through `setVariable` copies (`secured-egress`).
 */
import { BUILTIN_VARIABLES, isBuiltinVariable } from './builtins.js';
import { ScriptError, isErrorIssue, type ScriptIssue } from './errors.js';
import { findDuplicateKeys, findJsonSyntaxError } from './json-text.js';
import { appendPath, type PathSegment } from './path.js';
import { parseUriTemplate } from '../uri/template.js';
import {
  COMPONENT_TYPES,
  CONDITION_OPS,
  SCRIPT_FORMAT,
  STEP_TYPES,
  VARIABLE_TYPES,
  type Script,
} from './types.js';

/** What `validateScript` found: the script when it has no errors, and every issue. */
export interface ScriptValidation {
  /** The parsed script, or `undefined` when any issue is an error. */
  script: Script | undefined;
  /** Every error and warning, in document order. */
  issues: ScriptIssue[];
}

/** How deeply stacks, steps and conditions may nest. */
export const MAX_NESTING = 64;

const INVALID = Symbol('invalid');
const MISSING_POSITION = Number.MAX_SAFE_INTEGER;

type Obj = Record<string, unknown>;
type Check = (value: unknown, loc: Loc) => unknown;
type Fields = Record<string, Check>;
/** Required field name -> what it should hold (for the message). */
type Required = Record<string, string>;

/**
 * A place in the document, built lazily: only a reported issue turns it into a printed path and a
 * document position, so a valid script allocates one small object per field visited.
 */
interface Loc {
  readonly up: Loc | undefined;
  readonly key: PathSegment;
  /** The object or array that holds `key` (for its document position). */
  readonly parent: unknown;
}

const ROOT: Loc = { up: undefined, key: '', parent: undefined };

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(loc: Loc, parent: unknown, key: PathSegment): Loc {
  return { up: loc, key, parent };
}

function segmentsOf(loc: Loc): Loc[] {
  const chain: Loc[] = [];
  for (let l: Loc | undefined = loc; l !== undefined && l.up !== undefined; l = l.up) chain.push(l);
  return chain.reverse();
}

/** The printed JSON path of a place (`''` for the root). */
function pathOf(loc: Loc): string {
  let path = '';
  for (const l of segmentsOf(loc)) path = appendPath(path, l.key);
  return path;
}

/** Each object's keys by document position, built once per object that has an issue. */
const keyPositions = new WeakMap<object, Map<string, number>>();

/** The document position of each step of a place: array index, or the key's place in its object. */
function positionOf(loc: Loc): number[] {
  return segmentsOf(loc).map((l) => {
    if (typeof l.key === 'number') return l.key;
    if (!isObject(l.parent)) return MISSING_POSITION;
    let positions = keyPositions.get(l.parent);
    if (positions === undefined) {
      positions = new Map(Object.keys(l.parent).map((k, i) => [k, i]));
      keyPositions.set(l.parent, positions);
    }
    return positions.get(l.key) ?? MISSING_POSITION;
  });
}

function quote(s: string): string {
  const t = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  return `'${t}'`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `string ${quote(value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function list(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/** `a text component`, `an input component`. */
function a(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** Optimal-string-alignment distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
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
    if (candidate === word) continue;
    const d = editDistance(lower, candidate.toLowerCase(), limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '.' : ` — did you mean '${match}'?`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isDateTime(s: string): boolean {
  return DATETIME.test(s) && isDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s));
}

const INTERPOLATION = /\{\{([^{}]*)\}\}/g;
const WHOLE_INTERPOLATION = /^\{\{([^{}]*)\}\}$/;

const KNOWN_COMPONENT_TYPES: readonly string[] = COMPONENT_TYPES;
const KNOWN_STEP_TYPES: readonly string[] = STEP_TYPES;
const KNOWN_OPS: readonly string[] = CONDITION_OPS;
const KNOWN_VARIABLE_TYPES: readonly string[] = VARIABLE_TYPES;
const FIELD_TYPES = new Set([
  'input',
  'textarea',
  'number',
  'date',
  'dropdown',
  'checkbox',
  'radio',
]);
const BINARY_OPS = new Set(['equal', 'notEqual', 'contains', 'greaterThan', 'lessThan']);
const BUILTIN_LOWER = new Set(BUILTIN_VARIABLES.map((b) => b.toLowerCase()));

interface VarInfo {
  type: unknown;
  secured: boolean;
  output: boolean;
}

/** A place where interpolated values leave the page. */
interface Sink {
  names: string[];
  loc: Loc;
  what: string;
}

/** A `setVariable` step: the target takes a value computed from `sources`. */
interface Flow {
  target: string;
  sources: string[];
  loc: Loc;
}

interface Found {
  issue: ScriptIssue;
  pos: readonly number[];
  seq: number;
}

class Parser {
  private readonly found: Found[] = [];
  private readonly vars = new Map<string, VarInfo>();
  private readonly pageIds = new Set<string>();
  private readonly actionNames = new Set<string>();
  private readonly seenVariables = new Map<string, Loc>();
  private readonly seenPages = new Map<string, Loc>();
  private readonly seenComponents = new Map<string, Loc>();
  private readonly sinks: Sink[] = [];
  private readonly flows: Flow[] = [];

  report(loc: Loc, code: string, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.found.push({
      issue: { path: pathOf(loc), code, message, severity },
      pos: positionOf(loc),
      seq: this.found.length,
    });
  }

  /** Every issue, in document order (issues at the same place keep the order they were found in). */
  issues(): ScriptIssue[] {
    const sorted = [...this.found].sort((a, b) => {
      const n = Math.min(a.pos.length, b.pos.length);
      for (let i = 0; i < n; i++) {
        const d = a.pos[i]! - b.pos[i]!;
        if (d !== 0) return d;
      }
      return a.pos.length - b.pos.length || a.seq - b.seq;
    });
    return sorted.map((f) => f.issue);
  }

  /** Reports keys that JSON text repeats in one object (JSON.parse kept only the last). */
  duplicateKeys(root: unknown, duplicates: { object: PathSegment[]; key: string }[]): void {
    for (const { object, key } of duplicates) {
      let loc = ROOT;
      let node = root;
      for (const segment of object) {
        loc = at(loc, node, segment);
        node =
          typeof segment === 'number'
            ? Array.isArray(node)
              ? node[segment]
              : undefined
            : isObject(node) && Object.hasOwn(node, segment)
              ? node[segment]
              : undefined;
      }
      const keyLoc = at(loc, node, key);
      if (object.length === 1 && object[0] === 'actions') {
        this.report(
          keyLoc,
          'duplicate-action',
          `action '${key}' is defined more than once; JSON keeps only the last definition. Rename one of them.`,
        );
      } else {
        this.report(
          keyLoc,
          'duplicate-key',
          `field '${key}' appears more than once in this object; JSON keeps only the last value. Remove or rename the other.`,
        );
      }
    }
  }

  // ---------------------------------------------------------------- generic checks

  private typeError(loc: Loc, expected: string, got: unknown, hint = ''): typeof INVALID {
    this.report(loc, 'invalid-type', `expected ${expected}, got ${describe(got)}${hint}`);
    return INVALID;
  }

  /** Checks an object against its fields; returns the copy of the known fields. */
  private object(
    value: unknown,
    loc: Loc,
    what: string,
    required: Required,
    fields: Fields,
  ): Obj | undefined {
    if (!isObject(value)) {
      this.typeError(loc, `${what} (an object)`, value);
      return undefined;
    }
    for (const key of Object.keys(required)) {
      if (!Object.hasOwn(value, key)) {
        this.report(
          at(loc, value, key),
          'missing-field',
          `${what} is missing required field '${key}' (${required[key]!})`,
        );
      }
    }
    const out: Obj = {};
    for (const key of Object.keys(value)) {
      const child = at(loc, value, key);
      if (Object.hasOwn(fields, key)) {
        const result = fields[key]!(value[key], child);
        if (result !== INVALID) out[key] = result;
      } else {
        const suggestion = closestMatch(key, Object.keys(fields));
        this.report(
          child,
          'unknown-field',
          suggestion === undefined
            ? `unknown field ${quote(key)} on ${what}; it is ignored. Known fields: ${list(Object.keys(fields))}.`
            : `unknown field ${quote(key)} on ${what} — did you mean '${suggestion}'? It is ignored.`,
          'warning',
        );
      }
    }
    return out;
  }

  private readonly bool: Check = (v, loc) =>
    typeof v === 'boolean' ? v : this.typeError(loc, 'true or false', v);

  private str(opts: { nonBlank?: string; interpolate?: boolean } = {}): Check {
    return (v, loc) => {
      if (typeof v !== 'string') return this.typeError(loc, 'a string', v);
      if (opts.nonBlank !== undefined && v.trim() === '') {
        this.report(loc, 'empty-value', `${opts.nonBlank} may not be blank`);
        return INVALID;
      }
      if (opts.interpolate) this.interpolation(v, loc);
      return v;
    };
  }

  private num(opts: { integer?: boolean; min?: number; positive?: boolean } = {}): Check {
    return (v, loc) => {
      const kind = opts.integer ? 'a whole number' : 'a number';
      if (typeof v !== 'number' || !Number.isFinite(v)) return this.typeError(loc, kind, v);
      if (opts.integer && !Number.isInteger(v)) return this.typeError(loc, kind, v);
      if (opts.min !== undefined && v < opts.min) {
        this.report(loc, 'invalid-value', `expected ${kind} of at least ${opts.min}, got ${v}`);
        return INVALID;
      }
      if (opts.positive && v <= 0) {
        this.report(loc, 'invalid-value', `expected ${kind} greater than 0, got ${v}`);
        return INVALID;
      }
      return v;
    };
  }

  private oneOf(values: readonly string[], what: string): Check {
    return (v, loc) => {
      if (typeof v === 'string' && values.includes(v)) return v;
      if (typeof v !== 'string') return this.typeError(loc, `${what}: one of ${list(values)}`, v);
      this.report(
        loc,
        'invalid-value',
        `${what} ${quote(v)} is not allowed${didYouMean(v, values)} Use one of ${list(values)}.`,
      );
      return INVALID;
    };
  }

  private arrayOf(item: (v: unknown, loc: Loc) => unknown, expected: string): Check {
    return (v, loc) => {
      if (!Array.isArray(v)) return this.typeError(loc, expected, v);
      const out: unknown[] = [];
      v.forEach((entry, i) => {
        const result = item(entry, at(loc, v, i));
        if (result !== INVALID) out.push(result);
      });
      return out;
    };
  }

  // ---------------------------------------------------------------- references

  /**
   * How many names suggestions may still compare: plenty for any real script, and a bound on the
   * work for hostile input (tens of thousands of unknown names against tens of thousands of names).
   */
  private suggestionBudget = 200_000;

  /** ` — did you mean 'x'?` for a likely typo, else `.`. */
  private didYouMean(word: string, candidates: readonly string[]): string {
    if (this.suggestionBudget <= 0) return '.';
    this.suggestionBudget -= candidates.length;
    return didYouMean(word, candidates);
  }

  private knownVariablesCache: string[] | undefined;
  private knownNamesCache: string[] | undefined;
  private knownPagesCache: string[] | undefined;
  private knownActionsCache: string[] | undefined;

  /** Names `{{…}}` may use (declared once `collectNames` ran, so computed once). */
  private knownNames(): string[] {
    return (this.knownNamesCache ??= [...this.vars.keys(), ...BUILTIN_VARIABLES]);
  }

  /** Checks every `{{Name}}` of a text; unknown names are warnings. Returns the names. */
  private interpolation(text: string, loc: Loc): string[] {
    const names: string[] = [];
    for (const match of text.matchAll(INTERPOLATION)) {
      const name = match[1]!.trim();
      if (names.includes(name)) continue;
      names.push(name);
      if (name === '') {
        this.report(
          loc,
          'empty-interpolation',
          `'${match[0]}' names no variable; write {{Name}} or remove it`,
          'warning',
        );
      } else if (!this.vars.has(name) && !isBuiltinVariable(name)) {
        this.report(
          loc,
          'unknown-variable',
          `{{${name}}} names no variable or built-in, so it renders empty${this.didYouMean(name, this.knownNames())} Declare it in 'variables' or fix the name.`,
          'warning',
        );
      }
    }
    return names;
  }

  /** A `variable` field: must name a declared variable. */
  private variableRef(kind: 'secured' | 'field' | 'setVariable', componentType = ''): Check {
    return (v, loc) => {
      if (typeof v !== 'string') return this.typeError(loc, 'a variable name (a string)', v);
      if (isBuiltinVariable(v)) {
        this.report(
          loc,
          'readonly-variable',
          `'${v}' is a built-in variable and cannot be set; use a script variable declared in 'variables'`,
        );
        return v;
      }
      const info = this.vars.get(v);
      if (info === undefined) {
        this.report(
          loc,
          'unknown-variable',
          `no variable named ${quote(v)}${this.didYouMean(v, (this.knownVariablesCache ??= [...this.vars.keys()]))} Declare it in 'variables' or fix the name.`,
        );
        return v;
      }
      if (kind === 'secured' && !info.secured) {
        this.report(
          loc,
          'not-secured',
          `variable '${v}' is not secured; a secured component shows only variables declared with "secured": true (show a plain value with a text component and {{${v}}})`,
        );
      } else if (kind === 'field' && info.secured) {
        this.report(
          loc,
          'secured-field',
          `variable '${v}' is secured, and ${a(componentType)} field cannot edit a secured value; show it with a 'secured' component instead`,
        );
      }
      return v;
    };
  }

  private readonly pageRef: Check = (v, loc) => {
    if (typeof v !== 'string') return this.typeError(loc, 'a page id (a string)', v);
    if (!this.pageIds.has(v)) {
      const known = (this.knownPagesCache ??= [...this.pageIds]);
      this.report(
        loc,
        'unknown-page',
        `no page has id ${quote(v)}${this.didYouMean(v, known)} ${known.length > 0 && known.length <= 12 ? `Page ids: ${list(known)}.` : "Use the id of a page in 'pages'."}`,
      );
    }
    return v;
  };

  private actionRef(depth: number): Check {
    return (v, loc) => {
      if (typeof v === 'string') {
        if (!this.actionNames.has(v)) {
          const known = (this.knownActionsCache ??= [...this.actionNames]);
          this.report(
            loc,
            'unknown-action',
            `no action named ${quote(v)}${this.didYouMean(v, known)} ${known.length === 0 ? "The script defines no 'actions'." : known.length <= 12 ? `Actions: ${list(known)}.` : "Use a key of 'actions'."}`,
          );
        }
        return v;
      }
      if (Array.isArray(v)) return this.steps(depth)(v, loc);
      return this.typeError(loc, "an action name (a key of 'actions') or a list of steps", v);
    };
  }

  /** A URL: an RFC 6570 template, or exactly `{{Var}}`. */
  private url(what: string): Check {
    return (v, loc) => {
      if (typeof v !== 'string') return this.typeError(loc, 'a URL (a string)', v);
      if (v.trim() === '') {
        this.report(loc, 'empty-value', `${what} may not be blank`);
        return INVALID;
      }
      const names = WHOLE_INTERPOLATION.test(v)
        ? this.interpolation(v, loc)
        : this.uriTemplate(v, loc);
      this.sinks.push({ names, loc, what });
      return v;
    };
  }

  private uriTemplate(template: string, loc: Loc): string[] {
    let names: readonly string[];
    try {
      // The same parser the runtime expands with, so parseScript accepts exactly what will run.
      names = parseUriTemplate(template).variables;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const hint = template.includes('{{')
        ? ' {{…}} may only be the whole URL; inside a URL write an RFC 6570 expression such as {AccountId}, which encodes the value.'
        : ' Write variables as RFC 6570 expressions such as {AccountId} or {?tab,q}.';
      this.report(
        loc,
        'invalid-url-template',
        `${quote(template)} is not a valid URL template: ${why}.${hint}`,
      );
      return [];
    }
    for (const name of names) {
      if (!this.vars.has(name) && !isBuiltinVariable(name)) {
        this.report(
          loc,
          'unknown-variable',
          `{${name}} in the URL names no variable or built-in, so it expands to nothing${this.didYouMean(name, this.knownNames())} Declare it in 'variables' or fix the name.`,
          'warning',
        );
      }
    }
    return [...names];
  }

  // ---------------------------------------------------------------- script

  parse(value: unknown): Script | undefined {
    if (!isObject(value)) {
      this.typeError(
        ROOT,
        `a script object ({ "format": "${SCRIPT_FORMAT}", "name": …, "startPage": …, "pages": […] })`,
        value,
      );
      return undefined;
    }
    this.collectNames(value);
    const out = this.object(
      value,
      ROOT,
      'the script',
      {
        format: `must be "${SCRIPT_FORMAT}"; a Genesys Cloud export goes through importGenesysScript`,
        name: 'a string',
        startPage: 'the id of the first page',
        pages: 'a list of pages',
      },
      {
        format: (v, loc) => {
          if (v !== SCRIPT_FORMAT) {
            this.report(
              loc,
              'unsupported-format',
              `unsupported format ${typeof v === 'string' ? quote(v) : describe(v)}: this version reads "${SCRIPT_FORMAT}" (a Genesys Cloud export goes through importGenesysScript)`,
            );
            return INVALID;
          }
          return v;
        },
        name: this.str({ nonBlank: 'the script name' }),
        description: this.str(),
        startPage: this.pageRef,
        variables: this.arrayOf((v, loc) => this.variable(v, loc), 'a list of variables'),
        pages: (v, loc) => this.pages(v, loc),
        actions: (v, loc) => this.actions(v, loc),
        onConnect: this.actionRef(0),
      },
    );
    this.checkEgress();
    if (out === undefined) return undefined;
    if (!Object.hasOwn(value, 'variables')) out.variables = [];
    if (!Object.hasOwn(value, 'actions')) out.actions = {};
    return out as unknown as Script;
  }

  /** First pass: the names that references may point at, wherever they are declared. */
  private collectNames(script: Obj): void {
    const { variables, pages, actions } = script;
    if (Object.hasOwn(script, 'variables') && Array.isArray(variables)) {
      for (const v of variables) {
        if (
          isObject(v) &&
          typeof v.name === 'string' &&
          Object.hasOwn(v, 'name') &&
          !this.vars.has(v.name)
        ) {
          this.vars.set(v.name, {
            type: Object.hasOwn(v, 'type') ? v.type : undefined,
            secured: Object.hasOwn(v, 'secured') && v.secured === true,
            output: Object.hasOwn(v, 'output') && v.output === true,
          });
        }
      }
    }
    if (Object.hasOwn(script, 'pages') && Array.isArray(pages)) {
      for (const p of pages) {
        if (isObject(p) && Object.hasOwn(p, 'id') && typeof p.id === 'string')
          this.pageIds.add(p.id);
      }
    }
    if (Object.hasOwn(script, 'actions') && isObject(actions)) {
      for (const name of Object.keys(actions)) this.actionNames.add(name);
    }
  }

  private variable(value: unknown, loc: Loc): unknown {
    const raw = isObject(value) ? value : {};
    const type = Object.hasOwn(raw, 'type') ? raw.type : undefined;
    const out = this.object(
      value,
      loc,
      'a variable',
      { name: 'a string', type: `one of ${list(VARIABLE_TYPES)}` },
      {
        name: (v, l) => this.variableName(v, l),
        type: (v, l) => {
          if (typeof v !== 'string')
            return this.typeError(l, `a variable type: one of ${list(VARIABLE_TYPES)}`, v);
          if (!KNOWN_VARIABLE_TYPES.includes(v)) {
            this.report(
              l,
              'unknown-variable-type',
              `unknown variable type ${quote(v)}${didYouMean(v, VARIABLE_TYPES)} Known types: ${list(VARIABLE_TYPES)}.`,
            );
            return INVALID;
          }
          return v;
        },
        input: this.bool,
        output: this.bool,
        secured: this.bool,
        description: this.str(),
        default: (v, l) => {
          if (Object.hasOwn(raw, 'secured') && raw.secured === true) {
            this.report(
              l,
              'secured-default',
              'a secured variable may not have a default: secrets do not belong in scripts. Remove the default; the value comes from secured data.',
            );
            return INVALID;
          }
          return this.defaultValue(v, l, type);
        },
      },
    );
    return out ?? INVALID;
  }

  private variableName(v: unknown, loc: Loc): unknown {
    if (typeof v !== 'string') return this.typeError(loc, 'a variable name (a string)', v);
    if (v.trim() === '') {
      this.report(loc, 'empty-value', 'a variable name may not be blank');
      return INVALID;
    }
    if (v !== v.trim() || /[{}]/.test(v)) {
      this.report(
        loc,
        'invalid-name',
        `variable name ${quote(v)} cannot be used in {{…}}: remove leading or trailing spaces and any '{' or '}'`,
      );
    }
    if (isBuiltinVariable(v) || BUILTIN_LOWER.has(v.toLowerCase())) {
      this.report(
        loc,
        'reserved-name',
        `variable name ${quote(v)} is taken by a built-in variable; choose another name`,
      );
    }
    const first = this.seenVariables.get(v);
    if (first !== undefined) {
      this.report(
        loc,
        'duplicate-variable',
        `variable ${quote(v)} is already declared at ${pathOf(first)}; rename or remove one`,
      );
    } else {
      this.seenVariables.set(v, loc);
    }
    return v;
  }

  private defaultValue(v: unknown, loc: Loc, type: unknown): unknown {
    const mismatch = (expected: string): typeof INVALID => {
      this.report(
        loc,
        'invalid-default',
        `default of a ${String(type)} variable must be ${expected}, got ${describe(v)}`,
      );
      return INVALID;
    };
    switch (type) {
      case 'string':
        return typeof v === 'string' ? v : mismatch('a string');
      case 'number':
        return typeof v === 'number' && Number.isFinite(v) ? v : mismatch('a number');
      case 'boolean':
        return typeof v === 'boolean' ? v : mismatch('true or false');
      case 'date':
        return typeof v === 'string' && isDate(v) ? v : mismatch('a date string YYYY-MM-DD');
      case 'datetime':
        return typeof v === 'string' && isDateTime(v)
          ? v
          : mismatch('an ISO date-time string such as 2024-05-01T09:30:00Z');
      case 'list':
        return Array.isArray(v) && v.every((x) => typeof x === 'string')
          ? [...(v as string[])]
          : mismatch('a list of strings');
      default: {
        // The type itself is wrong (reported there); accept any plain value.
        const plain =
          typeof v === 'string' ||
          typeof v === 'boolean' ||
          (typeof v === 'number' && Number.isFinite(v)) ||
          (Array.isArray(v) && v.every((x) => typeof x === 'string'));
        if (!plain) return this.typeError(loc, 'a string, number, boolean or list of strings', v);
        return Array.isArray(v) ? [...(v as string[])] : v;
      }
    }
  }

  private pages(v: unknown, loc: Loc): unknown {
    if (!Array.isArray(v)) return this.typeError(loc, 'a list of pages', v);
    if (v.length === 0) {
      this.report(loc, 'no-pages', 'a script needs at least one page');
      return INVALID;
    }
    return this.arrayOf((p, l) => this.page(p, l), 'a list of pages')(v, loc);
  }

  private page(value: unknown, loc: Loc): unknown {
    const out = this.object(
      value,
      loc,
      'a page',
      { id: 'a unique string', title: 'a string', body: 'a list of components' },
      {
        id: (v, l) => {
          if (typeof v !== 'string') return this.typeError(l, 'a page id (a string)', v);
          if (v.trim() === '') {
            this.report(l, 'empty-value', 'a page id may not be blank');
            return INVALID;
          }
          const first = this.seenPages.get(v);
          if (first !== undefined) {
            this.report(
              l,
              'duplicate-page-id',
              `page id ${quote(v)} is already used by ${pathOf(first)}; page ids must be unique`,
            );
          } else {
            this.seenPages.set(v, loc);
          }
          return v;
        },
        title: this.str({ interpolate: true }),
        onLoad: this.actionRef(0),
        body: this.components(0),
      },
    );
    return out ?? INVALID;
  }

  private actions(v: unknown, loc: Loc): unknown {
    if (!isObject(v))
      return this.typeError(loc, 'an object mapping action names to lists of steps', v);
    const out: Obj = {};
    for (const name of Object.keys(v)) {
      const l = at(loc, v, name);
      if (name.trim() === '') this.report(l, 'empty-value', 'an action name may not be blank');
      const steps = v[name];
      if (!Array.isArray(steps)) {
        this.typeError(l, `a list of steps for action ${quote(name)}`, steps);
        continue;
      }
      // defineProperty: an action may be called "__proto__" without changing the copy's prototype.
      Object.defineProperty(out, name, {
        value: this.steps(0)(steps, l),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- components

  private components(depth: number): Check {
    return (v, loc) => {
      if (depth > MAX_NESTING) {
        this.report(
          loc,
          'too-deep',
          `components nest more than ${MAX_NESTING} levels deep; flatten the stacks`,
        );
        return INVALID;
      }
      return this.arrayOf((c, l) => this.component(c, l, depth), 'a list of components')(v, loc);
    };
  }

  private component(value: unknown, loc: Loc, depth: number): unknown {
    if (!isObject(value))
      return this.typeError(loc, 'a component (an object with a "type")', value);
    if (!Object.hasOwn(value, 'type')) {
      this.report(
        at(loc, value, 'type'),
        'missing-field',
        `a component is missing required field 'type' (one of ${list(COMPONENT_TYPES)})`,
      );
      return INVALID;
    }
    const type = value.type;
    const typeLoc = at(loc, value, 'type');
    if (typeof type !== 'string')
      return this.typeError(typeLoc, `a component type: one of ${list(COMPONENT_TYPES)}`, type);
    if (!KNOWN_COMPONENT_TYPES.includes(type)) {
      this.report(
        typeLoc,
        'unknown-component-type',
        `unknown component type ${quote(type)}${didYouMean(type, COMPONENT_TYPES)} Known types: ${list(COMPONENT_TYPES)}.`,
      );
      return INVALID;
    }
    const what = `${a(type)} component`;
    const fields: Fields = {
      type: (v) => v,
      id: (v, l) => this.componentId(v, l),
      visible: (v, l) => this.condition(v, l, 0),
      style: (v, l) => this.style(v, l),
      disabled: this.bool,
      disabledReason: this.str({ interpolate: true }),
    };
    const required: Required = {};
    const text = this.str({ interpolate: true });
    if (FIELD_TYPES.has(type)) {
      Object.assign(fields, {
        variable: this.variableRef('field', type),
        label: text,
        required: this.bool,
        placeholder: text,
        hint: text,
      });
      Object.assign(required, { variable: 'the name of the variable it edits', label: 'a string' });
    }
    switch (type) {
      case 'text':
        Object.assign(fields, {
          text,
          variant: this.oneOf(['heading', 'paragraph', 'note'], 'variant'),
        });
        Object.assign(required, { text: 'a string, with {{Var}} interpolation' });
        break;
      case 'secured':
        Object.assign(fields, {
          variable: this.variableRef('secured'),
          label: text,
          mask: this.oneOf(['full', 'last4', 'none'], 'mask'),
        });
        Object.assign(required, { variable: 'the name of a secured variable', label: 'a string' });
        break;
      case 'input':
        Object.assign(fields, {
          pattern: (v: unknown, l: Loc) => this.pattern(v, l),
          patternMessage: text,
          maxLength: this.num({ integer: true, min: 1 }),
        });
        break;
      case 'textarea':
        Object.assign(fields, {
          rows: this.num({ integer: true, min: 1 }),
          maxLength: this.num({ integer: true, min: 1 }),
        });
        break;
      case 'number':
        Object.assign(fields, {
          min: this.num(),
          max: this.num(),
          step: this.num({ positive: true }),
        });
        break;
      case 'date': {
        const date: Check = (v, l) => {
          if (typeof v !== 'string') return this.typeError(l, 'a date string YYYY-MM-DD', v);
          if (!isDate(v)) {
            this.report(
              l,
              'invalid-date',
              `${quote(v)} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-01`,
            );
            return INVALID;
          }
          return v;
        };
        Object.assign(fields, { min: date, max: date });
        break;
      }
      case 'dropdown':
      case 'radio':
        Object.assign(fields, { options: (v: unknown, l: Loc) => this.options(v, l, type) });
        Object.assign(required, { options: 'a list of options' });
        break;
      case 'button':
        Object.assign(fields, { label: text, action: this.actionRef(depth) });
        Object.assign(required, { label: 'a string', action: 'an action name or a list of steps' });
        break;
      case 'link':
        Object.assign(fields, { label: text, url: this.url('a link URL') });
        Object.assign(required, { label: 'a string', url: 'a URL template' });
        break;
      case 'image':
        Object.assign(fields, { url: this.url('an image URL'), alt: text });
        Object.assign(required, {
          url: 'a URL template',
          alt: 'alternative text, "" for a decorative image',
        });
        break;
      case 'webPage':
        Object.assign(fields, { url: this.url('an embedded page URL'), title: text });
        Object.assign(required, { url: 'a URL template', title: "the frame's accessible title" });
        break;
      case 'stack':
        Object.assign(fields, {
          direction: this.oneOf(['vertical', 'horizontal'], 'direction'),
          children: this.components(depth + 1),
          gap: this.num({ min: 0 }),
        });
        Object.assign(required, {
          direction: "'vertical' or 'horizontal'",
          children: 'a list of components',
        });
        break;
    }
    const out = this.object(value, loc, what, required, fields);
    if (out === undefined) return INVALID;
    if ((type === 'number' || type === 'date') && out.min !== undefined && out.max !== undefined) {
      const min = out.min as number | string;
      const max = out.max as number | string;
      if (min > max) {
        this.report(
          at(loc, value, 'min'),
          'min-greater-than-max',
          `min (${String(min)}) is greater than max (${String(max)}); no value could be entered. Swap them or fix one.`,
        );
      }
    }
    return out;
  }

  private componentId(v: unknown, loc: Loc): unknown {
    if (typeof v !== 'string') return this.typeError(loc, 'a component id (a string)', v);
    if (v.trim() === '') {
      this.report(
        loc,
        'empty-value',
        'a component id may not be blank; remove it or name the component',
      );
      return INVALID;
    }
    const first = this.seenComponents.get(v);
    if (first !== undefined) {
      this.report(
        loc,
        'duplicate-component-id',
        `component id ${quote(v)} is already used at ${pathOf(first)}; component ids must be unique in the script`,
      );
    } else {
      this.seenComponents.set(v, loc.up ?? ROOT);
    }
    return v;
  }

  private pattern(v: unknown, loc: Loc): unknown {
    if (typeof v !== 'string') return this.typeError(loc, 'a regular expression (a string)', v);
    try {
      new RegExp(v);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.report(
        loc,
        'invalid-pattern',
        `pattern ${quote(v)} is not a valid JavaScript regular expression: ${why}`,
      );
      return INVALID;
    }
    return v;
  }

  private options(v: unknown, loc: Loc, type: string): unknown {
    if (!Array.isArray(v)) return this.typeError(loc, 'a list of options', v);
    if (v.length === 0) {
      this.report(
        loc,
        'empty-options',
        `${a(type)} needs at least one option; add options such as ["Yes", "No"]`,
      );
      return INVALID;
    }
    const seen = new Map<string, number>();
    const out: unknown[] = [];
    v.forEach((option, i) => {
      const l = at(loc, v, i);
      let value: string | undefined;
      let copy: unknown = INVALID;
      if (typeof option === 'string') {
        value = option;
        copy = option;
      } else if (isObject(option)) {
        const o = this.object(
          option,
          l,
          'an option',
          { value: 'a string', label: 'a string' },
          {
            value: this.str(),
            label: this.str({ interpolate: true }),
          },
        );
        if (o !== undefined && typeof o.value === 'string') value = o.value;
        if (o !== undefined) copy = o;
      } else {
        this.typeError(l, 'an option: a string or { "value": …, "label": … }', option);
      }
      if (value !== undefined) {
        const first = seen.get(value);
        if (first !== undefined) {
          this.report(
            l,
            'duplicate-option',
            `option value ${quote(value)} repeats option ${first}; option values must be unique`,
          );
        } else {
          seen.set(value, i);
        }
      }
      if (copy !== INVALID) out.push(copy);
    });
    return out;
  }

  private style(value: unknown, loc: Loc): unknown {
    const box: Check = (v, l) => {
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (
        Array.isArray(v) &&
        v.length === 4 &&
        v.every((x) => typeof x === 'number' && Number.isFinite(x))
      )
        return [...v];
      return this.typeError(l, 'a number of px or [top, right, bottom, left]', v);
    };
    const size: Check = (v, l) => {
      if (
        v === 'stretch' ||
        v === 'auto' ||
        (typeof v === 'number' && Number.isFinite(v) && v >= 0)
      )
        return v;
      return this.typeError(l, "'stretch', 'auto' or a number of px", v);
    };
    const out = this.object(
      value,
      loc,
      'a style',
      {},
      {
        margin: box,
        padding: box,
        width: size,
        height: size,
        color: this.str(),
        backgroundColor: this.str(),
        fontSize: this.num({ positive: true }),
        fontWeight: this.oneOf(['normal', 'bold'], 'fontWeight'),
        fontStyle: this.oneOf(['normal', 'italic'], 'fontStyle'),
        textAlign: this.oneOf(['start', 'center', 'end'], 'textAlign'),
        align: this.oneOf(['start', 'center', 'end', 'stretch'], 'align'),
        border: (v, l) =>
          this.object(
            v,
            l,
            'a border',
            {
              width: 'a number of px',
              style: "'solid', 'dashed', 'dotted' or 'none'",
              color: 'a CSS colour',
            },
            {
              width: this.num({ min: 0 }),
              style: this.oneOf(['solid', 'dashed', 'dotted', 'none'], 'border style'),
              color: this.str(),
            },
          ) ?? INVALID,
      },
    );
    return out ?? INVALID;
  }

  // ---------------------------------------------------------------- conditions

  private condition(value: unknown, loc: Loc, depth: number): unknown {
    if (depth > MAX_NESTING) {
      this.report(
        loc,
        'too-deep',
        `conditions nest more than ${MAX_NESTING} levels deep; simplify the condition`,
      );
      return INVALID;
    }
    if (!isObject(value)) {
      return this.typeError(
        loc,
        'a condition such as { "op": "equal", "left": "{{A}}", "right": "x" }',
        value,
      );
    }
    const opLoc = at(loc, value, 'op');
    if (!Object.hasOwn(value, 'op')) {
      this.report(
        opLoc,
        'missing-field',
        `a condition is missing required field 'op' (one of ${list(CONDITION_OPS)})`,
      );
      return INVALID;
    }
    const op = value.op;
    if (typeof op !== 'string')
      return this.typeError(opLoc, `a condition operator: one of ${list(CONDITION_OPS)}`, op);
    if (!KNOWN_OPS.includes(op)) {
      this.report(
        opLoc,
        'unknown-condition-op',
        `unknown condition operator ${quote(op)}${didYouMean(op, CONDITION_OPS)} Known operators: ${list(CONDITION_OPS)}.`,
      );
      return INVALID;
    }
    const operand: Check = (v, l) => {
      if (typeof v === 'string') {
        this.interpolation(v, l);
        return v;
      }
      const hint =
        typeof v === 'number' || typeof v === 'boolean'
          ? ` (write it as a string: "${String(v)}")`
          : '';
      return this.typeError(l, 'a string (operands are text with {{Var}} interpolation)', v, hint);
    };
    const what = `an '${op}' condition`;
    const fields: Fields = { op: (v) => v };
    let required: Required = {};
    if (BINARY_OPS.has(op)) {
      Object.assign(fields, { left: operand, right: operand });
      required = { left: 'a string', right: 'a string' };
    } else if (op === 'isEmpty') {
      fields.value = operand;
      required = { value: 'a string, e.g. "{{Notes}}"' };
    } else if (op === 'and' || op === 'or') {
      fields.all = (v, l) => {
        if (!Array.isArray(v)) return this.typeError(l, 'a list of conditions', v);
        if (v.length === 0) {
          this.report(l, 'empty-condition', `'${op}' needs at least one condition in 'all'`);
          return INVALID;
        }
        return this.arrayOf((c, cl) => this.condition(c, cl, depth + 1), 'a list of conditions')(
          v,
          l,
        );
      };
      required = { all: 'a list of conditions' };
    } else {
      fields.of = (v, l) => this.condition(v, l, depth + 1);
      required = { of: 'the condition to negate' };
    }
    return this.object(value, loc, what, required, fields) ?? INVALID;
  }

  // ---------------------------------------------------------------- steps

  private steps(depth: number): Check {
    return (v, loc) => {
      if (depth > MAX_NESTING) {
        this.report(
          loc,
          'too-deep',
          `steps nest more than ${MAX_NESTING} levels deep; move some into a named action`,
        );
        return INVALID;
      }
      return this.arrayOf((s, l) => this.step(s, l, depth), 'a list of steps')(v, loc);
    };
  }

  private step(value: unknown, loc: Loc, depth: number): unknown {
    if (!isObject(value)) return this.typeError(loc, 'a step (an object with "do")', value);
    const doLoc = at(loc, value, 'do');
    if (!Object.hasOwn(value, 'do')) {
      this.report(
        doLoc,
        'missing-field',
        `a step is missing required field 'do' (one of ${list(STEP_TYPES)})`,
      );
      return INVALID;
    }
    const type = value.do;
    if (typeof type !== 'string')
      return this.typeError(doLoc, `a step type: one of ${list(STEP_TYPES)}`, type);
    if (!KNOWN_STEP_TYPES.includes(type)) {
      this.report(
        doLoc,
        'unknown-step-type',
        `unknown step type ${quote(type)}${didYouMean(type, STEP_TYPES)} Known steps: ${list(STEP_TYPES)}.`,
      );
      return INVALID;
    }
    const text = this.str({ interpolate: true });
    const fields: Fields = {
      do: (v) => v,
      onSuccess: this.steps(depth + 1),
      onFailure: this.steps(depth + 1),
    };
    let required: Required = {};
    switch (type) {
      case 'screenPop':
        Object.assign(fields, {
          url: this.url('a screen-pop URL'),
          searchString: (v: unknown, l: Loc) => {
            if (typeof v !== 'string') return this.typeError(l, 'a string', v);
            this.sinks.push({
              names: this.interpolation(v, l),
              loc: l,
              what: 'a screen-pop search sent to the CRM',
            });
            return v;
          },
          target: this.oneOf(['host', 'window', 'frame'], 'target'),
        });
        break;
      case 'openUrl':
        Object.assign(fields, {
          url: this.url('an opened URL'),
          target: this.oneOf(['window', 'frame'], 'target'),
        });
        required = { url: 'a URL template' };
        break;
      case 'changePage':
        fields.page = this.pageRef;
        required = { page: 'the id of a page' };
        break;
      case 'setVariable': {
        const target =
          Object.hasOwn(value, 'variable') && typeof value.variable === 'string'
            ? value.variable
            : undefined;
        fields.variable = this.variableRef('setVariable');
        fields.value = (v, l) => {
          if (typeof v !== 'string') {
            const hint =
              typeof v === 'number' || typeof v === 'boolean'
                ? ` (write it as a string: "${String(v)}")`
                : '';
            return this.typeError(l, "a string (converted to the variable's type)", v, hint);
          }
          const sources = this.interpolation(v, l);
          if (target !== undefined) this.flows.push({ target, sources, loc: l });
          return v;
        };
        required = {
          variable: 'the name of the variable to set',
          value: 'a string, with {{Var}} interpolation',
        };
        break;
      }
      case 'setConversationData':
      case 'setSecuredData':
        fields.data = (v, l) => this.dataPairs(v, l, type === 'setConversationData');
        required = { data: 'a list of { "name": …, "value": … }' };
        break;
      case 'if':
        Object.assign(fields, {
          condition: (v: unknown, l: Loc) => this.condition(v, l, 0),
          then: this.steps(depth + 1),
          else: this.steps(depth + 1),
        });
        required = { condition: 'a condition', then: 'the steps to run when the condition holds' };
        break;
      case 'alert':
        fields.message = text;
        required = { message: 'the text to show the agent' };
        break;
    }
    const out = this.object(value, loc, `${a(type)} step`, required, fields);
    if (out === undefined) return INVALID;
    if (type === 'screenPop') {
      const hasUrl = Object.hasOwn(value, 'url');
      const hasSearch = Object.hasOwn(value, 'searchString');
      if (hasUrl && hasSearch) {
        this.report(
          at(loc, value, 'searchString'),
          'url-and-search',
          "a screenPop has both 'url' and 'searchString'; keep exactly one (a URL to open, or a search for the CRM host)",
        );
      } else if (!hasUrl && !hasSearch) {
        this.report(
          loc,
          'missing-url-or-search',
          "a screenPop needs 'url' (the record to open) or 'searchString' (a CRM search)",
        );
      }
      if (
        hasSearch &&
        Object.hasOwn(value, 'target') &&
        value.target !== 'host' &&
        typeof value.target === 'string'
      ) {
        this.report(
          at(loc, value, 'target'),
          'search-needs-host',
          `'searchString' is sent to the CRM host, so target must be 'host', got ${quote(value.target)}; use 'url' to open a window or frame`,
        );
      }
    }
    return out;
  }

  private dataPairs(v: unknown, loc: Loc, plain: boolean): unknown {
    if (!Array.isArray(v)) return this.typeError(loc, 'a list of { "name": …, "value": … }', v);
    if (v.length === 0)
      this.report(
        loc,
        'empty-data',
        'this step writes nothing; add a { "name", "value" } pair or remove the step',
        'warning',
      );
    return this.arrayOf(
      (pair, l) =>
        this.object(
          pair,
          l,
          'a data pair',
          { name: 'a non-blank name', value: 'a string, with {{Var}} interpolation' },
          {
            name: this.str({ nonBlank: 'a data name' }),
            value: (x, vl) => {
              if (typeof x !== 'string') return this.typeError(vl, 'a string', x);
              const names = this.interpolation(x, vl);
              if (plain) this.sinks.push({ names, loc: vl, what: 'plain conversation data' });
              return x;
            },
          },
        ) ?? INVALID,
      'a list of { "name": …, "value": … }',
    )(v, loc);
  }

  // ---------------------------------------------------------------- secured egress

  private checkEgress(): void {
    const tainted = new Map<string, string>(); // name -> how it became secured
    for (const [name, info] of this.vars) if (info.secured) tainted.set(name, 'is secured');
    for (let changed = true; changed;) {
      changed = false;
      for (const flow of this.flows) {
        if (tainted.has(flow.target)) continue;
        const source = flow.sources.find((s) => tainted.has(s));
        if (source !== undefined) {
          tainted.set(
            flow.target,
            `holds a secured value (set from '${source}' at ${pathOf(flow.loc)})`,
          );
          changed = true;
        }
      }
    }
    for (const sink of this.sinks) {
      for (const name of sink.names) {
        const why = tainted.get(name);
        if (why === undefined) continue;
        this.report(
          sink.loc,
          'secured-egress',
          `'${name}' ${why}, and ${sink.what} would carry it off the page. Secured values never leave the page: remove the reference (show the value with a 'secured' component instead).`,
        );
      }
    }
    for (const flow of this.flows) {
      const info = this.vars.get(flow.target);
      if (info === undefined || info.secured || !info.output) continue;
      const source = flow.sources.find((s) => tainted.has(s));
      if (source !== undefined) {
        this.report(
          flow.loc,
          'secured-egress',
          `'${source}' is secured, and '${flow.target}' is an output variable written to plain participant data; secured values never leave the page. Copy it into a secured variable or remove the step.`,
        );
      }
    }
  }
}

function jsonIssue(text: string, error: unknown): ScriptIssue {
  const found = findJsonSyntaxError(text);
  const detail = error instanceof Error ? error.message : String(error);
  const message =
    found !== undefined
      ? `not valid JSON at line ${found.line}, column ${found.column} (character ${found.offset}): ${found.reason}`
      : `not valid JSON: ${detail}`;
  return { path: '', code: 'invalid-json', message, severity: 'error' };
}

/**
 * Checks a script without throwing: the parsed script (when no issue is an error) and every issue,
 * errors and warnings, in document order. Accepts the same input as `parseScript`.
 */
export function validateScript(json: unknown): ScriptValidation {
  let value = json;
  const parser = new Parser();
  if (typeof json === 'string') {
    const text = json.charCodeAt(0) === 0xfeff ? json.slice(1) : json;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { script: undefined, issues: [jsonIssue(text, error)] };
    }
    parser.duplicateKeys(value, findDuplicateKeys(text));
  }
  const script = parser.parse(value);
  const issues = parser.issues();
  return { script: issues.some(isErrorIssue) ? undefined : script, issues };
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
