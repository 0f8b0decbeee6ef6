/**
 * The `cx-host/1` protocol between the agent desktop (embedded in a CRM page, usually as a
 * cross-origin iframe) and that page, the host. Every message is a plain object
 * `{ protocol: 'cx-host/1', type, payload? }` carried by `postMessage` to one exact origin.
 *
 * The host starts: it posts `connect`; the desktop answers `ready` once the host's origin is allowed.
 * Only then does anything else flow. This module holds the message types and their validation; the
 * transport is {@link HostBridge} (./bridge.ts).
 */

/** The protocol name and version carried by every message. */
export const HOST_PROTOCOL = 'cx-host/1';

/** Screen pop to the host (the `host` target): a URL already through the egress guard, or a search. */
export type HostScreenPop =
  { interactionId: string; url: string } | { interactionId: string; searchString: string };

/**
 * What the desktop sends to the host, by type: the payload of each.
 * - `ready`: the handshake's answer (no payload).
 * - `interactionChanged`: `active` when the desktop takes up interaction `id`, `released` when it
 *   no longer holds it (another conversation replaced it, or none is set).
 * - `dataChanged`: the participant-data names just written (names only, never values).
 */
export interface HostOutgoing {
  ready: undefined;
  screenPop: HostScreenPop;
  interactionChanged: { id: string; state: 'active' | 'released' };
  dataChanged: { names: string[] };
  metric: { name: string; value: number };
}

/**
 * What the host may send to the desktop, by type: the payload of each (`connect` has none).
 * - `setConversation`: the conversation to handle, by id.
 * - `setScript`: a script document (`cx-script/1`), checked by `parseScript` where it is used.
 * - `setTheme`: a colour scheme and/or `--cx-*` design tokens.
 * - `endInteraction`: the interaction has ended on the host side (`id` when known).
 */
export interface HostIncoming {
  connect: undefined;
  setConversation: { conversationId: string };
  setScript: { script: Record<string, unknown> };
  setTheme: { colorScheme?: 'light' | 'dark' | 'light dark'; tokens?: Record<string, string> };
  endInteraction: { id?: string };
}

/** One message of the protocol. */
export type HostMessage<M, K extends keyof M = keyof M> = K extends keyof M
  ? M[K] extends undefined
    ? { protocol: typeof HOST_PROTOCOL; type: K }
    : { protocol: typeof HOST_PROTOCOL; type: K; payload: M[K] }
  : never;

/** A message from the host, as accepted. */
export type HostIncomingMessage = HostMessage<HostIncoming>;
/** A message to the host. */
export type HostOutgoingMessage = HostMessage<HostOutgoing>;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
/** Only these keys, each passing its check (a key may be absent when `optional`). */
const only = (
  v: unknown,
  checks: Record<string, (x: unknown) => boolean>,
  optional = false,
): boolean =>
  isPlain(v) &&
  Object.keys(v).every((k) => Object.hasOwn(checks, k)) &&
  Object.entries(checks).every(([k, check]) => (Object.hasOwn(v, k) ? check(v[k]) : optional));

// A design token: a `--cx-*` name and a short value with no url(), escapes or declaration breaks.
const TOKEN_NAME = /^--cx-[a-z0-9-]{1,64}$/;
const TOKEN_VALUE = /^[\w\s#%.,()+-]{0,128}$/;
const isTokens = (v: unknown): boolean =>
  isPlain(v) &&
  Object.entries(v).every(
    ([k, x]) =>
      TOKEN_NAME.test(k) && typeof x === 'string' && TOKEN_VALUE.test(x) && !/url|image/i.test(x),
  );

const PAYLOADS: Record<keyof HostIncoming, (p: unknown) => boolean> = {
  connect: (p) => p === undefined,
  setConversation: (p) => only(p, { conversationId: isId }),
  setScript: (p) => only(p, { script: isPlain }),
  setTheme: (p) =>
    only(
      p,
      {
        colorScheme: (x) => ['light', 'dark', 'light dark'].includes(x as string),
        tokens: isTokens,
      },
      true,
    ),
  endInteraction: (p) => only(p, { id: isId }, true),
};

/**
 * True when `data` is a well-formed message from the host: a plain object with exactly
 * `protocol: 'cx-host/1'`, a known incoming `type`, and that type's payload (or none).
 */
export function isHostIncoming(data: unknown): data is HostIncomingMessage {
  if (!isPlain(data) || data.protocol !== HOST_PROTOCOL) return false;
  const check = Object.hasOwn(PAYLOADS, data.type as string)
    ? PAYLOADS[data.type as keyof HostIncoming]
    : undefined;
  return (
    !!check &&
    Object.keys(data).every((k) => k === 'protocol' || k === 'type' || k === 'payload') &&
    check(data.payload)
  );
}
