/**
 * The control of a script field whose attribute has a schema (`AttributeSchemaLike`): a dropdown for
 * a choice, a date or date-time picker, a number input with its currency code, a checkbox, a URL,
 * text or textarea input, with the schema's bounds. `<cx-script>` wraps it with the field's label,
 * hint and validation message like any other control.
 */
import { html, type TemplateResult } from 'lit';
import type { AttributeField } from '../src/data/attribute-schema.js';
import { formatValue } from '../src/expr/interpolate.js';
import type { PlainValue } from '../src/script/types.js';
import { fieldControl, type ControlAttributes, type FieldSettings } from './field-control.js';

/** What the control needs from its field, besides the attributes of every control. */
export interface SchemaControlOptions extends ControlAttributes {
  value: unknown;
  /** What the agent last typed, if anything (kept while it still means the value held). */
  edit: string | undefined;
}

/** The value to store for the control's text. */
export function schemaValue(f: AttributeField, text: string, previous: unknown): string {
  return f.fromInput ? f.fromInput(text, previous) : text;
}

/** Each field's bounds, as the settings of its control (one object per field, for `fieldControl`). */
const bounds = new WeakMap<AttributeField, FieldSettings>();

function boundsOf(f: AttributeField): FieldSettings {
  let s = bounds.get(f);
  if (!s) {
    const numeric = f.input === 'number' || f.input === 'currency';
    s = {
      min: f.min,
      max: f.max,
      step: f.step ?? (f.input === 'currency' ? 'any' : undefined),
      maxLength: numeric ? undefined : f.maxLength,
    };
    bounds.set(f, s);
  }
  return s;
}

/** The control (and, for a currency or a UTC date-time, its code after it). */
export function schemaControl(f: AttributeField, o: SchemaControlOptions): TemplateResult {
  const { id, value, edit } = o;
  const text = f.toInput ? f.toInput(value) : formatValue(value as PlainValue | null);
  const input = f.input;
  if (input === 'select') return fieldControl({ control: input, text, options: f.options }, o);
  // The agent's own text while it still converts to the value held ("1.50" stays "1.50").
  const shown =
    edit !== undefined && schemaValue(f, edit, value) === schemaValue(f, text, value) ? edit : text;
  const settings = boundsOf(f);
  if (input === 'textarea') return fieldControl({ control: input, text: shown, settings }, o);
  const suffix = f.suffix?.(value) ?? f.currency;
  const describedBy = [o.describedBy, suffix && `${id}-unit`].filter(Boolean).join(' ');
  const checkbox = input === 'checkbox';
  return html`<span class="schema-control"
    >${fieldControl(
      {
        control: input === 'currency' ? 'number' : input,
        text: checkbox ? 'true' : shown,
        checked: checkbox && text === 'true',
        settings,
      },
      { ...o, describedBy },
    )}${suffix ? html`<span id="${id}-unit" class="unit" part="unit">${suffix}</span>` : ''}</span
  >`;
}
