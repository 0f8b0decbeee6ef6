/**
 * Dynamic variables: Genesys computes them from an expression (`{{Price}} * 2`, `"Ref-" + 7` …).
 * The format has no computed variables, so the importer computes at import time what never
 * changes: literals, arithmetic and `+` concatenation over literals and over variables that are
 * constant (not input, never set by a step, never edited by a field). Anything else (functions,
 * variables that change) is left to the caller to report.
 */
import type { PlainValue } from '../index.js';
import type { ImportContext } from './import-values.js';

/** The outcome of `evaluateDynamic`. */
export type DynamicResult = { ok: true; value: PlainValue } | { ok: false; reason: string };

type Scalar = string | number | boolean;

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\{\{\s*([^{}]*?)\s*\}\}|(true|false)\b|([-+*/%()])|(\S))/gy;

/**
 * Computes a dynamic variable's expression from constants.
 * @returns the value, or why it cannot be computed here.
 */
export function evaluateDynamic(ctx: ImportContext, expression: string): DynamicResult {
  const tokens: [kind: string, value: string][] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(expression); m && m[0].trim() !== ''; m = TOKEN.exec(expression)) {
    if (m[1] !== undefined) tokens.push(['n', m[1]]);
    else if (m[2] !== undefined || m[3] !== undefined)
      tokens.push(['s', (m[2] ?? m[3]!).replace(/\\(.)/g, '$1')]);
    else if (m[4] !== undefined) tokens.push(['v', m[4]]);
    else if (m[5] !== undefined) tokens.push(['b', m[5]]);
    else if (m[6] !== undefined) tokens.push(['o', m[6]]);
    else return { ok: false, reason: `it uses '${m[7]}…', which only Genesys evaluates` };
  }
  if (!tokens.length) return { ok: false, reason: 'it is empty' };
  let i = 0;
  const peek = () => tokens[i];
  const fail = (reason: string): never => {
    throw new Error(reason);
  };
  const primary = (depth: number): Scalar => {
    if (depth > 32) fail('it nests too deeply');
    const t = tokens[i++];
    if (!t) return fail('it ends too early');
    const [kind, value] = t;
    if (kind === 'n') return Number(value);
    if (kind === 's') return value;
    if (kind === 'b') return value === 'true';
    if (kind === 'v')
      return constant(ctx, value) ?? fail(`'{{${value}}}' changes while the script runs`);
    if (value === '(') {
      const v = sum(depth + 1);
      if (tokens[i++]?.[1] !== ')') fail("a '(' is not closed");
      return v;
    }
    if (value === '-') {
      const v = primary(depth + 1);
      return typeof v === 'number' ? -v : fail('it negates a text');
    }
    return fail(`'${value}' is out of place`);
  };
  const product = (depth: number): Scalar => {
    let left = primary(depth);
    while (peek()?.[0] === 'o' && '*/%'.includes(peek()![1])) {
      const op = tokens[i++]![1];
      const right = primary(depth);
      if (typeof left !== 'number' || typeof right !== 'number') fail(`'${op}' needs numbers`);
      const l = left as number;
      const r = right as number;
      left = op === '*' ? l * r : op === '/' ? l / r : l % r;
    }
    return left;
  };
  const sum = (depth: number): Scalar => {
    let left = product(depth);
    while (peek()?.[1] === '+' || peek()?.[1] === '-') {
      const op = tokens[i++]![1];
      const right = product(depth);
      if (op === '+' && (typeof left === 'string' || typeof right === 'string'))
        left = `${left}${right}`;
      else if (typeof left === 'number' && typeof right === 'number')
        left = op === '+' ? left + right : left - right;
      else fail(`'${op}' needs numbers`);
    }
    return left;
  };
  try {
    const value = sum(0);
    if (i < tokens.length) fail(`'${tokens[i]![1]}' is out of place`);
    if (typeof value === 'number' && !Number.isFinite(value)) fail('it is not a finite number');
    return { ok: true, value };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** The value of a variable reference (id or name) that never changes, else `undefined`. */
function constant(ctx: ImportContext, ref: string): Scalar | undefined {
  const v = ctx.varsById.get(ref) ?? ctx.varsByName.get(ref);
  if (!v || v.def.input || v.expression !== undefined || ctx.assigned.has(v.def.name))
    return undefined;
  const value = v.def.default;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : undefined;
}
