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
 */
import { VaultError } from '../errors.js';
import {
  JWK_ALG_BY_LENGTH,
  checkKeyId,
  decodeBase64,
  isAesKeyLength,
  keyLabel,
  type AesKeyLength,
} from './key-id.js';

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
 * Resolves and checks a broker URL: https, or plain http only on a loopback host (a bearer token
 * must not cross a network in clear text), and no user name or password in it.
 */
export function resolveBrokerUrl(url: string | URL, label = 'the key broker'): URL {
  let resolved: URL;
  try {
    resolved = new URL(url, globalThis.location?.href);
  } catch (cause) {
    throw new VaultError('BrokerError', `${label}: ${String(url)} is not a URL`, { cause });
  }
  const loopback =
    resolved.hostname === 'localhost' ||
    resolved.hostname.endsWith('.localhost') ||
    resolved.hostname === '127.0.0.1' ||
    resolved.hostname === '[::1]';
  if (!(resolved.protocol === 'https:' || (resolved.protocol === 'http:' && loopback))) {
    throw new VaultError(
      'BrokerError',
      `${label}: the broker URL must use https (plain http only on localhost), got ${resolved.protocol}//${resolved.host}`,
    );
  }
  if (resolved.username || resolved.password) {
    throw new VaultError('BrokerError', `${label}: the broker URL must not carry credentials`);
  }
  return resolved;
}

/**
 * Fetches one key from a key broker and returns it as a non-extractable AES-GCM `CryptoKey` with
 * usages `encrypt` and `decrypt`. Every failure is a `VaultError('BrokerError')` (or `InvalidKey`
 * for a bad namespace or name) that names the key and, for HTTP answers, carries the `status`.
 */
export async function fetchBrokerKey(request: BrokerKeyRequest): Promise<CryptoKey> {
  const { keyNamespace, keyName } = request;
  checkKeyId(keyNamespace, keyName);
  const label = `key ${keyLabel(keyNamespace, keyName)}`;
  const ids = { keyNamespace, keyName };
  const fail = (message: string, extra: { cause?: unknown; status?: number } = {}): never => {
    throw new VaultError('BrokerError', `${label}: ${message}`, { ...ids, ...extra });
  };

  const url = resolveBrokerUrl(request.url, label);
  const doFetch = request.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = request.timeoutMs ?? BROKER_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) fail(`timeoutMs must be a positive number`);

  let token: unknown;
  try {
    token = await request.getToken();
  } catch (cause) {
    fail('getToken() failed', { cause });
  }
  // Visible ASCII only: anything else cannot go into an HTTP header (and is never echoed here).
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
    fail('getToken() must return a non-empty token of visible ASCII characters');
  }

  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSA-OAEP',
      modulusLength: BROKER_RSA_MODULUS_BITS,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false,
    ['unwrapKey'],
  );
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const body: BrokerRequestBody = {
    publicKey: { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RSA-OAEP-256', use: 'enc' },
    keyNamespace,
    keyName,
  };

  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const aborted = (cause: unknown) =>
    timeout.aborted
      ? fail(`the key broker did not answer within ${timeoutMs} ms`, { cause })
      : fail(`the request to the key broker was aborted`, { cause });

  let response: Response;
  try {
    response = await doFetch(url.href, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token as string}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
  } catch (cause) {
    if (signal.aborted) return aborted(cause);
    return fail(`could not reach the key broker at ${url.origin}${url.pathname}`, { cause });
  }

  const status = response.status;
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    if (status === 401) fail('the broker refused the token (HTTP 401)', { status });
    if (status === 403) fail('the broker refused access to this key (HTTP 403)', { status });
    if (status === 404) fail('the broker does not know this key (HTTP 404)', { status });
    fail(`the key broker answered HTTP ${status}`, { status });
  }

  let text: string;
  try {
    text = await readCapped(response, BROKER_MAX_RESPONSE_BYTES);
  } catch (cause) {
    if (signal.aborted) return aborted(cause);
    if (cause instanceof RangeError) {
      return fail(`the broker's answer exceeds ${BROKER_MAX_RESPONSE_BYTES} bytes`, { status });
    }
    return fail(`could not read the broker's answer`, { cause, status });
  }

  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch (cause) {
    fail(`the broker's answer is not JSON (HTTP ${status})`, { cause, status });
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    fail(`the broker's answer is not a JSON object`, { status });
  }
  const a = answer as Partial<Record<keyof BrokerResponseBody, unknown>>;
  if (a.keyNamespace !== keyNamespace || a.keyName !== keyName) {
    fail(
      `the broker answered for key ${keyLabel(a.keyNamespace, a.keyName)}, not for the key requested`,
      { status },
    );
  }
  const expectedLength = Object.entries(JWK_ALG_BY_LENGTH).find(([, alg]) => alg === a.algorithm);
  if (!expectedLength) {
    fail(
      `the broker's algorithm ${JSON.stringify(a.algorithm)} is not one of A128GCM, A192GCM, A256GCM`,
      { status },
    );
  }
  const wrapped = typeof a.wrappedKey === 'string' ? decodeBase64(a.wrappedKey) : undefined;
  if (!wrapped) fail(`the broker's wrappedKey is not a base64 string`, { status });
  const modulusBytes = BROKER_RSA_MODULUS_BITS / 8;
  if (wrapped!.byteLength !== modulusBytes) {
    fail(
      `the broker's wrappedKey is ${wrapped!.byteLength} bytes; an RSA-OAEP-${BROKER_RSA_MODULUS_BITS} ciphertext is ${modulusBytes}`,
      { status },
    );
  }

  let key: CryptoKey;
  try {
    key = await crypto.subtle.unwrapKey(
      'raw',
      wrapped!,
      pair.privateKey,
      { name: 'RSA-OAEP' },
      { name: 'AES-GCM' },
      false,
      ['encrypt', 'decrypt'],
    );
  } catch (cause) {
    const name = (cause as { name?: unknown } | null)?.name;
    if (name === 'DataError' || name === 'NotSupportedError') {
      return fail(`the key from the broker is not an AES key of 128, 192 or 256 bits`, {
        cause,
        status,
      });
    }
    return fail(
      `the broker's wrappedKey does not unwrap with this worker's private key (it must be RSA-OAEP with SHA-256 to the posted public key)`,
      { cause, status },
    );
  }
  const bits = (key.algorithm as AesKeyAlgorithm).length;
  const declared = Number(expectedLength![0]) as AesKeyLength;
  if (!isAesKeyLength(bits) || bits !== declared) {
    fail(`the broker declared ${a.algorithm as string} but sent a ${bits}-bit key`, { status });
  }
  return key;
}

/** Reads a response body as UTF-8 text, throwing a RangeError beyond `max` bytes. */
async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > max) {
    void response.body?.cancel().catch(() => undefined);
    throw new RangeError('too large');
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError('too large');
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}
