/**
 * The outline of a script's pages: each page's components as a flat, indented list (stacks hold
 * their children), and the edits the designer makes to it. Every edit takes the script's JSON value
 * and returns a new one (the input is never changed), so the element can write it back to the
 * source as one editor transaction.
 */
import { appendPath } from '../script/path.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A component's place: the index path of arrays and keys from the script's root. */
export type ComponentPath = (string | number)[];

/** One row of the outline. */
export interface OutlineItem {
  /** Where the component is (`['pages', 0, 'body', 2]`). */
  at: ComponentPath;
  /** The same place as a JSON path (`pages[0].body[2]`), as diagnostics write it. */
  path: string;
  /** Nesting level, 0 for a page's own components. */
  depth: number;
  /** The component's `type`, or `?`. */
  type: string;
  /** A short text to tell it apart: its label, text, variable or URL. */
  summary: string;
  /** Its index in its list, and the list's length (to know what can move). */
  index: number;
  siblings: number;
}

/** The component types the outline can add, with the fields each starts with. */
export const NEW_COMPONENTS: Readonly<Record<string, Obj>> = {
  text: { type: 'text', text: 'New text' },
  button: { type: 'button', label: 'New button', action: [] },
  link: { type: 'link', label: 'New link', url: 'https://example.com/' },
  input: { type: 'input', variable: '', label: 'New field' },
  stack: { type: 'stack', direction: 'vertical', children: [] },
};

/** The properties the form edits, per component type (others are edited in the source). */
export const EDITABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  text: ['id', 'text', 'variant'],
  secured: ['id', 'variable', 'label', 'mask'],
  button: ['id', 'label', 'action'],
  link: ['id', 'label', 'url'],
  image: ['id', 'url', 'alt'],
  webPage: ['id', 'url', 'title'],
  stack: ['id', 'direction', 'gap'],
  dropdown: ['id', 'variable', 'label', 'hint'],
  radio: ['id', 'variable', 'label', 'hint'],
  input: ['id', 'variable', 'label', 'placeholder', 'hint', 'required'],
  textarea: ['id', 'variable', 'label', 'placeholder', 'hint', 'required'],
  number: ['id', 'variable', 'label', 'placeholder', 'hint', 'required'],
  date: ['id', 'variable', 'label', 'hint', 'required'],
  checkbox: ['id', 'variable', 'label', 'hint'],
};

/** The JSON path of a component path. */
export function formatAt(at: ComponentPath): string {
  return at.reduce<string>((p, s) => appendPath(p, s), '');
}

function summaryOf(c: Obj): string {
  for (const key of ['label', 'text', 'title', 'variable', 'url', 'alt', 'direction'])
    if (typeof c[key] === 'string' && c[key]) return c[key];
  return '';
}

/** The outline of page `pageIndex`: its components, depth first. */
export function outlineOf(json: unknown, pageIndex: number): OutlineItem[] {
  const out: OutlineItem[] = [];
  const page = isObject(json) && Array.isArray(json.pages) ? json.pages[pageIndex] : undefined;
  const list = (items: unknown, at: ComponentPath, depth: number): void => {
    if (!Array.isArray(items) || depth > 64) return;
    items.forEach((c, index) => {
      const here = [...at, index];
      const o = isObject(c) ? c : {};
      out.push({
        at: here,
        path: formatAt(here),
        depth,
        type: typeof o.type === 'string' ? o.type : '?',
        summary: summaryOf(o),
        index,
        siblings: items.length,
      });
      if (o.type === 'stack') list(o.children, [...here, 'children'], depth + 1);
    });
  };
  if (isObject(page)) list(page.body, ['pages', pageIndex, 'body'], 0);
  return out;
}

/** The value at `at`, or `undefined`. */
export function valueAt(json: unknown, at: ComponentPath): unknown {
  let v = json;
  for (const s of at) v = isObject(v) || Array.isArray(v) ? (v as Obj)[s as string] : undefined;
  return v;
}

/** A deep copy and the array that holds `at` in it. */
function editable(json: unknown, at: ComponentPath): [copy: unknown, list: unknown[], i: number] {
  const copy = structuredClone(json);
  const list = valueAt(copy, at.slice(0, -1));
  const i = at[at.length - 1];
  if (!Array.isArray(list) || typeof i !== 'number' || i < 0 || i >= list.length)
    throw new RangeError(`no component at ${formatAt(at)}`);
  return [copy, list, i];
}

/**
 * Adds a new component of `type` at the end of the list `listAt` (a page's `body` or a stack's
 * `children`).
 */
export function addComponent(json: unknown, listAt: ComponentPath, type: string): unknown {
  const template = NEW_COMPONENTS[type];
  if (!template) throw new RangeError(`cannot add a component of type '${type}'`);
  const copy = structuredClone(json);
  let list = valueAt(copy, listAt);
  if (list === undefined) {
    const owner = valueAt(copy, listAt.slice(0, -1));
    if (!isObject(owner))
      throw new RangeError(`no page or stack at ${formatAt(listAt.slice(0, -1))}`);
    list = owner[listAt[listAt.length - 1] as string] = [];
  }
  if (!Array.isArray(list)) throw new RangeError(`${formatAt(listAt)} is not a list`);
  list.push(structuredClone(template));
  return copy;
}

/** Moves the component at `at` by `delta` places within its list (clamped to the list). */
export function moveComponent(json: unknown, at: ComponentPath, delta: number): unknown {
  const [copy, list, i] = editable(json, at);
  const j = Math.max(0, Math.min(list.length - 1, i + delta));
  const [item] = list.splice(i, 1);
  list.splice(j, 0, item);
  return copy;
}

/** Removes the component at `at`. */
export function deleteComponent(json: unknown, at: ComponentPath): unknown {
  const [copy, list, i] = editable(json, at);
  list.splice(i, 1);
  return copy;
}

/**
 * Sets the component's properties: a value `undefined` removes the property. Text that reads as a
 * number or a boolean stays text unless the property already held a number or a boolean.
 */
export function updateComponent(
  json: unknown,
  at: ComponentPath,
  props: Readonly<Record<string, unknown>>,
): unknown {
  const [copy, list, i] = editable(json, at);
  const c = list[i];
  if (!isObject(c)) throw new RangeError(`${formatAt(at)} is not a component object`);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) delete c[key];
    else c[key] = value;
  }
  return copy;
}

/** The script as the designer's source shows it: two-space JSON. */
export function formatScript(json: unknown): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
