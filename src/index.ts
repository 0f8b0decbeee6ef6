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
  PatchOptions,
} from './data/conversation.js';
export { customerOf } from './data/conversation.js';
export { createSecuredClient } from './secured/client.js';
export type { SecuredClient, SecuredClientOptions } from './secured/client.js';
export { VAULT_API_VERSION } from './secured/types.js';
export type { VaultPong } from './secured/types.js';
export { VaultError } from './secured/client.js';
export type {
  AddKeyBrokerOptions,
  AddRawAesKeyOptions,
  AesJwk,
  KeyId,
  KeyInfo,
} from './secured/client.js';
export { FULL_MASK, MAX_SECURED_CHARACTERS } from './secured/types.js';
export type {
  DecryptAttribute,
  DecryptOutcome,
  DecryptRequest,
  EncryptRequest,
  ScanResult,
  SecuredMask,
  VaultConfig,
  VaultErrorCodeName,
  VaultFailure,
} from './secured/types.js';
export { SecuredAttributes } from './secured/attributes.js';
export type {
  SecuredAttributeState,
  SecuredAttributesInit,
  SecuredLoadOptions,
} from './secured/attributes.js';
export { SecuredSessionBinding } from './secured/session-binding.js';
export { onMetric, reportMetric, measureRender } from './telemetry/metrics.js';
export type { Metric, MetricCallback, MetricRating, WebVitalName } from './telemetry/metrics.js';
export {
  interpolate,
  templateVariables,
  formatValue,
  isExactVariable,
} from './expr/interpolate.js';
export type { Interpolation } from './expr/interpolate.js';
export { evaluateCondition, compareTexts } from './expr/conditions.js';
export type { ConditionResult } from './expr/conditions.js';
export { MemorySource } from './data/memory-source.js';
export { InteractionSession, MemoryDataQueue } from './data/session.js';
export { Outbox, InteractionOutbox, sharedOutbox } from './data/outbox.js';
export type {
  OutboxOptions,
  OutboxRecord,
  OutboxStorage,
  RetryOptions,
  FlushTarget,
  FlushFailedDetail,
} from './data/outbox.js';
export type {
  InteractionSessionInit,
  ConversationDataQueue,
  DataChangeDetail,
} from './data/session.js';
export { SESSION_BUILTINS, SESSION_BUILTIN_NAMES, formatPhoneNumber } from './data/builtins.js';
export type { BuiltinContext, BuiltinResolver } from './data/builtins.js';
export type {
  AttributeSchemaLike,
  AttributeField,
  AttributeInput,
} from './data/attribute-schema.js';
export { screenPopHint, SCREEN_POP_HINTS } from './data/screen-pop-hint.js';
export type { ScreenPopHint } from './data/screen-pop-hint.js';
export {
  fromGenesysConversation,
  isGenesysConversation,
  toConversation,
} from './data/genesys-conversation.js';
export type { GenesysConversationOptions } from './data/genesys-conversation.js';
export { bindVariables } from './data/binding.js';
export type { Binding, BindingWarning } from './data/binding.js';
export { convertToType } from './data/convert.js';
export type { Conversion } from './data/convert.js';
export { ScriptRuntime, MAX_ACTION_DEPTH } from './script/runtime.js';
export type {
  ScriptRuntimeOptions,
  ScriptRuntimeEventMap,
  RuntimeIssueDetail,
  PageChangeDetail,
  ChangeDetail,
  AlertDetail,
} from './script/runtime.js';
export { StepRegistry, defaultStepHandlers, notImplemented } from './script/steps.js';
export type {
  StepKind,
  StepOf,
  StepHandler,
  StepHandlers,
  StepContext,
  RunTrigger,
  EgressBlockedDetail,
} from './script/steps.js';
export {
  expandUriTemplate,
  parseUriTemplate,
  UriTemplate,
  UriTemplateError,
} from './uri/template.js';
export type {
  UriComponent,
  UriExpansion,
  UriOperator,
  UriScalar,
  UriSpan,
  UriValue,
  UriVariables,
} from './uri/template.js';
export { parseScript, validateScript } from './script/parse.js';
export type { ScriptValidation } from './script/parse.js';
export { ScriptError } from './script/errors.js';
export type { ScriptIssue } from './script/errors.js';
export { BUILTIN_VARIABLES, isBuiltinVariable } from './script/builtins.js';
export { appendPath, formatPath } from './script/path.js';
export type { PathSegment } from './script/path.js';
export { isGenesysExport } from './script/genesys-export.js';
export type { BuiltinVariable } from './script/builtins.js';
export { checkUrl, normalizePolicy, isLoopbackHost } from './guard/policy.js';
export type { ScreenPopPolicy, UrlCheck, UrlRejection } from './guard/policy.js';
export {
  guardEgress,
  checkEgressSync,
  expandUrl,
  describeBlock,
  securedSources,
} from './guard/egress.js';
export type {
  EgressSink,
  EgressRequest,
  EgressDecision,
  EgressBlockReason,
  PlaintextScan,
  UrlScope,
} from './guard/egress.js';
export {
  createScreenPopHandlers,
  PopLedger,
  sharedPopLedger,
  scannerOf,
} from './screenpop/handlers.js';
export type { ScreenPopOptions } from './screenpop/handlers.js';
export {
  CrmPaneChannel,
  openNewWindow,
  openPopWindow,
  popWindowName,
  popWindowOf,
} from './screenpop/targets.js';
export type { ScreenPopDetail, ScreenPopTargets, CrmPaneShowDetail } from './screenpop/targets.js';
export { HostBridge } from './host/bridge.js';
export type {
  HostBridgeOptions,
  HostBridgeStats,
  HostBridgeEventMap,
  HostEgressBlockedDetail,
} from './host/bridge.js';
export { HOST_PROTOCOL, isHostIncoming } from './host/protocol.js';
export type {
  HostIncoming,
  HostOutgoing,
  HostMessage,
  HostIncomingMessage,
  HostOutgoingMessage,
  HostScreenPop,
} from './host/protocol.js';
