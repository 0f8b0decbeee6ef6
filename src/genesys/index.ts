/**
 * Genesys Cloud support, bundled as dist/cx-genesys.js (not in the core bundle).
 */
// Participant data, attribute schemas and the Platform API source (issue 5, part B).
export { fromGenesysConversation, isGenesysConversation, toConversation } from './conversation.js';
export type { GenesysConversationOptions } from './conversation.js';
export {
  parseAttributeSchema,
  parseAttributeSchemas,
  GenesysAttributeSchema,
  AttributeSchemaError,
  ATTRIBUTE_TYPES,
  MAX_WORKITEM_SCHEMAS,
  MAX_WORKITEM_ATTRIBUTES,
  MAX_INTEGER,
  MAX_CURRENCY_AMOUNT_LENGTH,
} from './schemas.js';
export type {
  AttributeSchemaKind,
  AttributeType,
  AttributeDefinition,
  AttributeSchemaIssue,
  AttributeValueIssue,
  AttributeSchemaOptions,
} from './schemas.js';
export { GenesysCloudSource, GenesysCloudError, parseRetryAfter } from './cloud-source.js';
export type { GenesysCloudSourceOptions } from './cloud-source.js';
