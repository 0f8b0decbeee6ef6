/**
 * Script format v1 ("cx-script/1"): the native JSON form of an agent script.
 * See DESIGN.md, "Script format v1". `parseScript` (parse.ts) turns any JSON value into a `Script`
 * or throws a `ScriptError` whose issues carry JSON paths.
 */

/** The only value of `Script.format` this version reads. */
export const SCRIPT_FORMAT = 'cx-script/1' as const;

/** Built-in variable types. Attribute-schema types (Genesys issue) extend this with their own names. */
export type VariableType = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'list';

/** Every built-in variable type, in the order the designer lists them. */
export const VARIABLE_TYPES: readonly VariableType[] = [
  'string',
  'number',
  'boolean',
  'date',
  'datetime',
  'list',
];

/** A variable's plain (not secured) value. Dates are ISO strings (`YYYY-MM-DD`, or full ISO for datetime). */
export type PlainValue = string | number | boolean | readonly string[];

/** A script variable. */
export interface VariableDef {
  /** Case-sensitive name; `{{Name}}` reads it. Must not collide with a built-in. */
  name: string;
  type: VariableType;
  /** Takes the customer participant's attribute of exactly this name (or the secured attribute). */
  input?: boolean;
  /** Written back to participant data through the outbox. */
  output?: boolean;
  /** Read from secured data, decrypted by the vault; shown masked; never leaves the page. */
  secured?: boolean;
  /** The value before any binding or input; must match `type`. */
  default?: PlainValue;
  /** For designers. */
  description?: string;
}

/** A condition, for `visible` and the `if` action. Operands are literals with `{{Var}}` interpolation. */
export type Condition =
  | {
      op: 'equal' | 'notEqual' | 'contains' | 'greaterThan' | 'lessThan';
      left: string;
      right: string;
    }
  | { op: 'isEmpty'; value: string }
  | { op: 'and' | 'or'; all: Condition[] }
  | { op: 'not'; of: Condition };

/** Every condition operator. */
export const CONDITION_OPS = [
  'equal',
  'notEqual',
  'contains',
  'greaterThan',
  'lessThan',
  'isEmpty',
  'and',
  'or',
  'not',
] as const;

/** Style hints kept from imports (Genesys layout) and usable in native scripts. All optional. */
export interface ComponentStyle {
  /** CSS lengths in px: one number or [top, right, bottom, left]. */
  margin?: number | [number, number, number, number];
  padding?: number | [number, number, number, number];
  /** `stretch` fills the parent; a number is px. */
  width?: 'stretch' | 'auto' | number;
  height?: 'stretch' | 'auto' | number;
  /** A CSS colour (`#rrggbb`). */
  color?: string;
  backgroundColor?: string;
  fontSize?: number;
  fontWeight?: 'normal' | 'bold';
  fontStyle?: 'normal' | 'italic';
  textAlign?: 'start' | 'center' | 'end';
  align?: 'start' | 'center' | 'end' | 'stretch';
  border?: { width: number; style: 'solid' | 'dashed' | 'dotted' | 'none'; color: string };
}

/** What every component may carry. */
interface ComponentBase {
  /** Optional id, unique within the script, for designers and tests. */
  id?: string;
  /** Shown only while this condition holds. */
  visible?: Condition;
  style?: ComponentStyle;
  /** Rendered but not operable (imports use it for unsupported actions). */
  disabled?: boolean;
  /** Why the component is disabled, shown to the agent as a hint. */
  disabledReason?: string;
}

/** A reference to actions: the name of an entry of `Script.actions`, or steps written inline. */
export type ActionRef = string | Step[];

/** A dropdown or radio option: a value, or a value with its own label. */
export type Option = string | { value: string; label: string };

export interface TextComponent extends ComponentBase {
  type: 'text';
  /** Text with `{{Var}}` interpolation. */
  text: string;
  /** Presentation: a heading, a paragraph (default), or a note. */
  variant?: 'heading' | 'paragraph' | 'note';
}
export interface SecuredComponent extends ComponentBase {
  type: 'secured';
  /** A variable with `secured: true`. */
  variable: string;
  label: string;
  mask?: 'full' | 'last4' | 'none';
}
interface FieldBase extends ComponentBase {
  /** The variable the field edits (two-way). */
  variable: string;
  label: string;
  required?: boolean;
  placeholder?: string;
  /** Help text under the field. */
  hint?: string;
}
export interface InputComponent extends FieldBase {
  type: 'input';
  /** A JavaScript regular expression the whole value must match (Genesys `inputValidation`). */
  pattern?: string;
  /** The message shown when `pattern` does not match. */
  patternMessage?: string;
  maxLength?: number;
}
export interface TextareaComponent extends FieldBase {
  type: 'textarea';
  rows?: number;
  maxLength?: number;
}
export interface NumberComponent extends FieldBase {
  type: 'number';
  min?: number;
  max?: number;
  step?: number;
}
export interface DateComponent extends FieldBase {
  type: 'date';
  /** `YYYY-MM-DD` */
  min?: string;
  max?: string;
}
export interface DropdownComponent extends FieldBase {
  type: 'dropdown';
  options: Option[];
}
export interface CheckboxComponent extends FieldBase {
  type: 'checkbox';
}
export interface RadioComponent extends FieldBase {
  type: 'radio';
  options: Option[];
}
export interface ButtonComponent extends ComponentBase {
  type: 'button';
  label: string;
  action: ActionRef;
}
export interface LinkComponent extends ComponentBase {
  type: 'link';
  label: string;
  /** An RFC 6570 URI template, or exactly `{{Var}}` for a whole-URL variable. */
  url: string;
}
export interface ImageComponent extends ComponentBase {
  type: 'image';
  url: string;
  /** Alternative text; required (may be "" for a decorative image). */
  alt: string;
}
export interface WebPageComponent extends ComponentBase {
  type: 'webPage';
  url: string;
  /** The iframe's accessible title. */
  title: string;
}
export interface StackComponent extends ComponentBase {
  type: 'stack';
  direction: 'vertical' | 'horizontal';
  children: Component[];
  /** Gap between children in px. */
  gap?: number;
}

/** Any component of a page body. */
export type Component =
  | TextComponent
  | SecuredComponent
  | InputComponent
  | TextareaComponent
  | NumberComponent
  | DateComponent
  | DropdownComponent
  | CheckboxComponent
  | RadioComponent
  | ButtonComponent
  | LinkComponent
  | ImageComponent
  | WebPageComponent
  | StackComponent;

/** Every component type name. */
export const COMPONENT_TYPES = [
  'text',
  'secured',
  'input',
  'textarea',
  'number',
  'date',
  'dropdown',
  'checkbox',
  'radio',
  'button',
  'link',
  'image',
  'webPage',
  'stack',
] as const;

/** Component types that edit a variable. */
export type FieldComponent =
  | InputComponent
  | TextareaComponent
  | NumberComponent
  | DateComponent
  | DropdownComponent
  | CheckboxComponent
  | RadioComponent;

/** What every action step may carry: what runs after it succeeds or fails. */
interface StepBase {
  /** Runs after the step succeeded, before the next step. */
  onSuccess?: Step[];
  /** Runs when the step failed; the sequence then stops. */
  onFailure?: Step[];
}
export interface ScreenPopStep extends StepBase {
  do: 'screenPop';
  /**
   * An RFC 6570 URI template (or exactly `{{Var}}`); at most one of `url` and `searchString`. With
   * neither, the step pops the participant data's screen-pop hint (`PEF_URLPop`, `SF_URLPop`, else
   * `PEF_SearchValue`; see `screenPopHint`), through the same guard and policy.
   */
  url?: string;
  /** Text with `{{Var}}` interpolation, for the CRM's own search (host target only). */
  searchString?: string;
  target?: 'host' | 'window' | 'frame';
}
export interface OpenUrlStep extends StepBase {
  do: 'openUrl';
  url: string;
  target?: 'window' | 'frame';
}
export interface ChangePageStep extends StepBase {
  do: 'changePage';
  page: string;
}
export interface SetVariableStep extends StepBase {
  do: 'setVariable';
  variable: string;
  /** A literal with `{{Var}}` interpolation, converted to the variable's type. */
  value: string;
}
/** One name/value pair written to participant data or secured data. */
export interface DataPair {
  /** A non-blank literal name, case-sensitive, copied exactly. */
  name: string;
  /** A literal with `{{Var}}` interpolation. */
  value: string;
}
export interface SetConversationDataStep extends StepBase {
  do: 'setConversationData';
  data: DataPair[];
}
export interface SetSecuredDataStep extends StepBase {
  do: 'setSecuredData';
  data: DataPair[];
}
export interface IfStep extends StepBase {
  do: 'if';
  condition: Condition;
  then: Step[];
  else?: Step[];
}
/**
 * Sends the interaction's queued writes now, in one batch; fails (onFailure) when the platform
 * does not take them (network down, 5xx, 401): the outbox keeps the batch and retries.
 */
export interface FlushStep extends StepBase {
  do: 'flush';
}
/** Shows a message to the agent (Genesys `scripter.alert`). */
export interface AlertStep extends StepBase {
  do: 'alert';
  message: string;
}

/** One step of an action sequence. */
export type Step =
  | ScreenPopStep
  | OpenUrlStep
  | ChangePageStep
  | SetVariableStep
  | SetConversationDataStep
  | SetSecuredDataStep
  | IfStep
  | AlertStep
  | FlushStep;

/** Every step type name (`do`). */
export const STEP_TYPES = [
  'screenPop',
  'openUrl',
  'changePage',
  'setVariable',
  'setConversationData',
  'setSecuredData',
  'if',
  'alert',
  'flush',
] as const;

/** A page of the script. */
export interface Page {
  /** Unique within the script; `changePage` and `startPage` name it. */
  id: string;
  title: string;
  /** Runs each time the page is shown (the automatic screen pop runs once per interaction). */
  onLoad?: ActionRef;
  body: Component[];
}

/** An agent script, format v1. */
export interface Script {
  format: typeof SCRIPT_FORMAT;
  name: string;
  description?: string;
  /** The id of the first page. */
  startPage: string;
  variables: VariableDef[];
  pages: Page[];
  /** Named action sequences. */
  actions: Record<string, Step[]>;
  /** Runs once when the script starts for an interaction. */
  onConnect?: ActionRef;
}
