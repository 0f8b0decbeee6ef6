/**
 * `<cx-script-designer>`: where script designers write agent scripts. The JSON source in a
 * CodeMirror 6 editor, beside a live preview (a real `<cx-interaction>` and `<cx-script>` on sample
 * data), a page navigator, a variable inspector, an outline of the page's components with a
 * properties form, and every diagnostic with a click that selects its spot in the source.
 * Registered by dist/cx-designer.js, never by dist/cx-script.js.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { EditorState, type Extension } from '@codemirror/state';
import {
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
  type ViewUpdate,
} from '@codemirror/view';
import {
  defaultKeymap,
  history,
  historyKeymap,
  redo,
  redoDepth,
  undo,
  undoDepth,
} from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import {
  HighlightStyle,
  bracketMatching,
  defaultHighlightStyle,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import '../components/all.js';
import { isGenesysExport } from '../components/all.js';
import type { Conversation, Script, ScreenPopPolicy, SecuredClient } from '../components/all.js';
import type { GenesysImportWarning } from '../src/genesys/index.js';
import type { CxScript } from './cx-script.js';
import { designerStyles } from './cx-script-designer.styles.js';
import { diagnoseScript, type DesignerDiagnostic } from '../src/designer/diagnostics.js';
import {
  locatePath,
  mapJsonPaths,
  minimalChange,
  type JsonSpan,
} from '../src/designer/json-source.js';
import {
  EDITABLE_FIELDS,
  NEW_COMPONENTS,
  addComponent,
  deleteComponent,
  formatScript,
  moveComponent,
  outlineOf,
  updateComponent,
  valueAt,
  type ComponentPath,
  type OutlineItem,
} from '../src/designer/outline.js';
import { loadDraft, saveDraft, type Draft } from '../src/designer/drafts.js';

/** Detail of `cx-draft-saved`. */
export interface CxDraftSavedDetail {
  /** The draft's key (`draft-key`). */
  key: string;
  /** When it was saved (ms since the epoch). */
  savedAt: number;
}

/** Fired by `<cx-script-designer>` each time its draft is saved to IndexedDB. */
export class CxDraftSavedEvent extends Event {
  static readonly eventName = 'cx-draft-saved';
  /** Which draft, and when. */
  readonly detail: Readonly<CxDraftSavedDetail>;
  constructor(detail: CxDraftSavedDetail) {
    super(CxDraftSavedEvent.eventName, { bubbles: true, composed: true });
    this.detail = Object.freeze({ ...detail });
  }
}

/** What a new designer starts with. */
export const STARTER_SCRIPT = formatScript({
  format: 'cx-script/1',
  name: 'New script',
  startPage: 'start',
  variables: [{ name: 'AccountId', type: 'string', input: true }],
  pages: [
    {
      id: 'start',
      title: 'Start',
      body: [{ type: 'text', text: 'Account {{AccountId}}' }],
    },
  ],
  actions: {},
});

const SAMPLE_CONVERSATION_ID = 'designer-sample';

/**
 * CodeMirror's default highlighting, readable in a dark color scheme too: there each colour is
 * mixed with white (its contrast on a dark background passes WCAG AA), through CSS `light-dark()`.
 */
const highlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string'
      ? {
          ...spec,
          color: `light-dark(${spec.color}, color-mix(in srgb, ${spec.color} 40%, white))`,
        }
      : spec,
  ),
);

/**
 * The script designer.
 *
 * @summary A JSON editor for agent scripts with a live preview, an outline and diagnostics.
 * @fires {CxDraftSavedEvent} cx-draft-saved - The draft was saved to IndexedDB (`detail: { key, savedAt }`).
 * @csspart editor - The source editor's frame.
 * @cssprop --cx-designer-editor-height - The editor's height (default 70vh).
 * @cssprop --cx-designer-font - The designer's font.
 */
@customElement('cx-script-designer')
export class CxScriptDesigner extends LitElement {
  static override styles = designerStyles;

  /** The source as last seen by the element (the editor's document). */
  @state() private _text = STARTER_SCRIPT;
  @state() private _diagnostics: DesignerDiagnostic[] = [];
  @state() private _json: unknown;
  /** The last script without errors: what the preview shows. */
  @state() private _script: Script | undefined;
  @state() private _pageIndex = 0;
  @state() private _selected: ComponentPath | undefined;
  @state() private _conversation: Conversation = this._makeConversation();
  @state() private _variables: [name: string, value: string, secured: boolean][] = [];
  @state() private _notice = '';
  @state() private _undoDepth = 0;
  @state() private _redoDepth = 0;
  /** The outline row being dragged by its grip, and where it would land (an index in its list). */
  @state() private _drag:
    { item: OutlineItem; grip: HTMLElement; pointerId: number; to: number } | undefined;
  @state() private _importWarnings: GenesysImportWarning[] = [];
  /** What the import warnings are about (the file's name, or "pasted export"). */
  @state() private _importedFrom = '';

  // Plain getters rather than @query: cx-designer.js takes Lit from cx-script.js, which exports
  // only the parts of Lit that the library itself uses.
  private get _editorHost(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.editor')!;
  }
  private get _preview(): CxScript | undefined {
    return this.renderRoot.querySelector('cx-script') ?? undefined;
  }

  private _view: EditorView | undefined;
  private _saveTimer: ReturnType<typeof setTimeout> | undefined;
  private _spans: [text: string, spans: Map<string, JsonSpan>] | undefined;
  /** The preview's runtime whose changes the variable inspector follows. */
  private _watched: CxScript['runtime'];
  private _unwatch: AbortController | undefined;

  /** Key of the draft kept in IndexedDB; designers with different keys keep different drafts. */
  @property({ attribute: 'draft-key' }) draftKey = 'default';

  /** Where URLs may go: checked by the diagnostics and enforced by the preview. */
  @property({ attribute: false }) screenPopPolicy: ScreenPopPolicy = { allowedOrigins: [] };

  /** The vault: decrypts the secured sample values in the preview and encrypts new ones. */
  @property({ attribute: false }) secured: SecuredClient | undefined;

  /** The organization of the sample conversation (secured samples are encrypted for it). */
  @property({ attribute: 'organization-id' }) organizationId = 'designer-organization';

  /** Sample participant data the preview runs on: name → value. */
  @property({ attribute: false }) sampleData: Record<string, string> = { AccountId: 'A-1001' };

  /** Sample secured attributes: name → ciphertext (base64 ESDK message). */
  @property({ attribute: false }) securedSample: Record<string, string> = {};

  /** Milliseconds of quiet before a change is saved as the draft. */
  @property({ type: Number, attribute: 'autosave-delay' }) autosaveDelay = 400;

  /** The script source (JSON text). Setting it replaces the editor's text as one undoable change. */
  get source(): string {
    return this._view?.state.doc.toString() ?? this._text;
  }
  set source(text: string) {
    if (this._view) this._replace(text, 'input.replace');
    else this._setText(text);
  }

  /**
   * The warnings of the last Genesys Scripter export opened (each with its JSON path in the
   * export); empty after a native script is opened.
   */
  get importWarnings(): readonly GenesysImportWarning[] {
    return this._importWarnings;
  }

  /** Every diagnostic of the current source: errors first. */
  get diagnostics(): readonly DesignerDiagnostic[] {
    return this._diagnostics;
  }

  /** Resolves once the saved draft (if any) has been restored. */
  ready: Promise<void> = Promise.resolve();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._endDrag();
    this._unwatch?.abort();
    this._watched = undefined;
    if (this._saveTimer !== undefined) {
      clearTimeout(this._saveTimer);
      this._saveTimer = undefined;
      void this.saveDraft();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      changed.has('sampleData') ||
      changed.has('securedSample') ||
      changed.has('organizationId')
    ) {
      this._conversation = this._makeConversation();
      this._diagnose();
    }
    if (changed.has('screenPopPolicy')) this._diagnose();
  }

  protected override firstUpdated(): void {
    this._view = new EditorView({
      state: this._createState(this._text),
      parent: this._editorHost,
      root: this.shadowRoot!,
    });
    this._diagnose();
    this.ready = this._restore();
  }

  protected override updated(): void {
    this._refreshVariables();
  }

  // ------------------------------------------------------------------ editor

  private _extensions(): Extension[] {
    return [
      lineNumbers(),
      history(),
      bracketMatching(),
      highlightActiveLine(),
      syntaxHighlighting(highlightStyle),
      // The active line's tint, light in a dark color scheme too (CodeMirror's is for light ones).
      EditorView.theme({
        '&.cm-editor .cm-line.cm-activeLine': {
          backgroundColor: 'light-dark(#cceeff44, #ffffff12)',
        },
      }),
      json(),
      lintGutter(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      // tabindex: the editable content is the scroller's focusable descendant for keyboard users
      // (axe's scrollable-region-focusable does not count contenteditable alone).
      EditorView.contentAttributes.of({ 'aria-label': 'Script source (JSON)', tabindex: '0' }),
      EditorView.updateListener.of((update: ViewUpdate) => this._onEditorUpdate(update)),
    ];
  }

  private _createState(text: string): EditorState {
    return EditorState.create({ doc: text, extensions: this._extensions() });
  }

  private _onEditorUpdate(update: ViewUpdate): void {
    this._undoDepth = undoDepth(update.state);
    this._redoDepth = redoDepth(update.state);
    if (!update.docChanged) return;
    this._setText(update.state.doc.toString());
    this._scheduleSave();
  }

  /** Replaces the whole text as one transaction (the smallest change that does it). */
  private _replace(text: string, userEvent: string): void {
    const view = this._view!;
    const change = minimalChange(view.state.doc.toString(), text);
    if (change) view.dispatch({ changes: change, userEvent, scrollIntoView: true });
  }

  private _setText(text: string): void {
    this._text = text;
    this._diagnose();
  }

  private _diagnose(): void {
    const { script, json, diagnostics } = diagnoseScript(this._text, {
      sampleNames: Object.keys(this.sampleData),
      securedSampleNames: Object.keys(this.securedSample),
      policy: this.screenPopPolicy,
    });
    this._diagnostics = diagnostics;
    this._json = json;
    if (script) this._script = script;
    const pages = this._pages();
    if (this._pageIndex >= pages.length) this._pageIndex = Math.max(0, pages.length - 1);
    if (this._selected && valueAt(json, this._selected) === undefined) this._selected = undefined;
    // Not inside the editor's own update: markers are set in a transaction of their own.
    queueMicrotask(() => this._showInEditor());
  }

  /** The diagnostics as the editor's lint markers. */
  private _showInEditor(): void {
    const view = this._view;
    if (!view || view.state.doc.toString() !== this._text) return;
    const spans = this._spansOf(this._text);
    const marks: Diagnostic[] = [];
    for (const d of this._diagnostics) {
      const span = locatePath(spans, d.path) ?? { from: 0, to: Math.min(1, this._text.length) };
      marks.push({
        from: span.keyFrom ?? span.from,
        to: span.to,
        severity: d.severity,
        message: `${d.message} (${d.path || '(root)'})`,
      });
    }
    view.dispatch(setDiagnostics(view.state, marks));
  }

  private _spansOf(text: string): Map<string, JsonSpan> {
    if (this._spans?.[0] !== text) this._spans = [text, mapJsonPaths(text)];
    return this._spans[1];
  }

  // ------------------------------------------------------------------ public methods

  /**
   * Selects the spot of a JSON path in the source (the nearest enclosing value when the path names
   * a missing field), scrolls it into view and focuses the editor.
   * @returns whether anything was selected
   */
  revealPath(path: string): boolean {
    const view = this._view;
    if (!view) return false;
    const span = locatePath(this._spansOf(view.state.doc.toString()), path);
    if (!span) return false;
    view.dispatch({
      selection: { anchor: span.keyFrom ?? span.from, head: span.to },
      scrollIntoView: true,
    });
    view.focus();
    return true;
  }

  /** Undoes the last change (typed, or made through the outline, the form or a file). */
  undo(): boolean {
    return this._view ? undo(this._view) : false;
  }

  /** Redoes the last undone change. */
  redo(): boolean {
    return this._view ? redo(this._view) : false;
  }

  /** Saves the source and sample data as this designer's draft now. */
  async saveDraft(): Promise<void> {
    if (this._saveTimer !== undefined) clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    const draft: Draft = {
      source: this.source,
      sample: { ...this.sampleData },
      securedSample: { ...this.securedSample },
      savedAt: Date.now(),
    };
    await saveDraft(this.draftKey, draft);
    this.dispatchEvent(new CxDraftSavedEvent({ key: this.draftKey, savedAt: draft.savedAt }));
  }

  /**
   * Opens a script file as one undoable change: a native script (JSON text), or a Genesys Cloud
   * Scripter export, converted (see `openText`).
   */
  async openFile(file: Blob): Promise<void> {
    await this.openText(await file.text(), file instanceof File ? file.name : 'file');
  }

  /**
   * Opens script text (a file's or a paste's) as one undoable change. A Genesys Cloud Scripter
   * export (`isGenesysExport`) is converted to a native script by `importGenesysScript`, loaded on
   * demand from cx-genesys.js, and its warnings are listed (`importWarnings`); an export the
   * importer refuses opens as is, and its error is the notice. Text that is not a script still
   * opens, and its diagnostics say what is wrong.
   * @param from what the text is, for the import warnings' heading (a file name)
   */
  async openText(text: string, from = 'pasted script'): Promise<void> {
    const clean = text.replace(/^\uFEFF/, '');
    if (isGenesysExport(clean)) {
      let imported: { script: Script; warnings: GenesysImportWarning[] };
      try {
        const { importGenesysScript } = await import('../src/genesys/index.js');
        imported = importGenesysScript(JSON.parse(clean));
      } catch (e) {
        this._importWarnings = [];
        this.source = clean;
        this._notice = `The Genesys export could not be converted: ${(e as Error).message}`;
        return;
      }
      this.source = formatScript(imported.script);
      this._importWarnings = imported.warnings;
      this._importedFrom = from;
      const n = imported.warnings.length;
      this._notice = `Genesys export converted (${n} import warning${n === 1 ? '' : 's'}).`;
      return;
    }
    this._importWarnings = [];
    this.source = clean;
    this._notice = 'Script opened.';
  }

  /** The source as a file to save (`<name>.cx-script.json`). */
  exportFile(): File {
    const json = this._json as { name?: unknown } | undefined;
    const base =
      typeof json?.name === 'string' && json.name.trim()
        ? json.name.trim().replace(/[^\w.-]+/g, '-')
        : 'script';
    return new File([this.source], `${base}.cx-script.json`, { type: 'application/json' });
  }

  /**
   * Sets one sample participant-data value (added, or replacing the value of that name); the
   * preview runs on it at once and the draft is saved.
   */
  setSample(name: string, value: string): void {
    const key = name.trim();
    if (!key) throw new TypeError('A sample value needs a name');
    this.sampleData = { ...this.sampleData, [key]: value };
    this._scheduleSave();
  }

  /** Removes a sample participant-data value (and a secured sample of that name). */
  removeSample(name: string): void {
    const { [name]: _plain, ...sample } = this.sampleData;
    const { [name]: _secured, ...secured } = this.securedSample;
    this.sampleData = sample;
    this.securedSample = secured;
    this._scheduleSave();
  }

  /**
   * Adds a secured sample value: `plaintext` is encrypted by the vault (`secured.encrypt`) for the
   * sample conversation, attribute `name` and `organization-id`; only the ciphertext is kept (the
   * preview decrypts it, masked, and the draft stores it). Rejects when there is no vault.
   */
  async addSecuredSample(name: string, plaintext: string): Promise<void> {
    const key = name.trim();
    if (!key) throw new TypeError('A secured sample value needs a name');
    if (!this.secured)
      throw new Error("Secured samples need a vault: set the designer's `secured` property");
    const ciphertext = await this.secured.encrypt({
      conversationId: SAMPLE_CONVERSATION_ID,
      organizationId: this.organizationId,
      attributeName: key,
      plaintext,
    });
    const { [key]: _plain, ...sample } = this.sampleData;
    this.sampleData = sample;
    this.securedSample = { ...this.securedSample, [key]: ciphertext };
    this._scheduleSave();
  }

  // ------------------------------------------------------------------ drafts

  private async _restore(): Promise<void> {
    let draft: Draft | undefined;
    try {
      draft = await loadDraft(this.draftKey);
    } catch (e) {
      this._notice = `The saved draft could not be read: ${(e as Error).message}`;
      return;
    }
    if (!draft || !this._view) return;
    this.sampleData = { ...draft.sample };
    this.securedSample = { ...draft.securedSample };
    // A restored draft starts a fresh history: undo does not go back to the starter script.
    this._view.setState(this._createState(draft.source));
    this._setText(draft.source);
    this._notice = `Draft restored (saved ${new Date(draft.savedAt).toLocaleString()}).`;
  }

  private _scheduleSave(): void {
    if (this._saveTimer !== undefined) clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => {
      this._saveTimer = undefined;
      this.saveDraft().catch((e: unknown) => {
        this._notice = `The draft could not be saved: ${(e as Error).message}`;
      });
    }, this.autosaveDelay);
  }

  // ------------------------------------------------------------------ preview

  private _makeConversation(): Conversation {
    return {
      id: SAMPLE_CONVERSATION_ID,
      organizationId: this.organizationId,
      mediaType: 'call',
      participants: [
        {
          id: 'sample-customer',
          purpose: 'customer',
          name: 'Sample customer',
          attributes: { ...this.sampleData },
          securedAttributes: { ...this.securedSample },
        },
      ],
    };
  }

  private _pages(): { id: string; title: string }[] {
    const pages = (this._json as { pages?: unknown } | undefined)?.pages;
    if (!Array.isArray(pages)) return [];
    return pages.map((p: unknown, i) => {
      const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      const id = typeof o.id === 'string' ? o.id : `#${i + 1}`;
      return { id, title: typeof o.title === 'string' ? o.title : id };
    });
  }

  private _refreshVariables(): void {
    const runtime = this._preview?.runtime;
    if (runtime !== this._watched) {
      // The inspector follows the runtime's own changes too (a secured value decrypted later).
      this._unwatch?.abort();
      this._watched = runtime;
      this._unwatch = new AbortController();
      runtime?.addEventListener('change', () => this._refreshVariables(), {
        signal: this._unwatch.signal,
      });
    }
    const rows: [string, string, boolean][] = [];
    if (runtime)
      for (const v of runtime.script.variables) {
        const value = runtime.get(v.name);
        rows.push([v.name, value === undefined ? '' : String(value), v.secured === true]);
      }
    const same =
      rows.length === this._variables.length &&
      rows.every((r, i) => r.every((x, j) => x === this._variables[i]![j]));
    if (!same) this._variables = rows;
  }

  private _onPreviewEvent = (): void => {
    this._refreshVariables();
  };

  private _onPageChange = (e: Event): void => {
    const to = (e as CustomEvent<{ to: string }>).detail.to;
    const index = this._pages().findIndex((p) => p.id === to);
    if (index >= 0 && index !== this._pageIndex) {
      this._pageIndex = index;
      this._selected = undefined;
    }
    this._refreshVariables();
  };

  // ------------------------------------------------------------------ outline

  /** Writes a new JSON value to the source as one transaction (one step of undo). */
  private _applyJson(next: unknown, what: string): void {
    this._replace(formatScript(next), 'input.outline');
    this._notice = what;
  }

  private _edit(what: string, fn: () => unknown): void {
    try {
      this._applyJson(fn(), what);
    } catch (e) {
      this._notice = (e as Error).message;
    }
  }

  private _move(item: OutlineItem, delta: number): void {
    if (item.index + delta < 0 || item.index + delta >= item.siblings) return;
    const at = [...item.at];
    at[at.length - 1] = item.index + delta;
    this._edit(`Moved ${item.type} ${delta < 0 ? 'up' : 'down'}.`, () =>
      moveComponent(this._json, item.at, delta),
    );
    this._selected = at;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('.outline li[data-selected] .item')?.focus(),
    );
  }

  private _onItemKey(e: KeyboardEvent, item: OutlineItem): void {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    this._move(item, e.key === 'ArrowUp' ? -1 : 1);
  }

  // Dragging a row by its grip: pointer events with the pointer captured by the grip, so the
  // drag follows the pointer anywhere; the drop goes through _move (one step of undo). The move
  // buttons and Alt+ArrowUp/Down stay the accessible way; Escape cancels a drag.

  private _onGripDown(e: PointerEvent, item: OutlineItem): void {
    if (e.button !== 0 || this._drag) return;
    e.preventDefault();
    const grip = e.currentTarget as HTMLElement;
    grip.setPointerCapture(e.pointerId);
    this._drag = { item, grip, pointerId: e.pointerId, to: item.index };
    window.addEventListener('keydown', this._onDragKey, true);
  }

  /** Where the dragged row would land for a pointer at `y`: its list's rows above `y` count. */
  private _dropIndex(y: number): number {
    const { item } = this._drag!;
    const list = item.at.slice(0, -1).join('/');
    let slot = 0;
    for (const li of this.renderRoot.querySelectorAll<HTMLElement>('.outline li[data-list]')) {
      if (li.dataset['list'] !== list) continue;
      const r = li.getBoundingClientRect();
      if (y > r.top + r.height / 2) slot++;
    }
    return slot > item.index ? slot - 1 : slot;
  }

  private _onGripMove(e: PointerEvent): void {
    if (e.pointerId !== this._drag?.pointerId) return;
    const to = this._dropIndex(e.clientY);
    if (to !== this._drag.to) this._drag = { ...this._drag, to };
  }

  private _onGripUp(e: PointerEvent): void {
    if (e.pointerId !== this._drag?.pointerId) return;
    const { item } = this._drag;
    const to = this._dropIndex(e.clientY);
    this._endDrag();
    if (to !== item.index) this._move(item, to - item.index);
  }

  private _onDragKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    this._endDrag();
    this._notice = 'Move cancelled.';
  };

  /** Ends a drag (if any) without moving anything. */
  private _endDrag(): void {
    const drag = this._drag;
    if (!drag) return;
    this._drag = undefined;
    window.removeEventListener('keydown', this._onDragKey, true);
    if (drag.grip.hasPointerCapture(drag.pointerId))
      drag.grip.releasePointerCapture(drag.pointerId);
  }

  private _add(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const type = (form.elements.namedItem('type') as HTMLSelectElement).value;
    const selected = this._selected ? valueAt(this._json, this._selected) : undefined;
    const intoStack =
      this._selected && (selected as { type?: unknown } | undefined)?.type === 'stack';
    const listAt: ComponentPath = intoStack
      ? [...this._selected!, 'children']
      : ['pages', this._pageIndex, 'body'];
    this._edit(`Added a ${type} component.`, () => addComponent(this._json, listAt, type));
  }

  private _submitProperties(e: Event): void {
    e.preventDefault();
    const at = this._selected;
    if (!at) return;
    const current = valueAt(this._json, at) as Record<string, unknown>;
    const props: Record<string, unknown> = {};
    for (const el of (e.target as HTMLFormElement).elements) {
      const input = el as HTMLInputElement;
      if (!input.name) continue;
      if (input.type === 'checkbox') props[input.name] = input.checked ? true : undefined;
      else if (input.value === '') props[input.name] = undefined;
      else if (typeof current[input.name] === 'number' || input.name === 'gap')
        props[input.name] = Number.isFinite(Number(input.value))
          ? Number(input.value)
          : input.value;
      else props[input.name] = input.value;
    }
    this._edit('Properties saved.', () => updateComponent(this._json, at, props));
  }

  // ------------------------------------------------------------------ render

  private _renderToolbar() {
    return html`<div class="toolbar" role="toolbar" aria-label="Script">
      <button type="button" ?disabled=${!this._undoDepth} @click=${() => this.undo()}>Undo</button>
      <button type="button" ?disabled=${!this._redoDepth} @click=${() => this.redo()}>Redo</button>
      <label
        >Open script file
        <input
          type="file"
          accept=".json,application/json"
          @change=${(e: Event) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) void this.openFile(file);
          }}
      /></label>
      <button type="button" @click=${this._download}>Save script file</button>
      <details>
        <summary>Paste a script</summary>
        <label>Script JSON or Genesys export <textarea name="paste" rows="4"></textarea></label>
        <button
          type="button"
          @click=${(e: Event) => {
            const area = (e.target as HTMLElement).parentElement!.querySelector('textarea')!;
            void this.openText(area.value);
            area.value = '';
          }}
        >
          Open pasted script
        </button>
      </details>
      <span class="note" role="status">${this._notice}</span>
    </div>`;
  }

  private _download = (): void => {
    const file = this.exportFile();
    const url = URL.createObjectURL(file);
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    this._notice = `Saved ${file.name}.`;
  };

  private _renderDiagnostics() {
    const errors = this._diagnostics.filter((d) => d.severity === 'error').length;
    return html`<section aria-labelledby="diag-h">
      <h2 id="diag-h">
        Diagnostics (${errors} error${errors === 1 ? '' : 's'}, ${this._diagnostics.length - errors}
        warning${this._diagnostics.length - errors === 1 ? '' : 's'})
      </h2>
      <ul class="diagnostics">
        ${this._diagnostics.map(
          (d) =>
            html`<li data-severity=${d.severity} data-code=${d.code} data-path=${d.path}>
              <button type="button" @click=${() => this.revealPath(d.path)}>
                <span class="severity">${d.severity === 'error' ? 'Error' : 'Warning'}</span>
                <span class="path">${d.path || '(root)'}</span>: ${d.message}
              </button>
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private _renderImportWarnings() {
    if (!this._importWarnings.length) return nothing;
    return html`<section aria-labelledby="import-h">
      <h2 id="import-h">Import warnings (${this._importedFrom})</h2>
      <p class="note">Paths are in the Genesys export.</p>
      <ul class="import-warnings">
        ${this._importWarnings.map(
          (w) =>
            html`<li data-code=${w.code} data-path=${w.path}>
              <span class="path">${w.path || '(root)'}</span>: ${w.message}
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private _renderPages() {
    const pages = this._pages();
    return html`<nav class="pages" aria-label="Pages">
      <ul>
        ${pages.map(
          (p, i) =>
            html`<li>
              <button
                type="button"
                aria-current=${i === this._pageIndex ? 'page' : 'false'}
                @click=${() => {
                  this._pageIndex = i;
                  this._selected = undefined;
                  this.revealPath(`pages[${i}]`);
                }}
              >
                ${p.title}
              </button>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  private _renderOutline() {
    const items = outlineOf(this._json, this._pageIndex);
    const key = (at: ComponentPath | undefined) => (at ? at.join('/') : '');
    const selected = key(this._selected);
    return html`<section aria-labelledby="outline-h">
      <h2 id="outline-h">Outline</h2>
      ${
        this._json === undefined
          ? html`<p class="note">The source is not valid JSON: fix it to use the outline.</p>`
          : nothing
      }
      <ul class="outline" aria-label="Components of the page">
        ${items.map((item) => {
          const name = `${item.type}${item.summary ? ` “${item.summary}”` : ''}`;
          const drag = this._drag;
          const list = key(item.at.slice(0, -1));
          // The drop indicator: a line on the side of the row the dragged one would land next to.
          const lands =
            drag?.to === item.index &&
            drag.to !== drag.item.index &&
            key(drag.item.at.slice(0, -1)) === list;
          const drop = lands ? (drag.to < drag.item.index ? 'before' : 'after') : nothing;
          return html`<li
            ?data-selected=${key(item.at) === selected}
            ?data-dragging=${drag !== undefined && key(drag.item.at) === key(item.at)}
            data-drop=${drop}
            data-path=${item.path}
            data-list=${list}
          >
            <span
              class="grip"
              aria-hidden="true"
              title=${`Drag to move ${name}`}
              @pointerdown=${(e: PointerEvent) => this._onGripDown(e, item)}
              @pointermove=${this._onGripMove}
              @pointerup=${this._onGripUp}
              @pointercancel=${() => this._endDrag()}
              @lostpointercapture=${() => this._endDrag()}
              >⠿</span
            >
            <button
              type="button"
              class="item"
              aria-pressed=${key(item.at) === selected ? 'true' : 'false'}
              aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
              @click=${() => {
                this._selected = item.at;
                this.revealPath(item.path);
              }}
              @keydown=${(e: KeyboardEvent) => this._onItemKey(e, item)}
            >
              ${'\u2003'.repeat(item.depth)}${name}
            </button>
            <button
              type="button"
              aria-label=${`Move ${name} up`}
              ?disabled=${item.index === 0}
              @click=${() => this._move(item, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label=${`Move ${name} down`}
              ?disabled=${item.index === item.siblings - 1}
              @click=${() => this._move(item, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              aria-label=${`Delete ${name}`}
              @click=${() => {
                this._selected = undefined;
                this._edit(`Deleted ${name}.`, () => deleteComponent(this._json, item.at));
              }}
            >
              ✕
            </button>
          </li>`;
        })}
      </ul>
      <form class="add" @submit=${this._add}>
        <label
          >Component type
          <select name="type">
            ${Object.keys(NEW_COMPONENTS).map((t) => html`<option value=${t}>${t}</option>`)}
          </select></label
        >
        <button type="submit" ?disabled=${this._json === undefined}>Add component</button>
      </form>
      ${this._renderProperties()}
    </section>`;
  }

  private _renderProperties() {
    const at = this._selected;
    const component = at ? valueAt(this._json, at) : undefined;
    if (!at || typeof component !== 'object' || component === null) return nothing;
    const c = component as Record<string, unknown>;
    const type = typeof c.type === 'string' ? c.type : '?';
    const fields = EDITABLE_FIELDS[type] ?? ['id'];
    return html`<form
      class="properties"
      @submit=${this._submitProperties}
      aria-labelledby="props-h"
    >
      <h2 id="props-h">Properties of ${type}</h2>
      ${fields.map((f) => {
        const v = c[f];
        if (f === 'required')
          return html`<label
            ><input type="checkbox" name=${f} .checked=${v === true} /> ${f}</label
          >`;
        if (v !== undefined && typeof v === 'object')
          return html`<p class="note">${f}: edit it in the source.</p>`;
        return html`<label
          >${f} <input name=${f} .value=${v === undefined ? '' : String(v)} autocomplete="off"
        /></label>`;
      })}
      <button type="submit">Apply properties</button>
    </form>`;
  }

  private _onAddSample(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const field = (n: string) => form.elements.namedItem(n) as HTMLInputElement;
    try {
      this.setSample(field('name').value, field('value').value);
      this._notice = `Sample value ${field('name').value.trim()} set.`;
      form.reset();
    } catch (error) {
      this._notice = (error as Error).message;
    }
  }

  private async _onAddSecured(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const value = form.elements.namedItem('value') as HTMLInputElement;
    try {
      await this.addSecuredSample(name, value.value);
      form.reset();
      this._notice = `Secured sample ${name} encrypted.`;
    } catch (error) {
      this._notice = `Secured sample ${name || '(no name)'} not added: ${(error as Error).message}`;
    }
  }

  private _renderSamples() {
    const plain = Object.entries(this.sampleData);
    const secured = Object.keys(this.securedSample);
    return html`<section aria-labelledby="sample-h" class="samples">
      <h2 id="sample-h">Sample data</h2>
      <table class="sample-data" aria-label="Sample participant data">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col"><span class="visually-hidden">Remove</span></th>
          </tr>
        </thead>
        <tbody>
          ${plain.map(
            ([name, value]) =>
              html`<tr data-name=${name}>
                <th scope="row">${name}</th>
                <td>
                  <input
                    aria-label=${`Value of ${name}`}
                    .value=${value}
                    autocomplete="off"
                    @change=${(e: Event) =>
                      this.setSample(name, (e.target as HTMLInputElement).value)}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    aria-label=${`Remove ${name}`}
                    @click=${() => this.removeSample(name)}
                  >
                    ✕
                  </button>
                </td>
              </tr>`,
          )}
          ${secured.map(
            (name) =>
              html`<tr data-name=${name} data-secured>
                <th scope="row">${name}</th>
                <td class="note">Secured (encrypted; the preview shows it masked)</td>
                <td>
                  <button
                    type="button"
                    aria-label=${`Remove ${name}`}
                    @click=${() => this.removeSample(name)}
                  >
                    ✕
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <form class="sample-add" @submit=${this._onAddSample} aria-label="Add a sample value">
        <label>Name <input name="name" required autocomplete="off" /></label>
        <label>Value <input name="value" autocomplete="off" /></label>
        <button type="submit">Add sample value</button>
      </form>
      <form
        class="secured-add"
        @submit=${(e: Event) => void this._onAddSecured(e)}
        aria-label="Add a secured sample value"
      >
        <label>Secured name <input name="name" required autocomplete="off" /></label>
        <label
          >Secured value <input name="value" type="password" required autocomplete="off"
        /></label>
        <button type="submit" ?disabled=${!this.secured}>Encrypt and add</button>
      </form>
    </section>`;
  }

  private _renderVariables() {
    return html`<section aria-labelledby="vars-h">
      <h2 id="vars-h">Variables</h2>
      <table class="variables">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          ${this._variables.map(
            ([name, value, secured]) =>
              html`<tr data-name=${name} ?data-secured=${secured}>
                <th scope="row">${name}</th>
                <td>${value}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  protected override render() {
    const pageId = this._pages()[this._pageIndex]?.id;
    return html`${this._renderToolbar()}
      <div class="layout">
        <section aria-labelledby="source-h">
          <h2 id="source-h">Source</h2>
          <div class="editor" part="editor"></div>
        </section>
        <section aria-labelledby="preview-h">
          <h2 id="preview-h">Preview</h2>
          ${this._renderPages()}
          ${
            this._diagnostics.some((d) => d.severity === 'error') && this._script
              ? html`<p class="note">
                  The source has errors: the preview shows its last valid version.
                </p>`
              : nothing
          }
          <div
            class="preview"
            @cx-page-change=${this._onPageChange}
            @change=${this._onPreviewEvent}
            @input=${this._onPreviewEvent}
          >
            <cx-interaction
              .conversation=${this._conversation}
              .secured=${this.secured}
              .screenPopPolicy=${this.screenPopPolicy}
            >
              <cx-script .script=${this._script} page=${pageId ?? nothing}></cx-script>
            </cx-interaction>
          </div>
          ${this._renderVariables()} ${this._renderSamples()}
        </section>
        <div>
          ${this._renderDiagnostics()} ${this._renderImportWarnings()} ${this._renderOutline()}
        </div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-script-designer': CxScriptDesigner;
  }
  interface GlobalEventHandlersEventMap {
    'cx-draft-saved': CxDraftSavedEvent;
  }
}
