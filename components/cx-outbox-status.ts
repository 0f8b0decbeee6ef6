import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { InteractionSession } from '../src/data/session.js';
import { InteractionOutbox, type FlushFailedDetail } from '../src/data/outbox.js';
import { sessionContext } from './contexts.js';
import { FollowedTarget } from './listen.js';

/**
 * Tells the agent about the interaction's writes not yet saved on the platform: "3 changes not yet
 * saved", "Saving…", "Could not save: <reason> — retrying". Empty when everything is saved. A polite
 * live region (`role="status"`), so screen readers announce each change. It reads the session of
 * the enclosing `<cx-interaction>`.
 *
 * @summary The interaction's unsaved writes and failed saves.
 *
 * @csspart status - The status line.
 *
 * @cssprop --cx-outbox-status-color - Text colour. Default `var(--cx-color-muted)`.
 * @cssprop --cx-outbox-status-error-color - Colour of a failed save. Default `var(--cx-color-danger)`.
 */
@customElement('cx-outbox-status')
export class CxOutboxStatus extends LitElement {
  // prettier-ignore
  static override styles = css`
:host{display:block;font-family:var(--cx-font-family,system-ui,sans-serif);color:var(--cx-outbox-status-color,var(--cx-color-muted,light-dark(#53575e,#b4b8bf)))}
:host([hidden]){display:none}
p{margin:0}
.failed{color:var(--cx-outbox-status-error-color,var(--cx-color-danger,light-dark(#b3261e,#f2b8b5)))}
`;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private _session: InteractionSession | undefined;

  /** The followed outbox's last failure, shown while its `state` is `failed`. */
  @state() private _failure: FlushFailedDetail | undefined;

  /** The current session's outbox, followed while connected. */
  private readonly _outbox = new FollowedTarget<InteractionOutbox>(
    this,
    () => {
      const writes = this._session?.writes;
      return writes instanceof InteractionOutbox ? writes : undefined;
    },
    (outbox, signal) => {
      // Following an outbox (again) starts with no failure known: only its own are shown.
      this._failure = undefined;
      outbox.addEventListener('change', () => this.requestUpdate(), { signal });
      outbox.addEventListener(
        'flush-failed',
        (e) => (this._failure = (e as CustomEvent<FlushFailedDetail>).detail),
        { signal },
      );
    },
  );

  protected override render() {
    const outbox = this._outbox.current;
    const n = outbox?.size ?? 0;
    const failure = outbox?.state === 'failed' ? this._failure : undefined;
    const text = failure
      ? `Could not save: ${failure.reason}${failure.willRetry ? ' — retrying' : ''}`
      : outbox?.state === 'saving'
        ? 'Saving…'
        : n
          ? `${n} ${n === 1 ? 'change' : 'changes'} not yet saved`
          : '';
    return html`<p part="status" role="status" class=${failure ? 'failed' : ''}>${text}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-outbox-status': CxOutboxStatus;
  }
}
