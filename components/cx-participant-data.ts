import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { repeat } from 'lit/directives/repeat.js';
import type { InteractionSession } from '../src/data/session.js';
import { sessionContext } from './contexts.js';

/** One row of the table. */
interface Row {
  name: string;
  /** `undefined` for a secured attribute: its value is never shown (nor its ciphertext). */
  value: string | undefined;
}

const collator = new Intl.Collator(undefined, { numeric: true, caseFirst: 'upper' });

/**
 * Shows the customer's participant data (attributes, and queued writes read back) of the interaction
 * provided by an enclosing `<cx-interaction>`, as a table sorted by name with a filter. Secured
 * attributes are listed by name with a hidden value. Updates when the session's data changes.
 *
 * @summary The interaction's participant data, filterable.
 *
 * @csspart filter - The wrapper of the filter's label and search input.
 * @csspart filter-input - The search input.
 * @csspart table - The table.
 * @csspart name - A name cell (a row header).
 * @csspart value - A value cell.
 * @csspart masked - The "hidden" placeholder of a secured attribute.
 * @csspart empty - The empty state ("No participant data", "No attribute matches …").
 *
 * @cssprop --cx-participant-data-border-color - Row separators. Default `var(--cx-color-border)`.
 * @cssprop --cx-participant-data-header-background - Header row background. Default a light/dark tint.
 * @cssprop --cx-participant-data-muted-color - Caption, masked values, empty state. Default `var(--cx-color-muted)`.
 * @cssprop --cx-participant-data-name-width - Width of the name column. Default `35%`.
 */
@customElement('cx-participant-data')
export class CxParticipantData extends LitElement {
  static override styles = css`
    :host {
      display: block;
      color-scheme: light dark;
      font-family: var(--cx-font-family, system-ui, sans-serif);
      color: var(--cx-color-text, CanvasText);
      --_border: var(
        --cx-participant-data-border-color,
        var(--cx-color-border, light-dark(#c4c7cc, #5f636a))
      );
      --_muted: var(
        --cx-participant-data-muted-color,
        var(--cx-color-muted, light-dark(#53575e, #b4b8bf))
      );
    }
    :host([hidden]) {
      display: none;
    }
    :focus-visible {
      outline: var(--cx-focus-ring, 2px solid var(--cx-color-accent, light-dark(#0b57d0, #8ab4f8)));
      outline-offset: 2px;
    }
    .filter {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin-bottom: var(--cx-space, 0.75rem);
    }
    label {
      font-weight: 600;
    }
    input {
      font: inherit;
      color: inherit;
      background: var(--cx-color-surface, Field);
      border: 1px solid var(--_border);
      border-radius: var(--cx-radius, 0.375rem);
      padding: 0.25rem 0.5rem;
      flex: 1 1 12rem;
      min-width: 0;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      table-layout: fixed;
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-bottom: 0.375rem;
    }
    th,
    td {
      text-align: start;
      vertical-align: top;
      padding: 0.375rem 0.5rem;
      border-bottom: 1px solid var(--_border);
      overflow-wrap: anywhere;
      white-space: pre-wrap;
    }
    thead th {
      background: var(--cx-participant-data-header-background, light-dark(#f1f3f4, #2a2c30));
    }
    thead th:first-child {
      width: var(--cx-participant-data-name-width, 35%);
    }
    tbody th {
      font-weight: 500;
    }
    .masked,
    .empty {
      color: var(--_muted);
    }
    .masked {
      font-style: italic;
    }
    .empty {
      margin: 0;
    }
  `;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private _session: InteractionSession | undefined;

  /** Bumped on the session's 'data-change' so that the table re-reads the data. */
  @state() private _revision = 0;

  private _listening: { session: InteractionSession; abort: AbortController } | undefined;

  /** The filter text: rows whose name or value contains it (case-insensitive) are shown. */
  @property() filter = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this._listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._listening?.abort.abort();
    this._listening = undefined;
  }

  protected override willUpdate(): void {
    this._listen();
  }

  /** Listens to the current session's 'data-change' (and stops listening to the previous one). */
  private _listen(): void {
    const session = this.isConnected ? this._session : undefined;
    if (this._listening?.session === session) return;
    this._listening?.abort.abort();
    this._listening = undefined;
    if (!session) return;
    const abort = new AbortController();
    session.addEventListener('data-change', () => this._revision++, { signal: abort.signal });
    this._listening = { session, abort };
  }

  private _onFilter(e: Event): void {
    this.filter = (e.target as HTMLInputElement).value;
  }

  /** Every attribute of the customer (queued writes first), sorted by name. */
  private _rows(session: InteractionSession): Row[] {
    const customer = session.customer;
    const names = new Set<string>(Object.keys(customer?.attributes ?? {}));
    for (const name of session.pendingWrites().keys()) names.add(name);
    const rows: Row[] = [...names].map((name) => ({
      name,
      value: session.getConversationData(name) ?? '',
    }));
    for (const name of Object.keys(customer?.securedAttributes ?? {}))
      rows.push({ name, value: undefined });
    return rows.sort(
      (a, b) => collator.compare(a.name, b.name) || (a.value === undefined ? 1 : -1),
    );
  }

  private _renderValue(value: string | undefined) {
    return value === undefined
      ? html`<span class="masked" part="masked" aria-label="secured, hidden">hidden</span>`
      : value;
  }

  protected override render() {
    const session = this._session;
    const all = session ? this._rows(session) : [];
    const query = this.filter.trim().toLocaleLowerCase();
    const rows = query
      ? all.filter(
          (r) =>
            r.name.toLocaleLowerCase().includes(query) ||
            (r.value !== undefined && r.value.toLocaleLowerCase().includes(query)),
        )
      : all;
    return html`<div class="filter" part="filter">
        <label for="filter">Filter participant data</label>
        <input
          id="filter"
          part="filter-input"
          type="search"
          autocomplete="off"
          aria-controls="data"
          .value=${this.filter}
          @input=${this._onFilter}
        />
      </div>
      ${
        rows.length
          ? html`<table id="data" part="table">
              <caption>
                Participant data${query ? html` (${rows.length} of ${all.length})` : nothing}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                ${repeat(
                  rows,
                  (r) => `${r.value === undefined ? 's' : 'p'}:${r.name}`,
                  (r) =>
                    html`<tr>
                      <th scope="row" part="name">${r.name}</th>
                      <td part="value">${this._renderValue(r.value)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p id="data" class="empty" part="empty" role="status">
              ${all.length ? `No attribute matches '${this.filter.trim()}'` : 'No participant data'}
            </p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-participant-data': CxParticipantData;
  }
}
