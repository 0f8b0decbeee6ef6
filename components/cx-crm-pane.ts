import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { InteractionSession } from '../src/data/session.js';
import type { CrmPaneChannel } from '../src/screenpop/targets.js';
import { crmPaneContext, sessionContext } from './contexts.js';
import { frameSandbox } from './url.js';
import { FollowedTarget } from './listen.js';

/**
 * The desktop's CRM pane: shows the URL of the last `frame` screen pop (or `openUrl` with the
 * `frame` target) of the interaction it sits in, in a sandboxed iframe. URLs reach it only through
 * the egress guard. Place it inside `<cx-interaction>`.
 *
 * @summary The CRM record of the current interaction, framed.
 *
 * @csspart frame - The iframe.
 * @csspart empty - Shown before the first pop.
 *
 * @cssprop --cx-crm-pane-height - Height of the frame. Default `24rem`.
 */
@customElement('cx-crm-pane')
export class CxCrmPane extends LitElement {
  // Written compactly: the build does not minify CSS in `css` literals.
  // prettier-ignore
  static override styles = css`
:host{display:block}
:host([hidden]){display:none}
iframe{inline-size:100%;block-size:var(--cx-crm-pane-height,24rem);border:1px solid var(--cx-color-border,light-dark(#8a8f98,#80858d))}
p{color:var(--cx-color-muted,light-dark(#53575e,#b4b8bf))}
`;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private _session: InteractionSession | undefined;

  @consume({ context: crmPaneContext, subscribe: true })
  @state()
  private _channel: CrmPaneChannel | undefined;

  constructor() {
    super();
    // Subscribed to the channel while connected: re-renders on each pop, and tells the channel
    // that a pane shows its pops.
    new FollowedTarget<CrmPaneChannel>(
      this,
      () => this._channel,
      (channel, signal) =>
        signal.addEventListener(
          'abort',
          channel.subscribe(() => this.requestUpdate()),
        ),
    );
  }

  protected override render() {
    const id = this._session?.id;
    const url = id && this._channel?.current(id);
    return url
      ? html`<iframe
          part="frame"
          src=${url}
          title="CRM record"
          sandbox=${frameSandbox(url)}
          referrerpolicy="no-referrer"
        ></iframe>`
      : html`<p part="empty">No CRM record opened yet.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-crm-pane': CxCrmPane;
  }
}
