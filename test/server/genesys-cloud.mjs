// @ts-check
/**
 * A stand-in for the Genesys Cloud Platform API routes that GenesysCloudSource calls, served by the
 * web-test-runner dev server from an in-memory store. Each test uses a tenant of its own (any name),
 * so that tests running side by side never share conversations, tokens or faults:
 *
 *   GET   /__test/genesys/<tenant>/api/v2/conversations/<id>
 *   PATCH /__test/genesys/<tenant>/api/v2/conversations/<id>/participants/<pid>/attributes
 *         body { "attributes": { name: string } }, merged into the participant's attributes (202)
 *   PATCH /__test/genesys/<tenant>/api/v2/conversations/<id>/secureattributes
 *         body { "attributes": { name: string } }, merged into the conversation's secure attributes
 *   GET   /__test/genesys/<tenant>/api/v2/conversations/<id>/secureattributes  { attributes }
 *         A PATCH with an `X-Batch-Id` header already applied to that same route is answered 202
 *         and applied no more (the log says `applied: false`).
 *   POST  /__test/genesys/<tenant>/__control   body { token?, conversations?, secure?, faults?,
 *         drop? } sets the accepted bearer token, stores conversations (Platform API JSON, by id)
 *         and their secure attributes (`secure`: conversation id -> { name: string }, kept apart
 *         from the conversation JSON, as the platform keeps them), and queues faults: each API
 *         request takes the next one for its path (a fault without `path` is for any), and
 *         `{ status, retryAfter?, body?, path? }` answers with that status (and Retry-After header)
 *         instead. `drop: true` destroys the connection of every API request until `drop: false`
 *         (Chrome resends a GET whose connection dropped, several times, so a one-off drop would
 *         not reach the page).
 *   GET   /__test/genesys/<tenant>/__requests  every API request seen: { method, path, authorization,
 *         body, batchId?, applied? } in order, so a test can check what was sent and how often.
 *
 * Routed on the node:http server before koa (see key-broker.mjs for why).
 */

export const GENESYS_PATH = '/__test/genesys';

/**
 * @typedef {{ status?: number, retryAfter?: string, body?: string, path?: string }} Fault
 * @typedef {{ method: string, path: string, authorization: string | undefined, body: unknown,
 *   batchId?: string, applied?: boolean }} Seen
 * @typedef {{ token: string, conversations: Map<string, any>,
 *   secure: Map<string, Record<string, string>>, faults: Fault[], drop: boolean,
 *   requests: Seen[], batches: Set<string> }} Tenant
 */

/** @type {Map<string, Tenant>} */
const tenants = new Map();

/** @param {string} name @returns {Tenant} */
function tenant(name) {
  let t = tenants.get(name);
  if (!t) {
    t = {
      token: 'test-token',
      conversations: new Map(),
      secure: new Map(),
      faults: [],
      drop: false,
      requests: [],
      batches: new Set(),
    };
    tenants.set(name, t);
  }
  return t;
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
}

/** A Platform API error body. @param {number} status @param {string} code @param {string} message */
const error = (status, code, message) => ({ status, code, message });

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
async function readText(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function route(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(`${GENESYS_PATH}/`)) return false;
  const [name = '', ...rest] = url.pathname.slice(GENESYS_PATH.length + 1).split('/');
  const t = tenant(decodeURIComponent(name));
  const path = `/${rest.join('/')}`;
  readText(req).then(
    (text) => handle(t, req, res, path, text),
    () => send(res, 400, error(400, 'bad.request', 'unreadable body')),
  );
  return true;
}

/**
 * @param {Tenant} t
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path
 * @param {string} text
 */
function handle(t, req, res, path, text) {
  if (path === '/__control' && req.method === 'POST') {
    const body = JSON.parse(text || '{}');
    if (typeof body.token === 'string') t.token = body.token;
    for (const [id, c] of Object.entries(body.conversations ?? {})) t.conversations.set(id, c);
    for (const [id, a] of Object.entries(body.secure ?? {})) t.secure.set(id, a);
    if (Array.isArray(body.faults)) t.faults.push(...body.faults);
    if (typeof body.drop === 'boolean') t.drop = body.drop;
    return send(res, 204, undefined);
  }
  if (path === '/__requests' && req.method === 'GET') return send(res, 200, t.requests);
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  const batchId = /** @type {string | undefined} */ (req.headers['x-batch-id']);
  /** @type {Seen} */
  const seen = { method: req.method ?? '', path, authorization: req.headers.authorization, body };
  if (batchId !== undefined) seen.batchId = batchId;
  t.requests.push(seen);
  if (t.drop) return req.socket.destroy();
  const at = t.faults.findIndex((f) => f.path === undefined || f.path === path);
  const fault = at < 0 ? undefined : t.faults.splice(at, 1)[0];
  if (fault?.status)
    return send(
      res,
      fault.status,
      fault.body ?? error(fault.status, 'test.fault', `fault ${fault.status}`),
      fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter },
    );
  if (req.headers.authorization !== `Bearer ${t.token}`)
    return send(res, 401, error(401, 'bad.credentials', 'Invalid login credentials.'));
  const m =
    /^\/api\/v2\/conversations\/([^/]+)(?:\/participants\/([^/]+)\/attributes|\/(secureattributes))?$/.exec(
      path,
    );
  if (!m) return send(res, 404, error(404, 'not.found', `no route ${req.method} ${path}`));
  const id = decodeURIComponent(m[1] ?? '');
  const conversation = t.conversations.get(id);
  const attributes = body?.attributes;
  const badAttributes =
    typeof attributes !== 'object' ||
    attributes === null ||
    Object.values(attributes).some((v) => typeof v !== 'string');
  /** A batch id seen before on this route: answered, not applied again. */
  const once = () => {
    const key = `${path}\0${batchId}`;
    const first = batchId === undefined || !t.batches.has(key);
    if (batchId === undefined) return true;
    t.batches.add(key);
    seen.applied = first;
    return first;
  };
  if (m[3]) {
    if (!conversation)
      return send(res, 404, error(404, 'not.found', 'The requested conversation was not found.'));
    if (req.method === 'GET') return send(res, 200, { attributes: t.secure.get(id) ?? {} });
    if (req.method !== 'PATCH') return send(res, 405, error(405, 'method', 'method not allowed'));
    if (badAttributes)
      return send(res, 400, error(400, 'bad.request', 'attributes must be a map of strings'));
    if (once()) t.secure.set(id, { ...t.secure.get(id), ...attributes });
    return send(res, 202, undefined);
  }
  if (!m[2]) {
    if (req.method !== 'GET') return send(res, 405, error(405, 'method', 'method not allowed'));
    return conversation
      ? send(res, 200, conversation)
      : send(res, 404, error(404, 'not.found', 'The requested conversation was not found.'));
  }
  if (req.method !== 'PATCH') return send(res, 405, error(405, 'method', 'method not allowed'));
  const pid = decodeURIComponent(m[2]);
  const participant = conversation?.participants?.find((/** @type {any} */ p) => p.id === pid);
  if (!participant)
    return send(res, 404, error(404, 'not.found', 'The requested participant was not found.'));
  if (badAttributes)
    return send(res, 400, error(400, 'bad.request', 'attributes must be a map of strings'));
  if (once()) participant.attributes = { ...participant.attributes, ...attributes };
  return send(res, 202, undefined);
}

/** The dev-server plugin. */
export function genesysCloudPlugins() {
  return [
    {
      name: 'cx-test-genesys-cloud',
      /** @param {{ server?: import('node:http').Server }} args */
      serverStart({ server }) {
        if (!server)
          throw new Error('cx-test-genesys-cloud needs the dev server to run its own http server');
        const downstream = server.listeners('request');
        server.removeAllListeners('request');
        server.on('request', (req, res) => {
          try {
            if (route(req, res)) return;
          } catch (e) {
            if (!res.headersSent) send(res, 500, { error: String(e) });
            return;
          }
          for (const listener of downstream) listener.call(server, req, res);
        });
      },
    },
  ];
}
