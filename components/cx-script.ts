import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { InteractionSession } from '../src/data/session.js';
import { ScriptRuntime } from '../src/script/runtime.js';
import { parseScript } from '../src/script/parse.js';
import { ScriptError, displayPath, isErrorIssue, type ScriptIssue } from '../src/script/errors.js';
import type {
  ButtonComponent,
  Component,
  FieldComponent,
  ImageComponent,
  LinkComponent,
  Option,
  PlainValue,
  Script,
  SecuredComponent,
  StackComponent,
  TextComponent,
  WebPageComponent,
} from '../src/script/types.js';
import './cx-secured-value.js';
import { formatValue } from '../src/expr/interpolate.js';
import type { Value } from '../src/expr/scope.js';
import { crmPaneContext, screenPopPolicyContext, sessionContext } from './contexts.js';
import type { ScreenPopPolicy } from '../src/guard/policy.js';
import { describeBlock, guardEgress, type EgressSink } from '../src/guard/egress.js';
import { createScreenPopHandlers, scannerOf } from '../src/screenpop/handlers.js';
import { openPopWindow, type CrmPaneChannel } from '../src/screenpop/targets.js';
import {
  CxEgressBlockedEvent,
  CxPageChangeEvent,
  CxScriptErrorEvent,
  CxScriptWarningEvent,
  CxScreenPopEvent,
  type CxScriptIssueDetail,
} from './events.js';
import { scriptStyles } from './cx-script.styles.js';
import { inlineStyle } from './style-hints.js';
import { validateField } from './validation.js';
import { resolveUrl } from './url.js';
import { measureRender } from '../src/telemetry/metrics.js';

interface RuntimeIssue {
  code: string;
  message: string;
  path?: string;
}
interface PageChangeDetail {
  from: string | null;
  to: string;
}
interface EgressBlockedDetail {
  sink: string;
  reason: string;
  variables: readonly string[];
}

/** Sandbox of `webPage` frames: enough for a CRM page, never top navigation. */
/**
 * The sandbox of an embedded page. A page on the desktop's own origin must not get
 * `allow-same-origin` together with `allow-scripts`: it could lift its own sandbox and read the
 * desktop. Cross-origin pages keep their own origin (their cookies and storage) and gain nothing.
 */
function frameSandbox(href: string): string {
  const sameOrigin = new URL(href, location.href).origin === location.origin;
  return sameOrigin
    ? 'allow-scripts allow-forms allow-popups'
    : 'allow-scripts allow-same-origin allow-forms allow-popups';
}

const optionValue = (o: Option) => (typeof o === 'string' ? o : o.value);
const optionLabel = (o: Option) => (typeof o === 'string' ? o : o.label);
const idFor = (path: string) => `c-${path.replace(/[^\w-]/g, '_')}`;

/**
 * Renders an agent script (format v1) for the interaction provided by an enclosing
 * `<cx-interaction>`: one page at a time, with its text, fields bound two-way to the script's
 * variables, buttons that run actions, links, images and embedded pages.
 *
 * A script that does not parse renders an error panel listing every issue (path and message)
 * instead, and fires `cx-script-error` once per issue.
 *
 * @summary An agent script: guided pages bound to the interaction's data.
 *
 * @fires {CxPageChangeEvent} cx-page-change - The page shown changed (`detail: { from, to }`).
 * @fires {CxScriptErrorEvent} cx-script-error - A script issue (one per parse issue) or an action error (`detail: { code, message, path }`).
 * @fires {CxScriptWarningEvent} cx-script-warning - A non-fatal problem, e.g. an unknown `{{Var}}` (`detail: { code, message, path }`).
 * @fires {CxEgressBlockedEvent} cx-egress-blocked - The egress guard blocked a URL, pop or write (`detail: { sink, reason, variables }`); the agent sees a notice.
 * @fires {CxScreenPopEvent} cx-screen-pop - A screen pop with the `host` target (`detail: { interactionId, url | searchString }`).
 *
 * @csspart page - The current page.
 * @csspart title - The page title (a heading; it takes focus when a button changes page).
 * @csspart page-status - "Page 2 of 3".
 * @csspart body - The page body.
 * @csspart text - A text component (also `heading`, `paragraph` or `note` by variant).
 * @csspart field - The wrapper of a form field (label, control, hint, message).
 * @csspart label - A field's label.
 * @csspart control - A native form control (input, textarea, select, checkbox, radio).
 * @csspart hint - A field's help text.
 * @csspart invalid - A field's validation message.
 * @csspart secured - A secured value's placeholder; `mask` is its masked text.
 * @csspart button - An action button.
 * @csspart disabled-reason - Why a disabled button is disabled.
 * @csspart link - A link (an anchor).
 * @csspart notice - Shown in place of a link, image or page that could not be rendered.
 * @csspart image - An image.
 * @csspart web-page - An embedded page (iframe).
 * @csspart stack - A stack container.
 * @csspart alert - An alert raised by an action; `alert-dismiss` is its close button.
 * @csspart error-panel - The panel listing a script's issues.
 * @csspart status - "Waiting for an interaction…".
 *
 * @cssprop --cx-script-color - Text colour. Default `var(--cx-color-text)`.
 * @cssprop --cx-script-accent-color - Buttons, links, focus ring. Default `var(--cx-color-accent)`.
 * @cssprop --cx-script-danger-color - Validation messages, error panel. Default `var(--cx-color-danger)`.
 * @cssprop --cx-script-muted-color - Hints, notes, status. Default `var(--cx-color-muted)`.
 * @cssprop --cx-script-border-color - Field borders. Default `var(--cx-color-border)`.
 * @cssprop --cx-script-field-background - Field background. Default `var(--cx-color-surface)`.
 * @cssprop --cx-script-button-background - Button background. Default the accent colour.
 * @cssprop --cx-script-button-color - Button text colour.
 * @cssprop --cx-script-radius - Corner radius. Default `var(--cx-radius, 0.375rem)`.
 * @cssprop --cx-script-gap - Space between components. Default `var(--cx-space, 0.75rem)`.
 * @cssprop --cx-script-title-size - Page title font size. Default `1.25rem`.
 * @cssprop --cx-script-heading-size - Heading text font size. Default `1.0625rem`.
 * @cssprop --cx-script-frame-height - Minimum height of embedded pages. Default `20rem`.
 */
@customElement('cx-script')
export class CxScript extends LitElement {
  static override styles = scriptStyles;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private _session: InteractionSession | undefined;

  @consume({ context: screenPopPolicyContext, subscribe: true })
  @state()
  private _policy: ScreenPopPolicy | undefined;

  @consume({ context: crmPaneContext, subscribe: true })
  private _crmPane: CrmPaneChannel | undefined;

  @state() private _parsed: Script | undefined;
  @state() private _issues: readonly ScriptIssue[] = [];
  @state() private _alerts: { id: number; message: string }[] = [];

  private _runtime: ScriptRuntime | undefined;
  private _runtimeListeners: AbortController | undefined;
  /** Fields the agent has edited on this page (validation messages show for them). */
  private _touched = new Set<string>();
  /** What the agent typed in number fields, so that "1.50" is not rewritten to "1.5" while typing. */
  private _raw = new Map<string, string>();
  /** Events found while rendering, dispatched after the update. */
  private _pending: Event[] = [];
  /** Warnings and blocks already reported for the current runtime (by code, path, message). */
  private _reported = new Set<string>();
  private _focusTitle = false;
  private _alertSeq = 0;
  private _disconnected = false;
  /** The scan layer's verdict on each rendered URL (`sink` + href): rendered only once it passed. */
  private _scanned = new Map<string, 'pending' | 'ok' | 'blocked'>();

  /**
   * The script: a `Script` object, its JSON value, or JSON text. It is checked with `parseScript`;
   * when it does not parse, an error panel replaces the page.
   */
  @property({ attribute: false }) script: Script | unknown;

  /** The id of the page shown. Reflects the current page; set it to navigate. */
  @property({ reflect: true }) page: string | undefined;

  /** The runtime of the current script and session (`undefined` until both are there). */
  get runtime(): ScriptRuntime | undefined {
    return this._runtime;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._disconnected) {
      this._disconnected = false;
      this._rebuildRuntime(true);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._disconnected = true;
    this._disposeRuntime();
  }

  /** Times each render and its DOM commit as the `script-render` metric (free when nobody listens). */
  protected override update(changed: PropertyValues): void {
    measureRender(
      'script-render',
      () => super.update(changed),
      this.page ? { page: this.page } : undefined,
    );
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('script')) this._parse();
    if (changed.has('script') || changed.has('_session')) {
      // A new interaction or script starts on its start page; the first one honours `page`.
      this._rebuildRuntime(this._runtime === undefined);
    } else if (
      changed.has('page') &&
      this._runtime &&
      this.page &&
      this.page !== this._runtime.pageId
    ) {
      this._goTo(this.page);
    }
  }

  protected override updated(): void {
    const pending = this._pending;
    this._pending = [];
    for (const event of pending) this.dispatchEvent(event);
    if (this._focusTitle) {
      this._focusTitle = false;
      this.renderRoot.querySelector<HTMLElement>('[part="title"]')?.focus();
    }
  }

  private _parse(): void {
    const value = this.script;
    this._parsed = undefined;
    this._issues = [];
    if (value === undefined || value === null) return;
    try {
      this._parsed = parseScript(value);
    } catch (error) {
      this._issues = issuesOf(error);
      for (const issue of this._issues) {
        this._pending.push(
          new CxScriptErrorEvent({ code: issue.code, message: issue.message, path: issue.path }),
        );
      }
    }
  }

  private _disposeRuntime(): void {
    this._runtimeListeners?.abort();
    this._runtimeListeners = undefined;
    this._runtime?.dispose();
    this._runtime = undefined;
  }

  /** Replaces the runtime; with `keepPage` the new one opens on `page` rather than the start page. */
  private _rebuildRuntime(keepPage: boolean): void {
    this._disposeRuntime();
    this._touched.clear();
    this._raw.clear();
    this._reported.clear();
    this._alerts = [];
    const script = this._parsed;
    const session = this._session;
    if (!script || !session || this._disconnected) return;
    this._scanned.clear();
    const runtime = new ScriptRuntime(script, session, {
      handlers: createScreenPopHandlers({
        policy: () => this._policy,
        scanner: () => scannerOf(this._session),
        targets: {
          host: (detail) => (this._emit(new CxScreenPopEvent(detail)), true),
          window: (url, interactionId) => openPopWindow(url, interactionId),
          frame: (url, interactionId) => this._crmPane?.show(url, interactionId) ?? false,
        },
      }),
    });
    const listeners = new AbortController();
    const on = <T>(type: string, handler: (detail: T) => void) =>
      runtime.addEventListener(type, (e) => handler((e as CustomEvent<T>).detail), {
        signal: listeners.signal,
      });
    on<PageChangeDetail>('page-change', (d) => this._onPageChange(d));
    on<{ names: string[] }>('change', () => this.requestUpdate());
    on<RuntimeIssue>('warning', (d) => this._report(new CxScriptWarningEvent(issueDetail(d)), d));
    on<RuntimeIssue>('error', (d) => this._emit(new CxScriptErrorEvent(issueDetail(d))));
    on<{ message: string }>('alert', (d) => this._onAlert(d.message));
    on<EgressBlockedDetail>('egress-blocked', (d) => {
      this._emit(
        new CxEgressBlockedEvent({ sink: d.sink, reason: d.reason, variables: d.variables }),
      );
      this._onAlert(describeBlock(d.sink, d.reason, d.variables));
    });
    this._runtime = runtime;
    this._runtimeListeners = listeners;
    const requested = keepPage ? this.page : undefined;
    // start() shows the start page synchronously unless onConnect is still running actions.
    runtime
      .start()
      .then(() => {
        if (requested && requested !== runtime.pageId && this._runtime === runtime)
          this._goTo(requested);
      })
      .catch((error: unknown) => this._runtimeFailed(error));
  }

  /** Shows `pageId`; an unknown page is reported by the runtime and `page` returns to the page shown. */
  private _goTo(pageId: string): void {
    const runtime = this._runtime;
    if (!runtime) return;
    // A known page changes synchronously ('page-change' sets `page`); its onLoad runs on.
    runtime.goTo(pageId).catch((error: unknown) => this._runtimeFailed(error));
    if (this.page !== runtime.pageId) this.page = runtime.pageId;
  }

  private _runtimeFailed(error: unknown, path?: string): void {
    this._emit(new CxScriptErrorEvent({ code: 'runtime-error', message: messageOf(error), path }));
  }

  /** Dispatches now, or after the update when called while rendering. */
  private _emit(event: Event): void {
    if (this.isUpdatePending) this._pending.push(event);
    else this.dispatchEvent(event);
  }

  /** Queues a warning or block event once per runtime (renders repeat; reports do not). */
  private _report(event: Event, key: object): void {
    const id = `${event.type}|${JSON.stringify(key)}`;
    if (this._reported.has(id)) return;
    this._reported.add(id);
    this._emit(event);
  }

  private _onPageChange({ from, to }: PageChangeDetail): void {
    this._touched.clear();
    this._raw.clear();
    this.page = to;
    // Keyboard and screen-reader users land on the new page's title when they changed page from inside.
    this._focusTitle = from !== null && this.matches(':focus-within');
    this._emit(new CxPageChangeEvent({ from, to }));
    this.requestUpdate();
  }

  private _onAlert(message: string): void {
    this._alerts = [...this._alerts, { id: ++this._alertSeq, message }];
  }

  private _onDismiss(e: Event): void {
    const id = Number((e.currentTarget as HTMLElement).dataset['alert']);
    this._alerts = this._alerts.filter((a) => a.id !== id);
  }

  /** Two-way binding: one handler for every field (`data-variable`, `data-path` on the control). */
  private _onFieldInput(e: Event): void {
    const control = e.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const { variable, path } = control.dataset;
    const runtime = this._runtime;
    if (!runtime || variable === undefined || path === undefined) return;
    let value: Value;
    if (control instanceof HTMLInputElement && control.type === 'checkbox') value = control.checked;
    else if (control instanceof HTMLInputElement && control.type === 'number') {
      this._raw.set(path, control.value);
      value = Number.isNaN(control.valueAsNumber) ? null : control.valueAsNumber;
    } else value = control.value;
    this._touched.add(path);
    runtime.set(variable, value as PlainValue | null, path);
    this.requestUpdate();
  }

  private async _onButton(e: Event): Promise<void> {
    const button = e.currentTarget as HTMLButtonElement;
    const path = button.dataset['path'] ?? '';
    const component = this._componentAt(path);
    const runtime = this._runtime;
    if (!runtime || !component || component.type !== 'button') return;
    try {
      await runtime.run(component.action, { kind: 'button', path: `${path}.action` });
    } catch (error) {
      this._runtimeFailed(error, path);
    }
  }

  /** The component of the current script at `path` (`pages[i].body[j].children[k]…`). */
  private _componentAt(path: string): Component | undefined {
    const indexes = [...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const [pageIndex, ...rest] = indexes;
    let list = this._parsed?.pages[pageIndex ?? -1]?.body;
    let component: Component | undefined;
    for (const i of rest) {
      component = list?.[i];
      list = component?.type === 'stack' ? component.children : undefined;
    }
    return component;
  }

  protected override render() {
    if (this._issues.length) return this._renderIssues();
    const script = this._parsed;
    if (!script) return nothing;
    const runtime = this._runtime;
    if (!runtime)
      return html`<p part="status" class="status" role="status">Waiting for an interaction…</p>`;
    const page = runtime.page;
    const pageIndex = script.pages.indexOf(page);
    const base = `pages[${pageIndex}].body`;
    return html`${this._renderAlerts()}${keyed(
      page.id,
      html`<section class="page" part="page" aria-labelledby="page-title">
        <div class="page-header">
          <h2 id="page-title" part="title" tabindex="-1">${page.title}</h2>
          ${
            script.pages.length > 1
              ? html`<p class="page-status" part="page-status">
                  Page ${pageIndex + 1} of ${script.pages.length}
                </p>`
              : nothing
          }
        </div>
        <div class="body" part="body">${this._renderList(page.body, base, runtime)}</div>
      </section>`,
    )}`;
  }

  private _renderIssues(): TemplateResult {
    const errors = this._issues.filter(isErrorIssue).length;
    return html`<section class="error-panel" part="error-panel" aria-labelledby="issues-title">
      <h2 id="issues-title">
        This script cannot be shown: ${errors} ${errors === 1 ? 'problem' : 'problems'}
      </h2>
      <ul>
        ${this._issues.map(
          (issue) =>
            html`<li>
              <code>${displayPath(issue.path)}</code>:
              ${issue.message}${isErrorIssue(issue) ? nothing : ' (warning)'}
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private _renderAlerts() {
    if (!this._alerts.length) return nothing;
    return repeat(
      this._alerts,
      (a) => a.id,
      (a) =>
        html`<div class="alert" part="alert" role="alert">
          <span>${a.message}</span>
          <button
            type="button"
            part="alert-dismiss"
            data-alert=${a.id}
            aria-label="Dismiss alert"
            @click=${this._onDismiss}
          >
            ×
          </button>
        </div>`,
    );
  }

  private _renderList(list: readonly Component[], base: string, runtime: ScriptRuntime) {
    return list.map((c, i) => this._renderComponent(c, `${base}[${i}]`, runtime));
  }

  private _renderComponent(
    c: Component,
    path: string,
    runtime: ScriptRuntime,
  ): TemplateResult | typeof nothing {
    if (c.visible && !runtime.isVisible(c, path)) return nothing;
    switch (c.type) {
      case 'text':
        return this._renderText(c, path, runtime);
      case 'secured':
        return this._renderSecured(c);
      case 'button':
        return this._renderButton(c, path);
      case 'link':
        return this._renderLink(c, path, runtime);
      case 'image':
        return this._renderImage(c, path, runtime);
      case 'webPage':
        return this._renderWebPage(c, path, runtime);
      case 'stack':
        return this._renderStack(c, path, runtime);
      default:
        return this._renderField(c, path, runtime);
    }
  }

  private _renderText(c: TextComponent, path: string, runtime: ScriptRuntime) {
    const text = runtime.interpolate(c.text, `${path}.text`);
    const style = styleOf(c);
    switch (c.variant) {
      case 'heading':
        return html`<h3 class="text" part="text heading" style=${style}>${text}</h3>`;
      case 'note':
        return html`<p class="text note" part="text note" style=${style}>${text}</p>`;
      default:
        return html`<p class="text" part="text paragraph" style=${style}>${text}</p>`;
    }
  }

  private _renderSecured(c: SecuredComponent) {
    // The session's attribute of the variable's name, masked until the agent reveals it.
    return html`<div class="secured" part="secured" style=${styleOf(c)}>
      <cx-secured-value
        name=${c.variable}
        label=${c.label}
        mask=${c.mask ?? 'full'}
        exportparts="label, mask, value, toggle, error"
      ></cx-secured-value>
    </div>`;
  }

  private _renderButton(c: ButtonComponent, path: string) {
    const reason = c.disabled && c.disabledReason ? c.disabledReason : undefined;
    const reasonId = `${idFor(path)}-reason`;
    return html`<div class="action" style=${styleOf(c)}>
      <button
        type="button"
        part="button"
        data-path=${path}
        ?disabled=${c.disabled === true}
        title=${ifDefined(reason)}
        aria-describedby=${ifDefined(reason ? reasonId : undefined)}
        @click=${this._onButton}
      >
        ${c.label}
      </button>
      ${reason ? html`<span id=${reasonId} class="reason" part="disabled-reason">${reason}</span>` : nothing}
    </div>`;
  }

  /**
   * Resolves a component URL through the egress guard: taint and policy now; the vault's scan
   * asynchronously, the URL staying `pending` (not rendered) until the scan passed it. A block is
   * reported once.
   */
  private _url(url: string, sink: EgressSink, path: string, runtime: ScriptRuntime) {
    const resolved = resolveUrl(url, runtime, `${path}.url`, { sink, policy: this._policy });
    if (resolved.kind === 'blocked') {
      const detail = { sink, reason: 'secured-value', variables: resolved.variables };
      this._report(new CxEgressBlockedEvent(detail), { path, ...detail });
      return resolved;
    }
    const scanner = scannerOf(this._session);
    if (resolved.kind !== 'ok' || !scanner) return resolved;
    const key = `${sink} ${resolved.href}`;
    const verdict = this._scanned.get(key);
    if (verdict === 'ok') return resolved;
    if (verdict === 'blocked')
      return { kind: 'invalid' as const, reason: 'its address would contain secured data' };
    if (verdict === undefined) {
      this._scanned.set(key, 'pending');
      const scanned = this._scanned;
      void guardEgress({ sink, url: resolved.href, policy: this._policy, scanner }).then((d) => {
        if (scanned !== this._scanned) return;
        scanned.set(key, d.ok ? 'ok' : 'blocked');
        if (!d.ok) {
          const detail = { sink, reason: d.reason, variables: d.variables };
          this._report(new CxEgressBlockedEvent(detail), { path, ...detail });
        }
        this.requestUpdate();
      });
    }
    return { kind: 'pending' as const };
  }

  private _renderLink(c: LinkComponent, path: string, runtime: ScriptRuntime) {
    const style = styleOf(c);
    const url = this._url(c.url, 'link', path, runtime);
    if (url.kind === 'ok') {
      return html`<p style=${style}>
        <a part="link" href=${url.href} target="_blank" rel="noopener noreferrer">${c.label}</a>
      </p>`;
    }
    if (url.kind === 'pending') {
      return html`<p style=${style}>
        <span part="link-text" aria-disabled="true">${c.label}</span>
        <span class="notice" part="notice">(checking…)</span>
      </p>`;
    }
    const notice =
      url.kind === 'blocked'
        ? 'not opened as a link: its address would contain secured data'
        : `not a link: ${url.reason}`;
    return html`<p style=${style}>
      <span part="link-text">${c.label}</span> <span class="notice" part="notice">(${notice})</span>
    </p>`;
  }

  private _renderImage(c: ImageComponent, path: string, runtime: ScriptRuntime) {
    const url = this._url(c.url, 'image', path, runtime);
    if (url.kind === 'pending') return nothing;
    if (url.kind !== 'ok') {
      return html`<p class="notice" part="notice">
        Image ${c.alt ? `"${c.alt}" ` : ''}not shown:
        ${url.kind === 'blocked' ? 'its address would contain secured data' : url.reason}.
      </p>`;
    }
    return html`<img
      part="image"
      src=${url.href}
      alt=${c.alt}
      referrerpolicy="no-referrer"
      style=${styleOf(c)}
    />`;
  }

  private _renderWebPage(c: WebPageComponent, path: string, runtime: ScriptRuntime) {
    const url = this._url(c.url, 'webPage', path, runtime);
    if (url.kind === 'pending') return nothing;
    if (url.kind !== 'ok') {
      return html`<p class="notice" part="notice">
        Page "${c.title}" not shown:
        ${url.kind === 'blocked' ? 'its address would contain secured data' : url.reason}.
      </p>`;
    }
    return html`<iframe
      part="web-page"
      src=${url.href}
      title=${c.title}
      sandbox=${frameSandbox(url.href)}
      referrerpolicy="no-referrer"
      style=${styleOf(c)}
    ></iframe>`;
  }

  private _renderStack(c: StackComponent, path: string, runtime: ScriptRuntime) {
    const gap =
      typeof c.gap === 'number' && Number.isFinite(c.gap) ? { gap: `${Math.max(0, c.gap)}px` } : {};
    return html`<div
      class="stack ${c.direction === 'horizontal' ? 'horizontal' : 'vertical'}"
      part="stack"
      style=${styleMap({ ...inlineStyle(c.style), ...gap })}
    >
      ${this._renderList(c.children, `${path}.children`, runtime)}
    </div>`;
  }

  private _renderField(c: FieldComponent, path: string, runtime: ScriptRuntime) {
    const id = idFor(path);
    const value = runtime.get(c.variable);
    const message = this._touched.has(path) ? validateField(c, value ?? null) : undefined;
    const hintId = c.hint ? `${id}-hint` : undefined;
    const errorId = message ? `${id}-error` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
    const invalid = message ? 'true' : undefined;
    const required = c.required
      ? html`<span class="required" aria-hidden="true"> *</span>`
      : nothing;
    const label = html`<label part="label" for=${id}>${c.label}${required}</label>`;
    const after = html`${hintId ? html`<span id=${hintId} class="hint" part="hint">${c.hint}</span>` : nothing}
    ${errorId ? html`<p id=${errorId} class="invalid" part="invalid">${message}</p>` : nothing}`;
    const style = styleOf(c);
    const text = formatValue(value);
    let control: TemplateResult;
    switch (c.type) {
      case 'textarea':
        control = html`<textarea
          id=${id}
          part="control"
          data-variable=${c.variable}
          data-path=${path}
          rows=${ifDefined(c.rows)}
          maxlength=${ifDefined(c.maxLength)}
          placeholder=${ifDefined(c.placeholder)}
          ?required=${c.required === true}
          ?disabled=${c.disabled === true}
          aria-invalid=${ifDefined(invalid)}
          aria-describedby=${ifDefined(describedBy)}
          .value=${live(text)}
          @input=${this._onFieldInput}
        ></textarea>`;
        break;
      case 'number': {
        const raw = this._raw.get(path);
        const shown =
          raw !== undefined && (raw === '' ? value === null : Number(raw) === value) ? raw : text;
        control = html`<input
          id=${id}
          part="control"
          type="number"
          inputmode="decimal"
          data-variable=${c.variable}
          data-path=${path}
          min=${ifDefined(c.min)}
          max=${ifDefined(c.max)}
          step=${ifDefined(c.step)}
          placeholder=${ifDefined(c.placeholder)}
          ?required=${c.required === true}
          ?disabled=${c.disabled === true}
          aria-invalid=${ifDefined(invalid)}
          aria-describedby=${ifDefined(describedBy)}
          .value=${live(shown)}
          @input=${this._onFieldInput}
        />`;
        break;
      }
      case 'date':
        control = html`<input
          id=${id}
          part="control"
          type="date"
          data-variable=${c.variable}
          data-path=${path}
          min=${ifDefined(c.min)}
          max=${ifDefined(c.max)}
          ?required=${c.required === true}
          ?disabled=${c.disabled === true}
          aria-invalid=${ifDefined(invalid)}
          aria-describedby=${ifDefined(describedBy)}
          .value=${live(text.slice(0, 10))}
          @input=${this._onFieldInput}
          @change=${this._onFieldInput}
        />`;
        break;
      case 'dropdown': {
        const known = c.options.some((o) => optionValue(o) === text);
        control = html`<select
          id=${id}
          part="control"
          data-variable=${c.variable}
          data-path=${path}
          ?required=${c.required === true}
          ?disabled=${c.disabled === true}
          aria-invalid=${ifDefined(invalid)}
          aria-describedby=${ifDefined(describedBy)}
          @change=${this._onFieldInput}
        >
          <option value="" .selected=${live(!known)}>${c.placeholder ?? 'Choose…'}</option>
          ${c.options.map(
            (o) =>
              html`<option value=${optionValue(o)} .selected=${live(optionValue(o) === text)}>
                ${optionLabel(o)}
              </option>`,
          )}
        </select>`;
        break;
      }
      case 'checkbox':
        return html`<div class="field check" part="field" style=${style}>
          <input
            id=${id}
            part="control"
            type="checkbox"
            data-variable=${c.variable}
            data-path=${path}
            ?required=${c.required === true}
            ?disabled=${c.disabled === true}
            aria-invalid=${ifDefined(invalid)}
            aria-describedby=${ifDefined(describedBy)}
            .checked=${live(value === true || value === 'true')}
            @change=${this._onFieldInput}
          />
          ${label}${after}
        </div>`;
      case 'radio':
        return html`<fieldset class="field" part="field" style=${style}>
          <legend part="label">${c.label}${required}</legend>
          ${c.options.map(
            (o, i) =>
              html`<label class="option">
                <input
                  type="radio"
                  part="control"
                  name=${id}
                  value=${optionValue(o)}
                  data-variable=${c.variable}
                  data-path=${path}
                  data-index=${i}
                  ?required=${c.required === true}
                  ?disabled=${c.disabled === true}
                  aria-invalid=${ifDefined(invalid)}
                  aria-describedby=${ifDefined(describedBy)}
                  .checked=${live(optionValue(o) === text)}
                  @change=${this._onFieldInput}
                />
                ${optionLabel(o)}
              </label>`,
          )}
          ${after}
        </fieldset>`;
      default:
        control = html`<input
          id=${id}
          part="control"
          type="text"
          data-variable=${c.variable}
          data-path=${path}
          maxlength=${ifDefined(c.maxLength)}
          pattern=${ifDefined(c.pattern)}
          placeholder=${ifDefined(c.placeholder)}
          ?required=${c.required === true}
          ?disabled=${c.disabled === true}
          aria-invalid=${ifDefined(invalid)}
          aria-describedby=${ifDefined(describedBy)}
          .value=${live(text)}
          @input=${this._onFieldInput}
        />`;
    }
    return html`<div class="field" part="field" style=${style}>${label}${control}${after}</div>`;
  }
}

/** The component's style hints as a `styleMap` (CSP-safe: set through CSSOM), or nothing. */
function styleOf(c: Component) {
  return c.style ? styleMap(inlineStyle(c.style)) : nothing;
}

function issueDetail(d: RuntimeIssue): CxScriptIssueDetail {
  return { code: d.code, message: d.message, path: d.path };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function issuesOf(error: unknown): readonly ScriptIssue[] {
  if (error instanceof ScriptError && error.issues.length) return error.issues;
  if (error instanceof SyntaxError)
    return [
      { path: '', code: 'invalid-json', message: `The script is not valid JSON: ${error.message}` },
    ];
  return [{ path: '', code: 'invalid-script', message: messageOf(error) }];
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-script': CxScript;
  }
}
