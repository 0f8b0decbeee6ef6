/**
 * The native controls of `<cx-script>`'s fields (`<select>`, `<textarea>`, `<input>`), one template
 * each, whoever describes the field: a script component, or an attribute schema (./schema-field.ts).
 * The field around the control (label, hint, validation message) is `<cx-script>`'s.
 */
import { html, noChange, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { Directive, directive, type ElementPart } from 'lit/directive.js';
import type { Option } from '../src/script/types.js';

/** A control's optional settings, set as its attributes (names are case-insensitive). */
export interface FieldSettings {
  min?: number | string;
  max?: number | string;
  step?: number | string;
  rows?: number;
  maxLength?: number;
  pattern?: string;
  placeholder?: string;
}

/** What a control shows. */
export interface ControlSpec {
  /** `select`, `textarea`, or the `<input>`'s type. */
  control: string;
  /** The control's text: a select's chosen value, a radio's own value. */
  text: string;
  /** Whether a checkbox or radio is checked. */
  checked?: boolean;
  /** A select's options; its first, empty option reads `settings.placeholder` or "Choose…". */
  options?: readonly Option[];
  /** The control's settings: the same object while they stay the same. */
  settings?: FieldSettings;
}

/** What a control takes from its field. */
export interface ControlAttributes {
  id: string;
  /** The component's path in the script, for the delegated input handler. */
  path: string;
  required: boolean | undefined;
  disabled: boolean | undefined;
  /** The ids of what describes the control (its hint, message, unit), space-separated. */
  describedBy: string;
  /** Whether the value is invalid (a validation message describes it). */
  invalid: boolean;
  /** A radio group's name; a radio has no id of its own. */
  name?: string;
}

/** The value an option stores (a plain string option is its own value and label). */
export const optionValue = (o: Option) => (typeof o === 'string' ? o : o.value);
/** The label an option shows. */
export const optionLabel = (o: Option) => (typeof o === 'string' ? o : o.label);

const SETTINGS = ['min', 'max', 'step', 'rows', 'maxLength', 'pattern', 'placeholder'] as const;

/**
 * Sets a control's settings (`SETTINGS`) in one element part rather than seven attribute parts,
 * which each field would pay for although most fields use none; the attributes change only when
 * the settings object does.
 */
const settings = directive(
  class extends Directive {
    private _of: FieldSettings | undefined;
    render(_of: FieldSettings) {
      return noChange;
    }
    override update({ element }: ElementPart, [of]: [FieldSettings]) {
      if (of !== this._of) {
        // A fresh control has none of them; one reused for another component drops the old ones.
        const fresh = !this._of;
        this._of = of;
        for (const name of SETTINGS) {
          const value = of[name];
          if (value !== undefined) element.setAttribute(name, String(value));
          else if (!fresh) element.removeAttribute(name);
        }
      }
      return noChange;
    }
  },
);

const NO_SETTINGS: FieldSettings = {};

/** The control `spec` describes, with its field's attributes `a`. */
export function fieldControl(spec: ControlSpec, a: ControlAttributes): TemplateResult {
  const { control, text } = spec;
  const s = spec.settings ?? NO_SETTINGS;
  const invalid = a.invalid ? 'true' : nothing;
  const describedBy = a.describedBy || nothing;
  // Templates written without whitespace between tags: each blank would be one more text node per
  // field to clone and insert.
  if (control === 'select')
    // prettier-ignore
    return html`<select id=${a.id} part="control" data-path=${a.path} ?required=${a.required} ?disabled=${a.disabled} aria-invalid=${invalid} aria-describedby=${describedBy}><option value="" .selected=${live(!spec.options?.some((o) => optionValue(o) === text))}>${s.placeholder ?? 'Choose…'}</option>${spec.options?.map((o) => html`<option value=${optionValue(o)} .selected=${live(optionValue(o) === text)}>${optionLabel(o)}</option>`)}</select>`;
  if (control === 'textarea')
    return html`<textarea
      id=${a.id}
      part="control"
      ${settings(s)}
      data-path=${a.path}
      ?required=${a.required}
      ?disabled=${a.disabled}
      aria-invalid=${invalid}
      aria-describedby=${describedBy}
      .value=${live(text)}
    ></textarea>`;
  return html`<input
    id=${a.name ? nothing : a.id}
    name=${a.name ?? nothing}
    part="control"
    type=${control}
    inputmode=${control === 'number' ? 'decimal' : nothing}
    ${settings(s)}
    data-path=${a.path}
    ?required=${a.required}
    ?disabled=${a.disabled}
    aria-invalid=${invalid}
    aria-describedby=${describedBy}
    .value=${live(text)}
    .checked=${live(!!spec.checked)}
  />`;
}
