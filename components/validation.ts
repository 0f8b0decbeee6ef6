/**
 * Inline validation of script fields: `required` and `pattern` (a JavaScript regular expression the
 * whole value must match). No DOM; compiled patterns are cached.
 */
import type { FieldComponent } from '../src/script/types.js';

const patterns = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      try {
        re = new RegExp(`^(?:${pattern})$`);
      } catch {
        re = null; // parseScript reports invalid patterns; here an invalid one checks nothing
      }
    }
    patterns.set(pattern, re);
  }
  return re;
}

/** True when a field's value counts as empty for `required`. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (Array.isArray(value)) return value.length === 0;
  return String(value).trim() === '';
}

/** The message to show for `field` holding `value`, or `undefined` when the value is valid. */
export function validateField(field: FieldComponent, value: unknown): string | undefined {
  if (field.required && isEmptyValue(value)) {
    return field.type === 'checkbox'
      ? `${field.label} must be checked.`
      : `${field.label} is required.`;
  }
  if (field.type === 'input' && field.pattern && !isEmptyValue(value)) {
    const re = compile(field.pattern);
    if (re && !re.test(String(value))) {
      return field.patternMessage || `${field.label} is not in the expected format.`;
    }
  }
  return undefined;
}
