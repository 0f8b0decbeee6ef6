// @ts-check
/**
 * A reference key broker, FOR DEVELOPMENT ONLY: the small Node service that `npm start` and the
 * tests use to hand the vault worker its demo key.
 *
 * This is what a customer replaces with its KMS-backed service. A production broker authenticates
 * the agent's token against the customer's identity provider, calls AWS KMS (Decrypt of a stored
 * encrypted data key, or GenerateDataKey) to obtain the key for the request, wraps it to the
 * worker's public key and forgets it: it never holds the key at rest. This one keeps its keys in
 * memory and accepts fixed tokens.
 *
 * Protocol (see worker/keys/key-broker.ts):
 *   POST  Authorization: Bearer <token>, Content-Type: application/json
 *         { "publicKey": <RSA public JWK, >= 2048 bits>, "keyNamespace": "...", "keyName": "..." }
 *   200   { "wrappedKey": <base64 RSA-OAEP SHA-256 ciphertext of the raw key bytes>,
 *           "keyNamespace": "...", "keyName": "...", "algorithm": "A256GCM" }
 *   400 malformed request, 401 bad token, 404 unknown key, 405 not POST, 413 body over 16 KB,
 *   415 not JSON. Every answer carries `Cache-Control: no-store`. Tokens are never logged.
 *
 * Mounting: the handler ignores the request path, so route to it, e.g.
 *   if (url.pathname === '/broker/keys') return brokerHandler(req, res);
 */
import {
  constants,
  createHash,
  createPublicKey,
  publicEncrypt,
  timingSafeEqual,
} from 'node:crypto';

/** The largest request body the broker reads, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The demo key, DEVELOPMENT ONLY: a fixed, public 256-bit key and a fixed token, so that the demo's
 * sample calls (encrypted with it) decrypt. Never use it, or this broker, for real data.
 */
export const DEMO_KEY = Object.freeze({
  keyNamespace: 'cx-demo',
  keyName: 'demo-key-1',
  /** 32 fixed bytes, hex words that are easy to spot in a dump. */
  keyBytes: Buffer.from('c0ffee00d15ea5e5cafebabe0123456789abcdeffedcba9876543210deadbeef', 'hex'),
  /** The bearer token the demo broker accepts. */
  token: 'cx-demo-token-development-only',
});

/**
 * @typedef {object} BrokerKey
 * @property {string} keyNamespace
 * @property {string} keyName
 * @property {Uint8Array} keyBytes 16, 24 or 32 bytes
 */

/**
 * @typedef {object} KeyBrokerOptions
 * @property {BrokerKey[]} keys the keys the broker hands out
 * @property {string[]} tokens bearer tokens it accepts
 * @property {string[]} [allowedOrigins] origins allowed to call it cross-origin (CORS); none by default
 */

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Creates the broker as a node:http request handler.
 * @param {KeyBrokerOptions} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createKeyBrokerHandler({ keys, tokens, allowedOrigins = [] }) {
  /** @type {Map<string, Buffer>} */
  const keyMap = new Map();
  for (const { keyNamespace, keyName, keyBytes } of keys) {
    if (
      typeof keyNamespace !== 'string' ||
      typeof keyName !== 'string' ||
      !keyNamespace ||
      !keyName
    ) {
      throw new TypeError('key broker: every key needs a keyNamespace and a keyName');
    }
    if (![16, 24, 32].includes(keyBytes?.byteLength)) {
      throw new TypeError(`key broker: key ${keyNamespace}/${keyName} must be 16, 24 or 32 bytes`);
    }
    keyMap.set(JSON.stringify([keyNamespace, keyName]), Buffer.from(keyBytes));
  }
  if (
    !Array.isArray(tokens) ||
    tokens.length === 0 ||
    tokens.some((t) => typeof t !== 'string' || !t)
  ) {
    throw new TypeError('key broker: tokens must be a non-empty list of non-empty strings');
  }
  // Compare digests: equal lengths for timingSafeEqual, and no early exit on the token's length.
  const tokenDigests = tokens.map(digest);
  const origins = new Set(allowedOrigins);

  /** @param {string} presented */
  const tokenAccepted = (presented) => {
    const candidate = digest(presented);
    let ok = false;
    for (const known of tokenDigests) ok = timingSafeEqual(candidate, known) || ok;
    return ok;
  };

  return (req, res) => {
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    /** @param {number} status @param {object} body @param {Record<string, string>} [headers] */
    const send = (status, body, headers = {}) => {
      if (res.headersSent) return;
      res.writeHead(status, { ...JSON_HEADERS, ...headers });
      res.end(JSON.stringify(body));
    };

    if (req.method === 'OPTIONS') {
      if (!origin || !origins.has(origin)) return send(403, { error: 'origin not allowed' });
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
        'Cache-Control': 'no-store',
      });
      return res.end();
    }
    if (req.method !== 'POST') return send(405, { error: 'use POST' }, { Allow: 'POST, OPTIONS' });
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return send(415, { error: 'send application/json' });
    }
    const auth = /^Bearer ([\x21-\x7e]+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !tokenAccepted(/** @type {string} */ (auth[1]))) {
      req.resume();
      return send(401, { error: 'invalid token' }, { 'WWW-Authenticate': 'Bearer' });
    }
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
      req.resume();
      return send(413, { error: `body over ${MAX_BODY_BYTES} bytes` });
    }

    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => send(400, { error: 'request aborted' }));
    req.on('end', () => {
      if (tooLarge) return send(413, { error: `body over ${MAX_BODY_BYTES} bytes` });
      /** @type {any} */
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { error: 'body is not JSON' });
      }
      const { publicKey, keyNamespace, keyName } = body ?? {};
      if (typeof keyNamespace !== 'string' || typeof keyName !== 'string') {
        return send(400, { error: 'keyNamespace and keyName must be strings' });
      }
      if (typeof publicKey !== 'object' || publicKey === null || publicKey.kty !== 'RSA') {
        return send(400, { error: 'publicKey must be an RSA JWK' });
      }
      let key;
      try {
        key = createPublicKey({
          key: { kty: 'RSA', n: String(publicKey.n), e: String(publicKey.e) },
          format: 'jwk',
        });
      } catch {
        return send(400, { error: 'publicKey is not a valid RSA public key' });
      }
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < 2048)
        return send(400, { error: 'publicKey must have a modulus of at least 2048 bits' });
      const keyBytes = keyMap.get(JSON.stringify([keyNamespace, keyName]));
      if (!keyBytes) return send(404, { error: 'unknown key' });
      const wrapped = publicEncrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        keyBytes,
      );
      send(200, {
        wrappedKey: wrapped.toString('base64'),
        keyNamespace,
        keyName,
        algorithm: `A${keyBytes.byteLength * 8}GCM`,
      });
    });
  };
}

/** @param {string} text */
function digest(text) {
  return createHash('sha256').update(text, 'utf8').digest();
}
