/**
 * The importer's shared state and its readers of Genesys property values: `{ typeName, value }`
 * pairs, `{{…}}` text, URLs, and the layout properties that become style hints.
 *
 * Everything here reads untrusted JSON: no reader throws; a value of the wrong shape is treated
 * as absent (with a warning where the designer would want to know).
 */
import {
  BUILTIN_VARIABLES,
  appendPath,
  isBuiltinVariable,
  type ComponentStyle,
  type PathSegment,
  type VariableDef,
} from '../index.js';

/** One thing the importer could not carry over exactly, with its place in the export. */
export interface GenesysImportWarning {
  /** JSON path into the export (`pages[0].rootContainer.children[3].properties.clickAction`). */
  path: string;
  /** A stable code: `unsupported-action`, `unsupported-component`, `unknown-variable` … */
  code: string;
  /** What was found, named as Genesys names it, and what the imported script does instead. */
  message: string;
}

/** A JSON object. */
export type Obj = Record<string, unknown>;

/** `true` for a plain JSON object (not an array, not null). */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of `value` when it is an object (never an inherited one). */
export function own(value: unknown, key: string): unknown {
  return isObj(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** `path` with `segments` appended. */
export function at(path: string, ...segments: PathSegment[]): string {
  return segments.reduce<string>(appendPath, path);
}

/** A string for messages: quoted, shortened. */
export function quote(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `'${s.length > 60 ? `${s.slice(0, 57)}…` : s}'`;
}

/** Sets `object[key]` as an own property, even for `__proto__`. */
export function define<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A Genesys variable as the importer knows it. */
export interface ImportedVariable {
  def: VariableDef;
  /** The Genesys type name (`string`, `number`, `boolean` …). */
  genesysType: string;
  /** The expression of a dynamic variable. */
  expression?: string;
  /** Where the variable is declared in the export. */
  path: string;
}

/** The importer's state while it converts one export. */
export class ImportContext {
  readonly warnings: GenesysImportWarning[] = [];
  /** Variables by Genesys id. */
  readonly varsById = new Map<string, ImportedVariable>();
  /** Variables by native name. */
  readonly varsByName = new Map<string, ImportedVariable>();
  /** Native page ids by Genesys page id. */
  readonly pagesById = new Map<string, string>();
  /** Native action names by Genesys custom-action id, and what in them is unsupported. */
  readonly actionsById = new Map<string, { name: string; unsupported: string | undefined }>();
  /** Native names of the variables that a step sets or a field edits (not constant). */
  readonly assigned = new Set<string>();
  /** Variables created for dangling references, by the reference. */
  readonly created = new Map<string, ImportedVariable>();

  warn(path: string, code: string, message: string): void {
    this.warnings.push({ path, code, message });
  }

  /** The variable a reference (id or name) names, without a warning. */
  find(ref: unknown): ImportedVariable | undefined {
    return typeof ref === 'string'
      ? (this.varsById.get(ref) ?? this.varsByName.get(ref))
      : undefined;
  }

  /**
   * The variable a reference names: a Genesys variable id, or (older exports) a variable name.
   * Reports a dangling reference; `undefined` for none.
   */
  variable(ref: unknown, path: string, what: string): ImportedVariable | undefined {
    if (typeof ref !== 'string' || ref === '') return undefined;
    const found = this.find(ref);
    if (!found)
      this.warn(
        path,
        'unknown-variable',
        `${what} names variable ${quote(ref)}, which the export does not declare`,
      );
    return found;
  }
}

/** The `value` of a `{ typeName, value }` property (`undefined` for `typeName: 'null'` or none). */
export function valueOf(property: unknown): unknown {
  return own(property, 'typeName') === 'null' ? undefined : own(property, 'value');
}

/** A property's value as a string, or `undefined`. */
export function stringOf(property: unknown): string | undefined {
  const v = valueOf(property);
  return typeof v === 'string' ? v : undefined;
}

/** A property's value as a boolean, or `undefined`. */
export function booleanOf(property: unknown): boolean | undefined {
  const v = valueOf(property);
  return typeof v === 'boolean' ? v : undefined;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const BUILTIN_LOWER = new Set(BUILTIN_VARIABLES.map((b) => b.toLowerCase()));

/** `true` when a native variable may not take `name` (a built-in's, in any case). */
export function isReservedName(name: string): boolean {
  return BUILTIN_LOWER.has(name.toLowerCase());
}

/**
 * Converts Genesys `{{…}}` text: `{{<variable id>}}` becomes `{{Name}}`; built-ins and names stay.
 * `name` maps each kept placeholder (for URLs); a dangling id is dropped with a warning.
 */
export function convertText(
  ctx: ImportContext,
  text: string,
  path: string,
  name: (n: string) => string = (n) => `{{${n}}}`,
): string {
  return text.replace(PLACEHOLDER, (whole, inner: string) => {
    if (!inner) return whole;
    const known = ctx.varsById.get(inner) ?? ctx.varsByName.get(inner);
    if (known) return name(known.def.name);
    if (isBuiltinVariable(inner)) return name(inner);
    if (UUID.test(inner)) {
      ctx.warn(
        path,
        'unknown-variable',
        `{{${inner}}} names no variable of the export; it is left out`,
      );
      return '';
    }
    ctx.warn(
      path,
      'unknown-builtin',
      `{{${inner}}} is not a variable of the export or a built-in cx-script knows; it renders empty`,
    );
    return name(inner);
  });
}

/** RFC 6570 variable names: what `{Name}` may spell. */
const VARNAME = /^\w+(\.\w+)*$/;

/**
 * Converts a Genesys URL (interpolated text) to a native URL: exactly one `{{Var}}` stays a
 * whole-URL variable; otherwise each `{{Var}}` becomes an RFC 6570 `{Var}` (its value is then
 * percent-encoded) and literal braces are escaped. `undefined` (with a warning) when a variable's
 * name cannot appear in a URL template.
 */
export function convertUrl(ctx: ImportContext, url: string, path: string): string | undefined {
  const text = convertText(ctx, url, path).trim();
  if (/^\{\{[^{}]*\}\}$/.test(text)) return text;
  let bad: string | undefined;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += escapeBraces(text.slice(last, m.index));
    last = m.index + m[0].length;
    const n = m[1]!;
    if (!VARNAME.test(n)) bad ??= n;
    out += `{${n}}`;
  }
  out += escapeBraces(text.slice(last));
  if (bad === undefined) return out;
  ctx.warn(
    path,
    'unsupported-url',
    `the URL ${quote(url)} inserts variable '${bad}' into other text, which cx-script URLs cannot do for a name with spaces or punctuation (only a URL that is exactly {{${bad}}})`,
  );
  return undefined;
}

function escapeBraces(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D'));
}

// ------------------------------------------------------------------ layout

type Box = number | [number, number, number, number];

function spacing(property: unknown): Box | undefined {
  const v = valueOf(property);
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  if (ok(v)) return v;
  if (!Array.isArray(v) || v.length !== 4) return undefined;
  // Indexes, not every(): a sparse array (not JSON, but possible) must not pass with holes.
  const [t, r, b, l] = [v[0], v[1], v[2], v[3]];
  return ok(t) && ok(r) && ok(b) && ok(l) ? [t, r, b, l] : undefined;
}

function sizing(property: unknown): ComponentStyle['width'] {
  const v = valueOf(property);
  const type = own(v, 'sizeType');
  const size = own(v, 'size');
  if (type === 'stretch') return 'stretch';
  if (type === 'auto') return 'auto';
  if (type === 'pixels' && typeof size === 'number' && Number.isFinite(size) && size >= 0)
    return size;
  return undefined;
}

/** A Genesys colour (`ff0000`, `#ff0000`) as `#rrggbb`. */
function color(property: unknown): string | undefined {
  const v = valueOf(property);
  if (typeof v !== 'string') return undefined;
  const hex = v.replace(/^#/, '');
  return /^([\da-f]{3}|[\da-f]{6})$/i.test(hex) ? `#${hex.toLowerCase()}` : undefined;
}

function border(property: unknown): ComponentStyle['border'] {
  const v = valueOf(property);
  const sides = Array.isArray(v) ? v : [v];
  // The widest side stands for all four (the format has one border).
  let best: ComponentStyle['border'];
  for (const side of sides) {
    const width = own(side, 'width');
    const style = own(side, 'style');
    const c = color({ value: own(side, 'color') });
    if (typeof width !== 'number' || !Number.isFinite(width) || width <= 0 || !c) continue;
    const s = style === 'dashed' || style === 'dotted' || style === 'none' ? style : 'solid';
    if (!best || width > best.width) best = { width, style: s, color: c };
  }
  return best;
}

const ALIGN = new Map<unknown, ComponentStyle['align']>([
  ['start', 'start'],
  ['left', 'start'],
  ['top', 'start'],
  ['center', 'center'],
  ['end', 'end'],
  ['right', 'end'],
  ['bottom', 'end'],
  ['stretch', 'stretch'],
]);
const JUSTIFY = new Map<unknown, ComponentStyle['textAlign']>([
  ['left', 'start'],
  ['start', 'start'],
  ['center', 'center'],
  ['right', 'end'],
  ['end', 'end'],
]);

/**
 * The style hints of a component's properties: margin, padding, width, height, alignment,
 * colours, border, bold, italic, font size (Genesys points as px) and justification. Font faces and
 * underlining have no hint and are left out. `undefined` when there is nothing to keep.
 */
export function styleOf(properties: unknown): ComponentStyle | undefined {
  const p = (key: string) => own(properties, key);
  const style: ComponentStyle = {};
  const set = <K extends keyof ComponentStyle>(key: K, value: ComponentStyle[K] | undefined) => {
    if (value !== undefined) style[key] = value;
  };
  set('margin', spacing(p('margin')));
  set('padding', spacing(p('padding')));
  set('width', sizing(p('width')));
  set('height', sizing(p('height')));
  set('align', ALIGN.get(valueOf(p('alignment'))));
  set('backgroundColor', color(p('backgroundColor')));
  set('color', color(p('textColor')));
  set('border', border(p('border')));
  if (booleanOf(p('bold'))) style.fontWeight = 'bold';
  if (booleanOf(p('italic'))) style.fontStyle = 'italic';
  const size = valueOf(p('fontSize'));
  if (typeof size === 'number' && Number.isFinite(size) && size > 0 && size <= 150)
    style.fontSize = Math.round((size * 4) / 3);
  set('textAlign', JUSTIFY.get(valueOf(p('justification'))));
  return Object.keys(style).length ? style : undefined;
}
