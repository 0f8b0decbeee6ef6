/**
 * The taint type. A secured value is opaque on the main thread: converting it to text in any way
 * (`String()`, template literals, `JSON.stringify`) yields its mask, never the plaintext, which only
 * the vault worker holds. Anything computed from a secured value is a secured value too, and
 * remembers the names of the secured variables it came from, so that a blocked action can say which.
 */

import { FULL_MASK } from '../secured/types.js';

/** How a secured value is shown when hidden. */
export type MaskStyle = 'full' | 'last4' | 'none';

/**
 * The mask shown for a secured value whose preview is not known (yet): the vault's mask that
 * discloses nothing, so that a placeholder and a fully masked value look (and compare) the same.
 */
export const DEFAULT_MASK = FULL_MASK;

/** An opaque secured value: a vault handle (when it stands for one attribute) and a masked preview. */
export class SecuredValue {
  /** The secured variables (or attributes) this value derives from, by name. */
  readonly sources: readonly string[];
  /** The masked text shown in place of the value. */
  readonly preview: string;
  /** The vault handle, when the value is exactly one decrypted attribute. */
  readonly handle: string | undefined;

  constructor(options: { sources: readonly string[]; preview?: string; handle?: string }) {
    this.sources = Object.freeze([...new Set(options.sources)]);
    this.preview = options.preview ?? DEFAULT_MASK;
    this.handle = options.handle;
    Object.freeze(this);
  }

  /** A new secured value that derives from all of `values` (concatenation, interpolation). */
  static derive(values: readonly SecuredValue[], preview: string = DEFAULT_MASK): SecuredValue {
    return new SecuredValue({ sources: values.flatMap((v) => v.sources), preview });
  }

  /** The mask. */
  toString(): string {
    return this.preview;
  }

  /** The mask, so that `JSON.stringify` never sees more. */
  toJSON(): string {
    return this.preview;
  }
}

/** True when `value` is a secured value. */
export function isSecured(value: unknown): value is SecuredValue {
  return value instanceof SecuredValue;
}
