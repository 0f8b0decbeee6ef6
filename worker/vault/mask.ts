/**
 * Masked previews, computed in the worker so that the main thread never holds more of a value than
 * its preview discloses.
 */
import { FULL_MASK, type SecuredMask } from '../../src/secured/types.js';

/** The shortest value whose last four characters `last4` shows (so at most half is disclosed). */
export const LAST4_MIN_LENGTH = 8;

/** The preview of `plaintext` under `mask` (see `SecuredMask`). Counts code points, not UTF-16 units. */
export function preview(plaintext: string, mask: SecuredMask | undefined): string {
  if (mask !== 'last4') return FULL_MASK;
  const chars = Array.from(plaintext);
  if (chars.length < LAST4_MIN_LENGTH) return FULL_MASK;
  return `•••• ${chars.slice(-4).join('')}`;
}

/** Whether `mask` is a mask the vault knows (`undefined` means the default, `full`). */
export function isMask(mask: unknown): mask is SecuredMask | undefined {
  return mask === undefined || mask === 'full' || mask === 'last4' || mask === 'none';
}
