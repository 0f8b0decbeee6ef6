/**
 * The public entry of dist/cx-genesys.js: what cx-script offers for Genesys Cloud. It loads on
 * demand (`<cx-script>` imports it when it is given a Scripter export), so agents who use native
 * scripts never download it. Modules under src/genesys/ reach the core only through `../index.js`,
 * which this bundle takes from ./cx-script.js.
 */

// Scripter exports (importGenesysScript).
export { importGenesysScript } from './import.js';
export type { GenesysImport, GenesysImportWarning } from './import.js';

// Participant data, attribute schemas and the Platform API source. The conversation converter is
// in the core (<cx-interaction> accepts the Genesys JSON); it is re-exported here for convenience.
export { fromGenesysConversation, isGenesysConversation, toConversation } from '../index.js';
export type { GenesysConversationOptions } from '../index.js';
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
