// @ts-check
/**
 * A small fake-but-real HTTP platform for the outbox tests: conversations held in memory, a PATCH
 * of participant attributes that applies each batch id at most once, and faults on demand. Routes
 * (JSON), under /__test/platform/conversations/<id>:
 *
 *   PUT    …/<id>                                 stores the conversation (the body)
 *   GET    …/<id>                                 the conversation, or 404
 *   PATCH  …/<id>/participants/<pid>/attributes   { attributes, securedAttributes? }, header
 *                                                 X-Batch-Id; 200 { applied: boolean }
 *   POST   …/<id>/faults                          the next PATCHes of <id> each take one fault:
 *                                                 { status } answers that status, applying nothing;
 *                                                 { drop: true } closes the connection (network
 *                                                 down); { applyThenHang: true } applies, never answers
 *   GET    …/<id>/log                             { requests: [{ batchId, applied, outcome }] }
 *
 * Routed on the node:http server before koa, like the key broker (see key-broker.mjs).
 */

const PREFIX = '/__test/platform/conversations/';

/** @type {Map<string, any>} */
const conversations = new Map();
/** @type {Map<string, any[]>} */
const faults = new Map();
/** @type {Map<string, any[]>} */
const logs = new Map();
/** @type {Set<string>} */
const applied = new Set();

/** @param {import('node:http').IncomingMessage} req @returns {Promise<any>} */
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * @param {string} id @param {string} pid @param {string | undefined} batchId @param {any} body
 * @returns {boolean} whether it was applied now
 */
function patch(id, pid, batchId, body) {
  if (batchId && applied.has(`${id}\0${batchId}`)) return false;
  const participant = conversations
    .get(id)
    ?.participants?.find((/** @type {any} */ p) => p.id === pid);
  if (!participant) throw Object.assign(new Error('no such participant'), { status: 404 });
  Object.assign(participant.attributes, body?.attributes ?? {});
  if (body?.securedAttributes)
    participant.securedAttributes = { ...participant.securedAttributes, ...body.securedAttributes };
  if (batchId) applied.add(`${id}\0${batchId}`);
  return true;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(req, res) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const [id, ...rest] = path.slice(PREFIX.length).split('/').map(decodeURIComponent);
  const key = /** @type {string} */ (id);
  if (!rest.length && req.method === 'PUT') {
    conversations.set(key, await readJson(req));
    faults.delete(key);
    logs.delete(key);
    return send(res, 204, null);
  }
  if (!rest.length && req.method === 'GET') {
    const c = conversations.get(key);
    return c ? send(res, 200, c) : send(res, 404, { error: `conversation ${key} not found` });
  }
  if (rest[0] === 'faults' && req.method === 'POST') {
    faults.set(key, await readJson(req));
    return send(res, 204, null);
  }
  if (rest[0] === 'log' && req.method === 'GET') {
    return send(res, 200, { requests: logs.get(key) ?? [] });
  }
  if (rest[0] === 'participants' && rest[2] === 'attributes' && req.method === 'PATCH') {
    const body = await readJson(req);
    const batchId = /** @type {string | undefined} */ (req.headers['x-batch-id']);
    const log = logs.get(key) ?? [];
    logs.set(key, log);
    const fault = faults.get(key)?.shift();
    if (fault?.status) {
      log.push({ batchId, applied: false, outcome: fault.status });
      return send(res, fault.status, { error: `fault ${fault.status}` });
    }
    if (fault?.drop) {
      log.push({ batchId, applied: false, outcome: 'dropped' });
      return req.socket.destroy();
    }
    const now = patch(key, /** @type {string} */ (rest[1]), batchId, body);
    if (fault?.applyThenHang) {
      log.push({ batchId, applied: now, outcome: 'hung' });
      return; // never answers; the page goes away
    }
    log.push({ batchId, applied: now, outcome: 200 });
    return send(res, 200, { applied: now });
  }
  send(res, 404, { error: 'no such platform route' });
}

/** The dev-server plugin. */
export function platformPlugins() {
  return [
    {
      name: 'cx-test-platform',
      /** @param {{ server?: import('node:http').Server }} args */
      serverStart({ server }) {
        if (!server)
          throw new Error('cx-test-platform needs the dev server to run its own http server');
        const downstream = server.listeners('request');
        server.removeAllListeners('request');
        server.on('request', (req, res) => {
          if (!(req.url ?? '').startsWith(PREFIX)) {
            for (const listener of downstream) listener.call(server, req, res);
            return;
          }
          handle(req, res).catch((/** @type {any} */ error) => {
            if (!res.headersSent) send(res, error.status ?? 500, { error: String(error.message) });
          });
        });
      },
    },
  ];
}
