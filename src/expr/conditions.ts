/**
 * Condition evaluation for `visible` and the `if` action.
 *
 * Operands are interpolated (`interpolate`). Comparison rules:
 * - `equal` / `notEqual`: exact, case-sensitive text comparison; when both sides parse as finite
 *   decimal numbers they compare numerically ("1.0" equals "1").
 * - `contains`: case-sensitive substring of the left text.
 * - `greaterThan` / `lessThan`: numeric when both sides are numbers, else by time when both look like
 *   ISO dates (`YYYY-MM-DD` or ISO date-times), else by UTF-16 code units (locale-independent).
 * - `isEmpty`: true for '', `null`, an unknown variable and an empty list.
 * - `and` / `or` short-circuit from the left; `not` negates.
 *
 * Secured operands. The main thread never holds a secured plaintext, so a comparison with a secured
 * operand is *undetermined*. Undetermined results combine with three-valued (Kleene) logic:
 * `and` is false as soon as one operand is false, `or` is true as soon as one is true, `not` of an
 * undetermined result stays undetermined. When the final result is undetermined, `value` is `false`
 * and `secured` lists the secured names it depends on, so that the runtime can warn and take the
 * `else` path. `isEmpty` on a secured value is always determined (a secured value exists, so it is not
 * empty) and does not report it. Hence `secured.length > 0` exactly when the answer depends on a
 * plaintext the main thread cannot see.
 */
import type { Condition } from '../script/types.js';
import { interpolate } from './interpolate.js';
import type { Scope } from './scope.js';

/** The outcome of a condition. */
export interface ConditionResult {
  /** The answer; always `false` when `secured` is not empty. */
  value: boolean;
  /** Secured names the answer depends on (the answer could not be determined without plaintext). */
  secured: string[];
  /** Unknown variable names met in the operands that were evaluated (short-circuit skips some). */
  unknown: string[];
}

/** Three-valued result: true, false, or undetermined (null). */
type Tri = boolean | null;

interface Acc {
  secured: Set<string>;
  unknown: Set<string>;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The number `text` spells as a finite decimal (surrounding whitespace allowed), else undefined. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The time `text` stands for when it looks like an ISO date or date-time, else undefined. */
export function parseIsoDate(text: string): number | undefined {
  const t = text.trim();
  if (!ISO_DATE.test(t)) return undefined;
  const ms = Date.parse(t.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : undefined;
}

/** Compares two texts: numbers, then ISO dates, then code units. Negative, zero or positive. */
export function compareTexts(left: string, right: string): number {
  const ln = parseDecimal(left);
  const rn = parseDecimal(right);
  if (ln !== undefined && rn !== undefined) return ln - rn;
  const ld = parseIsoDate(left);
  const rd = parseIsoDate(right);
  if (ld !== undefined && rd !== undefined) return ld - rd;
  return left < right ? -1 : left > right ? 1 : 0;
}

function textsEqual(left: string, right: string): boolean {
  const n = parseDecimal(left);
  return left === right || (n !== undefined && n === parseDecimal(right));
}

interface Operand {
  text: string;
  secured: string[];
  empty: boolean;
}

/** The comparisons, by op, on the operands' texts. */
const COMPARE: Record<string, (left: string, right: string) => boolean> = {
  equal: textsEqual,
  notEqual: (l, r) => !textsEqual(l, r),
  contains: (l, r) => l.includes(r),
  greaterThan: (l, r) => compareTexts(l, r) > 0,
  lessThan: (l, r) => compareTexts(l, r) < 0,
};

function operand(template: string, scope: Scope, acc: Acc): Operand {
  const r = interpolate(template, scope);
  for (const name of r.unknown) acc.unknown.add(name);
  const v = r.value;
  const empty = v === null || v === '' || (Array.isArray(v) && v.length === 0);
  return { text: r.text, secured: r.secured, empty };
}

function evaluate(condition: Condition, scope: Scope, acc: Acc): Tri {
  const c = condition as Condition & { op: string };
  switch (c.op) {
    case 'isEmpty':
      // Determined even for secured values: existence is known without the plaintext.
      return operand(c.value, scope, acc).empty;
    case 'not': {
      const r = evaluate(c.of, scope, acc);
      return r === null ? null : !r;
    }
    case 'and':
    case 'or': {
      // `and` stops at the first false, `or` at the first true; an unknown (secured) part leaves
      // the answer unknown unless a later part decides it.
      const stop = c.op === 'or';
      let result: Tri = !stop;
      for (const part of c.all) {
        const r = evaluate(part, scope, acc);
        if (r === stop) return stop;
        if (r === null) result = null;
      }
      return result;
    }
  }
  if (!Object.hasOwn(COMPARE, c.op)) throw new Error(`Unknown condition op '${c.op}'`);
  const { left, right } = c as Extract<Condition, { left: string }>;
  const l = operand(left, scope, acc);
  const r = operand(right, scope, acc);
  const secured = [...l.secured, ...r.secured];
  for (const name of secured) acc.secured.add(name);
  return secured.length ? null : COMPARE[c.op]!(l.text, r.text);
}

/**
 * Evaluates `condition` against `scope`. Never throws for well-formed conditions (see `parseScript`);
 * an unknown `op` throws an Error naming it. See the module documentation for the rules.
 */
export function evaluateCondition(condition: Condition, scope: Scope): ConditionResult {
  const acc: Acc = { secured: new Set(), unknown: new Set() };
  const r = evaluate(condition, scope, acc);
  return {
    value: r === true,
    // Secured names are reported only when the answer really depends on them.
    secured: r === null ? [...acc.secured] : [],
    unknown: [...acc.unknown],
  };
}
