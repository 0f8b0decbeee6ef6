/**
 * The bundle entry of dist/cx-script.js: the whole public API of src/, the elements' events and
 * context keys, and every cx-* element, registered by importing it.
 */
export * from '../src/index.js';
export * from './events.js';
export * from './contexts.js';
export { CxInteraction } from './cx-interaction.js';
export { CxScript } from './cx-script.js';
export { CxParticipantData } from './cx-participant-data.js';
export { CxSecuredValue } from './cx-secured-value.js';
export { CxCrmPane } from './cx-crm-pane.js';
export { CxOutboxStatus } from './cx-outbox-status.js';
