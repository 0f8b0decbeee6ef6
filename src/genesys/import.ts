/**
 * `importGenesysScript(exportJson)`: a Genesys Cloud Scripter export (the JSON that Scripter's
 * "Export" and the Platform API's `GET /api/v2/scripts/{id}/export` give) converted to a native
 * `cx-script/1` script, plus a warning for each thing that could not be carried over exactly.
 *
 * The result always passes `parseScript`, so the guard's three layers apply unchanged. What maps to
 * what is listed in the README ("Genesys Cloud Scripter exports"). This module reaches the core only
 * through `../index.js`, which the cx-genesys.js bundle takes from cx-script.js.
 */
import {
  ScriptError,
  parseScript,
  type Component,
  type ComponentStyle,
  type Condition,
  type FieldComponent,
  type Option,
  type Page,
  type PlainValue,
  type Script,
  type ScriptIssue,
  type Step,
  type VariableDef,
  type VariableType,
} from '../index.js';
import { convertActionProperty, convertSteps } from './import-actions.js';
import { evaluateDynamic } from './import-dynamic.js';
import {
  ImportContext,
  at,
  booleanOf,
  convertText,
  convertUrl,
  define,
  isObj,
  isReservedName,
  own,
  quote,
  stringOf,
  styleOf,
  valueOf,
  type GenesysImportWarning,
  type ImportedVariable,
  type Obj,
} from './import-values.js';

export type { GenesysImportWarning } from './import-values.js';

/** What `importGenesysScript` returns. */
export interface GenesysImport {
  /** The native script; it passes `parseScript`. */
  script: Script;
  /** What could not be carried over exactly, each with its JSON path in the export. */
  warnings: GenesysImportWarning[];
}

/** How deeply containers may nest in an import (the format allows 64 levels). */
const MAX_DEPTH = 48;

/** Genesys component types by the native type they become (Scripter's names and their variants). */
const COMPONENT_KINDS = new Map<unknown, string>([
  ['verticalStackContainer', 'vertical'],
  ['horizontalStackContainer', 'horizontal'],
  ['text', 'text'],
  ['markdown', 'markdown'],
  ['button', 'button'],
  ['textInput', 'input'],
  ['input', 'input'],
  ['numericInput', 'number'],
  ['numberInput', 'number'],
  ['dateInput', 'date'],
  ['datePicker', 'date'],
  ['dropdown', 'dropdown'],
  ['dropDown', 'dropdown'],
  ['checkbox', 'checkbox'],
  ['checkBox', 'checkbox'],
  ['radio', 'radio'],
  ['radioButton', 'radio'],
  ['radioButtons', 'radio'],
  ['link', 'link'],
  ['hyperlink', 'link'],
  ['image', 'image'],
  ['webPage', 'webPage'],
  ['webpage', 'webPage'],
]);

/** Preset `inputValidation` patterns (Scripter's "Select" list), by lower-cased name without separators. */
const VALIDATION_PRESETS = new Map<string, [pattern: string, message: string]>([
  ['email', ['[^@\\s]+@[^@\\s]+\\.[^@\\s]+', 'an email address']],
  ['alphabetic', ['[A-Za-z]+', 'letters only']],
  ['alphabeticwithspaces', ['[A-Za-z]+( [A-Za-z]+)*', 'words of letters separated by spaces']],
  [
    'alphabeticwithunderscores',
    ['[A-Za-z]+(_[A-Za-z]+)*', 'words of letters separated by underscores'],
  ],
  ['alphanumeric', ['(?=.*[A-Za-z])(?=.*\\d)[A-Za-z\\d]+', 'letters and digits']],
  [
    'alphanumericwithspaces',
    [
      '(?=.*[A-Za-z])(?=.*\\d)[A-Za-z\\d]+( [A-Za-z\\d]+)*',
      'letters and digits, words separated by spaces',
    ],
  ],
  [
    'alphanumericwithunderscores',
    [
      '(?=.*[A-Za-z])(?=.*\\d)[A-Za-z\\d]+(_[A-Za-z\\d]+)*',
      'letters and digits, words separated by underscores',
    ],
  ],
]);

/**
 * Converts a Genesys Cloud Scripter export to a native script.
 *
 * Pages and their `rootContainer` trees become pages of stacks and components; variables keep
 * their Genesys names (so input variables bind to participant data of the same name); `{{<id>}}`
 * becomes `{{Name}}`; custom actions become named actions. Whatever has no native equivalent is
 * rendered as closely as the format allows (a button that would run a data action is disabled)
 * and reported in `warnings`.
 *
 * @param exportJson the export as a parsed JSON value, or as JSON text.
 * @returns the native script (it passes `parseScript`) and the warnings, each with its JSON path
 *   into the export.
 * @throws {ScriptError} when the value is not an export that can be rendered (not an object, no
 *   pages …); its issues carry JSON paths into the export. Nothing else is ever thrown.
 */
export function importGenesysScript(exportJson: unknown): GenesysImport {
  try {
    return importExport(exportJson);
  } catch (error) {
    if (error instanceof ScriptError) throw error;
    // A bug, or an input no JSON can express: still a ScriptError, as documented.
    throw new ScriptError([
      {
        path: '',
        code: 'import-failed',
        message: `the export could not be imported: ${error instanceof Error ? error.message : String(error)}`,
        severity: 'error',
      },
    ]);
  }
}

function fail(issues: ScriptIssue[]): never {
  throw new ScriptError(issues.map((i) => ({ ...i, severity: 'error' as const })));
}

function describe(value: unknown): string {
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : `${typeof value} ${quote(value)}`;
}

function importExport(input: unknown): GenesysImport {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      fail([
        { path: '', code: 'invalid-json', message: `not valid JSON: ${(e as Error).message}` },
      ]);
    }
  }
  if (!isObj(json))
    fail([
      {
        path: '',
        code: 'invalid-type',
        message: `expected a Genesys Cloud Scripter export (an object with "pages"), got ${describe(json)}`,
      },
    ]);
  const pages = json.pages;
  if (!Object.hasOwn(json, 'pages'))
    fail([
      {
        path: 'pages',
        code: 'missing-field',
        message: "the export has no 'pages': a script needs at least one page",
      },
    ]);
  if (!Array.isArray(pages))
    fail([
      {
        path: 'pages',
        code: 'invalid-type',
        message: `expected a list of pages, got ${describe(pages)}`,
      },
    ]);

  const ctx = new ImportContext();
  readVariables(ctx, json);

  // Page ids first, so that changePage steps anywhere can name them.
  const pageIds = new Set<string>();
  const usable: [page: Obj, index: number, id: string][] = [];
  pages.forEach((page, i) => {
    if (!isObj(page))
      return ctx.warn(
        at('pages', i),
        'invalid-page',
        `expected a page (an object), got ${describe(page)}; it is left out`,
      );
    const id = unique(text(page.name) || `Page ${i + 1}`, pageIds);
    if (typeof page.id === 'string' && !ctx.pagesById.has(page.id)) ctx.pagesById.set(page.id, id);
    usable.push([page, i, id]);
  });
  if (!usable.length)
    fail([
      {
        path: 'pages',
        code: 'no-pages',
        message: 'the export has no usable page: a script needs at least one page',
      },
    ]);

  const actions = readCustomActions(ctx, json);
  const converted = usable.map(([page, i, id]) => convertPage(ctx, page, at('pages', i), id));

  let startPage = converted[0]!.id;
  const start = json.startPageId;
  if (typeof start === 'string' && ctx.pagesById.has(start)) startPage = ctx.pagesById.get(start)!;
  else
    ctx.warn(
      'startPageId',
      'unknown-page',
      `the start page ${quote(start)} is not a page of the export; the script starts on ${quote(startPage)}`,
    );

  finishVariables(ctx);

  const script: Script = {
    format: 'cx-script/1',
    name: text(json.name) || 'Genesys script',
    startPage,
    variables: [...ctx.varsByName.values()].map((v) => v.def),
    pages: converted,
    actions,
  };
  try {
    return { script: parseScript(script), warnings: ctx.warnings };
  } catch (error) {
    // The conversion is meant to always parse; if it does not, say so with the native paths.
    if (error instanceof ScriptError)
      fail(
        error.issues
          .filter((i) => i.severity !== 'warning')
          .map((i) => ({
            ...i,
            message: `${i.message} (in the converted script at ${i.path || '(root)'})`,
            path: '',
          })),
      );
    throw error;
  }
}

/** A trimmed string, or '' for anything else. */
function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** `base` made unique among `taken` (" (2)", " (3)" …), and taken. */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  taken.add(name);
  return name;
}

// ------------------------------------------------------------------ variables

const TYPES = new Map<unknown, VariableType>([
  ['string', 'string'],
  ['number', 'number'],
  ['boolean', 'boolean'],
]);

function readVariables(ctx: ImportContext, json: Obj): void {
  const list = json.variables;
  if (list === undefined) return;
  if (!Array.isArray(list))
    return ctx.warn(
      'variables',
      'invalid-type',
      `expected a list of variables, got ${describe(list)}; the script has none`,
    );
  const taken = new Set<string>();
  list.forEach((raw, i) => {
    const path = at('variables', i);
    if (!isObj(raw))
      return ctx.warn(
        path,
        'invalid-variable',
        `expected a variable (an object), got ${describe(raw)}; it is left out`,
      );
    const given = text(raw.name).replace(/[{}]/g, '');
    let name = given || `Variable ${i + 1}`;
    if (isReservedName(name)) name = `${name} (variable)`;
    name = unique(name, taken);
    if (name !== raw.name)
      ctx.warn(
        at(path, 'name'),
        'renamed-variable',
        `variable ${quote(raw.name)} is named ${quote(name)} here (names must be unique, not blank, and not a built-in's)`,
      );
    const type = own(raw, 'type');
    const typeName = isObj(type) ? type.name : type;
    const isList = own(type, 'isList') === true;
    const dynamic = own(type, 'isDynamic') === true;
    let native: VariableType = isList ? 'list' : (TYPES.get(typeName) ?? 'string');
    if (!isList && !TYPES.has(typeName)) {
      ctx.warn(
        at(path, 'type'),
        'unsupported-variable-type',
        `variable ${quote(name)} has type ${quote(typeName)}, which is read as a string`,
      );
      native = 'string';
    }
    const def: VariableDef = { name, type: native };
    if (raw.input === true && !dynamic) def.input = true;
    if (raw.output === true && !dynamic) def.output = true;
    if (typeof raw.description === 'string' && raw.description.trim())
      def.description = raw.description;
    const imported: ImportedVariable = {
      def,
      genesysType: typeof typeName === 'string' ? typeName : 'string',
      path,
    };
    if (dynamic)
      imported.expression =
        typeof raw.value === 'string' ? raw.value : JSON.stringify(raw.value ?? '');
    else {
      const initial = toType(raw.value, native);
      if (initial !== undefined) def.default = initial;
      else if (raw.value !== undefined && raw.value !== null && raw.value !== '')
        ctx.warn(
          at(path, 'value'),
          'invalid-default',
          `the value ${quote(raw.value)} of variable ${quote(name)} is not a ${native}; it starts empty`,
        );
    }
    if (typeof raw.id === 'string' && !ctx.varsById.has(raw.id)) ctx.varsById.set(raw.id, imported);
    ctx.varsByName.set(name, imported);
  });
}

/** `value` as a default of `type`, or `undefined` when it is not one. */
export function toType(value: unknown, type: VariableType): PlainValue | undefined {
  switch (type) {
    case 'number': {
      const n = typeof value === 'string' && value.trim() ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? value
        : value === 'true'
          ? true
          : value === 'false'
            ? false
            : undefined;
    case 'list':
      return Array.isArray(value)
        ? value.filter((x) => ['string', 'number', 'boolean'].includes(typeof x)).map(String)
        : undefined;
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
  }
}

/** A local variable for a field whose binding dangles or is missing (one per dangling reference). */
function localVariable(
  ctx: ImportContext,
  ref: unknown,
  type: VariableType,
  fallback: string,
): ImportedVariable {
  const key = typeof ref === 'string' && ref ? ref : undefined;
  const known = key === undefined ? undefined : ctx.created.get(key);
  if (known) return known;
  const base =
    key && !/^[\da-f-]{36}$/i.test(key) && !/[{}]/.test(key) && key.trim() === key ? key : fallback;
  const taken = new Set(ctx.varsByName.keys());
  const name = unique(isReservedName(base) ? `${base} (variable)` : base, taken);
  const imported: ImportedVariable = { def: { name, type }, genesysType: type, path: '' };
  ctx.varsByName.set(name, imported);
  if (key) ctx.created.set(key, imported);
  return imported;
}

/** Dynamic variables: computed from constants where possible, else reported. */
function finishVariables(ctx: ImportContext): void {
  for (const v of ctx.varsByName.values()) {
    if (v.expression === undefined) continue;
    const result = evaluateDynamic(ctx, v.expression);
    const value = result.ok ? toType(result.value, v.def.type) : undefined;
    if (value !== undefined) v.def.default = value;
    else
      ctx.warn(
        at(v.path, 'value'),
        'dynamic-variable',
        `dynamic variable ${quote(v.def.name)} (${quote(v.expression)}) cannot be computed here${result.ok ? '' : ` (${result.reason})`}; it starts empty`,
      );
  }
}

// ------------------------------------------------------------------ actions

function readCustomActions(ctx: ImportContext, json: Obj): Record<string, Step[]> {
  const actions: Record<string, Step[]> = {};
  const list = json.customActions;
  if (list === undefined) return actions;
  if (!Array.isArray(list)) {
    ctx.warn(
      'customActions',
      'invalid-type',
      `expected a list of custom actions, got ${describe(list)}; they are left out`,
    );
    return actions;
  }
  const taken = new Set<string>();
  const named: [Obj, string, string][] = [];
  list.forEach((raw, i) => {
    const path = at('customActions', i);
    if (!isObj(raw))
      return ctx.warn(
        path,
        'invalid-action',
        `expected a custom action (an object), got ${describe(raw)}; it is left out`,
      );
    const name = unique(text(raw.name) || `Action ${i + 1}`, taken);
    named.push([raw, name, path]);
  });
  // Names first (a button may run any of them), then the steps.
  for (const [raw, name, path] of named) {
    const converted = convertSteps(
      ctx,
      own(raw.action, 'block'),
      at(path, 'action', 'block'),
      0,
      'it is left out of the action, and whatever runs the action is disabled',
      name,
    );
    if (typeof raw.id === 'string' && !ctx.actionsById.has(raw.id))
      ctx.actionsById.set(raw.id, { name, unsupported: converted.unsupported });
    define(actions, name, converted.steps);
  }
  return actions;
}

// ------------------------------------------------------------------ pages and components

function convertPage(ctx: ImportContext, page: Obj, path: string, id: string): Page {
  const out: Page = { id, title: id, body: [] };
  const onLoad = convertActionProperty(
    ctx,
    own(page.properties, 'onLoadAction'),
    at(path, 'properties', 'onLoadAction'),
    'it does not run when the page loads',
  );
  if (onLoad.ref !== undefined && (typeof onLoad.ref === 'string' || onLoad.ref.length))
    out.onLoad = onLoad.ref;
  if (!Object.hasOwn(page, 'rootContainer'))
    ctx.warn(
      at(path, 'rootContainer'),
      'missing-field',
      `page ${quote(id)} has no 'rootContainer'; it is empty`,
    );
  else {
    const root = component(ctx, page.rootContainer, at(path, 'rootContainer'), 0);
    if (root) out.body.push(root);
  }
  return out;
}

/** The common parts of every component: style hints, `visible` and `disabled` bindings. */
function base(
  ctx: ImportContext,
  props: unknown,
  path: string,
  what: string,
): { style?: ComponentStyle; visible?: Condition; disabled?: boolean; disabledReason?: string } {
  const out: {
    style?: ComponentStyle;
    visible?: Condition;
    disabled?: boolean;
    disabledReason?: string;
  } = {};
  const style = styleOf(props);
  if (style) out.style = style;
  const visible = own(props, 'visible');
  const shown = valueOf(visible);
  if (
    own(visible, 'typeName') === 'variable' &&
    shown !== undefined &&
    shown !== null &&
    shown !== ''
  ) {
    const v = ctx.variable(
      shown,
      at(path, 'properties', 'visible', 'value'),
      `the visibility of ${what}`,
    );
    if (v) out.visible = { op: 'equal', left: `{{${v.def.name}}}`, right: 'true' };
  } else if (shown === false) out.visible = { op: 'not', of: { op: 'isEmpty', value: '' } };
  const disabled = own(props, 'disabled');
  const flag = valueOf(disabled);
  if (
    own(disabled, 'typeName') === 'variable' &&
    flag !== undefined &&
    flag !== null &&
    flag !== ''
  ) {
    const p = at(path, 'properties', 'disabled', 'value');
    const v = ctx.variable(flag, p, `the disabled state of ${what}`);
    if (v) {
      ctx.warn(
        p,
        'static-disabled',
        `the disabled state of ${what} follows variable ${quote(v.def.name)} in Genesys; here it is fixed at the variable's initial value (${String(v.def.default ?? false)})`,
      );
      if (v.def.default === true) out.disabled = true;
    }
  } else if (flag === true) out.disabled = true;
  return out;
}

/** Warns about an action property a field has but the format cannot run. */
function ignoredAction(
  ctx: ImportContext,
  props: unknown,
  key: string,
  path: string,
  what: string,
): void {
  const name = own(valueOf(own(props, key)), 'actionName');
  if (name !== undefined && name !== '')
    ctx.warn(
      at(path, 'properties', key),
      'unsupported-action',
      `the ${key} of ${what} (${quote(ctx.actionsById.get(name as string)?.name ?? name)}) is not supported; it does not run`,
    );
}

function component(
  ctx: ImportContext,
  raw: unknown,
  path: string,
  depth: number,
): Component | undefined {
  if (!isObj(raw)) {
    ctx.warn(
      path,
      'invalid-component',
      `expected a component (an object with "type"), got ${describe(raw)}; it is left out`,
    );
    return undefined;
  }
  const type = raw.type;
  const kind = COMPONENT_KINDS.get(type);
  const props = isObj(raw.properties) ? raw.properties : {};
  const p = (key: string) => own(props, key);
  const label = (key: string, fallback: string) => {
    const s = stringOf(p(key));
    return s !== undefined && s.trim()
      ? convertText(ctx, s, at(path, 'properties', key, 'value'))
      : fallback;
  };
  const what = `${String(type)} component`;
  const common = base(ctx, props, path, `the ${what}`);

  switch (kind) {
    case 'vertical':
    case 'horizontal': {
      const children: Component[] = [];
      if (depth >= MAX_DEPTH)
        ctx.warn(
          at(path, 'children'),
          'too-deep',
          `containers nest more than ${MAX_DEPTH} levels deep; the deeper ones are left out`,
        );
      else if (Array.isArray(raw.children))
        raw.children.forEach((child, i) => {
          const c = component(ctx, child, at(path, 'children', i), depth + 1);
          if (c) children.push(c);
        });
      else if (raw.children !== undefined)
        ctx.warn(
          at(path, 'children'),
          'invalid-type',
          `expected a list of components, got ${describe(raw.children)}; the container is empty`,
        );
      return { type: 'stack', direction: kind, children, ...common };
    }
    case 'text':
    case 'markdown':
      if (kind === 'markdown')
        ctx.warn(path, 'markdown-as-text', 'a markdown component is shown as plain text');
      return { type: 'text', text: label('text', ''), ...common };
    case 'button': {
      const buttonLabel = label('text', 'Button');
      const action = convertActionProperty(
        ctx,
        p('clickAction'),
        at(path, 'properties', 'clickAction'),
        `button ${quote(buttonLabel)} is disabled`,
      );
      const button: Component = {
        type: 'button',
        label: buttonLabel,
        action: action.ref ?? [],
        ...common,
      };
      if (action.unsupported) {
        button.disabled = true;
        button.disabledReason = `Not available here: it uses ${action.unsupported}.`;
      }
      return button;
    }
    case 'link': {
      const linkLabel = label('text', 'Link');
      const url = urlOf(ctx, props, path, ['url', 'link', 'href', 'address']);
      if (url) return { type: 'link', label: linkLabel, url, ...common };
      return {
        type: 'button',
        label: linkLabel,
        action: [],
        ...common,
        disabled: true,
        disabledReason: 'Not available here: its URL cannot be opened.',
      };
    }
    case 'image':
    case 'webPage': {
      const url = urlOf(ctx, props, path, ['url', 'source', 'src', 'imageUrl', 'address']);
      if (!url)
        return note(
          `${kind === 'image' ? 'Image' : 'Web page'} not shown: its URL cannot be used here.`,
          common,
        );
      if (kind === 'image')
        return {
          type: 'image',
          url,
          alt: label('altText', label('alt', label('text', ''))),
          ...common,
        };
      return { type: 'webPage', url, title: label('title', label('name', 'Web page')), ...common };
    }
    case 'input':
    case 'number':
    case 'date':
    case 'dropdown':
    case 'checkbox':
    case 'radio':
      return field(ctx, kind, props, path, common);
    default:
      ctx.warn(
        at(path, 'type'),
        'unsupported-component',
        `component type ${quote(type)} is not supported; a note is shown in its place`,
      );
      return note(
        `This part of the script (a Genesys '${typeof type === 'string' ? type : 'unknown'}' component) is not available here.`,
        common,
      );
  }
}

function note(message: string, common: { style?: ComponentStyle; visible?: Condition }): Component {
  const out: Component = { type: 'text', text: message, variant: 'note' };
  if (common.visible) out.visible = common.visible;
  return out;
}

function urlOf(ctx: ImportContext, props: Obj, path: string, keys: string[]): string | undefined {
  for (const key of keys) {
    const s = stringOf(own(props, key));
    if (s === undefined) continue;
    const url = convertUrl(ctx, s, at(path, 'properties', key, 'value'));
    if (url === '')
      ctx.warn(at(path, 'properties', key, 'value'), 'missing-url', 'the URL is empty');
    return url || undefined;
  }
  ctx.warn(at(path, 'properties'), 'missing-url', `the component has no URL (${keys.join(', ')})`);
  return undefined;
}

const FIELD_TYPES: Record<string, VariableType> = {
  input: 'string',
  number: 'number',
  date: 'string',
  dropdown: 'string',
  checkbox: 'boolean',
  radio: 'string',
};

function field(
  ctx: ImportContext,
  kind: 'input' | 'number' | 'date' | 'dropdown' | 'checkbox' | 'radio',
  props: Obj,
  path: string,
  common: ReturnType<typeof base>,
): Component {
  const p = (key: string) => own(props, key);
  const what = `${kind} field`;
  const ref = valueOf(p('value'));
  let variable = ctx.find(ref);
  if (!variable) {
    variable = localVariable(
      ctx,
      ref,
      FIELD_TYPES[kind]!,
      `${kind[0]!.toUpperCase()}${kind.slice(1)} field`,
    );
    const bound = ref !== undefined && ref !== null && ref !== '';
    ctx.warn(
      at(path, 'properties', 'value', ...(bound ? ['value'] : [])),
      bound ? 'unknown-variable' : 'unbound-field',
      `the ${what} ${bound ? `names variable ${quote(ref)}, which the export does not declare` : 'is bound to no variable'}; it edits a new variable ${quote(variable.def.name)}, neither input nor output`,
    );
  }
  const name = variable.def.name;
  ctx.assigned.add(name);
  const text = (key: string) => {
    const s = stringOf(p(key));
    return s !== undefined && s.trim()
      ? convertText(ctx, s, at(path, 'properties', key, 'value'))
      : undefined;
  };
  const label = text('label') ?? text('text') ?? text('placeholderText') ?? name;
  for (const key of ['changeAction', 'clickAction'])
    ignoredAction(ctx, props, key, path, `the ${what} ${quote(label)}`);

  let out: FieldComponent;
  if (kind === 'dropdown' || kind === 'radio') {
    const options = optionsOf(
      ctx,
      p('options') ?? p('items') ?? p('choices'),
      at(path, 'properties', 'options'),
    );
    if (!options.length) {
      ctx.warn(
        at(path, 'properties', 'options'),
        'no-options',
        `the ${what} ${quote(label)} has no options here; it shows its variable as a read-only text field`,
      );
      return {
        type: 'input',
        variable: name,
        label,
        ...common,
        disabled: true,
        disabledReason: 'Its options are not available here.',
      };
    }
    out = { type: kind, variable: name, label, options };
  } else if (kind === 'input') {
    out = { type: 'input', variable: name, label };
    if (booleanOf(p('isMultilineInput'))) out = { type: 'textarea', variable: name, label };
    else {
      const key = Object.hasOwn(props, 'validation') ? 'validation' : 'inputValidation';
      const validation = validationOf(ctx, p(key), at(path, 'properties', key, 'value'));
      if (validation) {
        out.pattern = validation[0];
        out.patternMessage = `${label}: expected ${validation[1]}.`;
      }
    }
    if (booleanOf(p('isPasswordInput')))
      ctx.warn(
        at(path, 'properties', 'isPasswordInput'),
        'password-as-text',
        `the password input ${quote(label)} is shown as a plain text field`,
      );
  } else out = { type: kind, variable: name, label };
  const placeholder = text('placeholderText');
  if (placeholder && placeholder !== label && out.type !== 'checkbox' && out.type !== 'radio')
    out.placeholder = placeholder;
  if (booleanOf(p('doesRequireValue') ?? p('required'))) out.required = true;
  return Object.assign(out, common);
}

/** The pattern and a description of a Genesys `inputValidation`; `undefined` for none. */
function validationOf(
  ctx: ImportContext,
  property: unknown,
  where: string,
): [string, string] | undefined {
  let value = valueOf(property);
  if (isObj(value)) value = value.pattern ?? value.regex ?? value.value ?? value.preset;
  if (
    own(property, 'typeName') === 'variable' ||
    (typeof value === 'string' && (ctx.varsById.has(value) || /^[\da-f-]{36}$/i.test(value)))
  ) {
    const v = ctx.variable(value, where, 'the validation');
    const pattern =
      v && !v.def.input && typeof v.def.default === 'string' ? v.def.default : undefined;
    if (pattern && isRegExp(pattern)) {
      ctx.warn(
        where,
        'static-validation',
        `the validation follows variable ${quote(v!.def.name)}; here it uses its initial value`,
      );
      return [pattern, 'the expected format'];
    }
    ctx.warn(
      where,
      'unsupported-validation',
      'the validation comes from a variable whose pattern is not known here; the input is not validated',
    );
    return undefined;
  }
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const preset = VALIDATION_PRESETS.get(
    value
      .toLowerCase()
      .replace(/[^a-z]/g, '')
      .replace(/^(with)/, ''),
  );
  if (preset) return preset;
  if (isRegExp(value)) return [value, 'the expected format'];
  ctx.warn(
    where,
    'invalid-validation',
    `the validation ${quote(value)} is not a known preset or a regular expression; the input is not validated`,
  );
  return undefined;
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Options of a dropdown or radio: a `list` of [value, label] pairs (or strings), or a `listPair` of list variables. */
function optionsOf(ctx: ImportContext, property: unknown, path: string): Option[] {
  const out: Option[] = [];
  const seen = new Set<string>();
  const add = (value: string, label: string, where: string) => {
    if (value.includes('{{'))
      ctx.warn(
        where,
        'interpolated-option',
        `option ${quote(value)} uses {{…}}, which options cannot; it is shown as written`,
      );
    if (seen.has(value))
      return ctx.warn(
        where,
        'duplicate-option',
        `option ${quote(value)} appears more than once; the first is kept`,
      );
    seen.add(value);
    out.push(label === value ? value : { value, label });
  };
  const scalar = (x: unknown) => {
    const v = isObj(x) && Object.hasOwn(x, 'typeName') ? valueOf(x) : x;
    return typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : undefined;
  };
  const type = own(property, 'typeName');
  const value = Array.isArray(property) ? property : valueOf(property);
  if (type === 'listPair') {
    const values = ctx.variable(
      own(value, 'valuesList'),
      at(path, 'value', 'valuesList'),
      'the options',
    );
    const labels = ctx.variable(
      own(value, 'labelsList'),
      at(path, 'value', 'labelsList'),
      'the option labels',
    );
    const vs = values?.def.default;
    const ls = labels?.def.default;
    if (Array.isArray(vs)) {
      ctx.warn(
        path,
        'static-options',
        `the options come from list variable ${quote(values!.def.name)}; here they are its initial values`,
      );
      vs.forEach((v, i) =>
        add(v, Array.isArray(ls) && typeof ls[i] === 'string' ? ls[i] : v, path),
      );
    }
    return out;
  }
  if (!Array.isArray(value)) return out;
  value.forEach((item, i) => {
    const where = at(path, 'value', i);
    const pair = Array.isArray(item)
      ? item
      : isObj(item) && !Object.hasOwn(item, 'typeName')
        ? [item.value, item.label ?? item.text ?? item.value]
        : [item, item];
    const v = scalar(pair[0]);
    const l = scalar(pair[1]) ?? v;
    if (v === undefined || !v.trim())
      return ctx.warn(
        where,
        'invalid-option',
        `option ${quote(item)} has no value; it is left out`,
      );
    add(v, l!.trim() ? convertText(ctx, l!, where) : v, where);
  });
  return out;
}
