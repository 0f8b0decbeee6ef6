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

/**
 * Lit, the one copy the library bundles, for bundles built on dist/cx-script.js (dist/cx-designer.js
 * takes Lit from here): a second copy of Lit would try to create its `lit-html` Trusted Types
 * policy again, which a CSP that names it once (`trusted-types lit-html …`) refuses. Only what the
 * library already uses, so it costs the core bundle nothing but the names.
 */
export { LitElement, css, html, nothing } from 'lit';
export { customElement, property, state } from 'lit/decorators.js';
