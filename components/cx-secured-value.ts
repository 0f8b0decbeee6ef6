import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { InteractionSession } from '../src/data/session.js';
import { FULL_MASK, type SecuredMask } from '../src/secured/types.js';
import { sessionContext } from './contexts.js';
import { CxSecuredRevealEvent } from './events.js';
import { FollowedTarget } from './listen.js';

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
  // Written compactly: the build does not minify CSS in `css` literals.
  // prettier-ignore
  static override styles = css`
:host{display:inline-flex;flex-wrap:wrap;align-items:baseline;gap:var(--cx-secured-value-gap,.5rem);color-scheme:light dark;--_accent:var(--cx-secured-value-accent-color,var(--cx-color-accent,light-dark(#0b57d0,#8ab4f8)))}
:host([hidden]),[hidden]{display:none}
[part=label]{font-weight:600}
[part=mask],[part=value]{font-family:var(--cx-font-mono,ui-monospace,monospace);letter-spacing:.05em}
button{font:inherit;font-size:.875em;color:var(--_accent);background:none;border:1px solid;border-radius:var(--cx-radius,.375rem);padding:0 .5rem;cursor:pointer}
[aria-pressed=true]{color:var(--cx-color-surface,Canvas);background:var(--_accent);border-color:var(--_accent)}
:focus-visible{outline:var(--cx-focus-ring,2px solid var(--_accent));outline-offset:2px}
[part=error]{color:var(--cx-secured-value-error-color,var(--cx-color-danger,light-dark(#b3261e,#f2b8b5)))}
.live{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private _session: InteractionSession | undefined;

  @state() private _revealed = false;
  /** What the live region says: "Card number shown" / "Card number hidden". */
  @state() private _announcement = '';
  @state() private _revealError: string | undefined;

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

  constructor() {
    super();
    // While connected, a 'secured-change' of this attribute re-renders, and hides the value unless
    // it is still ready.
    new FollowedTarget<InteractionSession>(
      this,
      () => this._session,
      (session, signal) =>
        session.addEventListener(
          'secured-change',
          (e) => {
            if (!(e as CustomEvent<{ names: string[] }>).detail.names.includes(this.name)) return;
            if (session.secured.state(this.name)?.status !== 'ready') this.hide(false);
            this.requestUpdate();
          },
          { signal },
        ),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.hide(false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('_session' as keyof CxSecuredValue) || changed.has('name')) this.hide(false);
  }

  /** Reveals the value (asks the vault for it) and fires `cx-secured-reveal`. */
  async reveal(): Promise<void> {
    const session = this._session;
    const name = this.name;
    if (session?.secured.state(name)?.status !== 'ready') return;
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
    await this.updateComplete;
    const target = this._value();
    if (
      !target ||
      seq !== this._revealSeq ||
      session !== this._session ||
      name !== this.name ||
      !this.isConnected
    )
      return;
    // The only place the plaintext goes: a text node, dropped again by hide().
    target.replaceChildren(text);
    this._revealed = true;
    this._announcement = `${this._label()} shown`;
    clearTimeout(this._timer);
    const timeout = this.revealTimeout;
    this._timer = setTimeout(
      () => this.hide(),
      timeout > 0 && timeout < Infinity ? timeout : DEFAULT_REVEAL_TIMEOUT_MS,
    );
    this.dispatchEvent(new CxSecuredRevealEvent({ name }));
  }

  /** Hides the value and drops its text; `announce` says so to screen readers. */
  hide(announce = true): void {
    this._revealSeq++;
    clearTimeout(this._timer);
    this._value()?.replaceChildren();
    if (!this._revealed) return;
    this._revealed = false;
    if (announce) this._announcement = `${this._label()} hidden`;
  }

  /** The element the revealed text goes into. */
  private _value(): HTMLElement | null | undefined {
    return this.renderRoot?.querySelector<HTMLElement>('[part=value]');
  }

  private _label(): string {
    return this.label || words(this.name);
  }

  protected override render() {
    const label = this._label();
    const name = this.name;
    const revealed = this._revealed;
    const state = this._session?.secured.state(name);
    const error =
      state?.status === 'error'
        ? `Cannot decrypt ${name}: ${reasonOf(name, state.error)}`
        : this._revealError;
    const preview =
      state?.value && this.mask === 'last4' && state.value.preview !== FULL_MASK
        ? state.value.preview
        : FULL_MASK;
    const ending = preview === FULL_MASK ? '' : `, ending in ${preview.replace(/^[•\s]+/, '')}`;
    return html`${
        state?.status === 'error'
          ? html`<span part="label">${label}</span>`
          : html`<span part="label" aria-hidden="true">${label}</span>
              <span
                part="mask"
                role="img"
                aria-label="${label}, hidden${ending}"
                ?hidden=${revealed}
                >${preview}</span
              ><span part="value" ?hidden=${!revealed}></span> ${
                state?.status === 'ready'
                  ? html`<button
                      type="button"
                      part="toggle"
                      aria-pressed=${revealed}
                      aria-label="Show ${label}"
                      @click=${() => (this._revealed ? this.hide() : void this.reveal())}
                      @keydown=${(e: KeyboardEvent) => {
                        if (e.key === 'Escape' && this._revealed) {
                          e.stopPropagation();
                          this.hide();
                        }
                      }}
                    >
                      Show
                    </button>`
                  : nothing
              }`
      }
      ${error ? html`<span part="error">${error}</span>` : nothing}<span class="live" role="status"
        >${this._announcement}</span
      >`;
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
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'CustomerKeyNotFound') return 'key not found';
  if (code === 'CustomerKeyNotConfigured') return 'no key is configured';
  // Without the vault's own prefix ("Code: cannot decrypt CardNumber: …").
  const prefix = RegExp(
    `^(?:\\w+: )?(?:cannot (?:decrypt|reveal)(?: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})?: )?`,
    'i',
  );
  return String(message ?? error).replace(prefix, '') || 'unknown error';
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-secured-value': CxSecuredValue;
  }
}
