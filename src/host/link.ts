/**
 * Tells a {@link HostBridge} about one `<cx-interaction>`'s interaction: `interactionChanged`
 * (`active` when it takes up a session, again when the host connects; `released` when the session
 * goes) and `dataChanged` with the names the session's `data-change` reports. No DOM: the element
 * calls `update` whenever its bridge or session changes, and with no session when it leaves.
 */
import type { HostBridge } from './bridge.js';
import type { DataChangeDetail, InteractionSession } from '../data/session.js';

export class HostLink {
  #bridge: HostBridge | undefined;
  #session: InteractionSession | undefined;
  readonly #onData = (e: Event) =>
    void this.#bridge?.send('dataChanged', {
      names: [...(e as CustomEvent<DataChangeDetail>).detail.names],
    });
  readonly #announce = () =>
    void (
      this.#session &&
      this.#bridge?.send('interactionChanged', { id: this.#session.id, state: 'active' })
    );

  update(bridge: HostBridge | undefined, session: InteractionSession | undefined): void {
    const prev = this.#session;
    const old = this.#bridge;
    if (prev === session && old === bridge) return;
    old?.removeEventListener('connect', this.#announce);
    prev?.removeEventListener('data-change', this.#onData);
    if (prev) void old?.send('interactionChanged', { id: prev.id, state: 'released' });
    this.#bridge = bridge;
    this.#session = session;
    if (!session) return;
    session.addEventListener('data-change', this.#onData);
    bridge?.addEventListener('connect', this.#announce);
    this.#announce();
  }
}
