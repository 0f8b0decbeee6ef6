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

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isCalendarDate(text: string): boolean {
  const m = YMD.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function listFrom(text: string): Conversion {
  const t = text.trim();
  if (t === '') return { value: [] };
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      return { value: null, problem: 'is not a valid JSON array' };
    }
    if (
      Array.isArray(parsed) &&
      parsed.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
    ) {
      return { value: parsed.map((x) => String(x)) };
    }
    return { value: null, problem: 'is not a JSON array of strings' };
  }
  return {
    value: t
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

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
  switch (type) {
    case 'number': {
      if (typeof raw === 'number') {
        return Number.isFinite(raw) ? { value: raw } : { value: null, problem: 'is not finite' };
      }
      if (typeof raw !== 'string') return { value: null, problem: 'is not a number' };
      if (raw.trim() === '') return { value: null };
      const n = Number(raw.trim());
      return Number.isFinite(n) ? { value: n } : { value: null, problem: 'is not a number' };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw !== 'string') return { value: null, problem: 'is not "true" or "false"' };
      const t = raw.trim().toLowerCase();
      if (t === '') return { value: null };
      if (t === 'true') return { value: true };
      if (t === 'false') return { value: false };
      return { value: null, problem: 'is not "true" or "false"' };
    }
    case 'list': {
      if (Array.isArray(raw)) return { value: [...(raw as readonly string[])] };
      if (typeof raw === 'string') return listFrom(raw);
      return { value: [String(raw)] };
    }
    case 'date': {
      if (typeof raw !== 'string') return { value: null, problem: 'is not a date (YYYY-MM-DD)' };
      const t = raw.trim();
      if (t === '') return { value: null };
      return isCalendarDate(t)
        ? { value: t }
        : { value: null, problem: 'is not a date (YYYY-MM-DD)' };
    }
    case 'datetime': {
      if (typeof raw !== 'string') return { value: null, problem: 'is not an ISO date-time' };
      const t = raw.trim();
      if (t === '') return { value: null };
      return ISO_DATETIME.test(t) &&
        Number.isFinite(Date.parse(t)) &&
        isCalendarDate(t.slice(0, 10))
        ? { value: t }
        : { value: null, problem: 'is not an ISO date-time' };
    }
    default:
      // 'string' and attribute-schema types hold text.
      if (typeof raw === 'string') return { value: raw };
      if (Array.isArray(raw)) return { value: (raw as readonly string[]).join(', ') };
      return { value: String(raw) };
  }
}
