import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { keyed } from 'lit/directives/keyed.js';
import type { InteractionSession } from '../src/data/session.js';
import { ScriptRuntime } from '../src/script/runtime.js';
import { parseScript } from '../src/script/parse.js';
import { isGenesysExport } from '../src/script/genesys-export.js';
import { ScriptError, displayPath, isErrorIssue, type ScriptIssue } from '../src/script/errors.js';
import type { Component, FieldComponent, Script } from '../src/script/types.js';
import './cx-secured-value.js';
import { formatValue } from '../src/expr/interpolate.js';
import {
  attributeSchemaContext,
  crmPaneContext,
  screenPopPolicyContext,
  sessionContext,
} from './contexts.js';
import type { AttributeField, AttributeSchemaLike } from '../src/data/attribute-schema.js';
import { schemaControl, schemaValue } from './schema-field.js';
import { fieldControl, optionLabel, optionValue, type ControlAttributes } from './field-control.js';
import type { ScreenPopPolicy } from '../src/guard/policy.js';
import { describeBlock, guardEgress, type EgressSink } from '../src/guard/egress.js';
import { createScreenPopHandlers, scannerOf } from '../src/screenpop/handlers.js';
import { openNewWindow, openPopWindow, type CrmPaneChannel } from '../src/screenpop/targets.js';
import {
  CxEgressBlockedEvent,
  CxPageChangeEvent,
  CxScriptErrorEvent,
  CxScriptWarningEvent,
  CxScreenPopEvent,
  type CxEgressBlockedDetail,
  type CxPageChangeDetail,
  type CxScriptIssueDetail,
} from './events.js';
import { scriptStyles } from './cx-script.styles.js';
import { inlineStyle } from './style-hints.js';
import { validateField } from './validation.js';
import { SECURED, frameSandbox, resolveUrl, type ResolvedUrl } from './url.js';
import { measureRender } from '../src/telemetry/metrics.js';

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
 * @csspart unit - The currency code (or `UTC`) after the control of a schema-typed attribute.
 * @csspart secured - A secured value's placeholder; `mask` is its masked text.
 * @csspart button - An action button.
 * @csspart disabled-reason - Why a disabled button is disabled.
 * @csspart link - A link (an anchor).
 * @csspart link-text - A link's label when it is not a link (pending its check, blocked or invalid).
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

  @consume({ context: attributeSchemaContext, subscribe: true })
  @state()
  private _schema: AttributeSchemaLike | undefined;

  /** Alerts raised by actions, in order; a dismissed one stays as `undefined` so that none moves. */
  @state() private _alerts: (string | undefined)[] = [];

  /** The parsed script, or the issues of one that does not parse (both set while updating). */
  private _parsed: Script | undefined;
  private _issues: readonly ScriptIssue[] = [];
  private _runtime: ScriptRuntime | undefined;
  /**
   * What the agent last typed in each field of this page, by path: a field shows its validation
   * message once edited, and a number field keeps "1.50" rather than rewriting it to "1.5".
   */
  private _edits = new Map<string, string>();
  /** Events found while rendering, dispatched after the update. */
  private _pending: Event[] = [];
  /** Warnings and blocks already reported for the current runtime (by type and detail). */
  private _reported = new Set<string>();
  /** The scan layer's verdict on each rendered URL (`sink` + href), per runtime: shown once it passed. */
  private _scanned = new Map<string, boolean | undefined>();
  private _focusTitle = false;
  /** The Genesys import in progress (the latest one wins), and whether it may honour `page`. */
  private _importing: { keepPage: boolean } | undefined;

  /**
   * The script: a `Script` object, its JSON value, or JSON text. It is checked with `parseScript`;
   * when it does not parse, an error panel replaces the page. A Genesys Cloud Scripter export is
   * recognised (`isGenesysExport`) and converted by `importGenesysScript`, loaded on demand from
   * cx-genesys.js; each import warning fires `cx-script-warning` (its path is in the export).
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
    // Moved in the DOM: a new runtime, on the page shown before.
    if (this.hasUpdated) this._start(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._start(false);
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
    if (changed.has('script')) {
      const value = this.script;
      this._parsed = undefined;
      this._issues = [];
      this._importing = undefined;
      try {
        if (isGenesysExport(value)) this._import(value, !this._runtime);
        else if (value != null) this._parsed = parseScript(value);
      } catch (error) {
        this._showIssues(error);
      }
    }
    if (changed.has('script') || changed.has('_session')) {
      // A new interaction or script starts on its start page; the first one honours `page`.
      this._start(!this._runtime);
    } else if (changed.has('page') && this.page && this.page !== this._runtime?.pageId) {
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

  /**
   * Converts a Genesys export with the importer, loaded on demand (its own bundle), then starts
   * the script as if it had been given natively. Until then the element shows no script.
   */
  private _import(value: unknown, keepPage: boolean): void {
    const job = (this._importing = { keepPage });
    const current = () => this._importing === job;
    import('../src/genesys/index.js')
      .then(({ importGenesysScript }) => {
        if (!current()) return;
        const { script, warnings } = importGenesysScript(value);
        this._importing = undefined;
        this._parsed = script;
        this._start(job.keepPage);
        // Dispatched after the render that shows the script.
        this.requestUpdate();
        for (const warning of warnings) this._emit(new CxScriptWarningEvent(issueOf(warning)));
      })
      .catch((error: unknown) => {
        if (!current()) return;
        this._importing = undefined;
        this._showIssues(error);
        this.requestUpdate();
      });
  }

  /** Shows the error panel for a script that does not parse, and fires each of its issues. */
  private _showIssues(error: unknown): void {
    this._issues = issuesOf(error);
    for (const issue of this._issues) this._emit(new CxScriptErrorEvent(issueOf(issue)));
  }

  /**
   * Disposes the runtime and, while connected with a script and a session, starts a new one; with
   * `keepPage` it opens on `page` rather than the start page.
   */
  private _start(keepPage: boolean): void {
    this._runtime?.dispose();
    this._runtime = undefined;
    this._edits.clear();
    this._reported.clear();
    this._scanned = new Map();
    this._alerts = [];
    const script = this._parsed;
    if (!script || !this._session || !this.isConnected) return;
    const runtime = new ScriptRuntime(script, this._session, {
      handlers: createScreenPopHandlers({
        policy: () => this._policy,
        scanner: () => scannerOf(this._session),
        targets: {
          host: (detail) => (this._emit(new CxScreenPopEvent(detail)), true),
          window: (url, id, sink) =>
            sink === 'screenPop' ? openPopWindow(url, id) : openNewWindow(url),
          frame: (url, interactionId) => this._crmPane?.show(url, interactionId) ?? false,
        },
      }),
      writeGuard: (text) =>
        guardEgress({ sink: 'conversationData', text, scanner: scannerOf(this._session) }),
    });
    // Relays the runtime's events while it is the current one (a disposed runtime is silent).
    const on = <T>(type: string, handler: (detail: T) => void) =>
      runtime.addEventListener(type, (e) => {
        if (this._runtime === runtime) handler((e as CustomEvent<T>).detail);
      });
    on<CxPageChangeDetail>('page-change', ({ from, to }) => {
      this._edits.clear();
      this.page = to;
      // Keyboard and screen-reader users land on the new page's title when they changed page from inside.
      this._focusTitle = from !== null && this.matches(':focus-within');
      this._emit(new CxPageChangeEvent({ from, to }));
      this.requestUpdate();
    });
    on('change', () => this.requestUpdate());
    on<CxScriptIssueDetail>('warning', (d) =>
      this._report(new CxScriptWarningEvent(issueOf(d)), d),
    );
    on<CxScriptIssueDetail>('error', (d) => this._emit(new CxScriptErrorEvent(issueOf(d))));
    on<{ message: string }>('alert', (d) => this._alert(d.message));
    on<CxEgressBlockedDetail>('egress-blocked', ({ sink, reason, variables }) => {
      this._emit(new CxEgressBlockedEvent({ sink, reason, variables }));
      this._alert(describeBlock(sink, reason, variables));
    });
    this._runtime = runtime;
    const requested = keepPage ? this.page : undefined;
    // start() shows the start page synchronously unless onConnect is still running actions.
    runtime
      .start()
      .then(() => {
        if (requested && requested !== runtime.pageId && this._runtime === runtime)
          this._goTo(requested);
      })
      .catch((error: unknown) => this._failed(error));
  }

  /** Shows `pageId`; an unknown page is reported by the runtime and `page` returns to the page shown. */
  private _goTo(pageId: string): void {
    const runtime = this._runtime;
    if (!runtime) return;
    // A known page changes synchronously ('page-change' sets `page`); its onLoad runs on.
    runtime.goTo(pageId).catch((error: unknown) => this._failed(error));
    this.page = runtime.pageId;
  }

  private _failed(error: unknown, path?: string): void {
    this._emit(new CxScriptErrorEvent({ code: 'runtime-error', message: messageOf(error), path }));
  }

  /** Dispatches now, or after the update when called while rendering. */
  private _emit(event: Event): void {
    if (this.isUpdatePending) this._pending.push(event);
    else this.dispatchEvent(event);
  }

  /** Emits a warning or block event once per runtime (renders repeat; reports do not). */
  private _report(event: Event, key: object): void {
    const id = event.type + JSON.stringify(key);
    if (this._reported.has(id)) return;
    this._reported.add(id);
    this._emit(event);
  }

  private _alert(message: string | undefined, index = this._alerts.length): void {
    this._alerts[index] = message;
    this.requestUpdate();
  }

  /**
   * Two-way binding: one delegated handler for every field (`data-path` on the control). Text-like
   * controls bind on `input`, choices (select, checkbox, radio) on `change`, a date on either.
   */
  private _onField(e: Event): void {
    const control = e.target as HTMLInputElement;
    const { type, value } = control;
    const path = control.dataset['path'] ?? '';
    const c = this._componentAt(path);
    const runtime = this._runtime;
    if (!c || !('variable' in c) || !runtime) return;
    const field = this._schemaField(c);
    if (!/^date/.test(type) && (e.type === 'input') !== /^(text|number|url)/.test(type)) return;
    this._edits.set(path, value);
    const checkbox = type === 'checkbox';
    runtime.set(
      c.variable,
      // A schema-typed attribute stores what its field makes of the control's text.
      field
        ? schemaValue(field, checkbox ? String(control.checked) : value, runtime.get(c.variable))
        : checkbox
          ? control.checked
          : type === 'number'
            ? Number.isNaN(control.valueAsNumber)
              ? null
              : control.valueAsNumber
            : value,
      path,
    );
    this.requestUpdate();
  }

  private async _onButton(e: Event): Promise<void> {
    const path = (e.currentTarget as HTMLElement).dataset['path']!;
    const c = this._componentAt(path);
    const runtime = this._runtime;
    if (!runtime || c?.type !== 'button') return;
    try {
      await runtime.run(c.action, { kind: 'button', path: `${path}.action` });
    } catch (error) {
      this._failed(error, path);
    }
  }

  /**
   * The schema field of a field component bound to an input variable whose attribute has one in
   * `<cx-interaction>`'s `attributeSchema` (radios keep their own options).
   */
  private _schemaField(c: Component | undefined): AttributeField | undefined {
    if (!this._schema || !c || !('variable' in c) || c.type === 'radio' || c.type === 'secured')
      return undefined;
    const def = this._parsed?.variables.find((v) => v.name === c.variable);
    return def?.input && !def.secured ? this._schema.field(c.variable) : undefined;
  }

  /** The component of the current script at `path` (`pages[i].body[j].children[k]…`). */
  private _componentAt(path: string): Component | undefined {
    const [pageIndex, ...rest] = [...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    let list = this._parsed?.pages[pageIndex ?? -1]?.body;
    let component: Component | undefined;
    for (const i of rest) {
      component = list?.[i];
      list = component?.type === 'stack' ? component.children : undefined;
    }
    return component;
  }

  protected override render() {
    const script = this._parsed;
    if (this._issues.length) {
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
    const runtime = this._runtime;
    if (!script) return nothing;
    if (!runtime)
      return html`<p part="status" class="status" role="status">Waiting for an interaction…</p>`;
    const page = runtime.page;
    const pageIndex = script.pages.indexOf(page);
    const count = script.pages.length;
    return html`${this._alerts.map((message, i) =>
      message === undefined
        ? nothing
        : html`<div class="alert" part="alert" role="alert">
            <span>${message}</span>
            <button
              type="button"
              part="alert-dismiss"
              aria-label="Dismiss alert"
              @click=${() => this._alert(undefined, i)}
            >
              ×
            </button>
          </div>`,
    )}${keyed(
      page.id,
      html`<section
        class="page"
        part="page"
        aria-labelledby="page-title"
        @input=${this._onField}
        @change=${this._onField}
      >
        <div class="page-header">
          <h2 id="page-title" part="title" tabindex="-1">${page.title}</h2>
          ${
            count > 1
              ? html`<p class="page-status" part="page-status">
                  Page ${pageIndex + 1} of ${count}
                </p>`
              : nothing
          }
        </div>
        <div class="body" part="body">
          ${this._list(page.body, `pages[${pageIndex}].body`, runtime)}
        </div>
      </section>`,
    )}`;
  }

  private _list(list: readonly Component[], base: string, runtime: ScriptRuntime) {
    return list.map((c, i) => this._component(c, `${base}[${i}]`, runtime));
  }

  private _component(
    c: Component,
    path: string,
    runtime: ScriptRuntime,
  ): TemplateResult | typeof nothing {
    if (c.visible && !runtime.isVisible(c, path)) return nothing;
    const css = styleOf(c);
    const style = css || nothing;
    switch (c.type) {
      case 'text': {
        const text = runtime.interpolate(c.text, `${path}.text`);
        const variant = c.variant ?? 'paragraph';
        return variant === 'heading'
          ? html`<h3 class="text" part="text heading" .style=${style}>${text}</h3>`
          : html`<p class="text ${variant}" part="text ${variant}" .style=${style}>${text}</p>`;
      }
      case 'secured':
        // The session's attribute of the variable's name, masked until the agent reveals it.
        return html`<div class="secured" part="secured" .style=${style}>
          <cx-secured-value
            name=${c.variable}
            label=${c.label}
            mask=${c.mask ?? 'full'}
            exportparts="label, mask, value, toggle, error"
          ></cx-secured-value>
        </div>`;
      case 'button': {
        const reason = (c.disabled && c.disabledReason) || undefined;
        const reasonId = `${idFor(path)}-reason`;
        // Templates here are written without whitespace between tags: each blank would be one more
        // text node per component to clone and insert (a 500-component page pays it 500 times).
        // prettier-ignore
        return html`<div class="action" .style=${style}><button type="button" part="button" data-path=${path} ?disabled=${c.disabled} title=${reason ?? nothing} aria-describedby=${reason ? reasonId : nothing} @click=${this._onButton}>${c.label}</button>${reason ? html`<span id=${reasonId} class="reason" part="disabled-reason">${reason}</span>` : nothing}</div>`;
      }
      case 'stack':
        return html`<div
          class="stack ${c.direction === 'horizontal' ? 'horizontal' : 'vertical'}"
          part="stack"
          .style=${
            typeof c.gap === 'number' && Number.isFinite(c.gap)
              ? `${css};gap:${Math.max(0, c.gap)}px`
              : style
          }
        >
          ${this._list(c.children, `${path}.children`, runtime)}
        </div>`;
      case 'link': {
        const url = this._url(c.url, 'link', path, runtime);
        if (url?.href)
          return html`<p .style=${style}>
            <a part="link" href=${url.href} target="_blank" rel="noopener noreferrer">${c.label}</a>
          </p>`;
        return html`<p .style=${style}>
          <span part="link-text" aria-disabled=${url ? nothing : 'true'}>${c.label}</span>
          <span class="notice" part="notice"
            >(${url ? `not ${url.variables ? 'opened as ' : ''}a link: ${url.why}` : 'checking…'})</span
          >
        </p>`;
      }
      case 'image':
      case 'webPage': {
        const image = c.type === 'image';
        const url = this._url(c.url, c.type, path, runtime);
        if (!url) return nothing;
        if (url.why !== undefined)
          return html`<p class="notice" part="notice">
            ${image ? `Image ${c.alt ? `"${c.alt}" ` : ''}` : `Page "${c.title}" `}not shown:
            ${url.why}.
          </p>`;
        return image
          ? html`<img
              part="image"
              src=${url.href}
              alt=${c.alt}
              referrerpolicy="no-referrer"
              .style=${style}
            />`
          : html`<iframe
              part="web-page"
              src=${url.href}
              title=${c.title}
              sandbox=${frameSandbox(url.href)}
              referrerpolicy="no-referrer"
              .style=${style}
            ></iframe>`;
      }
      default:
        return this._field(c, path, runtime, style);
    }
  }

  /**
   * Resolves a component URL through the egress guard: taint and policy now; the vault's scan
   * asynchronously, the URL staying pending (`undefined`, not rendered) until the scan passed it.
   * A block is reported once.
   */
  private _url(
    template: string,
    sink: EgressSink,
    path: string,
    runtime: ScriptRuntime,
  ): ResolvedUrl | undefined {
    const policy = this._policy;
    const report = (reason: string, variables: readonly string[]) => {
      const detail = { sink, reason, variables };
      this._report(new CxEgressBlockedEvent(detail), { path, ...detail });
    };
    const resolved = resolveUrl(template, runtime, `${path}.url`, sink, policy);
    const url = resolved.href;
    if (!url) {
      if (resolved.variables) report('secured-value', resolved.variables);
      return resolved;
    }
    const scanner = scannerOf(this._session);
    const key = `${sink} ${url}`;
    const scanned = this._scanned;
    const verdict = scanned.get(key);
    if (!scanner || verdict) return resolved;
    if (verdict === false) return { why: SECURED, variables: [] };
    if (!scanned.has(key)) {
      scanned.set(key, undefined);
      void guardEgress({ sink, url, policy, scanner }).then((d) => {
        if (scanned !== this._scanned) return;
        scanned.set(key, d.ok);
        if (!d.ok) report(d.reason, d.variables);
        this.requestUpdate();
      });
    }
    return undefined;
  }

  /** A form field: its control (./field-control.ts), in a fieldset for radios. */
  private _field(
    c: FieldComponent,
    path: string,
    runtime: ScriptRuntime,
    style: string | typeof nothing,
  ) {
    const type = c.type;
    const id = idFor(path);
    const value = runtime.get(c.variable);
    const edit = this._edits.get(path);
    const field = this._schemaField(c);
    const message =
      edit === undefined
        ? undefined
        : (validateField(c, value ?? null) ?? (value == null ? undefined : field?.validate(value)));
    const a = {
      id,
      path,
      required: c.required,
      disabled: c.disabled,
      describedBy: [c.hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(' '),
      invalid: !!message,
    } satisfies ControlAttributes;
    const required = c.required
      ? html`<span class="required" aria-hidden="true"> *</span>`
      : nothing;
    // One child part for the hint and the message, empty on most fields.
    // prettier-ignore
    const after = c.hint || message ? html`${c.hint ? html`<span id="${id}-hint" class="hint" part="hint">${c.hint}</span>` : nothing}${message ? html`<p id="${id}-error" class="invalid" part="invalid">${message}</p>` : nothing}` : nothing;
    const text = formatValue(value);
    if (type === 'radio')
      return html`<fieldset class="field" part="field" .style=${style}>
        <legend part="label">${c.label}${required}</legend>
        ${c.options.map(
          (o) =>
            html`<label class="option"
              >${fieldControl(
                {
                  control: 'radio',
                  text: optionValue(o),
                  checked: optionValue(o) === text,
                  settings: c,
                },
                { ...a, name: id },
              )}
              ${optionLabel(o)}</label
            >`,
        )}
        ${after}
      </fieldset>`;
    // An input variable whose attribute has a schema: the schema's control.
    const control = field
      ? schemaControl(field, { ...a, value, edit })
      : fieldControl(
          {
            control: type === 'dropdown' ? 'select' : type === 'input' ? 'text' : type,
            text:
              type === 'date'
                ? text.slice(0, 10)
                : type === 'number' &&
                    edit !== undefined &&
                    (edit === '' ? value === null : Number(edit) === value)
                  ? edit
                  : text,
            checked: type === 'checkbox' && (value === true || value === 'true'),
            options: c.type === 'dropdown' ? c.options : undefined,
            settings: c,
          },
          a,
        );
    // The label inline in the field's template (not a template of its own); a checkbox comes first.
    // prettier-ignore
    return type === 'checkbox'
      ? html`<div class="field check" part="field" .style=${style}>${control}<label part="label" for=${id}>${c.label}${required}</label>${after}</div>`
      : html`<div class="field" part="field" .style=${style}><label part="label" for=${id}>${c.label}${required}</label>${control}${after}</div>`;
  }
}

/**
 * The component's style hints as CSS text (`''` when there are none). Templates bind it to the
 * `.style` property, which forwards to `style.cssText`: set through CSSOM like `styleMap`, so a
 * strict `style-src` CSP allows it. Every value comes validated from `inlineStyle`.
 */
function styleOf(c: Component): string {
  return Object.entries(inlineStyle(c.style))
    .map((d) => d.join(':'))
    .join(';');
}

function issueOf({ code, message, path }: CxScriptIssueDetail): CxScriptIssueDetail {
  return { code, message, path };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function issuesOf(error: unknown): readonly ScriptIssue[] {
  if (error instanceof ScriptError && error.issues.length) return error.issues;
  return [
    error instanceof SyntaxError
      ? {
          path: '',
          code: 'invalid-json',
          message: `The script is not valid JSON: ${error.message}`,
        }
      : { path: '', code: 'invalid-script', message: messageOf(error) },
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-script': CxScript;
  }
}
