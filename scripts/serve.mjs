// @ts-check
/**
 * The demo server: a small static server on node:http (no dependency) for the demo agent desktop.
 *
 * It serves exactly three things from `root`: `/` (index.html), `/dist/**` (the build) and the
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
 * `startDemoServer({ port, root })` resolves once the server listens (port 0 picks a free port) and
 * rejects with a clear message when the port is taken. `scripts/start.mjs` uses it for `npm start`;
 * the demo test starts it on a free port from test/server/demo-server.mjs.
 */
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, posix, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_KEY, createKeyBrokerHandler } from './key-broker.mjs';

/** Where the demo's reference key broker answers (POST; see scripts/key-broker.mjs). */
export const BROKER_PATH = '/broker/keys';

/** The repository root: the default `root`. */
export const defaultRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The demo's policy. No inline script and no eval anywhere; styles may be inline because Lit's
 * `styleMap` writes style attributes (constructed stylesheets need no exception); the script's
 * `webPage` components may frame https pages, and loopback pages in development (the demo's
 * knowledge base is framed from the server's other loopback name, so that it is cross-origin, and
 * `frame-ancestors` lets loopback pages frame these pages for the same reason).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "frame-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self' http://localhost:* http://127.0.0.1:*",
].join('; ');

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

/**
 * Maps a request path to a file path inside `root`, or `undefined` when it may not be served.
 * @param {string} root absolute, ending without a separator
 * @param {string} rawPath the request URL's path, still percent-encoded
 * @returns {string | undefined}
 */
export function resolveRequestPath(root, rawPath) {
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\') || !path.startsWith('/')) return undefined;
  if (path === '/' || path === '/index.html') return join(root, 'index.html');
  const normalised = posix.normalize(path);
  if (normalised !== path) return undefined; // `..`, `.`, `//`: never needed by the demo
  const segments = normalised.split('/').slice(1);
  if (segments.length < 2 || !SERVED_FOLDERS.includes(/** @type {string} */ (segments[0])))
    return undefined;
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return undefined;
  if (!(extname(normalised) in CONTENT_TYPES)) return undefined;
  const file = resolve(root, ...segments);
  return file.startsWith(root + sep) ? file : undefined;
}

/**
 * @typedef {object} DemoServer
 * @property {string} url       e.g. `http://localhost:8000/`
 * @property {number} port      the port it listens on
 * @property {import('node:http').Server} server
 * @property {() => Promise<void>} close  stops listening and ends open connections
 */

/**
 * Starts the demo server on 127.0.0.1 (loopback only: it is a development server).
 * @param {{ port?: number, root?: string, dev?: boolean, host?: string }} [options]
 *   `port` (default 8000; 0 picks a free one), `root` (default: the repository), `dev` (default
 *   true: `Cache-Control: no-store`), `host` (default 127.0.0.1)
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer(options = {}) {
  const { port = 8000, dev = true, host = '127.0.0.1' } = options;
  const root = await realpath(resolve(options.root ?? defaultRoot));

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @returns {Promise<void>}
   */
  // The reference key broker with the demo key, DEVELOPMENT ONLY (what a customer replaces).
  const broker = createKeyBrokerHandler({ keys: [DEMO_KEY], tokens: [DEMO_KEY.token] });
  const handle = async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if ((req.url ?? '').split(/[?#]/, 1)[0] === BROKER_PATH) return broker(req, res);
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
    const file = resolveRequestPath(root, rawPath);
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
        headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
        headers['Referrer-Policy'] = 'no-referrer';
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
            `Port ${port} is already in use. Stop the program that uses it, or choose another port: PORT=${port + 1} npm start`,
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
    port: actualPort,
    server,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
