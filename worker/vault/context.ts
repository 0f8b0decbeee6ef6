/**
 * The encryption-context rule of secured attributes (DESIGN.md, "The worker"):
 * - `genesys-cloud-organization-id` must be present and equal the session's organization;
 * - `conversationId`, when present, must equal the conversation being read;
 * - `attributeName`, when present, must equal the attribute being read.
 * So a ciphertext copied to another attribute, conversation or organization is refused. Context
 * values are public (they travel in the message header in clear), so errors may quote them.
 */
import { VaultError } from '../errors.js';

/** The context key that names the Genesys Cloud organization. */
export const ORGANIZATION_KEY = 'genesys-cloud-organization-id';
/** The context key that names the conversation. */
export const CONVERSATION_KEY = 'conversationId';
/** The context key that names the attribute. */
export const ATTRIBUTE_KEY = 'attributeName';

/** Where an attribute is being read. */
export interface ReadSite {
  organizationId: string;
  conversationId: string;
  name: string;
}

/** Throws `GeneralError` unless `context` allows reading the attribute at `site`. */
export function checkContext(context: Readonly<Record<string, string>>, site: ReadSite): void {
  const has = (key: string) => Object.hasOwn(context, key);
  const fail = (why: string) => {
    throw new VaultError('GeneralError', `cannot decrypt ${site.name}: ${why}`);
  };
  if (!has(ORGANIZATION_KEY)) fail(`its encryption context has no ${ORGANIZATION_KEY}`);
  if (context[ORGANIZATION_KEY] !== site.organizationId)
    fail(
      `it was encrypted for organization ${quote(context[ORGANIZATION_KEY])}, not this session's ${quote(site.organizationId)}`,
    );
  if (has(CONVERSATION_KEY) && context[CONVERSATION_KEY] !== site.conversationId)
    fail(
      `it was encrypted for conversation ${quote(context[CONVERSATION_KEY])}, not ${quote(site.conversationId)} (copied from another conversation)`,
    );
  if (has(ATTRIBUTE_KEY) && context[ATTRIBUTE_KEY] !== site.name)
    fail(
      `it was encrypted for attribute ${quote(context[ATTRIBUTE_KEY])} (copied from another attribute)`,
    );
}

/** The context `encrypt` writes. */
export function contextFor(site: ReadSite): Record<string, string> {
  return {
    [ORGANIZATION_KEY]: site.organizationId,
    [CONVERSATION_KEY]: site.conversationId,
    [ATTRIBUTE_KEY]: site.name,
  };
}

function quote(value: string | undefined): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
