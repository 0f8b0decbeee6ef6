/**
 * The key broker client. The vault asks the customer's key broker for a data-protection key
 * without the key's bytes ever existing in JavaScript memory:
 *
 * 1. the worker generates a fresh, non-extractable RSA-OAEP key pair (SHA-256, 3072-bit modulus);
 * 2. it POSTs the public key (JWK) with the key's namespace and name and `Authorization: Bearer`;
 * 3. the broker answers the AES key wrapped to that public key (RSA-OAEP-256, base64);
 * 4. `crypto.subtle.unwrapKey` turns the ciphertext straight into a non-extractable AES-GCM
 *    `CryptoKey`. The private key is used once and dropped.
 *
 * Why 3072 bits: the wrapped key is a long-lived secret and anyone who records the response could
 * attack it later, so the transport key should match the AES key's strength for years (NIST SP
 * 800-57: 3072-bit RSA ≈ 128-bit security, 2048-bit ≈ 112-bit and disallowed after 2030). Measured
 * in headless Chromium on a 2-core machine: generating a pair takes a median 290 ms (max 490 ms)
 * at 3072 bits against 130 ms at 2048 and 750 ms at 4096. It happens once per key when it is
 * configured, never per decrypt, so 3072 costs nothing that matters.
 *
 * The bearer token is only ever put in the request header: it is never logged, stored or copied
 * into an error message.
 *
 * The key store imports this module on demand (a chunk of its own in the build), the first time a
 * key is fetched from a broker: a fetched key is stored, so most starts never need it. The chunk
 * imports nothing: the key store hands it the key-id helpers ({@link brokerClient}), so the errors
 * it makes are the worker's own `VaultError`s, and the chunk can never load a second copy of the
 * worker (a static import of the entry would, were the worker started from another URL, e.g. with
 * a query string).
 */
import type { KeyChecks } from './key-intake.js';

/** The RSA modulus length of the worker's transport key pair. */
export const BROKER_RSA_MODULUS_BITS = 3072;

/** How long the vault waits for the broker's answer by default, in milliseconds. */
export const BROKER_TIMEOUT_MS = 10_000;

/** The largest broker answer the vault reads, in bytes. */
export const BROKER_MAX_RESPONSE_BYTES = 64 * 1024;

/** What the vault needs to ask a key broker for one key. */
export interface BrokerKeyRequest {
  /** The broker's endpoint: https, or http on localhost for development. Relative URLs resolve
   * against the current script's location. */
  url: string | URL;
  keyNamespace: string;
  keyName: string;
  /** Supplies the bearer token (called once per request). */
  getToken: () => Promise<string> | string;
  /** The fetch to use (for example one that adds client certificates); the global one otherwise. */
  fetch?: typeof fetch;
  /** Abort after this many milliseconds; {@link BROKER_TIMEOUT_MS} by default. */
  timeoutMs?: number;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** The JSON body the vault POSTs to the broker. */
export interface BrokerRequestBody {
  /** The worker's RSA-OAEP-256 public key. */
  publicKey: JsonWebKey;
  keyNamespace: string;
  keyName: string;
}

/** The JSON body the broker answers with. */
export interface BrokerResponseBody {
  /** Base64 RSA-OAEP (SHA-256) ciphertext of the raw AES key bytes, made with the posted key. */
  wrappedKey: string;
  /** Echoes of the request: the vault checks them. */
  keyNamespace: string;
  keyName: string;
  /** `A256GCM` in the reference broker; `A128GCM` and `A192GCM` are accepted too. */
  algorithm: 'A128GCM' | 'A192GCM' | 'A256GCM';
}

/**
 * The broker client over the worker's key-id helpers: `resolveBrokerUrl` and `fetchBrokerKey`.
 */
export function brokerClient({ checkKeyId, decodeBase64, jwkAlg, keyError }: KeyChecks) {
  /**
   * Resolves and checks a broker URL for key `keyNamespace/keyName`: https, or plain http only on a
   * loopback host (a bearer token must not cross a network in clear text), and no user name or
   * password in it.
   */
  function resolveBrokerUrl(url: string | URL, keyNamespace: string, keyName: string): URL {
    const fail = (message: string, cause?: unknown) =>
      keyError('BrokerError', keyNamespace, keyName, message, { cause });
    let u: URL;
    try {
      u = new URL(url, globalThis.location?.href);
    } catch (cause) {
      throw fail('not a URL', cause);
    }
    const host = u.hostname;
    if (!(
      u.protocol === 'https:' ||
      (u.protocol === 'http:' && /^(localhost|.*\.localhost|127\.0\.0\.1|\[::1\])$/.test(host))
    ))
      throw fail(`needs https (http on localhost only): ${u.protocol}//${u.host}`);
    if (u.username || u.password) throw fail('credentials in the URL');
    return u;
  }

  /**
   * Fetches one key from a key broker and returns it as a non-extractable AES-GCM `CryptoKey` with
   * usages `encrypt`, `decrypt`, `wrapKey` and `unwrapKey`. Every failure is a
   * `VaultError('BrokerError')` (or `InvalidKey` for a bad namespace or name) that names the key and,
   * for HTTP answers, carries the `status`.
   */
  async function fetchBrokerKey(request: BrokerKeyRequest): Promise<CryptoKey> {
    const { keyNamespace, keyName, timeoutMs = BROKER_TIMEOUT_MS } = request;
    checkKeyId(keyNamespace, keyName);
    /** The HTTP status, once the broker answered. */
    const http: { status?: number } = {};
    const fail = (message: string, cause?: unknown): never => {
      throw keyError('BrokerError', keyNamespace, keyName, message, { cause, ...http });
    };

    const url = resolveBrokerUrl(request.url, keyNamespace, keyName);
    if (!(timeoutMs > 0 && timeoutMs < Infinity)) fail('bad timeoutMs');

    const token = await Promise.resolve()
      .then(request.getToken)
      .catch((cause: unknown) => fail('getToken() failed', cause));
    // Visible ASCII only: anything else cannot go into an HTTP header (and is never echoed here).
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
      fail('getToken() needs a non-empty token (visible ASCII)');

    const pair = await crypto.subtle.generateKey(
      {
        name: 'RSA-OAEP',
        modulusLength: BROKER_RSA_MODULUS_BITS,
        publicExponent: Uint8Array.of(1, 0, 1),
        hash: 'SHA-256',
      },
      false,
      ['unwrapKey'],
    );
    const { n, e } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const body: BrokerRequestBody = {
      publicKey: { kty: 'RSA', n, e, alg: 'RSA-OAEP-256', use: 'enc' },
      keyNamespace,
      keyName,
    };

    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const failRead = (what: string) => (cause: unknown) =>
      fail(
        timeout.aborted
          ? `did not answer within ${timeoutMs} ms`
          : signal.aborted
            ? 'aborted'
            : cause instanceof RangeError
              ? `answer exceeds ${BROKER_MAX_RESPONSE_BYTES} bytes`
              : what,
        cause,
      );

    const response = await (request.fetch ?? fetch)(url.href, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    }).catch(failRead('unreachable'));

    const status = (http.status = response.status);
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      fail(
        {
          401: 'the broker refused the token',
          403: 'refused access',
          404: 'the broker does not know it',
        }[status] ?? `answered HTTP ${status}`,
      );
    }

    const text = await readCapped(response).catch(failRead('unreadable answer'));
    let a: Partial<Record<keyof BrokerResponseBody, unknown>> | undefined;
    try {
      a = JSON.parse(text);
    } catch (cause) {
      fail('answer not JSON', cause);
    }
    if (typeof a !== 'object' || !a || Array.isArray(a)) return fail('answer not a JSON object');
    if (a.keyNamespace !== keyNamespace || a.keyName !== keyName)
      fail(`answered for key ${String(a.keyNamespace)}/${String(a.keyName)}`);
    const declared = [128, 192, 256].find((bits) => jwkAlg(bits) === a.algorithm);
    if (!declared) fail(`unknown algorithm ${JSON.stringify(a.algorithm)}`);
    const wrapped = typeof a.wrappedKey === 'string' ? decodeBase64(a.wrappedKey, true) : undefined;
    if (!wrapped) return fail('wrappedKey is not a base64 string');
    if (wrapped.length !== BROKER_RSA_MODULUS_BITS / 8)
      fail(`wrappedKey is ${wrapped.length} bytes, not 384`);

    const key = await crypto.subtle
      .unwrapKey('raw', wrapped, pair.privateKey, { name: 'RSA-OAEP' }, 'AES-GCM', false, [
        'encrypt',
        'decrypt',
        'wrapKey',
        'unwrapKey',
      ])
      .catch((cause: Error) =>
        fail(
          cause.name === 'DataError' || cause.name === 'NotSupportedError'
            ? 'not an AES key'
            : 'wrappedKey does not unwrap (RSA-OAEP-256 to the posted key)',
          cause,
        ),
      );
    const bits = (key.algorithm as AesKeyAlgorithm).length;
    if (bits !== declared) fail(`declared ${String(a.algorithm)} but sent a ${bits}-bit key`);
    return key;
  }

  return { resolveBrokerUrl, fetchBrokerKey };
}

/** Reads a response body as UTF-8 text, throwing a RangeError beyond the size limit. */
async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  // A declared length over the limit is refused before anything is read.
  let total =
    Number(response.headers.get('Content-Length')) > BROKER_MAX_RESPONSE_BYTES ? Infinity : 0;
  for (;;) {
    if (total > BROKER_MAX_RESPONSE_BYTES) {
      await reader?.cancel().catch(() => undefined);
      throw new RangeError('too large');
    }
    const read = await reader?.read();
    if (!read || read.done)
      return new TextDecoder('utf-8', { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
    chunks.push(read.value as Uint8Array<ArrayBuffer>);
    total += read.value.length;
  }
}
