/**
 * cx-script's public API. This module only re-exports; dist/cx-script.js re-exports it and
 * registers every cx-* element.
 */
export * from './script/types.js';
export { SecuredValue, isSecured } from './guard/secured-value.js';
export type { MaskStyle } from './guard/secured-value.js';
export type { Value, Scope } from './expr/scope.js';
export type {
  Conversation,
  Participant,
  ParticipantPurpose,
  MediaType,
  ConversationSource,
} from './data/conversation.js';
export { createSecuredClient } from './secured/client.js';
export type { SecuredClient, SecuredClientOptions } from './secured/client.js';
export { VAULT_API_VERSION } from './secured/types.js';
export type { VaultPong } from './secured/types.js';
export { onMetric, reportMetric, measureRender } from './telemetry/metrics.js';
export type { Metric, MetricCallback, MetricRating, WebVitalName } from './telemetry/metrics.js';
