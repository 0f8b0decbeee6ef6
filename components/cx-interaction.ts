import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { InteractionSession } from '../src/data/session.js';
import type { Conversation, ConversationSource } from '../src/data/conversation.js';
import {
  attributeSchemaContext,
  crmPaneContext,
  screenPopPolicyContext,
  sessionContext,
} from './contexts.js';
import type { AttributeSchemaLike } from '../src/data/attribute-schema.js';
import { toConversation } from '../src/data/genesys-conversation.js';
import type { ScreenPopPolicy } from '../src/guard/policy.js';
import { CrmPaneChannel } from '../src/screenpop/targets.js';
import type { SecuredClient } from '../src/secured/client.js';
import { SecuredSessionBinding } from '../src/secured/session-binding.js';
import type { HostBridge } from '../src/host/bridge.js';
import { HostLink } from '../src/host/link.js';
import {
  InteractionOutbox,
  sharedOutbox,
  type FlushFailedDetail,
  type Outbox,
  type OutboxStorage,
} from '../src/data/outbox.js';
import { CxFlushFailedEvent } from './events.js';
import { FollowedTarget } from './listen.js';

const HOST_REQUESTS = ['setTheme', 'setScript', 'setConversation', 'endInteraction'] as const;

/**
 * Holds one interaction (a conversation) and provides its `InteractionSession` to the cx-* elements
 * placed inside it, through @lit/context.
 *
 * Give it a conversation directly (`.conversation`), or a `.source` and a `conversation-id` to load
 * one; while loading it shows a status line, and when loading fails it says which conversation and
 * why. A new conversation (or source) replaces the session.
 *
 * @summary The interaction an agent is handling; the session provider for cx-script elements.
 *
 * @slot - The elements that use the session: `<cx-script>`, `<cx-participant-data>` …
 *
 * @csspart status - The "Loading conversation …" line.
 * @csspart error - The "Could not load conversation …" message.
 * @csspart storage - The notice that keys, or unsaved writes, last for this session only (the browser blocks storage).
 *
 * @fires cx-flush-failed - A flush of the interaction's writes failed; the batch is kept and retried.
 *
 * @cssprop --cx-interaction-gap - Space between the status line and the content. Default `var(--cx-space, 0.75rem)`.
 * @cssprop --cx-interaction-error-color - Colour of the load error. Default `var(--cx-color-danger)`.
 */
@customElement('cx-interaction')
export class CxInteraction extends LitElement {
  // Written compactly: the build does not minify CSS in `css` literals.
  // prettier-ignore
  static override styles = css`
:host{display:block;color-scheme:light dark;font-family:var(--cx-font-family,system-ui,sans-serif);color:var(--cx-color-text,CanvasText)}
:host([hidden]){display:none}
p{margin:0 0 var(--cx-interaction-gap,var(--cx-space,.75rem));color:var(--cx-color-muted,light-dark(#53575e,#b4b8bf))}
[part=error]{color:var(--cx-interaction-error-color,var(--cx-color-danger,light-dark(#b3261e,#f2b8b5)));overflow-wrap:anywhere}
`;

  /**
   * The load of `conversation-id` through `source`: `pending`, failed (with its error), or
   * `undefined` (done, or nothing to load).
   */
  @state() private _loading: 'pending' | { error: unknown } | undefined;
  /** Why the vault keeps keys for this session only, when it does (`secured.storage()`). */
  @state() private _keysStorage: string | undefined;
  /** Why the outbox keeps writes in memory only, when it does (`outbox.storage()`). */
  @state() private _outboxStorage: string | undefined;
  /** Counts the outbox restores waited for: the session is made once the outbox is restored. */
  @state() private _restored = 0;
  /** Counts loads: the answer to a superseded load is ignored. */
  private _loads = 0;

  /** Decrypts the session's secured attributes with `secured`; forgets them when left. */
  private readonly _securedBinding = new SecuredSessionBinding();
  private readonly _hostLink = new HostLink();

  @provide({ context: sessionContext })
  @state()
  private _session: InteractionSession | undefined;

  /**
   * The conversation of this interaction: our `Conversation`, or the Genesys Cloud Platform API
   * conversation JSON (`GET /api/v2/conversations/{id}`), converted with `fromGenesysConversation`
   * (the organization id is then `''`: convert it yourself to give one). Setting it (or loading one
   * through `source` and `conversation-id`) replaces `session`; JSON that does not convert shows
   * the error (with its JSON path) and leaves no session.
   */
  @property({ attribute: false }) conversation: Conversation | unknown;

  /** Where conversations are loaded from (with `conversation-id`) and participant data is written. */
  @property({ attribute: false }) source: ConversationSource | undefined;

  /** The id of the conversation to load through `source`. */
  @property({ attribute: 'conversation-id', reflect: true }) conversationId: string | undefined;

  /**
   * The vault client (`createSecuredClient()`), shared by every interaction of the desktop. With a
   * session and a client, the customer's secured attributes are decrypted in one batch; when the
   * conversation changes or the element leaves the page, the vault forgets the previous plaintexts.
   */
  @property({ attribute: false }) secured: SecuredClient | undefined;

  /**
   * Which origins screen pops, `openUrl`, links, images and embedded pages of the scripts inside
   * may reach: `{ allowedOrigins: ['https://crm.example.com'], allowHttpLoopback?: boolean }`.
   * Without it no screen pop leaves (links, images and pages then accept any https origin).
   */
  @provide({ context: screenPopPolicyContext })
  @property({ attribute: false })
  screenPopPolicy: ScreenPopPolicy | undefined;

  /** Where `frame` screen pops go: a `<cx-crm-pane>` inside this element shows them. */
  @provide({ context: crmPaneContext })
  readonly crmPane: CrmPaneChannel = new CrmPaneChannel();

  /**
   * The CRM page's `HostBridge`: `host` screen pops from the scripts inside, the interaction
   * (`interactionChanged`) and participant-data names written (`dataChanged`) are sent to it.
   */
  @property({ attribute: false }) host: HostBridge | undefined;

  /**
   * Where the interaction's writes are queued. Left unset, the desktop's shared durable outbox
   * (`sharedOutbox()`, IndexedDB database `cx-outbox`): every write is stored at once, restored
   * after a reload, and flushed when the interaction ends. Another `Outbox` (e.g.
   * `new Outbox({ dbName })`) replaces it; `null` keeps writes in memory only (still flushed when
   * the interaction ends, lost on reload).
   */
  @property({ attribute: false }) outbox: Outbox | null | undefined;

  /**
   * How participant-data attributes are edited, checked and displayed (an `AttributeSchemaLike`,
   * e.g. `parseAttributeSchema(json, 'conversation')` of dist/cx-genesys.js): `<cx-script>` edits
   * input variables of a schema-typed attribute with the matching control, `<cx-participant-data>`
   * formats their values. Also `session.attributeSchema`.
   */
  @provide({ context: attributeSchemaContext })
  @property({ attribute: false })
  attributeSchema: AttributeSchemaLike | undefined;

  /** The agent's display name, for the `Scripter.Agent Name` built-in. */
  @property({ attribute: 'agent-name' }) agentName: string | undefined;

  /** The session of the current conversation: `undefined` until there is one. Replaced, never mutated, when the conversation changes. */
  get session(): InteractionSession | undefined {
    return this._session;
  }

  /** The outbox in use: `outbox`, the shared default when it is unset, none when it is `null`. */
  private get _outbox(): Outbox | undefined {
    return this.outbox === undefined ? sharedOutbox() : (this.outbox ?? undefined);
  }

  /** Also waits for the outbox to restore what it stored, when a session waits for it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    const outbox = this._outbox;
    if (!this._session && outbox && !outbox.loaded && this.conversation) {
      await outbox.ready;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  constructor() {
    super();
    // Re-fires the session's failed flushes as `cx-flush-failed`, while connected: the queue may
    // outlive the element (the shared outbox), and must not hold it.
    new FollowedTarget(
      this,
      () => {
        const writes = this._session?.writes;
        return writes instanceof EventTarget ? writes : undefined;
      },
      (writes, signal) =>
        writes.addEventListener(
          'flush-failed',
          (e) =>
            this.dispatchEvent(
              new CxFlushFailedEvent((e as CustomEvent<FlushFailedDetail>).detail),
            ),
          { signal },
        ),
    );
    // Applies the host's requests (`_onHost`), while connected.
    new FollowedTarget(
      this,
      () => this.host,
      (host, signal) => {
        for (const type of HOST_REQUESTS) host.addEventListener(type, this._onHost, { signal });
      },
    );
    this.addEventListener(
      'cx-screen-pop',
      (e) => void this.host?.send('screenPop', { ...e.detail }),
    );
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('source') || changed.has('conversationId')) void this._load();
    if (changed.has('secured')) this._checkStorage('_keysStorage', () => this.secured);
    const first = !this.hasUpdated;
    if (first || changed.has('outbox')) this._checkStorage('_outboxStorage', () => this._outbox);
    if (first || changed.has('outbox') || changed.has('source')) {
      const { _outbox: outbox, source } = this;
      if (outbox && source) void outbox.flushLeftovers(source);
    }
    if (
      first ||
      changed.has('conversation') ||
      changed.has('source') ||
      changed.has('agentName') ||
      changed.has('outbox') ||
      changed.has('_restored')
    ) {
      const previous = this._session;
      this._session = this._newSession(changed.has('conversation'));
      // The agent left that interaction: its writes go now (they stay stored if this fails).
      if (previous?.source && previous.id !== this._session?.id)
        previous.flush().catch(() => undefined);
    }
    if (this._session) this._session.attributeSchema = this.attributeSchema;
  }

  /**
   * Asks the store (the vault client or the outbox) whether it keeps data for this session only,
   * for the storage notice in `reason`; an answer about a store replaced meanwhile is dropped. No
   * notice when the integrator chose memory only (persistence switched off, `outbox = null`): that
   * is their choice, not a browser blocking storage.
   */
  private _checkStorage(
    reason: '_keysStorage' | '_outboxStorage',
    current: () => { storage(): Promise<OutboxStorage> } | undefined,
  ): void {
    const store = current();
    this[reason] = undefined;
    store?.storage().then(
      (s) => {
        if (store === current() && !s.persistent && !s.switchedOff)
          this[reason] = s.reason ?? 'unknown';
      },
      () => undefined,
    );
  }

  /**
   * A session for `conversation` (our model or the Genesys conversation JSON), its writes in the
   * outbox (once restored) or in memory. A conversation that does not convert shows its error.
   */
  private _newSession(conversationChanged: boolean): InteractionSession | undefined {
    const outbox = this._outbox;
    let conversation: Conversation | undefined;
    try {
      conversation = toConversation(this.conversation);
      if (conversationChanged && typeof this._loading === 'object') this._loading = undefined;
    } catch (error) {
      this._loading = { error };
      return undefined;
    }
    if (!conversation) return undefined;
    if (outbox && !outbox.loaded) {
      void outbox.ready.then(() => this._restored++);
      return undefined;
    }
    return new InteractionSession({
      conversation,
      writes: outbox ? outbox.queue(conversation.id) : new InteractionOutbox(conversation.id),
      source: this.source,
      agentName: this.agentName,
      attributeSchema: this.attributeSchema,
    });
  }

  /**
   * Sends the interaction's queued writes now, in one batch. Resolves when the platform took them;
   * rejects with the reason otherwise (`cx-flush-failed` fires; the batch is kept and retried).
   */
  async flush(): Promise<void> {
    const session = this._session;
    if (!session) throw new Error('There is no interaction to flush');
    if (!session.source) throw new Error(`Interaction ${session.id} has no source to write to`);
    await session.flush();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('_session') || changed.has('secured'))
      this._securedBinding.update(this._session, this.secured);
    this._hostLink.update(this.host, this.isConnected ? this._session : undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const writes = this._session?.writes;
    if (this.outbox === null && writes instanceof InteractionOutbox && writes.state === 'failed')
      writes.flush().catch(() => undefined);
    if (this.hasUpdated) this._securedBinding.update(this._session, this.secured);
    this._hostLink.update(this.host, this._session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A memory-only queue has no one else to retry it: its timer stops with the element (and
    // starts again on reconnect). A durable outbox keeps retrying: the batch is stored.
    if (this.outbox === null) (this._session?.writes as InteractionOutbox | undefined)?.stop?.();
    this._securedBinding.disconnect();
    this._hostLink.update(this.host, undefined);
  }

  /**
   * Applies what the host asks (the events still reach the integrator's own listeners on the
   * bridge): `setTheme` sets `color-scheme` and `--cx-*` tokens on this element; `setScript` gives
   * the script to every `<cx-script>` inside; `setConversation` loads it through `source` (without a
   * source the integrator handles it); `endInteraction` ends the current interaction: its writes
   * are flushed (the outbox keeps and retries them) and the vault forgets its plaintexts.
   */
  private readonly _onHost = (event: Event): void => {
    const detail = (event as CustomEvent).detail as Record<string, unknown>;
    if (event.type === 'setTheme') {
      if (detail.colorScheme) this.style.colorScheme = detail.colorScheme as string;
      for (const [name, value] of Object.entries((detail.tokens ?? {}) as Record<string, string>))
        this.style.setProperty(name, value);
    } else if (event.type === 'setScript') {
      for (const el of this.querySelectorAll('cx-script')) el.script = detail.script;
    } else if (event.type === 'setConversation') {
      if (this.source) this.conversationId = detail.conversationId as string;
    } else if (!detail.id || detail.id === this._session?.id) {
      if (this._session?.source) this._session.end().catch(() => undefined);
      this.conversation = undefined;
      this.conversationId = undefined;
    }
  };

  /**
   * Loads `conversation-id` through `source` and makes it the `conversation`. This small loader
   * stands in for `@lit/task` (about 1 KB of the bundle for one use): pending and error states,
   * and a superseded load's answer is dropped.
   */
  private async _load(): Promise<void> {
    const { source, conversationId: id } = this;
    const seq = ++this._loads;
    this._loading = source && id ? 'pending' : undefined;
    if (!source || !id) return;
    try {
      const conversation = await source.load(id);
      if (seq !== this._loads) return;
      this._loading = undefined;
      this.conversation = conversation;
    } catch (error) {
      if (seq === this._loads) this._loading = { error };
    }
  }

  protected override render() {
    const id = this.conversationId;
    const loading = this._loading;
    const error = typeof loading === 'object' && loading.error;
    const why = error instanceof Error ? error.message || error.name : String(error);
    return html`${
        loading === 'pending'
          ? html`<p part="status" role="status">Loading conversation ${id}…</p>`
          : loading
            ? html`<p part="error" role="alert">
                Could not load conversation${id ? ` ${id}` : ''}: ${why}
              </p>`
            : ''
      }${[
        ['Keys are kept for this session only', this._keysStorage],
        ['Unsaved changes are kept in memory only', this._outboxStorage],
      ].map(([kept, reason]) =>
        reason === undefined
          ? ''
          : html`<p part="storage" role="status">
              ${kept}: this browser blocks storage here (${reason}).
            </p>`,
      )}<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-interaction': CxInteraction;
  }
}
