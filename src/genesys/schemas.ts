/**
 * Genesys Cloud attribute schemas: conversation attribute schemas, external-contact custom field
 * schemas and work-item custom attribute schemas, in Genesys' JSON-Schema draft-04 form
 * (`{ $schema, title, description, required, properties }`, each property typed by
 * `{ allOf: [{ $ref: '#/definitions/<type>' }] }`). `parseAttributeSchema` checks a schema against
 * the documented limits of its kind; the schema validates and formats values and implements the
 * core's `AttributeSchemaLike` (how `<cx-script>` edits an attribute).
 *
 * Documented limits (Genesys Cloud Resource Center and developer examples):
 * - Conversation attributes ("Create conversation schemas", help.genesys.cloud/articles/
 *   create-conversation-schemas/): boolean; currency stored as a string, amount up to 17 characters,
 *   currency type 3–5 characters (ISO 4217 codes); date `YYYY-MM-DD`; date & time GMT
 *   `YYYY-MM-DDTHH:mm:ss.sssZ`; enum up to 50 items (a configurable default), each up to 100
 *   characters, values and `_enumProperties` titles unique; integer −9,007,199,254,740,991 to
 *   +9,007,199,254,740,991; number, text and URL: we found no documented length or range, so only
 *   the schema's own `maxLength` / `minimum` / `maximum` apply (a URL must be absolute http(s)).
 * - External-contact custom fields ("Custom field types", help.mypurecloud.com/articles/
 *   custom-field-types/): dropdown 50 options, 100 characters each; identifier 100 characters; text
 *   area 1000; tag 100 characters and 10 tags; text 100; URL 200. Checkbox, date, date time, integer
 *   and number carry no documented limit (integers stay within ±(2^53−1), what JSON keeps exact).
 * - Work-item custom attributes ("Create custom attributes for work automation", help.mypurecloud.com/
 *   articles/create-custom-attributes-for-work-automation/): up to 100 schemas per organization and
 *   50 custom attributes per schema; the lengths of the Genesys Cloud Terraform provider's
 *   `genesyscloud_task_management_workitem_schema` example: text 100, longtext 1000, url 200,
 *   identifier 100, tag items 1–100 characters and at most 10 tags.
 * Definition names (`#/definitions/<type>`): work items and external contacts use `text`,
 * `longtext`, `url`, `identifier`, `enum`, `date`, `datetime`, `integer`, `number`, `checkbox`,
 * `tag`; for conversation attributes we read `boolean`, `currency`, `date`, `datetime`, `enum`,
 * `integer`, `number`, `text`, `url`. A property without `allOf` is typed from its plain draft-04
 * keywords (`type`, `format`, `enum`).
 */
import type { AttributeField, AttributeSchemaLike } from '../data/attribute-schema.js';
import { appendPath } from '../index.js';

/** Which Genesys object the schema describes. */
export type AttributeSchemaKind = 'conversation' | 'externalContact' | 'workitem';

/** Every attribute type of every kind. */
export type AttributeType =
  | 'boolean'
  | 'checkbox'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'enum'
  | 'identifier'
  | 'integer'
  | 'longtext'
  | 'number'
  | 'tag'
  | 'text'
  | 'url';

/** The types of each kind, in the order Genesys lists them. */
export const ATTRIBUTE_TYPES: Readonly<Record<AttributeSchemaKind, readonly AttributeType[]>> = {
  conversation: [
    'boolean',
    'currency',
    'date',
    'datetime',
    'enum',
    'integer',
    'number',
    'text',
    'url',
  ],
  externalContact: [
    'checkbox',
    'date',
    'datetime',
    'enum',
    'identifier',
    'integer',
    'longtext',
    'number',
    'tag',
    'text',
    'url',
  ],
  workitem: [
    'text',
    'longtext',
    'url',
    'identifier',
    'enum',
    'date',
    'datetime',
    'integer',
    'number',
    'checkbox',
    'tag',
  ],
};

/** The documented limits of one type (see the module comment for the sources). */
interface TypeLimits {
  /** Most characters of a text value (or of each tag, or of each enum option). */
  maxLength?: number;
  /** Most enum options, or most tags. */
  maxItems?: number;
}

const LIMITS: Record<AttributeSchemaKind, Partial<Record<AttributeType, TypeLimits>>> = {
  conversation: { enum: { maxLength: 100, maxItems: 50 } },
  externalContact: {
    enum: { maxLength: 100, maxItems: 50 },
    identifier: { maxLength: 100 },
    longtext: { maxLength: 1000 },
    tag: { maxLength: 100, maxItems: 10 },
    text: { maxLength: 100 },
    url: { maxLength: 200 },
  },
  workitem: {
    text: { maxLength: 100 },
    longtext: { maxLength: 1000 },
    url: { maxLength: 200 },
    identifier: { maxLength: 100 },
    tag: { maxLength: 100, maxItems: 10 },
  },
};

/** Most work-item schemas in one organization. */
export const MAX_WORKITEM_SCHEMAS = 100;
/** Most custom attributes in one work-item schema. */
export const MAX_WORKITEM_ATTRIBUTES = 50;
/** The largest integer magnitude (2^53 − 1, what JSON numbers keep exact; Genesys' integer range). */
export const MAX_INTEGER = Number.MAX_SAFE_INTEGER;
/** Most characters of a currency amount. */
export const MAX_CURRENCY_AMOUNT_LENGTH = 17;

/** One attribute of a parsed schema. */
export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  title?: string;
  description?: string;
  required: boolean;
  minLength?: number;
  /** The schema's `maxLength`, else the type's documented limit. */
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** Enum values, in order, with their titles (`_enumProperties`) and whether disabled. */
  options?: { value: string; title: string; disabled: boolean }[];
  /** Tags: bounds of each tag, of the count, and whether they must be unique. */
  items?: { minLength?: number; maxLength?: number };
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** A problem with a schema, at a JSON path. */
export interface AttributeSchemaIssue {
  path: string;
  message: string;
}

/** Thrown by `parseAttributeSchema` for a schema that breaks its kind's rules or limits. */
export class AttributeSchemaError extends Error {
  override readonly name = 'AttributeSchemaError';
  constructor(readonly issues: readonly AttributeSchemaIssue[]) {
    super(
      `Invalid attribute schema: ${issues
        .slice(0, 3)
        .map((i) => `${i.path || '(root)'}: ${i.message}`)
        .join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`,
    );
  }
}

/** A problem with a value, naming the attribute, the problem and the limit. */
export interface AttributeValueIssue {
  attribute: string;
  /** `required`, `unknown-attribute`, `not-boolean`, `not-integer`, `not-number`, `out-of-range`,
   * `below-minimum`, `above-maximum`, `not-date`, `not-datetime`, `not-option`, `too-long`,
   * `too-short`, `not-url`, `too-many`, `too-few`, `duplicate`, `not-amount`, `not-currency-code`,
   * `missing-currency`. */
  code: string;
  message: string;
  /** The limit broken, as text (`17 characters`, `1000`, `3–5 letters`), when there is one. */
  limit?: string;
}

/** Options of `parseAttributeSchema`. */
export interface AttributeSchemaOptions {
  /** The currency code of a currency value that carries none (`"12.50"`). */
  currency?: string;
  /** The time zone date-times are displayed in (IANA name); the browser's by default. */
  timeZone?: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const chars = (s: string) => [...s].length;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?Z$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const AMOUNT = /^-?\d+(?:\.\d+)?$/;
const CODE = /^[A-Z]{3,5}$/;

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A currency value's parts: `{ amount, currencyCode }`, JSON of it, `"12.50 EUR"` or `"EUR 12.50"`. */
function currencyParts(value: unknown): { amount: string; code: string | undefined } | undefined {
  let v = value;
  if (typeof v === 'string' && v.trim().startsWith('{')) {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (isObject(v)) {
    const code = v.currencyCode ?? v.currency;
    const amount = v.amount;
    if (typeof amount !== 'string' && typeof amount !== 'number') return undefined;
    return { amount: String(amount), code: typeof code === 'string' ? code : undefined };
  }
  if (typeof v === 'number') return { amount: String(v), code: undefined };
  if (typeof v !== 'string') return undefined;
  const parts = v.trim().split(/\s+/);
  if (parts.length === 1) return { amount: parts[0]!, code: undefined };
  if (parts.length !== 2) return undefined;
  const [a, b] = parts as [string, string];
  return /^[A-Za-z]+$/.test(a) ? { amount: b, code: a } : { amount: a, code: b };
}

/** Tags from an array, JSON array text, or comma-separated text (trimmed, empty ones dropped). */
function tagsOf(value: unknown): string[] | undefined {
  let v = value;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(v)) return v.every((t) => typeof t === 'string') ? (v as string[]) : undefined;
  return typeof v === 'string' ? v.split(',').flatMap((t) => t.trim() || []) : undefined;
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const fmt = (n: number) => n.toLocaleString('en-US');

/** A parsed Genesys attribute schema: validation, display formatting and script editing. */
export class GenesysAttributeSchema implements AttributeSchemaLike {
  /** The schema's `title`. */
  readonly title: string | undefined;
  readonly description: string | undefined;
  /** The attributes by name (case-sensitive), in the schema's order. */
  readonly attributes: ReadonlyMap<string, AttributeDefinition>;
  readonly #options: AttributeSchemaOptions;
  readonly #fields = new Map<string, AttributeField>();

  constructor(
    readonly kind: AttributeSchemaKind,
    attributes: readonly AttributeDefinition[],
    info: { title?: string | undefined; description?: string | undefined } = {},
    options: AttributeSchemaOptions = {},
  ) {
    this.title = info.title;
    this.description = info.description;
    this.attributes = new Map(attributes.map((a) => [a.name, a]));
    this.#options = options;
  }

  /**
   * Every problem with `value` for attribute `name`: each names the attribute, what is wrong and
   * the limit broken. `[]` when the value is valid; an empty value is valid unless required.
   */
  validate(name: string, value: unknown): AttributeValueIssue[] {
    const def = this.attributes.get(name);
    const issues: AttributeValueIssue[] = [];
    const what = def ? `Attribute '${name}' (${def.type})` : `Attribute '${name}'`;
    const add = (code: string, problem: string, limit?: string) =>
      issues.push({
        attribute: name,
        code,
        message: `${what}: ${problem}`,
        ...(limit === undefined ? {} : { limit }),
      });
    if (!def) {
      add('unknown-attribute', `the schema has no attribute of that name`);
      return issues;
    }
    if (isEmpty(value) || (Array.isArray(value) && !value.length)) {
      if (def.required) add('required', 'a value is required');
      return issues;
    }
    const text = typeof value === 'string' ? value.trim() : value;
    const range = (n: number, shown: string) => {
      if (def.minimum !== undefined && n < def.minimum)
        add('below-minimum', `${shown} is less than the minimum`, fmt(def.minimum));
      if (def.maximum !== undefined && n > def.maximum)
        add('above-maximum', `${shown} is more than the maximum`, fmt(def.maximum));
    };
    const length = (s: string, label: string, min?: number, max?: number) => {
      const n = chars(s);
      if (max !== undefined && n > max)
        add('too-long', `${label} has ${n} characters, more than allowed`, `${max} characters`);
      if (min !== undefined && n < min)
        add('too-short', `${label} has ${n} characters, fewer than required`, `${min} characters`);
    };
    switch (def.type) {
      case 'boolean':
      case 'checkbox':
        if (typeof text !== 'boolean' && !/^(true|false)$/i.test(String(text)))
          add('not-boolean', `'${String(value)}' is not true or false`);
        break;
      case 'integer': {
        const ok = typeof text === 'number' ? Number.isInteger(text) : INTEGER.test(String(text));
        if (!ok) {
          add('not-integer', `'${String(value)}' is not a whole number`);
          break;
        }
        const n = Number(text);
        if (Math.abs(n) > MAX_INTEGER)
          add(
            'out-of-range',
            `${String(text)} is outside the integer range`,
            `±${fmt(MAX_INTEGER)}`,
          );
        else range(n, String(text));
        break;
      }
      case 'number': {
        const n = typeof text === 'number' ? text : DECIMAL.test(String(text)) ? Number(text) : NaN;
        if (!Number.isFinite(n)) add('not-number', `'${String(value)}' is not a number`);
        else range(n, String(text));
        break;
      }
      case 'date':
        if (typeof text !== 'string' || !isCalendarDate(text))
          add('not-date', `'${String(value)}' is not a calendar date`, 'YYYY-MM-DD');
        break;
      case 'datetime': {
        const m = typeof text === 'string' ? DATETIME.exec(text) : null;
        if (!m || !isCalendarDate(m[1]!) || !Number.isFinite(Date.parse(text as string)))
          add(
            'not-datetime',
            `'${String(value)}' is not an ISO date and time in UTC`,
            'YYYY-MM-DDTHH:mm:ss.sssZ',
          );
        break;
      }
      case 'enum': {
        const s = String(text);
        if (!def.options!.some((o) => o.value === s))
          add(
            'not-option',
            `'${s}' is not one of its options`,
            def.options!.map((o) => o.value).join(', '),
          );
        break;
      }
      case 'url': {
        const s = String(text);
        length(s, 'the URL', def.minLength, def.maxLength);
        let url: URL | undefined;
        try {
          url = new URL(s);
        } catch {
          url = undefined;
        }
        if (!url || !/^https?:$/.test(url.protocol))
          add('not-url', `'${s}' is not an absolute http(s) URL`);
        break;
      }
      case 'tag': {
        const tags = tagsOf(value);
        if (!tags) {
          add('not-tags', `'${String(value)}' is not a list of tags`);
          break;
        }
        if (def.maxItems !== undefined && tags.length > def.maxItems)
          add('too-many', `${tags.length} tags are more than allowed`, `${def.maxItems} tags`);
        if (def.minItems !== undefined && tags.length < def.minItems)
          add('too-few', `${tags.length} tags are fewer than required`, `${def.minItems} tags`);
        tags.forEach((t) =>
          length(t, `the tag '${t}'`, def.items?.minLength, def.items?.maxLength),
        );
        const dup = tags.find((t, i) => tags.indexOf(t) !== i);
        if (def.uniqueItems && dup !== undefined)
          add('duplicate', `the tag '${dup}' appears more than once`, 'unique tags');
        break;
      }
      case 'currency': {
        const parts = currencyParts(value);
        if (!parts || !AMOUNT.test(parts.amount)) {
          add('not-amount', `'${String(value)}' is not an amount with a currency code`);
          break;
        }
        if (parts.amount.length > MAX_CURRENCY_AMOUNT_LENGTH)
          add(
            'too-long',
            `the amount ${parts.amount} has ${parts.amount.length} characters, more than allowed`,
            `${MAX_CURRENCY_AMOUNT_LENGTH} characters`,
          );
        const code = parts.code ?? this.#options.currency;
        if (code === undefined) add('missing-currency', `${parts.amount} has no currency code`);
        else if (!CODE.test(code))
          add(
            'not-currency-code',
            `'${code}' is not an ISO 4217 currency code`,
            '3–5 capital letters',
          );
        range(Number(parts.amount), parts.amount);
        break;
      }
      default: {
        // text, longtext, identifier
        const s = typeof text === 'string' ? text : String(value);
        length(typeof value === 'string' ? value : s, 'the text', def.minLength, def.maxLength);
      }
    }
    return issues;
  }

  /**
   * `value` of attribute `name` for display in `locale` (Intl): numbers and currency amounts with
   * the locale's separators (and the currency's symbol), dates and date-times in the locale's
   * medium style (dates as written; date-times in `timeZone`), enum values by their title, tags as a
   * list, booleans as Yes / No. An unknown attribute or an invalid value is returned as its text.
   */
  format(name: string, value: unknown, locale?: string): string {
    const def = this.attributes.get(name);
    const raw = value === null || value === undefined ? '' : String(value);
    if (!def || isEmpty(value) || this.validate(name, value).length) return raw;
    const text = raw.trim();
    try {
      switch (def.type) {
        case 'boolean':
        case 'checkbox':
          return /^true$/i.test(text) ? 'Yes' : 'No';
        case 'integer':
        case 'number':
          // A string keeps every digit (Intl formats decimal strings exactly).
          return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(
            (typeof value === 'number' ? value : text) as unknown as number,
          );
        case 'date':
          return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
            new Date(`${text}T00:00:00Z`),
          );
        case 'datetime':
          return new Intl.DateTimeFormat(locale, {
            dateStyle: 'medium',
            timeStyle: 'short',
            ...(this.#options.timeZone ? { timeZone: this.#options.timeZone } : {}),
          }).format(new Date(text));
        case 'enum':
          return def.options!.find((o) => o.value === text)?.title ?? text;
        case 'tag':
          return new Intl.ListFormat(locale, { type: 'unit' }).format(tagsOf(value)!);
        case 'currency': {
          const { amount, code = this.#options.currency! } = currencyParts(value)!;
          const currency = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
          const decimals = amount.split('.')[1]?.length ?? 0;
          const digits = currency.resolvedOptions().maximumFractionDigits ?? 2;
          return new Intl.NumberFormat(locale, {
            style: 'currency',
            currency: code,
            maximumFractionDigits: Math.max(decimals, digits),
          }).format(amount as unknown as number);
        }
        default:
          return raw;
      }
    } catch {
      // Intl refused (a well-formed but unknown currency code, an unknown time zone …).
      return raw;
    }
  }

  /** How attribute `name` is edited in a script (`AttributeSchemaLike`), or `undefined`. */
  field(name: string): AttributeField | undefined {
    const def = this.attributes.get(name);
    if (!def) return undefined;
    let field = this.#fields.get(name);
    if (!field) {
      field = this.#field(def);
      this.#fields.set(name, field);
    }
    return field;
  }

  #field(def: AttributeDefinition): AttributeField {
    const { name, type } = def;
    const first = (value: unknown) => this.validate(name, value)[0]?.message;
    const base = {
      validate: first,
      format: (value: unknown, locale?: string) => this.format(name, value, locale),
    };
    const bounds = {
      ...(def.minimum !== undefined ? { min: def.minimum } : {}),
      ...(def.maximum !== undefined ? { max: def.maximum } : {}),
    };
    const maxLength = def.maxLength !== undefined ? { maxLength: def.maxLength } : {};
    switch (type) {
      case 'boolean':
      case 'checkbox':
        return {
          ...base,
          input: 'checkbox',
          toInput: (v) => (/^true$/i.test(String(v)) ? 'true' : 'false'),
        };
      case 'integer':
        return { ...base, input: 'number', step: 1, ...bounds };
      case 'number':
        return { ...base, input: 'number', step: 'any', ...bounds };
      case 'date':
        return { ...base, input: 'date' };
      case 'datetime':
        return {
          ...base,
          input: 'datetime-local',
          // The control edits the UTC date and time ("UTC" after it); stored as …Z.
          toInput: (v) => {
            const s = typeof v === 'string' ? v.trim() : '';
            if (!DATETIME.test(s)) return '';
            return /:00(?:\.0*)?Z$/.test(s) ? s.slice(0, 16) : s.slice(0, 19);
          },
          fromInput: (t) => (t ? `${t.length === 16 ? `${t}:00` : t.slice(0, 19)}.000Z` : ''),
          suffix: () => 'UTC',
        };
      case 'enum':
        return {
          ...base,
          input: 'select',
          options: def
            .options!.filter((o) => !o.disabled)
            .map((o) => ({ value: o.value, label: o.title })),
        };
      case 'currency': {
        const codeOf = (v: unknown) => currencyParts(v)?.code ?? this.#options.currency;
        return {
          ...base,
          input: 'currency',
          ...bounds,
          ...(this.#options.currency ? { currency: this.#options.currency } : {}),
          toInput: (v) => (isEmpty(v) ? '' : (currencyParts(v)?.amount ?? '')),
          fromInput: (t, previous) => {
            const code = codeOf(previous);
            return t.trim() === '' ? '' : code ? `${t.trim()} ${code}` : t.trim();
          },
          suffix: codeOf,
        };
      }
      case 'tag':
        return {
          ...base,
          input: 'text',
          toInput: (v) => (isEmpty(v) ? '' : (tagsOf(v)?.join(', ') ?? String(v))),
        };
      case 'url':
        return { ...base, input: 'url', ...maxLength };
      case 'longtext':
        return { ...base, input: 'textarea', ...maxLength };
      default:
        return { ...base, input: 'text', ...maxLength };
    }
  }
}

/**
 * Parses a Genesys attribute schema of `kind`: the JSON-Schema object itself, or a Genesys
 * `DataSchema` that holds it in `jsonSchema`. Throws `AttributeSchemaError` listing every problem
 * with its JSON path: an unknown type for the kind, a limit above the documented one (a text
 * `maxLength` over 100 for an external contact …), too many enum options or attributes, enum values
 * or titles that repeat, a required name that is no property.
 */
export function parseAttributeSchema(
  json: unknown,
  kind: AttributeSchemaKind,
  options: AttributeSchemaOptions = {},
): GenesysAttributeSchema {
  const issues: AttributeSchemaIssue[] = [];
  const report = (path: string, message: string) => issues.push({ path, message });
  if (!Object.hasOwn(ATTRIBUTE_TYPES, kind))
    throw new TypeError(`Unknown attribute schema kind '${String(kind)}'`);
  let root = '';
  let schema = json;
  if (isObject(json) && isObject(json.jsonSchema)) {
    root = 'jsonSchema';
    schema = json.jsonSchema;
  }
  if (!isObject(schema))
    throw new AttributeSchemaError([{ path: root, message: 'must be an object' }]);
  const optionalString = (v: unknown, path: string) => {
    if (v !== undefined && typeof v !== 'string') report(path, 'must be a string');
    return typeof v === 'string' ? v : undefined;
  };
  const title = optionalString(schema.title, appendPath(root, 'title'));
  const description = optionalString(schema.description, appendPath(root, 'description'));
  const propsPath = appendPath(root, 'properties');
  const props = schema.properties ?? {};
  if (!isObject(props))
    throw new AttributeSchemaError([{ path: propsPath, message: 'must be an object' }]);
  const names = Object.keys(props);
  if (kind === 'workitem' && names.length > MAX_WORKITEM_ATTRIBUTES)
    report(
      propsPath,
      `has ${names.length} attributes; a work-item schema has at most ${MAX_WORKITEM_ATTRIBUTES}`,
    );
  const requiredPath = appendPath(root, 'required');
  const required = new Set<string>();
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required)) report(requiredPath, 'must be an array of property names');
    else
      schema.required.forEach((r, i) => {
        if (typeof r !== 'string' || !Object.hasOwn(props, r))
          report(`${requiredPath}[${i}]`, `'${String(r)}' is not a property of the schema`);
        else required.add(r);
      });
  }
  const types = ATTRIBUTE_TYPES[kind];
  const attributes: AttributeDefinition[] = [];
  for (const name of names) {
    const at = appendPath(propsPath, name);
    const p = props[name];
    if (!isObject(p)) {
      report(at, 'must be an object');
      continue;
    }
    const type = typeOf(p, at, kind, report);
    if (!type) continue;
    if (!types.includes(type)) {
      report(at, `type '${type}' is not a ${kind} attribute type (one of ${types.join(', ')})`);
      continue;
    }
    const def: AttributeDefinition = { name, type, required: required.has(name) };
    const t = optionalString(p.title, `${at}.title`);
    if (t !== undefined) def.title = t;
    const d = optionalString(p.description, `${at}.description`);
    if (d !== undefined) def.description = d;
    const limits = LIMITS[kind][type] ?? {};
    const count = (key: string, max?: number): number | undefined => {
      const v = p[key];
      if (v === undefined) return undefined;
      if (!isCount(v)) {
        report(`${at}.${key}`, 'must be a whole number, 0 or more');
        return undefined;
      }
      if (max !== undefined && v > max)
        report(`${at}.${key}`, `${v} is over the limit of ${max} for ${type}`);
      return v;
    };
    if (['text', 'longtext', 'identifier', 'url'].includes(type)) {
      const min = count('minLength', limits.maxLength);
      const max = count('maxLength', limits.maxLength) ?? limits.maxLength;
      if (min !== undefined) def.minLength = min;
      if (max !== undefined) def.maxLength = max;
      if (min !== undefined && max !== undefined && min > max)
        report(`${at}.minLength`, `${min} is more than maxLength ${max}`);
    }
    if (['integer', 'number', 'currency'].includes(type)) {
      for (const key of ['minimum', 'maximum'] as const) {
        const v = p[key];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !Number.isFinite(v))
          report(`${at}.${key}`, 'must be a number');
        else if (type === 'integer' && (!Number.isInteger(v) || Math.abs(v) > MAX_INTEGER))
          report(`${at}.${key}`, `must be a whole number within ±${fmt(MAX_INTEGER)}`);
        else def[key] = v;
      }
      if (def.minimum !== undefined && def.maximum !== undefined && def.minimum > def.maximum)
        report(`${at}.minimum`, `${def.minimum} is more than maximum ${def.maximum}`);
    }
    if (type === 'enum') def.options = enumOptions(p, at, limits, report);
    if (type === 'tag') {
      const items = isObject(p.items) ? p.items : {};
      if (p.items !== undefined && !isObject(p.items)) report(`${at}.items`, 'must be an object');
      const itemCount = (key: string) => {
        const v = items[key];
        if (v === undefined) return undefined;
        if (!isCount(v)) report(`${at}.items.${key}`, 'must be a whole number, 0 or more');
        else if (limits.maxLength !== undefined && v > limits.maxLength)
          report(`${at}.items.${key}`, `${v} is over the limit of ${limits.maxLength} for a tag`);
        else return v;
        return undefined;
      };
      const minLength = itemCount('minLength');
      const maxLength = itemCount('maxLength') ?? limits.maxLength;
      def.items = {
        ...(minLength !== undefined ? { minLength } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
      };
      const minItems = count('minItems', limits.maxItems);
      const maxItems = count('maxItems', limits.maxItems) ?? limits.maxItems;
      if (minItems !== undefined) def.minItems = minItems;
      if (maxItems !== undefined) def.maxItems = maxItems;
      if (p.uniqueItems !== undefined && typeof p.uniqueItems !== 'boolean')
        report(`${at}.uniqueItems`, 'must be true or false');
      def.uniqueItems = p.uniqueItems === true;
    }
    attributes.push(def);
  }
  if (issues.length) throw new AttributeSchemaError(issues);
  return new GenesysAttributeSchema(kind, attributes, { title, description }, options);
}

/**
 * Parses every schema of an organization (`parseAttributeSchema` each); for work items, more than
 * {@link MAX_WORKITEM_SCHEMAS} is an error. Issues carry the index (`[3].properties.Tier`).
 */
export function parseAttributeSchemas(
  list: unknown,
  kind: AttributeSchemaKind,
  options?: AttributeSchemaOptions,
): GenesysAttributeSchema[] {
  if (!Array.isArray(list))
    throw new AttributeSchemaError([{ path: '', message: 'must be an array of schemas' }]);
  const issues: AttributeSchemaIssue[] = [];
  if (kind === 'workitem' && list.length > MAX_WORKITEM_SCHEMAS)
    issues.push({
      path: '',
      message: `has ${list.length} work-item schemas; an organization has at most ${MAX_WORKITEM_SCHEMAS}`,
    });
  const schemas = list.flatMap((json, i) => {
    try {
      return [parseAttributeSchema(json, kind, options)];
    } catch (error) {
      if (!(error instanceof AttributeSchemaError)) throw error;
      for (const issue of error.issues)
        issues.push({
          path: `[${i}]${issue.path ? `.${issue.path}` : ''}`,
          message: issue.message,
        });
      return [];
    }
  });
  if (issues.length) throw new AttributeSchemaError(issues);
  return schemas;
}

/** The type of a property: its `allOf` `$ref`, else its draft-04 keywords. */
function typeOf(
  p: Obj,
  at: string,
  kind: AttributeSchemaKind,
  report: (path: string, message: string) => void,
): AttributeType | undefined {
  if (p.allOf !== undefined) {
    const ref = Array.isArray(p.allOf) && isObject(p.allOf[0]) ? p.allOf[0].$ref : undefined;
    const m = typeof ref === 'string' ? /^#\/definitions\/([\w-]+)$/.exec(ref) : null;
    if (!m) {
      report(`${at}.allOf`, 'must be [{ "$ref": "#/definitions/<type>" }]');
      return undefined;
    }
    const type = m[1]!;
    if (!(ATTRIBUTE_TYPES[kind] as readonly string[]).includes(type)) {
      report(
        `${at}.allOf[0].$ref`,
        `'${type}' is not a ${kind} attribute type (one of ${ATTRIBUTE_TYPES[kind].join(', ')})`,
      );
      return undefined;
    }
    return type as AttributeType;
  }
  const bool = kind === 'conversation' ? 'boolean' : 'checkbox';
  if (Array.isArray(p.enum)) return 'enum';
  switch (p.type) {
    case 'boolean':
      return bool;
    case 'integer':
    case 'number':
      return p.type;
    case 'array':
      return 'tag';
    case 'string':
    case undefined:
      return p.format === 'date'
        ? 'date'
        : p.format === 'date-time'
          ? 'datetime'
          : p.format === 'uri' || p.format === 'url'
            ? 'url'
            : 'text';
    default:
      report(`${at}.type`, `'${String(p.type)}' is not a type an attribute can have`);
      return undefined;
  }
}

/** The options of an enum property, checked: values and titles unique, within the limits. */
function enumOptions(
  p: Obj,
  at: string,
  limits: TypeLimits,
  report: (path: string, message: string) => void,
): NonNullable<AttributeDefinition['options']> {
  const values = p.enum;
  if (!Array.isArray(values) || values.length === 0) {
    report(`${at}.enum`, 'must be a non-empty array of strings');
    return [];
  }
  if (limits.maxItems !== undefined && values.length > limits.maxItems)
    report(`${at}.enum`, `has ${values.length} options; at most ${limits.maxItems} are allowed`);
  const props = isObject(p._enumProperties) ? p._enumProperties : {};
  if (p._enumProperties !== undefined && !isObject(p._enumProperties))
    report(`${at}._enumProperties`, 'must be an object');
  const seen = new Set<string>();
  const titles = new Set<string>();
  const options: NonNullable<AttributeDefinition['options']> = [];
  values.forEach((v, i) => {
    const path = `${at}.enum[${i}]`;
    if (typeof v !== 'string' || v === '') return report(path, 'must be a non-empty string');
    if (limits.maxLength !== undefined && chars(v) > limits.maxLength)
      report(path, `'${v}' has ${chars(v)} characters; an option has at most ${limits.maxLength}`);
    if (seen.has(v)) return report(path, `'${v}' repeats an earlier option`);
    seen.add(v);
    const extra = props[v];
    const title = isObject(extra) && typeof extra.title === 'string' ? extra.title : v;
    if (titles.has(title))
      report(appendPath(`${at}._enumProperties`, v), `the title '${title}' repeats an earlier one`);
    titles.add(title);
    options.push({ value: v, title, disabled: isObject(extra) && extra._disabled === true });
  });
  return options;
}
