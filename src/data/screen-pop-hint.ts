/**
 * Screen-pop hints in participant data: the attributes Genesys integrations read to pop a record.
 * `PEF_URLPop` and `PEF_SearchValue` are the Embeddable Framework's, `SF_URLPop` the Salesforce
 * integration's. A hint is participant data: never trusted, it still passes the egress guard and
 * the screen-pop policy like any URL or search string.
 */
import type { Conversation } from './conversation.js';

/** The hint attributes, in the order they are tried: URLs before the search value. */
export const SCREEN_POP_HINTS = [
  ['PEF_URLPop', 'url'],
  ['SF_URLPop', 'url'],
  ['PEF_SearchValue', 'searchString'],
] as const;

/** A screen-pop hint and the attribute it came from. */
export type ScreenPopHint =
  { url: string; attribute: string } | { searchString: string; attribute: string };

/**
 * The first screen-pop hint (see {@link SCREEN_POP_HINTS}) whose attribute is not blank: read from
 * the customer participant of `source` (else the first 'external' one), or through a lookup
 * (`session.getConversationData`, so that a queued write counts). Names are case-sensitive.
 */
export function screenPopHint(
  source: Conversation | ((name: string) => string | undefined),
): ScreenPopHint | undefined {
  let get = source as (name: string) => string | undefined;
  if (typeof source !== 'function') {
    const ps = source.participants;
    const attributes = (
      ps.find((p) => p.purpose === 'customer') ?? ps.find((p) => p.purpose === 'external')
    )?.attributes;
    get = (name) => (attributes && Object.hasOwn(attributes, name) ? attributes[name] : undefined);
  }
  for (const [attribute, kind] of SCREEN_POP_HINTS) {
    const value = get(attribute)?.trim();
    if (value)
      return kind === 'url' ? { url: value, attribute } : { searchString: value, attribute };
  }
  return undefined;
}
