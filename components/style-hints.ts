/**
 * Maps a component's `style` hints to inline CSS, safely: only finite numbers (as px, clamped) and
 * validated colours pass; anything else is dropped. No DOM; results are cached per hints object.
 */
import type { ComponentStyle } from '../src/script/types.js';

/** Inline declarations for `styleMap`. */
export type InlineStyle = Readonly<Record<string, string>>;

const EMPTY: InlineStyle = Object.freeze({});
const cache = new WeakMap<ComponentStyle, InlineStyle>();
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NAMED = /^[a-z]{3,20}$/i;
const KEYWORDS = new Set(['start', 'center', 'end', 'stretch']);
const BORDER_STYLES = new Set(['solid', 'dashed', 'dotted', 'none']);

function px(value: unknown, max = 4000): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return `${Math.min(Math.max(value, 0), max)}px`;
}

function box(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    if (value.length !== 4) return undefined;
    const sides = value.map((v) => px(v));
    return sides.every((s) => s !== undefined) ? sides.join(' ') : undefined;
  }
  return px(value);
}

function size(value: unknown): string | undefined {
  if (value === 'stretch') return '100%';
  if (value === 'auto') return 'auto';
  return px(value);
}

/** A colour when `value` is `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` or a CSS named colour; else `undefined`. */
export function safeColor(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (HEX.test(value)) return value;
  if (NAMED.test(value) && typeof CSS !== 'undefined' && CSS.supports('color', value)) return value;
  return undefined;
}

/** The inline declarations for `hints` (an empty object when there are none or none are valid). */
export function inlineStyle(hints: ComponentStyle | undefined): InlineStyle {
  if (!hints || typeof hints !== 'object') return EMPTY;
  const cached = cache.get(hints);
  if (cached) return cached;
  const out: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) out[name] = value;
  };
  set('margin', box(hints.margin));
  set('padding', box(hints.padding));
  set('width', size(hints.width));
  set('height', size(hints.height));
  set('color', safeColor(hints.color));
  set('background-color', safeColor(hints.backgroundColor));
  set('font-size', px(hints.fontSize, 200));
  if (hints.fontWeight === 'normal' || hints.fontWeight === 'bold')
    set('font-weight', hints.fontWeight);
  if (hints.fontStyle === 'normal' || hints.fontStyle === 'italic')
    set('font-style', hints.fontStyle);
  if (hints.textAlign === 'start' || hints.textAlign === 'center' || hints.textAlign === 'end') {
    set('text-align', hints.textAlign);
  }
  if (typeof hints.align === 'string' && KEYWORDS.has(hints.align)) set('align-self', hints.align);
  const border = hints.border;
  if (border && typeof border === 'object' && BORDER_STYLES.has(border.style)) {
    const width = px(border.width, 100);
    const color = safeColor(border.color);
    if (width && color) set('border', `${width} ${border.style} ${color}`);
  }
  const result = Object.keys(out).length ? Object.freeze(out) : EMPTY;
  cache.set(hints, result);
  return result;
}
