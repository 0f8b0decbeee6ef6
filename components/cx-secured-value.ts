import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { InteractionSession } from '../src/data/session.js';
import { FULL_MASK, type SecuredMask } from '../src/secured/types.js';
import { sessionContext } from './contexts.js';
import { CxSecuredRevealEvent } from './events.js';

/** How long a revealed value stays shown by default, in milliseconds. */
export const DEFAULT_REVEAL_TIMEOUT_MS = 30_000;

/**
 * One secured attribute of the interaction provided by an enclosing `<cx-interaction>`: masked by
 * default, with a toggle button that reveals it (the vault worker sends the plaintext for this
 * display only) and hides it again after `reveal-timeout` milliseconds (30 s by default), on a
 * second press, on Escape, or when the interaction changes. The plaintext goes straight into a
 * text node and is dropped when hidden; it is never kept in a property or attribute. Screen readers
 * hear "Card number shown" / "Card number hidden" through a live region. When the vault cannot
 * decrypt the attribute, it says why inline ("Cannot decrypt CardNumber: key not found").
 *
 * @summary A secured value, masked until the agent reveals it.
 *
 * @fires {CxSecuredRevealEvent} cx-secured-reveal - The agent revealed the value (`detail: { name }`; never the value), for audit.
 *
 * @csspart label - The label.
 * @csspart mask - The masked preview.
 * @csspart value - The revealed value.
 * @csspart toggle - The show/hide button.
 * @csspart error - The inline error ("Cannot decrypt …").
 *
 * @cssprop --cx-secured-value-gap - Space between label, value and button. Default `0.5rem`.
 * @cssprop --cx-secured-value-error-color - Colour of the error. Default `var(--cx-color-danger)`.
 * @cssprop --cx-secured-value-accent-color - The button's colour and focus ring. Default `var(--cx-color-accent)`.
 */
@customElement('cx-secured-value')
export class CxSecuredValue extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--cx-secured-value-gap, 0.5rem);
      color-scheme: light dark;
      --_accent: var(
        --cx-secured-value-accent-color,
        var(--cx-color-accent, light-dark(#0b57d0, #8ab4f8))
      );
    }
    :host([hidden]) {
      display: none;
    }
    [part='label'] {
      font-weight: 600;
    }
    [part='mask'],
    [part='value'] {
      font-family: var(--cx-font-mono, ui-monospace, monospace);
      letter-spacing: 0.05em;
    }
    [part='value'][hidden],
    [part='mask'][hidden] {
      display: none;
    }
    [part='toggle'] {
      font: inherit;
      font-size: 0.875em;
      color: var(--_accent);
      background: transparent;
      border: 1px solid currentColor;
      border-radius: var(--cx-radius, 0.375rem);
      padding: 0 0.5rem;
      cursor: pointer;
    }
    [part='toggle'][aria-pressed='true'] {
      color: var(--cx-color-surface, Canvas);
      background: var(--_accent);
      border-color: var(--_accent);
    }
    [part='toggle']:focus-visible {
      outline: var(--cx-focus-ring, 2px solid var(--_accent));
      outline-offset: 2px;
    }
    [part='error'] {
      color: var(
        --cx-secured-value-error-color,
        var(--cx-color-danger, light-dark(#b00020, #ff8a80))
      );
    }
    .live {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private _session: InteractionSession | undefined;

  /** Bumped when the session's secured attributes change, to re-render. */
  @state() private _version = 0;
  @state() private _revealed = false;
  @state() private _announcement = '';
  @state() private _revealError: string | undefined;

  @query('[part="value"]') private _valueEl!: HTMLElement | null;

  private _listening: AbortController | undefined;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  /** Ignores a reveal answer that arrives after a hide or another reveal. */
  private _revealSeq = 0;

  /** The secured attribute's name (case-sensitive), e.g. `CardNumber`. */
  @property({ reflect: true }) name = '';

  /** The label shown before the value; by default the name in words ("Card number"). */
  @property() label: string | undefined;

  /**
   * The mask: `last4` shows the preview's last four characters (`•••• 1234`); `full` and `none`
   * show a fixed mask.
   */
  @property() mask: SecuredMask = 'full';

  /** How long a revealed value stays shown, in milliseconds. Default 30,000. */
  @property({ type: Number, attribute: 'reveal-timeout' }) revealTimeout =
    DEFAULT_REVEAL_TIMEOUT_MS;

  /** Whether the value is shown now. */
  get revealed(): boolean {
    return this._revealed;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._listening?.abort();
    this._listening = undefined;
    this.hide(false);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._session && !this._listening) this._listen(this._session);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('_session' as keyof CxSecuredValue)) {
      this._listening?.abort();
      this._listening = undefined;
      if (this._session) this._listen(this._session);
    }
    if (
      this._revealed &&
      (changed.has('_session' as keyof CxSecuredValue) || changed.has('name'))
    ) {
      this.hide(false);
    }
  }

  private _listen(session: InteractionSession): void {
    this._listening = new AbortController();
    session.addEventListener(
      'secured-change',
      (e) => {
        const names = (e as CustomEvent<{ names: string[] }>).detail.names;
        if (!names.includes(this.name)) return;
        if (session.secured.state(this.name)?.status !== 'ready') this.hide(false);
        this._version++;
      },
      { signal: this._listening.signal },
    );
  }

  private get _label(): string {
    return this.label || words(this.name);
  }

  private _onToggle(): void {
    if (this._revealed) this.hide();
    else void this.reveal();
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this._revealed) {
      event.stopPropagation();
      this.hide();
    }
  }

  /** Reveals the value (asks the vault for it) and fires `cx-secured-reveal`. */
  async reveal(): Promise<void> {
    const session = this._session;
    const name = this.name;
    if (!session || session.secured.state(name)?.status !== 'ready') return;
    const seq = ++this._revealSeq;
    this._revealError = undefined;
    let text: string;
    try {
      text = await session.secured.reveal(name);
    } catch (error) {
      if (seq === this._revealSeq)
        this._revealError = `Cannot show ${name}: ${reasonOf(name, error)}`;
      return;
    }
    if (seq !== this._revealSeq || session !== this._session || name !== this.name) return;
    if (!this.isConnected) return;
    await this.updateComplete;
    const target = this._valueEl;
    if (!target) return;
    target.replaceChildren(document.createTextNode(text));
    this._revealed = true;
    this._announcement = `${this._label} shown`;
    clearTimeout(this._timer);
    const timeout =
      Number.isFinite(this.revealTimeout) && this.revealTimeout > 0
        ? this.revealTimeout
        : DEFAULT_REVEAL_TIMEOUT_MS;
    this._timer = setTimeout(() => this.hide(), timeout);
    this.dispatchEvent(new CxSecuredRevealEvent({ name }));
  }

  /** Hides the value and drops its text; `announce` says so to screen readers. */
  hide(announce = true): void {
    this._revealSeq++;
    clearTimeout(this._timer);
    this._timer = undefined;
    this._valueEl?.replaceChildren();
    if (!this._revealed) return;
    this._revealed = false;
    if (announce) this._announcement = `${this._label} hidden`;
  }

  protected override render() {
    void this._version;
    const label = this._label;
    const name = this.name;
    const state = this._session?.secured.state(name);
    const live = html`<span class="live" role="status">${this._announcement}</span>`;
    if (state?.status === 'error') {
      return html`<span part="label">${label}</span>
        <span part="error">Cannot decrypt ${name}: ${reasonOf(name, state.error)}</span>${live}`;
    }
    const preview =
      state && this.mask === 'last4' && state.value.preview !== FULL_MASK
        ? state.value.preview
        : FULL_MASK;
    const ending = preview === FULL_MASK ? '' : `, ending in ${preview.replace(/^[•\s]+/, '')}`;
    const ready = state?.status === 'ready';
    return html`<span part="label" aria-hidden="true">${label}</span>
      <span part="mask" role="img" aria-label="${label}, hidden${ending}" ?hidden=${this._revealed}
        >${preview}</span
      ><span part="value" ?hidden=${!this._revealed}></span> ${
        ready
          ? html`<button
              type="button"
              part="toggle"
              aria-pressed=${this._revealed ? 'true' : 'false'}
              aria-label="Show ${label}"
              @click=${this._onToggle}
              @keydown=${this._onKeydown}
            >
              Show
            </button>`
          : nothing
      }
      ${this._revealError ? html`<span part="error">${this._revealError}</span>` : nothing}${live}`;
  }
}

/** "CardNumber" → "Card number"; "card_number" → "Card number". */
function words(name: string): string {
  const spaced = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return spaced ? spaced[0]!.toUpperCase() + spaced.slice(1) : name;
}

/** Why the vault refused, in words: "key not found", "no key is configured", or its message. */
function reasonOf(name: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'CustomerKeyNotFound') return 'key not found';
  if (code === 'CustomerKeyNotConfigured') return 'no key is configured';
  const message =
    error instanceof Error
      ? error.message
      : String((error as { message?: unknown } | null)?.message ?? error);
  const prefix = new RegExp(
    `^(?:\\w+: )?(?:cannot (?:decrypt|reveal)(?: ${escape(name)})?: )?`,
    'i',
  );
  return message.replace(prefix, '') || 'unknown error';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-secured-value': CxSecuredValue;
  }
}
