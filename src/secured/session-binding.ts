/**
 * Connects interaction sessions to the vault: when both a session and a client are there, the
 * session's secured attributes are decrypted in one batch; when the conversation changes, or the
 * host element leaves the page, the vault forgets the previous conversation's plaintexts.
 * Framework-free; `<cx-interaction>` drives it from its lifecycle.
 */
import type { InteractionSession } from '../data/session.js';
import type { SecuredClient } from './client.js';
import type { SecuredLoadOptions } from './attributes.js';

type Client = Pick<SecuredClient, 'decrypt' | 'reveal' | 'forget'>;

/** Keeps one session's secured attributes loaded with one client, forgetting what is left behind. */
export class SecuredSessionBinding {
  #session: InteractionSession | undefined;
  #client: Client | undefined;
  readonly #options: SecuredLoadOptions;

  constructor(options: SecuredLoadOptions = {}) {
    this.#options = options;
  }

  /**
   * The current session and client. Loads the session's attributes when both exist; tells the
   * previous client to forget the previous conversation when it is left (another conversation,
   * or another client).
   */
  update(session: InteractionSession | undefined, client: Client | undefined): void {
    const previous = this.#session;
    const previousClient = this.#client;
    if (previous && previousClient) {
      const left = previous.id !== session?.id || previousClient !== client;
      if (left) this.#forget(previous, previousClient);
    }
    this.#session = session;
    this.#client = client;
    if (session && client) void session.secured.load(client, this.#options);
  }

  /** Forgets the current conversation's plaintexts (the host left the page); `update` reloads. */
  disconnect(): void {
    const session = this.#session;
    const client = this.#client;
    if (session && client) this.#forget(session, client);
    this.#session = undefined;
    this.#client = undefined;
  }

  #forget(session: InteractionSession, client: Client): void {
    session.secured.reset();
    if ((client as { closed?: boolean }).closed) return;
    client.forget(session.id).catch(() => undefined);
  }
}
