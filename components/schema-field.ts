/**
 * The control of a script field whose attribute has a schema (`AttributeSchemaLike`): a dropdown for
 * a choice, a date or date-time picker, a number input with its currency code, a checkbox, a URL,
 * text or textarea input, with the schema's bounds. `<cx-script>` wraps it with the field's label,
 * hint and validation message like any other control.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { AttributeField } from '../src/data/attribute-schema.js';
import { formatValue } from '../src/expr/interpolate.js';
import type { PlainValue } from '../src/script/types.js';

/** What the control needs from its field. */
export interface SchemaControlOptions {
  id: string;
  path: string;
  value: unknown;
  /** What the agent last typed, if anything (kept while it still means the value held). */
  edit: string | undefined;
  required: boolean | undefined;
  disabled: boolean | undefined;
  describedBy: string | typeof nothing;
  invalid: 'true' | typeof nothing;
}

/** The control's text for `value`. */
export function schemaInputText(f: AttributeField, value: unknown): string {
  return f.toInput ? f.toInput(value) : formatValue(value as PlainValue | null);
}

/** The value to store for the control's text. */
export function schemaValue(f: AttributeField, text: string, previous: unknown): string {
  return f.fromInput ? f.fromInput(text, previous) : text;
}

/** The control (and, for a currency or a UTC date-time, its code after it). */
export function schemaControl(f: AttributeField, o: SchemaControlOptions): TemplateResult {
  const { id, path, value, edit } = o;
  const text = schemaInputText(f, value);
  // The agent's own text while it still converts to the value held ("1.50" stays "1.50").
  const shown =
    edit !== undefined && schemaValue(f, edit, value) === schemaValue(f, text, value) ? edit : text;
  const suffix = f.suffix?.(value) ?? f.currency;
  const describedBy =
    [o.describedBy === nothing ? '' : o.describedBy, suffix ? `${id}-unit` : '']
      .filter(Boolean)
      .join(' ') || nothing;
  const unit = suffix ? html`<span id="${id}-unit" class="unit" part="unit">${suffix}</span>` : '';
  const input = f.input;
  if (input === 'select')
    // prettier-ignore
    return html`<select id=${id} part="control" data-path=${path} ?required=${o.required} ?disabled=${o.disabled} aria-invalid=${o.invalid} aria-describedby=${describedBy}><option value="" .selected=${live(!f.options?.some((x) => x.value === text))}>Choose…</option>${f.options?.map((x) => html`<option value=${x.value} .selected=${live(x.value === text)}>${x.label}</option>`)}</select>`;
  if (input === 'textarea')
    return html`<textarea
      id=${id}
      part="control"
      data-path=${path}
      maxlength=${f.maxLength ?? nothing}
      ?required=${o.required}
      ?disabled=${o.disabled}
      aria-invalid=${o.invalid}
      aria-describedby=${describedBy}
      .value=${live(shown)}
    ></textarea>`;
  const type = input === 'currency' ? 'number' : input;
  const numeric = type === 'number';
  return html`<span class="schema-control"
    ><input
      id=${id}
      part="control"
      type=${type}
      inputmode=${numeric ? 'decimal' : nothing}
      data-path=${path}
      min=${f.min ?? nothing}
      max=${f.max ?? nothing}
      step=${f.step ?? (input === 'currency' ? 'any' : nothing)}
      maxlength=${numeric ? nothing : (f.maxLength ?? nothing)}
      ?required=${o.required}
      ?disabled=${o.disabled}
      aria-invalid=${o.invalid}
      aria-describedby=${describedBy}
      .value=${live(type === 'checkbox' ? 'true' : shown)}
      .checked=${live(type === 'checkbox' && text === 'true')}
    />${unit}</span
  >`;
}
