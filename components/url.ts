/**
 * Resolves a component's URL (`link`, `image`, `webPage`) against the script's variables, for
 * rendering only.
 *
 * - a url that contains `{{Var}}` is interpolated (exactly `{{Var}}` takes the variable's whole value);
 * - otherwise it is an RFC 6570 template (`{Var}`, `{?a,b}` …): every value is percent-encoded.
 *
 * A URL that would carry a secured value is never produced: the result names the secured variables
 * instead. The URL is checked by the egress guard's policy (./src/guard/policy.ts):
 * with a screen-pop policy only its origins pass; without one, any `https:` URL (and `http:` to
 * loopback). The `href` of a URL that passed is the WHATWG-normalised URL. `frameSandbox` gives the
 * sandbox of a framed page.
 */
import { checkEgressSync, expandUrl, type EgressSink, type UrlScope } from '../src/guard/egress.js';
import type { ScreenPopPolicy } from '../src/guard/policy.js';

export type { UrlScope };

/**
 * The outcome of resolving a URL: `href` when it may be used; otherwise `why` it may not (words for
 * the agent) and, when secured data was the reason, the names of the secured `variables`.
 */
export type ResolvedUrl =
  | { href: string; why?: never; variables?: never }
  | { href?: never; why: string; variables?: readonly string[] };

/** Why a URL that would carry secured data is not used. */
export const SECURED = 'its address would contain secured data';

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
  path: string,
  sink: EgressSink,
  policy: ScreenPopPolicy | undefined,
): ResolvedUrl {
  const built = expandUrl(template, scope, path);
  const checked = built.ok
    ? checkEgressSync({ sink, url: built.url, values: built.values, policy })
    : built;
  return checked.ok
    ? { href: checked.url!.href }
    : checked.reason === 'secured-value'
      ? { why: SECURED, variables: checked.variables }
      : { why: checked.message.replace(/^[^:]*blocked: /, '') };
}
