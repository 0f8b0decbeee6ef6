import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Listens to an event target that the host element picks (its session, the session's outbox …)
 * while the host is connected: `listen(target, signal)` adds the listeners, and they are removed
 * (the signal aborts) when the host disconnects or `target()` answers another object, which is
 * checked on connect and before every update.
 */
export class FollowedTarget<T extends EventTarget> implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #target: () => T | undefined;
  readonly #listen: (target: T, signal: AbortSignal) => void;
  #current: T | undefined;
  #abort: AbortController | undefined;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    target: () => T | undefined,
    listen: (target: T, signal: AbortSignal) => void,
  ) {
    this.#host = host;
    this.#target = target;
    this.#listen = listen;
    host.addController(this);
  }

  /** The target listened to now (`undefined` while disconnected or without one). */
  get current(): T | undefined {
    return this.#current;
  }

  hostConnected(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
  }

  #follow(): void {
    const next = this.#host.isConnected ? this.#target() : undefined;
    if (next === this.#current) return;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#current = next;
    if (next) {
      this.#abort = new AbortController();
      this.#listen(next, this.#abort.signal);
    }
  }
}
