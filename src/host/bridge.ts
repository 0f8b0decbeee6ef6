/**
 * The host bridge: the desktop's end of the `cx-host/1` protocol (see ./protocol.ts) with the CRM
 * page that embeds it.
 *
 * - A message counts only when its `origin` is one of `allowedOrigins` (exact, normalised) and its
 *   `source` is the target window; it must be a well-formed message no larger than
 *   `maxMessageBytes`. Anything else is dropped and counted in `stats`, never answered.
 * - The handshake: the host posts `connect`; the bridge answers `ready` to that exact origin and from
 *   then on sends to it, and accepts the other messages from it. Before that nothing is sent.
 * - Everything sent goes to that exact origin (never `*`) and first through the egress guard
 *   (`hostMessage`): a secured value anywhere in the payload, or a plaintext the vault holds in the
 *   serialised message, blocks it; a blocked message is not sent and fires `egress-blocked`.
 */
import { guardEgress, type PlaintextScan } from '../guard/egress.js';
import { HOST_PROTOCOL, isHostIncoming, type HostIncoming, type HostOutgoing } from './protocol.js';
import { onMetric } from '../telemetry/metrics.js';
import { normalizeEntry } from '../guard/policy.js';

/** Options of a {@link HostBridge}. */
export interface HostBridgeOptions {
  /** The host origins allowed to connect, e.g. `['https://crm.example.com']`; no `*`. */
  allowedOrigins: readonly string[];
  /** The host's window. Default `window.parent` (the desktop is framed by the CRM page). */
  target?: Window;
  /** The vault client whose scan checks every outgoing message (read at each send). */
  scanner?: () => PlaintextScan | undefined;
  /** The largest message accepted, in bytes of its JSON. Default 64 KB. */
  maxMessageBytes?: number;
  /**
   * Forwards metrics (web vitals and our own timings, see `onMetric`) to the connected host as
   * `metric` messages: `true` for all, or the names to forward (e.g. `['LCP', 'script-render']`).
   * Default: none. Only a metric's name and value leave; metrics before the handshake are dropped.
   */
  metrics?: boolean | readonly string[];
}

/** What the bridge received: every message event, those accepted, and those dropped, by why. */
export interface HostBridgeStats {
  received: number;
  accepted: number;
  dropped: { origin: number; source: number; shape: number; size: number; beforeHandshake: number };
}

/** Detail of the bridge's `egress-blocked` event (names only, never a value). */
export interface HostEgressBlockedDetail {
  sink: 'hostMessage';
  reason: string;
  variables: string[];
}

/**
 * The bridge's events: `connect` once a host completes the handshake (`{ origin }`), one per
 * incoming message type (the payload as `detail`), and `egress-blocked`.
 */
export type HostBridgeEventMap = {
  [K in Exclude<keyof HostIncoming, 'connect'>]: CustomEvent<HostIncoming[K]>;
} & {
  connect: CustomEvent<{ origin: string }>;
  'egress-blocked': CustomEvent<HostEgressBlockedDetail>;
};

/**
 * `origin` normalised (`https://a.example:443/` → `https://a.example`) by the screen-pop policy's
 * rule for exact origins; throws when it is not an http(s) origin.
 */
function normalizeOrigin(origin: string): string {
  const normalized = normalizeEntry(origin);
  if (typeof normalized !== 'string')
    throw new TypeError(`HostBridge: '${origin}' is not an http(s) origin`);
  return normalized;
}

/** The desktop's end of the `cx-host/1` protocol. See the module comment. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below only types the inherited addEventListener
export class HostBridge extends EventTarget {
  /** Counts of the messages received, accepted and dropped. */
  readonly stats: HostBridgeStats = {
    received: 0,
    accepted: 0,
    dropped: { origin: 0, source: 0, shape: 0, size: 0, beforeHandshake: 0 },
  };
  readonly #origins: ReadonlySet<string>;
  readonly #target: Window;
  readonly #scanner: (() => PlaintextScan | undefined) | undefined;
  readonly #max: number;
  #origin: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #listener = (e: MessageEvent) => this.#receive(e);
  #stopMetrics: (() => void) | undefined;

  constructor(options: HostBridgeOptions) {
    super();
    this.#origins = new Set(options.allowedOrigins.map(normalizeOrigin));
    this.#target = options.target ?? window.parent;
    this.#scanner = options.scanner;
    this.#max = options.maxMessageBytes ?? 65_536;
    window.addEventListener('message', this.#listener);
    const { metrics } = options;
    if (metrics)
      this.#stopMetrics = onMetric(({ name, value }) => {
        if (this.#origin && (metrics === true || metrics.includes(name)))
          void this.send('metric', { name, value });
      });
  }

  /** The host origin that completed the handshake; `undefined` before. */
  get origin(): string | undefined {
    return this.#origin;
  }

  /**
   * Sends `type` with `payload` to the connected host, after the egress guard; messages leave in
   * the order sent. Resolves `true` when posted, `false` when there is no connected host (before
   * the handshake, after `dispose`) or the guard blocked it (`egress-blocked` fired).
   */
  send<K extends Exclude<keyof HostOutgoing, 'ready'>>(
    type: K,
    payload: HostOutgoing[K],
  ): Promise<boolean> {
    return this.#enqueue(type, payload);
  }

  /** Stops listening and sending (metrics included). */
  dispose(): void {
    window.removeEventListener('message', this.#listener);
    this.#stopMetrics?.();
    this.#stopMetrics = undefined;
    this.#origin = undefined;
  }

  #enqueue(type: keyof HostOutgoing, payload: unknown): Promise<boolean> {
    const sent = this.#queue.then(() => this.#post(type, payload));
    this.#queue = sent;
    return sent;
  }

  async #post(type: keyof HostOutgoing, payload: unknown): Promise<boolean> {
    const origin = this.#origin;
    if (!origin) return false;
    const message = { protocol: HOST_PROTOCOL, type, ...(payload !== undefined && { payload }) };
    let text: string | undefined;
    try {
      text = JSON.stringify(message);
    } catch {
      // A payload that does not serialise is blocked below, through its values.
    }
    const decision = await guardEgress({
      sink: 'hostMessage',
      text: text ?? '',
      values: [payload],
      scanner: this.#scanner?.(),
    });
    if (!decision.ok || text === undefined) {
      const { reason, variables } = decision.ok
        ? { reason: 'invalid-message', variables: [] }
        : decision;
      this.dispatchEvent(
        new CustomEvent<HostEgressBlockedDetail>('egress-blocked', {
          detail: { sink: 'hostMessage', reason, variables },
        }),
      );
      return false;
    }
    // The handshake may have moved on (or the bridge been disposed) while the scan ran.
    if (this.#origin !== origin) return false;
    // The message as serialised and scanned, never the live payload (a getter could change it).
    this.#target.postMessage(JSON.parse(text), origin);
    return true;
  }

  #receive(event: MessageEvent): void {
    const { stats } = this;
    const { dropped } = stats;
    stats.received++;
    if (!this.#origins.has(event.origin)) return void dropped.origin++;
    if (event.source !== this.#target) return void dropped.source++;
    let size = Infinity;
    try {
      size = new TextEncoder().encode(JSON.stringify(event.data)).length;
    } catch {
      return void dropped.shape++;
    }
    if (size > this.#max) return void dropped.size++;
    const data: unknown = event.data;
    if (!isHostIncoming(data)) return void dropped.shape++;
    if (data.type === 'connect') {
      stats.accepted++;
      this.#origin = event.origin;
      void this.#enqueue('ready', undefined);
      this.dispatchEvent(new CustomEvent('connect', { detail: { origin: event.origin } }));
      return;
    }
    if (event.origin !== this.#origin) return void dropped.beforeHandshake++;
    stats.accepted++;
    this.dispatchEvent(
      new CustomEvent(data.type, { detail: (data as { payload?: unknown }).payload }),
    );
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- types the inherited addEventListener
export interface HostBridge {
  addEventListener<K extends keyof HostBridgeEventMap>(
    type: K,
    listener: (event: HostBridgeEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HostBridgeEventMap>(
    type: K,
    listener: (event: HostBridgeEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
}
