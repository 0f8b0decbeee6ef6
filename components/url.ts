/**
 * Resolves a component's URL (`link`, `image`, `webPage`) against the script's variables, for
 * rendering only. No DOM.
 *
 * - a url that contains `{{Var}}` is interpolated (exactly `{{Var}}` takes the variable's whole value);
 * - otherwise it is an RFC 6570 template (`{Var}`, `{?a,b}` …): every value is percent-encoded.
 *
 * A URL that would carry a secured value is never produced: the result is `blocked` with the names
 * of the secured variables. Only absolute `http:` and `https:` URLs are `ok`.
 */
import { isSecured } from '../src/guard/secured-value.js';
import { formatValue } from '../src/expr/interpolate.js';
import type { Value } from '../src/expr/scope.js';
import { parseUriTemplate, type UriValue } from '../src/uri/template.js';

/** What `resolveUrl` reads variables through (a `ScriptRuntime`). */
export interface UrlScope {
  get(name: string): Value | undefined;
  interpolateValue(text: string, path?: string): Value;
}

/** The outcome of resolving a URL. */
export type ResolvedUrl =
  | { kind: 'ok'; href: string }
  | { kind: 'blocked'; variables: readonly string[] }
  | { kind: 'invalid'; reason: string };

/** True when `text` parses as an absolute `http:` or `https:` URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function expandTemplate(template: string, scope: UrlScope): ResolvedUrl | string {
  let parsed;
  try {
    parsed = parseUriTemplate(template);
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
  const variables: Record<string, UriValue> = {};
  const secured = new Set<string>();
  for (const name of parsed.variables) {
    const value = scope.get(name);
    if (isSecured(value)) value.sources.forEach((s) => secured.add(s));
    else if (value !== undefined) variables[name] = value as UriValue;
  }
  if (secured.size) return { kind: 'blocked', variables: [...secured] };
  try {
    return parsed.expand(variables);
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Resolves `template` (see the module comment); `path` is passed on for the runtime's warnings. */
export function resolveUrl(template: string, scope: UrlScope, path?: string): ResolvedUrl {
  let text: string;
  if (template.includes('{{')) {
    const value = scope.interpolateValue(template, path);
    if (isSecured(value)) return { kind: 'blocked', variables: value.sources };
    text = formatValue(value);
  } else {
    const expanded = expandTemplate(template, scope);
    if (typeof expanded !== 'string') return expanded;
    text = expanded;
  }
  text = text.trim();
  return isHttpUrl(text)
    ? { kind: 'ok', href: text }
    : { kind: 'invalid', reason: 'only http and https addresses open' };
}
