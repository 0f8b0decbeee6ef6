/**
 * Cross-origin host frames for the HostBridge tests. The test page is the desktop
 * (`http://localhost:<port>`); a host page (host-page.html) is framed from `http://127.0.0.1:<port>`,
 * a different origin served by the same dev server, and driven over a MessagePort.
 */
import { HOST_PROTOCOL } from '../../src/host/protocol.js';

/** The host pages' origin: same server, another origin. */
export const HOST_ORIGIN = `http://127.0.0.1:${location.port}`;

/** What the host page recorded of one message it received. */
export interface Received {
  origin: string;
  fromParent: boolean;
  data: unknown;
}

/** A framed host page. */
export interface HostFrame {
  frame: HTMLIFrameElement;
  window: Window;
  origin: string;
  /** Has the host post `messages` to this page (to the desktop origin unless `targetOrigin`). */
  post(messages: unknown[], targetOrigin?: string): Promise<void>;
  /** What the host has received so far. */
  record(): Promise<Received[]>;
  /** Navigates the frame to the host page on `origin` (same window, new document). */
  navigate(origin: string): Promise<void>;
  remove(): void;
}

const frames: HostFrame[] = [];

/** A `connect` message. */
export const CONNECT = { protocol: HOST_PROTOCOL, type: 'connect' };

/** Frames the host page from `origin` (default {@link HOST_ORIGIN}). */
export async function openHost(origin = HOST_ORIGIN): Promise<HostFrame> {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  let port!: MessagePort;
  const load = async (o: string) => {
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    frame.src = `${o}/test/host/host-page.html?desktop=${encodeURIComponent(location.origin)}`;
    await loaded;
    const channel = new MessageChannel();
    port = channel.port1;
    const attached = next();
    frame.contentWindow!.postMessage({ cxTestControl: true }, o, [channel.port2]);
    const answer = (await attached) as { origin: string };
    if (answer.origin !== o) throw new Error(`host page answered from ${answer.origin}, not ${o}`);
    host.origin = o;
  };
  const next = () =>
    new Promise<unknown>((resolve) => {
      port.onmessage = (e) => resolve(e.data);
    });
  const host: HostFrame = {
    frame,
    window: frame.contentWindow!,
    origin,
    async post(messages, targetOrigin) {
      const done = next();
      port.postMessage({ cmd: 'post', messages, targetOrigin });
      await done;
    },
    async record() {
      const done = next();
      port.postMessage({ cmd: 'record' });
      return ((await done) as { record: Received[] }).record;
    },
    navigate: load,
    remove: () => frame.remove(),
  };
  await load(origin);
  frames.push(host);
  return host;
}

/** Removes every host frame opened. */
export function removeHosts(): void {
  for (const f of frames.splice(0)) f.remove();
}

/** Polls `read` until `done` holds (or fails after `ms`). */
export async function until<T>(
  read: () => Promise<T> | T,
  done: (v: T) => boolean,
  ms = 5000,
): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (performance.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Counts the message events this window receives (listeners run in order: after the bridge's). */
export function countMessages(): {
  readonly count: number;
  reached(n: number): Promise<number>;
  stop(): void;
} {
  let count = 0;
  const listener = () => count++;
  window.addEventListener('message', listener);
  return {
    get count() {
      return count;
    },
    reached: (n) =>
      until(
        () => count,
        (c) => c >= n,
      ),
    stop: () => window.removeEventListener('message', listener),
  };
}
