/**
 * The screen-pop policy: which URLs may leave the page at all. Every URL is parsed and normalised
 * by the WHATWG URL parser (the browser's own) before any check, so that what is checked is what
 * the browser would open: `HTTPS://CRM.EXAMPLE.COM:443/` is `https://crm.example.com/`,
 * `https://evil.com\@crm.example.com` is a path on `evil.com`, `https://crm.example.com%2f@evil.com`
 * is `evil.com` with a user name, and an IDN host is compared in its punycode (ASCII) form.
 *
 * Rules, in order:
 * 1. the text must parse as an absolute URL;
 * 2. the scheme must be `https:`; `http:` only to a loopback host (`localhost`, `127.0.0.0/8`,
 *    `[::1]`) and only with `allowHttpLoopback` (development). `javascript:`, `data:`, `blob:`,
 *    `file:` and every other scheme are refused;
 * 3. no credentials (user name or password) in the URL;
 * 4. the URL's origin must be one of `allowedOrigins`.
 *
 * `allowedOrigins` holds exact origins (`https://crm.example.com`, `https://crm.example.com:8443`;
 * normalised the same way, a path is not allowed) or a wildcard of exactly one leading label:
 * `https://*.example.com` allows `https://a.example.com` and `https://a.b.example.com` on the same
 * scheme and port, but not `https://example.com` itself, not another port, and not an IP address.
 * The part after `*.` must have at least two labels (`https://*.com` allows nothing). No other
 * wildcard is understood; an entry that is not a valid origin or wildcard is ignored (see
 * {@link normalizePolicy}, which reports them).
 */

/** Which URLs screen pops (and the other URL sinks) may open. */
export interface ScreenPopPolicy {
  /** Exact origins, or `https://*.example.com` (one leading label), that URLs may go to. */
  allowedOrigins: readonly string[];
  /** Let `http:` URLs to loopback hosts through (development only). Default false. */
  allowHttpLoopback?: boolean;
}

/** Why {@link checkUrl} refused a URL. */
export type UrlRejection =
  'invalid-url' | 'scheme' | 'http-not-loopback' | 'credentials' | 'origin-not-allowed';

/** The outcome of {@link checkUrl}. Messages never quote the URL (it may carry typed plaintext). */
export type UrlCheck =
  { ok: true; url: URL } | { ok: false; reason: UrlRejection; message: string };

/** A policy with its origins normalised, ready to check many URLs. */
export interface NormalizedPolicy {
  readonly origins: ReadonlySet<string>;
  /** Wildcards as `{ protocol, port, suffix }`, suffix starting with a dot (`.example.com`). */
  readonly wildcards: readonly { protocol: string; port: string; suffix: string }[];
  readonly allowHttpLoopback: boolean;
  /** Entries of `allowedOrigins` that are neither an origin nor a supported wildcard. */
  readonly ignored: readonly string[];
}

const WILDCARD_PROBE = 'cx-wildcard-probe';
/** Normalised policies by their content, so that a policy mutated in place is never stale. */
const normalized = new Map<string, NormalizedPolicy>();

/**
 * An entry of `allowedOrigins`: its origin (normalised), its wildcard, or `null` when it is neither
 * (the host bridge takes its allowed origins by the same rule).
 */
export function normalizeEntry(
  entry: string,
): string | { protocol: string; port: string; suffix: string } | null {
  if (typeof entry !== 'string') return null;
  const text = entry.trim();
  const star = /^([a-z][a-z0-9+.-]*:\/\/)\*\.([^*]+)$/i.exec(text);
  if (!star && text.includes('*')) return null;
  let url: URL;
  try {
    url = new URL(star ? `${star[1]}${WILDCARD_PROBE}.${star[2]}` : text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/' && url.pathname !== '') return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]+\/?$/i.test(text.replace('*.', 'x.'))) return null;
  if (!star) return url.origin;
  const host = url.hostname;
  if (!host.startsWith(`${WILDCARD_PROBE}.`)) return null;
  const suffix = host.slice(WILDCARD_PROBE.length);
  // At least two labels after `*.`, and never an IP address.
  if (suffix.split('.').filter(Boolean).length < 2 || isIpHost(suffix.slice(1))) return null;
  return { protocol: url.protocol, port: url.port, suffix };
}

function isIpHost(hostname: string): boolean {
  return hostname.startsWith('[') || /^[\d.]+$/.test(hostname);
}

/** Normalises a policy's origins (cached by content). */
export function normalizePolicy(policy: ScreenPopPolicy): NormalizedPolicy {
  const key = JSON.stringify([policy?.allowedOrigins, policy?.allowHttpLoopback === true]);
  const cached = normalized.get(key);
  if (cached) return cached;
  const origins = new Set<string>();
  const wildcards: { protocol: string; port: string; suffix: string }[] = [];
  const ignored: string[] = [];
  for (const entry of Array.isArray(policy?.allowedOrigins) ? policy.allowedOrigins : []) {
    const n = normalizeEntry(entry);
    if (n === null) ignored.push(String(entry));
    else if (typeof n === 'string') origins.add(n);
    else wildcards.push(n);
  }
  const result: NormalizedPolicy = {
    origins,
    wildcards,
    allowHttpLoopback: policy.allowHttpLoopback === true,
    ignored,
  };
  if (normalized.size >= 64) normalized.clear();
  normalized.set(key, result);
  return result;
}

/** True for `localhost`, `127.0.0.0/8` and `[::1]` (hostnames as the URL parser normalises them). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * The scheme and credential rules alone (rules 1–3), for sinks that have no origin list of their
 * own: `https:`, or `http:` to loopback when `allowHttpLoopback`.
 */
export function checkUrlShape(text: string, allowHttpLoopback: boolean): UrlCheck {
  let url: URL;
  try {
    if (typeof text !== 'string') throw new TypeError('not text');
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid-url', message: 'the address is not an absolute URL' };
  }
  if (url.protocol === 'http:') {
    if (!allowHttpLoopback || !isLoopbackHost(url.hostname)) {
      return {
        ok: false,
        reason: 'http-not-loopback',
        message: allowHttpLoopback
          ? 'only https addresses open (http only to this computer)'
          : 'only https addresses open',
      };
    }
  } else if (url.protocol !== 'https:') {
    return {
      ok: false,
      reason: 'scheme',
      message: `${url.protocol.slice(0, 16)} addresses never open; only https`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      reason: 'credentials',
      message: 'an address with a user name or password never opens',
    };
  }
  return { ok: true, url };
}

/** Whether `url`'s origin is allowed by `policy` (exact origin or a one-label wildcard). */
export function isOriginAllowed(url: URL, policy: ScreenPopPolicy | NormalizedPolicy): boolean {
  const p = 'origins' in policy ? policy : normalizePolicy(policy);
  if (p.origins.has(url.origin)) return true;
  if (isIpHost(url.hostname)) return false;
  return p.wildcards.some(
    (w) =>
      w.protocol === url.protocol &&
      w.port === url.port &&
      url.hostname.endsWith(w.suffix) &&
      url.hostname.length > w.suffix.length &&
      !url.hostname.startsWith('.'),
  );
}

/**
 * Parses and normalises `text` with the WHATWG URL parser, then applies `policy` (see the module
 * comment). The `url` of a passing check is the normalised URL to open: use its `href`, not `text`.
 */
export function checkUrl(text: string, policy: ScreenPopPolicy): UrlCheck {
  const p = normalizePolicy(policy);
  const shape = checkUrlShape(text, p.allowHttpLoopback);
  if (!shape.ok) return shape;
  if (!isOriginAllowed(shape.url, p)) {
    return {
      ok: false,
      reason: 'origin-not-allowed',
      message: 'its origin is not in the screen-pop policy',
    };
  }
  return shape;
}
