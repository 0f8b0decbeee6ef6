/**
 * Resolves a component's URL (`link`, `image`, `webPage`) against the script's variables, for
 * rendering only.
 *
 * - a url that contains `{{Var}}` is interpolated (exactly `{{Var}}` takes the variable's whole value);
 * - otherwise it is an RFC 6570 template (`{Var}`, `{?a,b}` …): every value is percent-encoded.
 *
 * A URL that would carry a secured value is never produced: the result is `blocked` with the names
 * of the secured variables. The URL is checked by the egress guard's policy (./src/guard/policy.ts):
 * with a screen-pop policy only its origins are `ok`; without one, any `https:` URL (and `http:` to
 * loopback). The `href` of an `ok` result is the WHATWG-normalised URL. `frameSandbox` gives the
 * sandbox of a framed page.
 */
import { checkEgressSync, expandUrl, type EgressSink, type UrlScope } from '../src/guard/egress.js';
import type { ScreenPopPolicy } from '../src/guard/policy.js';

export type { UrlScope };

/** The outcome of resolving a URL. */
export type ResolvedUrl =
  | { kind: 'ok'; href: string }
  | { kind: 'blocked'; variables: readonly string[] }
  | { kind: 'invalid'; reason: string };

/**
 * The sandbox of an embedded page (`webPage`, `<cx-crm-pane>`): enough for a CRM page, never top
 * navigation. A page on the desktop's own origin must not get `allow-same-origin` together with
 * `allow-scripts`: it could lift its own sandbox and read the desktop. Cross-origin pages keep their
 * own origin (their cookies and storage) and gain nothing.
 */
export function frameSandbox(href: string): string {
  return `allow-scripts${
    new URL(href, location.href).origin === location.origin ? '' : ' allow-same-origin'
  } allow-forms allow-popups`;
}

/**
 * Resolves `template` (see the module comment) through the egress guard's synchronous layers
 * (taint, policy); `path` is passed on for the runtime's warnings. The scan layer is async: the
 * element renders the URL only once `guardEgress` has passed it too.
 */
export function resolveUrl(
  template: string,
  scope: UrlScope,
  path?: string,
  options: { sink?: EgressSink; policy?: ScreenPopPolicy | undefined } = {},
): ResolvedUrl {
  const built = expandUrl(template, scope, path);
  if (!built.ok) {
    return built.reason === 'secured-value'
      ? { kind: 'blocked', variables: built.variables }
      : { kind: 'invalid', reason: built.message };
  }
  const checked = checkEgressSync({
    sink: options.sink ?? 'link',
    url: built.url,
    values: built.values,
    policy: options.policy,
  });
  if (!checked.ok) {
    return checked.reason === 'secured-value'
      ? { kind: 'blocked', variables: checked.variables }
      : { kind: 'invalid', reason: checked.message.replace(/^[^:]*blocked: /, '') };
  }
  return { kind: 'ok', href: checked.url!.href };
}
