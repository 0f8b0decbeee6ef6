import type { PlainValue } from '../script/types.js';
import type { SecuredValue } from '../guard/secured-value.js';

/** A variable's value at run time: plain, secured, or `null` when it has no value yet. */
export type Value = PlainValue | SecuredValue | null;

/** Where interpolation and conditions read variables. */
export interface Scope {
  /** The value of `name`, or `undefined` when no variable (nor built-in) has that name. */
  get(name: string): Value | undefined;
}
