// @ts-check
/**
 * The demo servers: small static servers on node:http (no dependency) for the demo agent desktop
 * and for the sample CRM that embeds it.
 *
 * The desktop server serves exactly five things from `root`: `/` (index.html), `/embed.html` (the
 * embedded view, a compact desktop for a CRM page to frame), `/designer.html` (the script
 * designer), `/dist/**` (the build) and the
 * demo's static assets under `/demo/**` (html, css, svg, png, ico, json). Everything else is a 404:
 * no directory listings, no source files, no dotfiles, nothing outside those folders (paths are
 * decoded once, normalised, and checked again after symlinks are resolved). Only GET and HEAD,
 * except `POST /broker/keys`: the reference key broker with the public demo key (scripts/key-broker.mjs,
 * DEVELOPMENT ONLY), from which the demo's vault worker gets the key of the sample calls.
 *
 * Every response carries `X-Content-Type-Options: nosniff` and, in development, `Cache-Control:
 * no-store`. HTML responses also carry the demo's Content-Security-Policy (see `CONTENT_SECURITY_POLICY`)
 * and `Referrer-Policy: no-referrer`.
 *
 * `startDemoServer({ port, root, crmOrigin, frameAncestors })` resolves once the server listens (port
 * 0 picks a free port) and rejects with a clear message when the port is taken.
 * `startCrmServer({ port, root, desktopOrigin })` serves the sample CRM on another port, so another
 * origin: `/` (demo/crm-app.html, which frames the desktop's /embed.html) and `/demo/**`.
 * `startDemoSites()` starts both and wires each to the other's origin; `scripts/start.mjs` uses it
 * for `npm start`, and the tests start it on free ports from test/server/demo-server.mjs.
 */
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, posix, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_KEY, createKeyBrokerHandler } from './key-broker.mjs';

/** Where the demo's reference key broker answers (POST; see scripts/key-broker.mjs). */
export const BROKER_PATH = '/broker/keys';

/** The repository root: the default `root`. */
export const defaultRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Trusted Types policies the desktop creates: `lit-html` (Lit's own, for its template HTML) and
 * `cx-script#worker` (src/secured/client.ts: the vault worker's same-origin URL, nothing else).
 */
export const TRUSTED_TYPES_POLICIES = ['lit-html', 'cx-script#worker'];

/** Who may frame the knowledge base and the CRM record page that the desktop frames (loopback). */
const LOOPBACK_FRAMERS = "'self' http://localhost:* http://127.0.0.1:*";

/**
 * The demo's policy for one kind of page. No inline script and no eval anywhere, and Trusted Types
 * enforced (`require-trusted-types-for 'script'`) with only the policies named in
 * `TRUSTED_TYPES_POLICIES`; styles may be inline because Lit's `styleMap` writes style attributes
 * (constructed stylesheets need no exception); the script's `webPage` components may frame https
 * pages, and loopback pages in development (the demo's knowledge base is framed from the server's
 * other loopback name, so that it is cross-origin). `frameAncestors` says who may frame the page:
 * `'self'` for the desktop, the CRM's origin for the embedded view.
 * @param {{ frameAncestors?: string, frameSrc?: string, trustedTypes?: string }} [options]
 */
export function contentSecurityPolicy({
  frameAncestors = "'self'",
  frameSrc = "'self' https: http://localhost:* http://127.0.0.1:*",
  trustedTypes = TRUSTED_TYPES_POLICIES.join(' '),
} = {}) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    `frame-src ${frameSrc}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
    "require-trusted-types-for 'script'",
    `trusted-types ${trustedTypes}`,
  ].join('; ');
}

/** The desktop's policy (index.html): framed by itself only. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * A `frame-ancestors` source list, checked: sources separated by spaces, no `;` or `,` (which would
 * start another directive or policy), no `'none'` mixed with others.
 * @param {string} value
 * @returns {string}
 */
export function checkFrameAncestors(value) {
  const sources = value.trim().split(/\s+/).filter(Boolean);
  const ok =
    sources.length > 0 &&
    sources.every((source) => /^[\w:/*.'-]+$/.test(source)) &&
    (!sources.includes("'none'") || sources.length === 1);
  if (!ok)
    throw new Error(
      `frame-ancestors must be a list of CSP sources such as "'self' https://crm.example.com", not "${value}"`,
    );
  return sources.join(' ');
}

/**
 * The exact http(s) origins in a `frame-ancestors` list (no wildcards, no keywords): the hosts the
 * embedded view's HostBridge accepts.
 * @param {string} frameAncestors
 * @returns {string[]}
 */
export function exactOrigins(frameAncestors) {
  /** @type {string[]} */
  const origins = [];
  for (const source of frameAncestors.split(/\s+/)) {
    if (!/^https?:\/\/[^*]+$/.test(source)) continue;
    try {
      const url = new URL(source);
      if (url.pathname === '/' && !origins.includes(url.origin)) origins.push(url.origin);
    } catch {
      // not an origin: skipped
    }
  }
  return origins;
}

/** @type {Record<string, string>} content types by extension; other extensions are not served */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Folders served under their own name; `/` is index.html. */
const SERVED_FOLDERS = ['dist', 'demo'];

/** The desktop's top-level pages: request path -> file under `root`. */
const DESKTOP_PAGES = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/embed.html': 'embed.html',
  '/designer.html': 'designer.html',
};

/** The sample CRM's: its home page frames the desktop's embedded view. */
const CRM_PAGES = { '/': 'demo/crm-app.html', '/index.html': 'demo/crm-app.html' };

/**
 * Maps a request path to a file path inside `root`, or `undefined` when it may not be served.
 * @param {string} root absolute, ending without a separator
 * @param {string} rawPath the request URL's path, still percent-encoded
 * @param {{ pages?: Record<string, string>, folders?: string[] }} [site] the top-level pages by
 *   path (default: the desktop's `/`, `/index.html`, `/embed.html` and `/designer.html`) and the folders served
 * @returns {string | undefined}
 */
export function resolveRequestPath(root, rawPath, site = {}) {
  const { pages = DESKTOP_PAGES, folders = SERVED_FOLDERS } = site;
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\') || !path.startsWith('/')) return undefined;
  if (Object.hasOwn(pages, path))
    return join(root, .../** @type {string} */ (pages[path]).split('/'));
  const normalised = posix.normalize(path);
  if (normalised !== path) return undefined; // `..`, `.`, `//`: never needed by the demo
  const segments = normalised.split('/').slice(1);
  if (segments.length < 2 || !folders.includes(/** @type {string} */ (segments[0])))
    return undefined;
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return undefined;
  if (!(extname(normalised) in CONTENT_TYPES)) return undefined;
  const file = resolve(root, ...segments);
  return file.startsWith(root + sep) ? file : undefined;
}

/**
 * @typedef {object} DemoServer
 * @property {string} url       e.g. `http://localhost:8000/`
 * @property {string} origin    e.g. `http://localhost:8000`
 * @property {number} port      the port it listens on
 * @property {import('node:http').Server} server
 * @property {() => Promise<void>} close  stops listening and ends open connections
 */

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * @typedef {object} StaticSite
 * @property {Record<string, string>} pages  top-level pages: request path -> file under root
 * @property {string[]} folders              folders served under their own name
 * @property {(path: string) => string} csp  the Content-Security-Policy of the HTML file at `path`
 *   (relative to root, with `/`)
 * @property {() => Record<string, string>} [substitutions]  `%CX_…%` placeholders filled in HTML
 */

/**
 * Starts a static server for `site` on 127.0.0.1 (loopback only: it is a development server).
 * @param {StaticSite} site
 * @param {{ port?: number, root?: string, dev?: boolean, host?: string }} options
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean} [intercept]
 * @returns {Promise<DemoServer>}
 */
async function startStaticServer(site, options, intercept) {
  const { port = 8000, dev = true, host = '127.0.0.1' } = options;
  const root = await realpath(resolve(options.root ?? defaultRoot));

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @returns {Promise<void>}
   */
  const handle = async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (intercept?.(req, res)) return;
    res.setHeader('Cache-Control', dev ? 'no-store' : 'no-cache');
    /** @param {number} status @param {string} message */
    const fail = (status, message) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : `${message}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return fail(405, 'Method not allowed');
    }
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    const file = resolveRequestPath(root, rawPath, site);
    if (!file) return fail(404, 'Not found');
    try {
      const real = await realpath(file);
      if (!real.startsWith(root + sep)) return fail(404, 'Not found');
      const info = await stat(real);
      if (!info.isFile()) return fail(404, 'Not found');
      const type = CONTENT_TYPES[extname(real)] ?? 'application/octet-stream';
      /** @type {Record<string, string | number>} */
      const headers = { 'Content-Type': type, 'Content-Length': info.size };
      if (type.startsWith('text/html')) {
        const relative = real
          .slice(root.length + 1)
          .split(sep)
          .join('/');
        headers['Content-Security-Policy'] = site.csp(relative);
        headers['Referrer-Policy'] = 'no-referrer';
        const substitutions = site.substitutions?.();
        if (substitutions) {
          // Small pages: read whole, fill the placeholders (escaped), send.
          let body = await readFile(real, 'utf8');
          for (const [name, value] of Object.entries(substitutions))
            body = body.replaceAll(`%${name}%`, escapeHtml(value));
          const bytes = Buffer.from(body, 'utf8');
          headers['Content-Length'] = bytes.length;
          res.writeHead(200, headers);
          res.end(req.method === 'HEAD' ? undefined : bytes);
          return;
        }
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(real);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch {
      fail(404, 'Not found');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise((resolveListen, rejectListen) => {
    /** @param {NodeJS.ErrnoException} error */
    const onError = (error) => {
      if (error.code === 'EADDRINUSE')
        rejectListen(
          new Error(
            `Port ${port} is already in use. Stop the program that uses it, or choose another port (PORT, CRM_PORT): PORT=${port + 2} npm start`,
          ),
        );
      else if (error.code === 'EACCES')
        rejectListen(
          new Error(`Port ${port} needs privileges this user lacks: choose a port above 1023.`),
        );
      else rejectListen(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolveListen(undefined);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}/`,
    origin: `http://localhost:${actualPort}`,
    port: actualPort,
    server,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/**
 * Starts the desktop's server.
 * @param {{ port?: number, root?: string, dev?: boolean, host?: string,
 *   crmOrigin?: string | (() => string | undefined), frameAncestors?: string,
 *   hostOrigins?: string[] }} [options]
 *   `port` (default 8000; 0 picks a free one), `root` (default: the repository), `dev` (default
 *   true: `Cache-Control: no-store`), `host` (default 127.0.0.1); `crmOrigin`: the sample CRM that
 *   frames the embedded view (a function when it is known only later); `frameAncestors`: who may
 *   frame the embedded view (/embed.html), default the CRM's origin; `hostOrigins`: the origins the
 *   embedded view's HostBridge accepts, default the exact origins in its frame-ancestors. The
 *   desktop (/) may be framed by itself only.
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer(options = {}) {
  const crmOrigin = () =>
    (typeof options.crmOrigin === 'function' ? options.crmOrigin() : options.crmOrigin) ?? '';
  const configured =
    options.frameAncestors === undefined ? undefined : checkFrameAncestors(options.frameAncestors);
  const embedAncestors = () => configured ?? (crmOrigin() || "'none'");
  // The reference key broker with the demo key, DEVELOPMENT ONLY (what a customer replaces).
  const broker = createKeyBrokerHandler({ keys: [DEMO_KEY], tokens: [DEMO_KEY.token] });
  return startStaticServer(
    {
      pages: DESKTOP_PAGES,
      folders: SERVED_FOLDERS,
      csp: (path) => {
        // The script designer (designer.html) runs under the desktop's policy, unchanged.
        if (path === 'index.html' || path === 'designer.html') return CONTENT_SECURITY_POLICY;
        if (path === 'embed.html')
          return contentSecurityPolicy({ frameAncestors: embedAncestors() });
        // demo/kb.html and demo/crm.html stand for other sites that the desktop frames.
        return contentSecurityPolicy({ frameAncestors: LOOPBACK_FRAMERS, trustedTypes: "'none'" });
      },
      substitutions: () => ({
        CX_HOST_ORIGINS: (options.hostOrigins ?? exactOrigins(embedAncestors())).join(' '),
      }),
    },
    options,
    (req, res) => {
      if ((req.url ?? '').split(/[?#]/, 1)[0] !== BROKER_PATH) return false;
      void broker(req, res);
      return true;
    },
  );
}

/**
 * Starts the sample CRM's server: another port, so another origin. Its home page (demo/crm-app.html)
 * frames the desktop's embedded view at `desktopOrigin` and opens its record page (demo/crm.html)
 * when a screen pop arrives.
 * @param {{ port?: number, root?: string, dev?: boolean, host?: string,
 *   desktopOrigin: string | (() => string | undefined) }} options
 * @returns {Promise<DemoServer>}
 */
export async function startCrmServer(options) {
  const desktopOrigin = () =>
    (typeof options.desktopOrigin === 'function'
      ? options.desktopOrigin()
      : options.desktopOrigin) ?? '';
  return startStaticServer(
    {
      pages: CRM_PAGES,
      folders: ['demo'],
      csp: () =>
        contentSecurityPolicy({
          frameAncestors: "'self'",
          frameSrc: `'self' ${desktopOrigin() || "'none'"}`,
          trustedTypes: "'none'",
        }),
      substitutions: () => ({ CX_DESKTOP_ORIGIN: desktopOrigin() }),
    },
    { port: 8001, ...options },
  );
}

/**
 * Starts the desktop (`port`, default 8000) and the sample CRM that embeds it (`crmPort`, default
 * 8001), each told the other's origin. Closing closes both.
 * @param {{ port?: number, crmPort?: number, root?: string, dev?: boolean, frameAncestors?: string }} [options]
 * @returns {Promise<{ desktop: DemoServer, crm: DemoServer, close: () => Promise<void> }>}
 */
export async function startDemoSites(options = {}) {
  const { crmPort = 8001, ...rest } = options;
  /** @type {DemoServer | undefined} */
  let crm;
  const desktop = await startDemoServer({ ...rest, crmOrigin: () => crm?.origin });
  try {
    crm = await startCrmServer({ ...rest, port: crmPort, desktopOrigin: desktop.origin });
  } catch (error) {
    await desktop.close();
    throw error;
  }
  const started = crm;
  return {
    desktop,
    crm: started,
    close: async () => {
      await Promise.all([desktop.close(), started.close()]);
    },
  };
}
