/**
 * Converting raw values (participant-data strings, field input, interpolation results) to a script
 * variable's type. Conversion never throws: an unconvertible value becomes `null` with a reason.
 */
import type { PlainValue, VariableType } from '../script/types.js';

/** The result of a conversion: the value (or `null`) and, when the input could not be converted, why. */
export interface Conversion {
  value: PlainValue | null;
  /** Set when the input was not empty and could not be converted (the value is then `null`). */
  problem?: string;
}

const ISO_DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether `text` is `YYYY-MM-DD` and that day exists (also `parseScript`'s check of dates). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  return !!m && new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString().startsWith(text);
}

const fail = (problem: string): Conversion => ({ value: null, problem });

/** A list from text: a JSON array of scalars, or comma-separated items (trimmed, empty dropped). */
function listFrom(t: string): Conversion {
  if (!t.startsWith('[')) return { value: t.split(',').flatMap((s) => s.trim() || []) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return fail('is not a valid JSON array');
  }
  return Array.isArray(parsed) && parsed.every((x) => /^[snb]/.test(typeof x)) // string, number, boolean
    ? { value: parsed.map(String) }
    : fail('is not a JSON array of strings');
}

/**
 * The typed scalars: what an unconvertible value is said to be, and the conversion of non-empty
 * trimmed text (`undefined` when it does not convert).
 */
const SCALARS: Record<string, [problem: string, parse: (t: string) => PlainValue | undefined]> = {
  number: ['is not a number', (t) => (Number.isFinite(+t) ? +t : undefined)],
  boolean: [
    'is not "true" or "false"',
    (t) => {
      const i = ['false', 'true'].indexOf(t.toLowerCase());
      return i < 0 ? undefined : i > 0;
    },
  ],
  date: ['is not a date (YYYY-MM-DD)', (t) => (isCalendarDate(t) ? t : undefined)],
  datetime: [
    'is not an ISO date-time',
    (t) =>
      ISO_DATETIME.test(t) && Number.isFinite(Date.parse(t)) && isCalendarDate(t.slice(0, 10))
        ? t
        : undefined,
  ],
};

/**
 * Converts `raw` to `type`:
 * - `string`: numbers and booleans with `String`, lists joined with ", ";
 * - `number`: `Number()` of the trimmed text; '' → null; NaN → null with a problem;
 * - `boolean`: "true"/"false" (any case, trimmed); '' → null; anything else → null with a problem;
 * - `list`: a JSON array string, or comma-separated text (items trimmed, empty items dropped);
 * - `date`: a calendar date `YYYY-MM-DD`; `datetime`: an ISO date or date-time;
 * - any other (attribute-schema) type: kept as text.
 * `null` converts to `null` for every type.
 */
export function convertToType(
  raw: PlainValue | null,
  type: VariableType | (string & {}),
): Conversion {
  if (raw === null) return { value: null };
  if (type === 'list') {
    if (Array.isArray(raw)) return { value: [...(raw as readonly string[])] };
    return typeof raw === 'string' ? listFrom(raw.trim()) : { value: [String(raw)] };
  }
  const scalar = Object.hasOwn(SCALARS, type) ? SCALARS[type] : undefined;
  if (!scalar) {
    // 'string' and attribute-schema types hold text.
    return { value: Array.isArray(raw) ? (raw as readonly string[]).join(', ') : String(raw) };
  }
  if (typeof raw === type) {
    return Number.isFinite(raw) || type !== 'number' ? { value: raw } : fail('is not finite');
  }
  if (typeof raw !== 'string') return fail(scalar[0]);
  const t = raw.trim();
  const value = t ? scalar[1](t) : null;
  return value === undefined ? fail(scalar[0]) : { value };
}
