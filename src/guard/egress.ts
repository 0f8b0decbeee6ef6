/**
 * The egress guard: the one function every sink calls before anything leaves the page (a URL
 * opened, framed or linked, a message to the CRM host, a participant-data write, telemetry).
 *
 * Three checks, in order; the first that fails blocks, with the sink, a reason code and the names
 * of the secured values involved (never a value):
 * - **taint** (layer 2): any `SecuredValue` among the request's values (deeply: lists and plain
 *   objects), or a secured `url` / `text` → `secured-value`, names = its sources;
 * - **policy**: a `url` is parsed and normalised with the WHATWG URL parser and checked against
 *   the {@link ScreenPopPolicy} (see ./policy.ts) → `invalid-url`, `scheme`, `http-not-loopback`,
 *   `credentials`, `origin-not-allowed`, or `no-policy` when a pop has no policy at all;
 * - **scan** (layer 3): the final text (the normalised URL and any other text) goes to the vault's
 *   scan, which looks for every plaintext it holds in its common encodings → `plaintext`, names =
 *   the held values found; a scan that fails blocks too (`scan-failed`). With no scanner (no vault
 *   client: nothing is decrypted, so nothing is held) the scan is skipped.
 *
 * Layer 1 (`parseScript`) runs before any of this, when the script is loaded.
 */
import { isSecured, type SecuredValue } from './secured-value.js';
import {
  checkUrl,
  checkUrlShape,
  normalizePolicy,
  type ScreenPopPolicy,
  type UrlRejection,
} from './policy.js';
import { parseUriTemplate, type UriValue } from '../uri/template.js';
import type { Value } from '../expr/scope.js';
import { formatValue } from '../expr/interpolate.js';

/** Every place a value can leave the page through. */
export type EgressSink =
  | 'screenPop'
  | 'openUrl'
  | 'link'
  | 'image'
  | 'webPage'
  | 'hostMessage'
  | 'conversationData'
  | 'telemetry'
  | 'log';

/** The scan layer: the vault client's `scan` (async), or a `PlaintextScanner` (sync) in tests. */
export interface PlaintextScan {
  scan(
    text: string,
  ): Promise<{ clean: boolean; names: string[] }> | { clean: boolean; names: string[] };
}

/** Why the guard blocked. */
export type EgressBlockReason =
  'secured-value' | 'plaintext' | 'scan-failed' | 'no-policy' | 'invalid-template' | UrlRejection;

/** What one sink asks the guard. */
export interface EgressRequest {
  sink: EgressSink;
  /** The URL about to be opened, framed or linked (final text, templates already expanded). */
  url?: string | SecuredValue;
  /** Other outgoing text: a search string, a message, a participant-data value. */
  text?: string | SecuredValue;
  /** The values the URL or text was built from (their taint is checked). */
  values?: readonly unknown[];
  /**
   * The policy for `url`. Without one, `screenPop` and `openUrl` are blocked (`no-policy`), while
   * `link`, `image` and `webPage` accept any https origin (and http to loopback).
   */
  policy?: ScreenPopPolicy | undefined;
  /** The scan layer; skipped when absent (no vault, nothing held). */
  scanner?: PlaintextScan | undefined | null;
}

/** The guard's answer. `url` is the normalised URL to use (its `href`, not the request's text). */
export type EgressDecision =
  | { ok: true; url?: URL; text?: string }
  | {
      ok: false;
      sink: EgressSink;
      reason: EgressBlockReason;
      message: string;
      variables: string[];
    };

/** The answer of {@link checkEgressSync}: when `ok`, whether the async scan must still run. */
export type SyncEgressDecision =
  | { ok: true; url?: URL; text?: string; scanPending: boolean }
  | Extract<EgressDecision, { ok: false }>;

const SINK_LABELS: Record<EgressSink, string> = {
  screenPop: 'Screen pop',
  openUrl: 'Opening the page',
  link: 'Link',
  image: 'Image',
  webPage: 'Embedded page',
  hostMessage: 'Message to the CRM',
  conversationData: 'Participant data write',
  telemetry: 'Telemetry',
  log: 'Log entry',
};

/** What each block reason means, for the agent. */
const REASON_TEXT: Record<string, string> = {
  'secured-value': 'it would have sent secured data',
  plaintext: 'it would have sent secured data',
  'scan-failed': 'the secured-data scan failed',
  'no-policy': 'no screen-pop policy allows any origin',
  'invalid-template': 'its address is not a valid template',
  'invalid-url': 'the address is not an absolute URL',
  scheme: 'only https addresses open',
  'http-not-loopback': 'only https addresses open',
  credentials: 'an address with a user name or password never opens',
  'origin-not-allowed': 'its origin is not in the screen-pop policy',
};

/** Sinks whose URLs may go to any https origin when no policy is set (rendered, agent-visible). */
const POLICY_OPTIONAL: ReadonlySet<EgressSink> = new Set(['link', 'image', 'webPage']);

/**
 * The sentence shown to the agent for a block: "Screen pop blocked: it would have sent CardNumber".
 * Names only.
 */
export function describeBlock(
  sink: string,
  reason: string,
  variables: readonly string[],
  message?: string,
): string {
  const label = SINK_LABELS[sink as EgressSink] ?? sink;
  if (variables.length > 0) return `${label} blocked: it would have sent ${variables.join(', ')}`;
  return `${label} blocked: ${message ?? REASON_TEXT[reason] ?? reason}`;
}

function blocked(
  sink: EgressSink,
  reason: EgressBlockReason,
  variables: readonly string[],
  detail?: string,
): Extract<EgressDecision, { ok: false }> {
  const names = [...new Set(variables)];
  return {
    ok: false,
    sink,
    reason,
    message: describeBlock(sink, reason, names, detail),
    variables: names,
  };
}

/** The names of the secured sources anywhere in `value` (lists and plain objects searched). */
export function securedSources(
  value: unknown,
  into: Set<string> = new Set(),
  depth = 0,
): Set<string> {
  if (isSecured(value)) {
    for (const s of value.sources) into.add(s);
  } else if (depth < 8 && Array.isArray(value)) {
    for (const v of value) securedSources(v, into, depth + 1);
  } else if (depth < 8 && value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) securedSources(v, into, depth + 1);
  }
  return into;
}

/** Taint and policy, synchronously: everything but the scan. */
export function checkEgressSync(request: EgressRequest): SyncEgressDecision {
  const { sink, url, text, values = [], policy, scanner } = request;
  const tainted = securedSources([url, text, ...values]);
  if (tainted.size > 0) return blocked(sink, 'secured-value', [...tainted]);
  let checked: URL | undefined;
  if (url !== undefined) {
    const u = url as string;
    let result;
    if (policy) result = checkUrl(u, policy);
    else if (POLICY_OPTIONAL.has(sink)) result = checkUrlShape(u, true);
    else return blocked(sink, 'no-policy', []);
    if (!result.ok) return blocked(sink, result.reason, [], result.message);
    checked = result.url;
  }
  return {
    ok: true,
    ...(checked && { url: checked }),
    ...(text !== undefined && { text: text as string }),
    scanPending: !!scanner,
  };
}

/** What is scanned: the URL and the text, kept apart so that digit runs cannot join. */
function scanText(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join('\n\n\n\n');
}

/**
 * The egress guard (see the module comment): resolves `{ ok: true, url?, text? }` when the value
 * may leave, or `{ ok: false, sink, reason, message, variables }`. Never rejects.
 */
export async function guardEgress(request: EgressRequest): Promise<EgressDecision> {
  const first = checkEgressSync(request);
  const scanner = request.scanner;
  if (!first.ok) {
    // A URL the policy refused is still scanned, so that the agent learns what it would have sent.
    if (first.reason === 'secured-value' || !scanner) return first;
    const text = scanText(request.url as string | undefined, request.text as string | undefined);
    const found = await scan(scanner, text, request.sink);
    return found ?? first;
  }
  const { scanPending: _, ...pass } = first;
  if (!scanner) return pass;
  return (await scan(scanner, scanText(pass.url?.href, pass.text), request.sink)) ?? pass;
}

/** Runs the scan layer: a block when a held plaintext is found or the scan fails, else undefined. */
async function scan(
  scanner: PlaintextScan,
  text: string,
  sink: EgressSink,
): Promise<Extract<EgressDecision, { ok: false }> | undefined> {
  if (text === '') return undefined;
  try {
    const result = await scanner.scan(text);
    // Fail closed: anything but a clean answer blocks.
    if (result?.clean === true) return undefined;
    return blocked(sink, 'plaintext', Array.isArray(result?.names) ? result.names : []);
  } catch {
    return blocked(sink, 'scan-failed', []);
  }
}

/** Where URL templates read variables (a `ScriptRuntime`). */
export interface UrlScope {
  get(name: string): Value | undefined;
  interpolateValue(text: string, path?: string): Value;
}

/** The outcome of {@link expandUrl}. */
export type ExpandedUrl =
  | { ok: true; url: string; values: Value[] }
  | { ok: false; reason: 'secured-value'; variables: string[] }
  | { ok: false; reason: 'invalid-template'; message: string };

/**
 * Builds a URL from a script's `url`: exactly `{{Var}}` takes the variable's whole value (Genesys
 * style) and other `{{…}}` text is interpolated; anything else is an RFC 6570 template whose
 * variables come from `scope`, each percent-encoded. A secured value never reaches the expansion:
 * the result is `secured-value` with its sources.
 */
export function expandUrl(template: string, scope: UrlScope, path?: string): ExpandedUrl {
  if (template.includes('{{')) {
    const value = scope.interpolateValue(template, path);
    const tainted = securedSources(value);
    if (tainted.size > 0) return { ok: false, reason: 'secured-value', variables: [...tainted] };
    return { ok: true, url: formatValue(value).trim(), values: [value] };
  }
  let parsed;
  try {
    parsed = parseUriTemplate(template);
  } catch (error) {
    return { ok: false, reason: 'invalid-template', message: messageOf(error) };
  }
  const variables: Record<string, UriValue> = {};
  const values: Value[] = [];
  const tainted = new Set<string>();
  for (const name of parsed.variables) {
    const value = scope.get(name);
    if (value === undefined || value === null) continue;
    values.push(value);
    securedSources(value, tainted);
    variables[name] = value as UriValue;
  }
  if (tainted.size > 0) return { ok: false, reason: 'secured-value', variables: [...tainted] };
  try {
    return { ok: true, url: parsed.expand(variables).trim(), values };
  } catch (error) {
    return { ok: false, reason: 'invalid-template', message: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when `policy` allows at least one origin (a pop without one can never succeed). */
export function policyAllowsAnything(policy: ScreenPopPolicy | undefined): boolean {
  if (!policy) return false;
  const p = normalizePolicy(policy);
  return p.origins.size > 0 || p.wildcards.length > 0;
}
