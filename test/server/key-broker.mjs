// @ts-check
/**
 * The reference key broker (scripts/key-broker.mjs) mounted in the web-test-runner dev server, plus
 * brokers that misbehave on purpose and a Node-side AES-GCM encryption with the demo key, so that
 * the browser tests can prove the unwrapped key is the right one:
 *
 *   POST /__test/broker                    the reference broker (demo key + a 128-bit test key)
 *   POST /__test/broker/bad/<fault>        answers with one fault (see FAULTS below)
 *   GET  /__test/broker/demo-ciphertext    { iv, ciphertext, plaintext } (base64; AES-256-GCM, demo key)
 *   GET  /__test/broker/demo-key           { keyHex } so a test can search storage for the bytes
 *
 * The broker needs real HTTP statuses and headers, which the dev server's `serve` hook cannot give
 * (it always answers 200), and middleware added with `app.use` in `serverStart` is never reached
 * (koa composed its middleware when the server was created). So the plugin routes these paths on the
 * node:http server itself, before koa, and hands every other request to koa untouched.
 */
import {
  constants,
  createCipheriv,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { DEMO_KEY, createKeyBrokerHandler } from '../../scripts/key-broker.mjs';

export const BROKER_PATH = '/__test/broker';

/** A 128-bit key the test broker also hands out. */
export const TEST_KEY_128 = Object.freeze({
  keyNamespace: 'cx-test',
  keyName: 'aes-128',
  keyBytes: Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
});

const broker = createKeyBrokerHandler({ keys: [DEMO_KEY, TEST_KEY_128], tokens: [DEMO_KEY.token] });

/** An RSA key pair that is not the worker's: keys wrapped to it must not unwrap. */
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey;

/**
 * Faults: each answers a valid-looking request with one thing wrong.
 * @type {Record<string, (req: { publicKey: any, keyNamespace: string, keyName: string }) => { status?: number, body: string }>}
 */
const FAULTS = {
  'wrong-name': (req) =>
    ok(req, wrap(req.publicKey, DEMO_KEY.keyBytes), { keyName: 'another-key' }),
  'wrong-namespace': (req) =>
    ok(req, wrap(req.publicKey, DEMO_KEY.keyBytes), { keyNamespace: 'other' }),
  'malformed-json': () => ({ body: '{"wrappedKey": "AAAA", "keyNamespace": ' }),
  'not-an-object': () => ({ body: '["wrappedKey"]' }),
  'not-base64': (req) => ok(req, '!!not base64!!'),
  'truncated-ciphertext': (req) => ok(req, wrap(req.publicKey, DEMO_KEY.keyBytes).subarray(0, 200)),
  'wrong-public-key': (req) => ok(req, wrap(strangerKey, DEMO_KEY.keyBytes)),
  'short-key': (req) => ok(req, wrap(req.publicKey, DEMO_KEY.keyBytes.subarray(0, 31))),
  'wrong-length': (req) => ok(req, wrap(req.publicKey, TEST_KEY_128.keyBytes)),
  'unknown-algorithm': (req) =>
    ok(req, wrap(req.publicKey, DEMO_KEY.keyBytes), { algorithm: 'A256CBC' }),
  'status-500': () => ({ status: 500, body: '{"error":"boom"}' }),
  'status-403': () => ({ status: 403, body: '{"error":"forbidden"}' }),
  'too-large': () => ({ body: JSON.stringify({ padding: 'x'.repeat(70 * 1024) }) }),
};

/**
 * @param {{ keyNamespace: string, keyName: string }} req
 * @param {Buffer | string} wrapped
 * @param {Record<string, string>} [overrides]
 */
function ok(req, wrapped, overrides = {}) {
  return {
    body: JSON.stringify({
      wrappedKey: typeof wrapped === 'string' ? wrapped : wrapped.toString('base64'),
      keyNamespace: req.keyNamespace,
      keyName: req.keyName,
      algorithm: 'A256GCM',
      ...overrides,
    }),
  };
}

/** @param {any} publicKey a JWK or a KeyObject @param {Uint8Array} bytes */
function wrap(publicKey, bytes) {
  const key = publicKey?.kty
    ? { key: publicKey, format: /** @type {const} */ ('jwk') }
    : { key: publicKey };
  return publicEncrypt(
    { ...key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    bytes,
  );
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<any>} */
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} body */
function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * Handles the broker's test routes; false for any other request.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function route(req, res) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === BROKER_PATH) {
    broker(req, res);
    return true;
  }
  if (!path.startsWith(`${BROKER_PATH}/`)) return false;
  const rest = path.slice(BROKER_PATH.length + 1);
  if (req.method === 'GET' && rest === 'demo-ciphertext') {
    const iv = randomBytes(12);
    const plaintext = randomBytes(48);
    const cipher = createCipheriv('aes-256-gcm', DEMO_KEY.keyBytes, iv);
    const ciphertext = Buffer.concat([
      cipher.update(plaintext),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    send(
      res,
      200,
      JSON.stringify({
        iv: iv.toString('base64'),
        ciphertext: ciphertext.toString('base64'),
        plaintext: plaintext.toString('base64'),
      }),
    );
    return true;
  }
  if (req.method === 'GET' && rest === 'demo-key') {
    send(res, 200, JSON.stringify({ keyHex: DEMO_KEY.keyBytes.toString('hex') }));
    return true;
  }
  if (req.method === 'POST' && rest === 'bad/slow') {
    // Never answers in time (the test's timeout is far shorter); closes after 5 s regardless.
    req.resume();
    const timer = setTimeout(() => send(res, 504, '{}'), 5_000);
    res.on('close', () => clearTimeout(timer));
    return true;
  }
  const fault =
    req.method === 'POST' && rest.startsWith('bad/') ? FAULTS[rest.slice(4)] : undefined;
  if (!fault) {
    send(res, 404, '{"error":"no such test route"}');
    return true;
  }
  readJson(req).then(
    (body) => {
      const { status = 200, body: answer } = fault(body);
      send(res, status, answer);
    },
    () => send(res, 400, '{"error":"body is not JSON"}'),
  );
  return true;
}

/** The dev-server plugin. */
export function keyBrokerPlugins() {
  return [
    {
      name: 'cx-test-key-broker',
      /** @param {{ server?: import('node:http').Server }} args */
      serverStart({ server }) {
        if (!server)
          throw new Error('cx-test-key-broker needs the dev server to run its own http server');
        const downstream = server.listeners('request');
        server.removeAllListeners('request');
        server.on('request', (req, res) => {
          try {
            if (route(req, res)) return;
          } catch (error) {
            if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(error) }));
            return;
          }
          for (const listener of downstream) listener.call(server, req, res);
        });
      },
    },
  ];
}
