/**
 * Maps a component's `style` hints to inline CSS, safely: only finite numbers (as px, clamped),
 * validated colours and a few keywords pass; anything else is dropped. No DOM; results are cached
 * per hints object.
 */
import type { ComponentStyle } from '../src/script/types.js';

/** Inline declarations (CSS property name to value). */
export type InlineStyle = Readonly<Record<string, string>>;

type Check = (value: unknown) => string | undefined;

const EMPTY: InlineStyle = Object.freeze({});
const cache = new WeakMap<ComponentStyle, InlineStyle>();

/** A finite number as px, clamped to `[0, max]`. */
const px =
  (max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value)
      ? `${Math.min(Math.max(value, 0), max)}px`
      : undefined;
const length = px(4000);

/** One of the space-separated `words`. */
const oneOf =
  (words: string): Check =>
  (value) =>
    typeof value === 'string' && words.split(' ').includes(value) ? value : undefined;

/** One length, or four (top, right, bottom, left). */
const box: Check = (value) => {
  if (!Array.isArray(value)) return length(value);
  const sides = value.map(length);
  return sides.length === 4 && sides.every(Boolean) ? sides.join(' ') : undefined;
};

/**
 * The hints, in order: the hint's name, its CSS property (the hint's name in kebab case when
 * omitted) and the check its value must pass.
 */
const HINTS: [keyof ComponentStyle, Check, string?][] = [
  ['margin', box],
  ['padding', box],
  ['width', (v) => (v === 'stretch' ? '100%' : v === 'auto' ? v : length(v))],
  ['height', (v) => (v === 'stretch' ? '100%' : v === 'auto' ? v : length(v))],
  ['color', safeColor],
  ['backgroundColor', safeColor],
  ['fontSize', px(200)],
  ['fontWeight', oneOf('normal bold')],
  ['fontStyle', oneOf('normal italic')],
  ['textAlign', oneOf('start center end')],
  ['align', oneOf('start center end stretch'), 'align-self'],
  [
    'border',
    (b) => {
      const { width, style, color } = (b ?? {}) as Record<string, unknown>;
      const w = px(100)(width);
      const c = safeColor(color);
      return w && c && oneOf('solid dashed dotted none')(style) ? `${w} ${style} ${c}` : undefined;
    },
  ],
];

/** A colour when `value` is `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` or a CSS named colour; else `undefined`. */
export function safeColor(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value)) return value;
  if (/^[a-z]{3,20}$/i.test(value) && typeof CSS !== 'undefined' && CSS.supports('color', value))
    return value;
  return undefined;
}

/** The inline declarations for `hints` (an empty object when there are none or none are valid). */
export function inlineStyle(hints: ComponentStyle | undefined): InlineStyle {
  if (!hints || typeof hints !== 'object') return EMPTY;
  let out = cache.get(hints);
  if (!out) {
    const found: Record<string, string> = {};
    for (const [name, check, property] of HINTS) {
      const value = check(hints[name]);
      if (value !== undefined)
        found[property ?? name.replace(/[A-Z]/g, '-$&').toLowerCase()] = value;
    }
    out = Object.keys(found).length ? Object.freeze(found) : EMPTY;
    cache.set(hints, out);
  }
  return out;
}
