/**
 * `{{Var}}` interpolation with taint propagation.
 *
 * A template is literal text with `{{Name}}` placeholders; whitespace inside the braces is ignored and
 * names may contain spaces and dots (`{{ Scripter.Interaction ID }}`). Templates are parsed once and
 * cached, so rendering a page re-interpolates without re-parsing.
 */
import { SecuredValue, isSecured } from '../guard/secured-value.js';
import type { Scope, Value } from './scope.js';

/** The result of interpolating a template against a scope. */
export interface Interpolation {
  /** The text to show: secured values appear as their mask, unknown variables and nulls as ''. */
  text: string;
  /** Names of the secured sources the result derives from (distinct, in order of appearance). */
  secured: string[];
  /** Names of the variables that the scope does not know (distinct, in order of appearance). */
  unknown: string[];
  /**
   * The value: when the template is exactly one `{{Var}}`, that variable's own value (not
   * stringified; `null` when unknown); otherwise a `SecuredValue` derived from every secured part
   * when there is one (taint propagates through concatenation), else `text`.
   */
  value: Value;
}

/** A parsed template: literal parts interleaved with variable names (`parts.length === names.length + 1`). */
interface ParsedTemplate {
  readonly parts: readonly string[];
  readonly names: readonly string[];
  /** True when the template is exactly one placeholder and nothing else. */
  readonly exact: boolean;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const CACHE_LIMIT = 5000;
const cache = new Map<string, ParsedTemplate>();

function parse(template: string): ParsedTemplate {
  const cached = cache.get(template);
  if (cached) return cached;
  const parts: string[] = [];
  const names: string[] = [];
  let last = 0;
  let literal = '';
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    literal += template.slice(last, match.index);
    last = match.index + match[0].length;
    if (name === '') {
      // `{{}}` or `{{  }}` names nothing: keep it as literal text.
      literal += match[0];
      continue;
    }
    parts.push(literal);
    names.push(name);
    literal = '';
  }
  parts.push(literal + template.slice(last));
  const parsed: ParsedTemplate = {
    parts,
    names,
    exact: names.length === 1 && parts[0] === '' && parts[1] === '',
  };
  // A bounded cache: scripts have a fixed set of templates, so a full reset is rare and cheap.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(template, parsed);
  return parsed;
}

/**
 * Formats a value as text: `null` → '', numbers with `String(n)`, booleans as "true"/"false",
 * lists joined with ", ", secured values as their mask.
 */
export function formatValue(value: Value | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isSecured(value)) return value.preview;
  return value.join(', ');
}

/** The distinct variable names that `template` references, in order of first appearance. */
export function templateVariables(template: string): string[] {
  return [...new Set(parse(template).names)];
}

/** True when `template` is exactly one `{{Var}}` placeholder (its value is the variable's own). */
export function isExactVariable(template: string): boolean {
  return parse(template).exact;
}

/** Interpolates `template` against `scope`. See `Interpolation` for what each field holds. */
export function interpolate(template: string, scope: Scope): Interpolation {
  const { parts, names, exact } = parse(template);
  if (names.length === 0) return { text: template, secured: [], unknown: [], value: template };

  let text = parts[0] ?? '';
  let unknown: string[] | undefined;
  let securedParts: SecuredValue[] | undefined;
  let single: Value = null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = scope.get(name);
    if (value === undefined) {
      unknown ??= [];
      if (!unknown.includes(name)) unknown.push(name);
    } else {
      if (isSecured(value)) (securedParts ??= []).push(value);
      text += formatValue(value);
      single = value;
    }
    text += parts[i + 1] ?? '';
  }

  const secured = securedParts ? [...new Set(securedParts.flatMap((v) => v.sources))] : [];
  let value: Value;
  if (exact) value = single;
  else if (securedParts) value = SecuredValue.derive(securedParts);
  else value = text;
  return { text, secured, unknown: unknown ?? [], value };
}
