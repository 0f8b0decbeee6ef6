/**
 * The one hook the core has for attribute schemas: how a participant-data attribute is edited in a
 * script, checked and displayed. The core knows no schema format; an implementation (for example
 * the Genesys Cloud schemas of `parseAttributeSchema` in dist/cx-genesys.js) answers per name.
 */

/** The control that edits an attribute in `<cx-script>`. */
export type AttributeInput =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'datetime-local'
  | 'select'
  | 'checkbox'
  | 'url'
  | 'currency';

/** How one attribute is edited, checked and shown. */
export interface AttributeField {
  /** The control: `select` is a dropdown of `options`, `currency` a number input with its code. */
  input: AttributeInput;
  /** The choices of a `select`: the stored value and the label shown. */
  options?: readonly { value: string; label: string }[];
  /** The ISO 4217 code a `currency` attribute is pinned to, if any. */
  currency?: string;
  /** Bounds for number, date and datetime-local inputs (as the input's `min` / `max`). */
  min?: number | string;
  max?: number | string;
  /** Step of a number input (`'any'` for decimals). */
  step?: number | 'any';
  /** The most characters a text, textarea or url input takes. */
  maxLength?: number;
  /** A problem with `value` (naming the attribute and the limit), or `undefined` when it is valid. */
  validate(value: unknown): string | undefined;
  /** `value` for display, formatted for `locale` (Intl); the raw text when it is not valid. */
  format(value: unknown, locale?: string): string;
  /** The control's text for `value` (e.g. the amount of a currency value). */
  toInput?(value: unknown): string;
  /** The value to store for the control's text (`previous` is the value before the edit). */
  fromInput?(text: string, previous: unknown): string;
  /** Text shown after the control for `value` (e.g. the currency code, or `UTC`). */
  suffix?(value: unknown): string | undefined;
}

/** Anything that describes participant-data attributes by name. */
export interface AttributeSchemaLike {
  /** The field of attribute `name` (case-sensitive), or `undefined` when the schema has none. */
  field(name: string): AttributeField | undefined;
}
