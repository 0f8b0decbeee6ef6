/**
 * `GenesysCloudSource`: a `ConversationSource` over the Genesys Cloud Platform API.
 *
 * - `load(id)`: `GET {baseUrl}/api/v2/conversations/{id}`, converted by `fromGenesysConversation`,
 *   and at the same time `GET …/conversations/{id}/secureattributes`, put on the customer.
 * - `patchAttributes(id, participantId, attributes, { batchId, securedAttributes })`:
 *   `PATCH {baseUrl}/api/v2/conversations/{id}/participants/{participantId}/attributes` with
 *   `{ "attributes": { … } }` (the platform merges them into the participant's data), then, for
 *   secured writes, `PATCH {baseUrl}/api/v2/conversations/{id}/secureattributes` with
 *   `{ "attributes": { name: base64 ESDK message } }` (the Platform API's conversation secure
 *   attributes, `ConversationSecureAttributes`; merged, no `version` for PATCH). Only ciphertexts
 *   are sent there: a value that is not base64 is refused before any request. Both requests carry
 *   the batch id in the `X-Batch-Id` header (`batchIdHeader`), for a platform or proxy that applies
 *   a batch once; the Platform API itself does not promise that, and a resent PATCH merges the same
 *   values again.
 *
 * Every call asks `getToken()` for the OAuth access token (so the integrator refreshes it) and sends
 * it as `Authorization: Bearer …`. Failures reject with a `GenesysCloudError` that says which call
 * and why. A 429 is retried by the source itself, at most `maxRetries` times (2 by default, 0 turns
 * retrying off), after the `Retry-After` the platform gave, when that wait is no longer than
 * `maxRetryAfter`; otherwise the 429 error carries `retryAfter` for the caller (the outbox) to
 * schedule its own retry. Other failures are never retried here: a PATCH that may have reached the
 * platform is the caller's to repeat.
 */
import type { Conversation, ConversationSource, PatchOptions } from '../data/conversation.js';
import { appendPath, fromGenesysConversation, type GenesysConversationOptions } from '../index.js';

/** Options of {@link GenesysCloudSource}. */
export interface GenesysCloudSourceOptions {
  /** The API base URL of the organization's region, e.g. `https://api.mypurecloud.com`. */
  baseUrl: string;
  /** The current OAuth access token (called before every request; may refresh it). */
  getToken: () => string | Promise<string>;
  /** The organization id given to loaded conversations (the Platform API conversation has none). */
  organizationId?: string;
  /** The `fetch` to use (a wrapper for logging or a proxy); the global one by default. */
  fetch?: typeof fetch;
  /** How many times a 429 is retried after its `Retry-After`; 2 by default, 0 for never. */
  maxRetries?: number;
  /** The longest `Retry-After` (ms) waited for before retrying; 30,000 by default. */
  maxRetryAfter?: number;
  /**
   * Whether `load` also reads the conversation's secure attributes (true by default); false for a
   * desktop without a vault, which saves a request per load.
   */
  readSecureAttributes?: boolean;
  /**
   * The request header that carries a write's batch id (`X-Batch-Id` by default); `false` sends
   * none (a CORS policy that refuses the header, say). Not part of the Platform API: a proxy in
   * front of it, or the test platform, applies each id once.
   */
  batchIdHeader?: string | false;
}

/** A failed Platform API call. */
export class GenesysCloudError extends Error {
  override readonly name = 'GenesysCloudError';
  /** The HTTP status, or `undefined` when no answer came (network failure, bad token callback). */
  readonly status: number | undefined;
  /** For a 429: how long to wait before trying again (ms), from `Retry-After`. */
  readonly retryAfter: number | undefined;
  /** The call, e.g. `GET /api/v2/conversations/c-1`. */
  readonly call: string;

  constructor(
    call: string,
    message: string,
    init: { status?: number | undefined; retryAfter?: number | undefined; cause?: unknown } = {},
  ) {
    super(`${call}: ${message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.call = call;
    this.status = init.status;
    this.retryAfter = init.retryAfter;
  }
}

/**
 * `Retry-After` in ms: delay-seconds or an HTTP date (relative to `now`); `undefined` when absent
 * or unreadable.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const seg = encodeURIComponent;

/** An OK answer's JSON and status. */
interface JsonAnswer {
  json: unknown;
  status: number;
}

/**
 * The `attributes` of a `ConversationSecureAttributes` answer (name -> string), or throws a
 * `GenesysCloudError` for `call` naming the first value that is not a string.
 */
function secureAttributesOf({ json, status }: JsonAnswer, call: string): Record<string, string> {
  const bad = (at: string) =>
    new GenesysCloudError(call, `the answer is not secure attributes (${at})`, { status });
  const isObject = (v: unknown): v is object =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(json)) throw bad('it must be an object');
  const attributes = (json as { attributes?: unknown }).attributes ?? {};
  if (!isObject(attributes)) throw bad('attributes must be an object of strings');
  for (const [name, value] of Object.entries(attributes))
    if (typeof value !== 'string') throw bad(`${appendPath('attributes', name)} must be a string`);
  return attributes as Record<string, string>;
}

/**
 * Standard base64 of at least 48 bytes, as the vault's `encrypt` gives (an ESDK message is longer):
 * catches a plaintext handed over by mistake (a card number, a name), not a determined caller.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4}){16,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Keepalive bodies share 64 KB in flight: at most 16,000 UTF-16 units (48 KB of UTF-8) each. */
const KEEPALIVE_MAX = 16_000;

/** The Genesys Cloud Platform API as a `ConversationSource`. */
export class GenesysCloudSource implements ConversationSource {
  readonly #base: string;
  readonly #options: GenesysCloudSourceOptions;

  constructor(options: GenesysCloudSourceOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`GenesysCloudSource: baseUrl '${options.baseUrl}' is not a URL`);
    }
    if (typeof options.getToken !== 'function')
      throw new TypeError('GenesysCloudSource: getToken must be a function returning the token');
    this.#base = url.href.replace(/\/+$/, '');
    this.#options = options;
  }

  /**
   * Loads conversation `conversationId` with its secure attributes: `GET …/conversations/{id}` and
   * `GET …/conversations/{id}/secureattributes` leave together, and the secure attributes
   * (base64 ESDK messages, for the vault) go on the customer (see `fromGenesysConversation`).
   * Rejects with a `GenesysCloudError`, the conversation's own failure first; a 404 of the secure
   * attributes alone means the conversation has none. `readSecureAttributes: false` skips them.
   */
  async load(conversationId: string): Promise<Conversation> {
    const path = `/api/v2/conversations/${seg(conversationId)}`;
    const what = `conversation '${conversationId}'`;
    const secure = `${path}/secureattributes`;
    const [conversation, secured] = await Promise.allSettled([
      this.#json(path, what),
      this.#options.readSecureAttributes === false
        ? undefined
        : this.#json(secure, `the secure attributes of ${what}`),
    ]);
    if (conversation.status === 'rejected') throw conversation.reason;
    if (secured.status === 'rejected' && (secured.reason as GenesysCloudError).status !== 404)
      throw secured.reason;
    const options: GenesysConversationOptions = {};
    if (this.#options.organizationId !== undefined)
      options.organizationId = this.#options.organizationId;
    if (secured.status === 'fulfilled' && secured.value !== undefined)
      options.secureAttributes = secureAttributesOf(secured.value, `GET ${secure}`);
    try {
      return fromGenesysConversation(conversation.value.json, options);
    } catch (error) {
      throw new GenesysCloudError(
        `GET ${path}`,
        `the answer is not a conversation (${(error as Error).message})`,
        { status: conversation.value.status, cause: error },
      );
    }
  }

  /** A GET whose answer is JSON; rejects with a `GenesysCloudError` (`what`: for its 404). */
  async #json(path: string, what: string): Promise<JsonAnswer> {
    const res = await this.#request('GET', path, undefined, what);
    try {
      return { json: await res.json(), status: res.status };
    } catch (error) {
      throw new GenesysCloudError(`GET ${path}`, 'the answer is not JSON', {
        status: res.status,
        cause: error,
      });
    }
  }

  /**
   * Merges `attributes` into the participant data of `participantId` (names case-sensitive, values
   * strings), and `options.securedAttributes` (base64 ESDK messages) into the conversation's secure
   * attributes; `options.batchId` goes in the `batchIdHeader` header of both requests. Rejects with
   * a `GenesysCloudError` naming the call that failed (a `TypeError` before any request for a value
   * that is not a string, or a secured value that cannot be base64 ciphertext). The requests start in
   * the caller's task (no await before them when `getToken()` answers at once) and are `keepalive`,
   * so a flush started on `pagehide` still leaves.
   */
  async patchAttributes(
    conversationId: string,
    participantId: string,
    attributes: Record<string, string>,
    options: PatchOptions = {},
  ): Promise<void> {
    for (const [name, value] of Object.entries(attributes))
      if (typeof value !== 'string')
        throw new TypeError(
          `Attribute '${name}' of participant '${participantId}' must be a string, not ${typeof value}`,
        );
    const secured = options.securedAttributes ?? {};
    for (const [name, value] of Object.entries(secured))
      if (typeof value !== 'string' || !BASE64.test(value))
        throw new TypeError(
          `Secured attribute '${name}' of conversation '${conversationId}' must be a base64 ciphertext (the vault's encrypt), not ${typeof value === 'string' ? 'text' : typeof value}`,
        );
    const header = this.#options.batchIdHeader ?? 'X-Batch-Id';
    const headers: Record<string, string> =
      header && options.batchId ? { [header]: options.batchId } : {};
    const conversation = `/api/v2/conversations/${seg(conversationId)}`;
    const hasSecured = Object.keys(secured).length > 0;
    const plain =
      Object.keys(attributes).length || !hasSecured
        ? this.#request(
            'PATCH',
            `${conversation}/participants/${seg(participantId)}/attributes`,
            JSON.stringify({ attributes }),
            `conversation '${conversationId}' or its participant '${participantId}'`,
            headers,
          )
        : undefined;
    const securedRequest = hasSecured
      ? this.#request(
          'PATCH',
          `${conversation}/secureattributes`,
          JSON.stringify({ attributes: secured }),
          `conversation '${conversationId}'`,
          headers,
        )
      : undefined;
    // Both leave now; the first failure rejects (the caller resends both, under the same id).
    const results = await Promise.allSettled([plain, securedRequest]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  }

  /** One call, with its bounded 429 retries; resolves with an OK answer or rejects with the error. */
  async #request(
    method: string,
    path: string,
    body: string | undefined,
    what: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> {
    const call = `${method} ${path}`;
    const { maxRetries = 2, maxRetryAfter = 30_000 } = this.#options;
    const doFetch = this.#options.fetch ?? fetch;
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.#options.getToken();
      } catch (error) {
        throw new GenesysCloudError(
          call,
          `getToken() failed: ${(error as Error)?.message ?? error}`,
          {
            cause: error,
          },
        );
      }
      let res: Response;
      try {
        res = await doFetch(`${this.#base}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...extraHeaders,
          },
          ...(body === undefined ? {} : { body }),
          // A write outlives the page (a flush on `pagehide`); keepalive bodies are limited to 64 KB.
          ...(body !== undefined && body.length < KEEPALIVE_MAX ? { keepalive: true } : {}),
          cache: 'no-store',
        });
      } catch (error) {
        throw new GenesysCloudError(
          call,
          `could not reach ${this.#base} (network error: ${(error as Error)?.message ?? error})`,
          { cause: error },
        );
      }
      if (res.ok) return res;
      const status = res.status;
      const retryAfter =
        status === 429 ? parseRetryAfter(res.headers.get('Retry-After')) : undefined;
      if (status === 429 && attempt < maxRetries && (retryAfter ?? 0) <= maxRetryAfter) {
        await res.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, retryAfter ?? 1000));
        continue;
      }
      const detail = await res.text().then(
        (t) => messageOf(t),
        () => undefined,
      );
      const why =
        status === 401
          ? 'the token was rejected (401 Unauthorized); getToken() must return a valid OAuth access token'
          : status === 403
            ? 'the token may not do this (403 Forbidden); check the OAuth client’s permissions'
            : status === 404
              ? `${what} not found (404)`
              : status === 429
                ? `rate limited (429)${
                    retryAfter === undefined
                      ? ''
                      : `, retry after ${Math.ceil(retryAfter / 1000)} s`
                  }${attempt ? ` (after ${attempt} ${attempt === 1 ? 'retry' : 'retries'})` : ''}`
                : `the platform answered ${status}${res.statusText ? ` ${res.statusText}` : ''}`;
      throw new GenesysCloudError(call, detail ? `${why}: ${detail}` : why, { status, retryAfter });
    }
  }
}

/** The `message` of a Platform API error body (`{ message, code, status }`), if any. */
function messageOf(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { message?: unknown };
    return typeof json.message === 'string' && json.message ? json.message : undefined;
  } catch {
    return undefined;
  }
}
