import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { InteractionSession } from '../src/data/session.js';
import { attributeSchemaContext, sessionContext } from './contexts.js';
import { FollowedTarget } from './listen.js';
import type { AttributeSchemaLike } from '../src/data/attribute-schema.js';

/** One row of the table. */
interface Row {
  name: string;
  /** `undefined` for a secured attribute: its value is never shown (nor its ciphertext). */
  value: string | undefined;
  /** The value as shown: formatted by the attribute schema's field, when it has one. */
  shown?: string;
}

/** A secured attribute's value: never shown (nor its ciphertext). */
const masked = html`<span class="masked" part="masked" aria-label="secured, hidden">hidden</span>`;

const collator = new Intl.Collator(undefined, { numeric: true, caseFirst: 'upper' });

/**
 * Shows the customer's participant data (attributes, and queued writes read back) of the interaction
 * provided by an enclosing `<cx-interaction>`, as a table sorted by name with a filter. Secured
 * attributes are listed by name with a hidden value. Updates when the session's data changes.
 * Attributes that `<cx-interaction>`'s `attributeSchema` describes are formatted for `locale`
 * (dates, numbers, currency amounts, choice titles); the filter matches raw or formatted text.
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
  // Written compactly: the build does not minify CSS in `css` literals.
  // prettier-ignore
  static override styles = css`
:host{display:block;color-scheme:light dark;font-family:var(--cx-font-family,system-ui,sans-serif);color:var(--cx-color-text,CanvasText);--_border:1px solid var(--cx-participant-data-border-color,var(--cx-color-border,light-dark(#c4c7cc,#5f636a)))}
:host([hidden]){display:none}
:focus-visible{outline:var(--cx-focus-ring,2px solid var(--cx-color-accent,light-dark(#0b57d0,#8ab4f8)));outline-offset:2px}
.filter{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin-bottom:var(--cx-space,.75rem)}
label,caption{font-weight:600}
input{font:inherit;color:inherit;background:var(--cx-color-surface,Field);border:var(--_border);border-radius:var(--cx-radius,.375rem);padding:.25rem .5rem;flex:1 1 12rem;min-width:0}
table{width:100%;border-collapse:collapse;table-layout:fixed}
caption,th,td{text-align:start}
caption{padding-bottom:.375rem}
th,td{vertical-align:top;padding:.375rem .5rem;border-bottom:var(--_border);overflow-wrap:anywhere;white-space:pre-wrap}
thead th{background:var(--cx-participant-data-header-background,light-dark(#f1f3f4,#2a2c30))}
thead th:first-child{width:var(--cx-participant-data-name-width,35%)}
tbody th{font-weight:500}
.masked,.empty{color:var(--cx-participant-data-muted-color,var(--cx-color-muted,light-dark(#53575e,#b4b8bf)));margin:0}
.masked{font-style:italic}
`;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private _session: InteractionSession | undefined;

  constructor() {
    super();
    // Re-renders on the session's 'data-change' while connected.
    new FollowedTarget<InteractionSession>(
      this,
      () => this._session,
      (session, signal) =>
        session.addEventListener('data-change', () => this.requestUpdate(), { signal }),
    );
  }

  @consume({ context: attributeSchemaContext, subscribe: true })
  @state()
  private _schema: AttributeSchemaLike | undefined;

  /** The filter text: rows whose name or value contains it (case-insensitive) are shown. */
  @property() filter = '';

  /** The BCP 47 locale values are formatted for (`en-GB`); the browser's by default. */
  @property() locale: string | undefined;

  protected override render() {
    const session = this._session;
    const all = session ? rowsOf(session) : [];
    for (const r of all) {
      const field = r.value ? this._schema?.field(r.name) : undefined;
      if (field) r.shown = field.format(r.value, this.locale);
    }
    const filter = this.filter.trim();
    const query = filter.toLocaleLowerCase();
    const rows = all.filter((r) =>
      [r.name, r.value, r.shown].some((text) => text?.toLocaleLowerCase().includes(query)),
    );
    return html`<div class="filter" part="filter">
        <label for="filter">Filter participant data</label>
        <input
          id="filter"
          part="filter-input"
          type="search"
          autocomplete="off"
          aria-controls="data"
          .value=${this.filter}
          @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
        />
      </div>
      ${
        rows.length
          ? html`<table id="data" part="table">
              <caption>
                Participant data${query ? ` (${rows.length} of ${all.length})` : nothing}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr>
                      <th scope="row" part="name">${r.name}</th>
                      <td part="value">${r.shown ?? r.value ?? masked}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p id="data" class="empty" part="empty" role="status">
              ${all.length ? `No attribute matches '${filter}'` : 'No participant data'}
            </p>`
      }`;
  }
}

/** Every attribute of the customer (queued writes first), sorted by name; secured ones last on a tie. */
function rowsOf(session: InteractionSession): Row[] {
  const customer = session.customer;
  const names = new Set(Object.keys(customer?.attributes ?? {}));
  for (const name of session.pendingWrites().keys()) names.add(name);
  const rows: Row[] = [...names].map((name) => ({
    name,
    value: session.getConversationData(name) ?? '',
  }));
  for (const name of Object.keys(customer?.securedAttributes ?? {}))
    rows.push({ name, value: undefined });
  return rows.sort((a, b) => collator.compare(a.name, b.name) || (a.value === undefined ? 1 : -1));
}

declare global {
  interface HTMLElementTagNameMap {
    'cx-participant-data': CxParticipantData;
  }
}
