/**
 * Built-in variables: values every script can read with `{{Name}}` without declaring them. The
 * Genesys Cloud Scripter names (`Scripter.Agent Name`, `Call.Ani` …) and their camelCase forms
 * (`scripter.agentName`, `call.ani` …) are both accepted. A script variable may not take one of
 * these names.
 */

/** Every built-in variable name, exactly as `{{…}}` must spell it (names are case-sensitive). */
export const BUILTIN_VARIABLES = [
  'Call.Ani',
  'Call.Dnis',
  'Call.ConversationId',
  'Scripter.Interaction ID',
  'Scripter.Agent Name',
  'Scripter.Queue Name',
  'Scripter.Customer Formatted Number',
  'scripter.interactionId',
  'scripter.agentName',
  'scripter.queueName',
  'scripter.customersFormattedNumber',
  'call.ani',
  'call.dnis',
  'call.conversationId',
  // Also resolved by the interaction session (src/data/builtins.ts); listed so scripts using them
  // are not warned about.
  'Call.RemoteName',
  'Scripter.Interaction Type',
  'Scripter.Agent Email',
  'Scripter.Raw Customer Number',
  'call.remoteName',
  'scripter.interactionType',
  'scripter.agentEmail',
  'scripter.customerFormattedNumber',
  'scripter.rawCustomerNumber',
] as const;

/** The name of a built-in variable. */
export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number];

const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_VARIABLES);

/** `true` when `name` is exactly (case-sensitively) the name of a built-in variable. */
export function isBuiltinVariable(name: string): name is BuiltinVariable {
  return BUILTIN_SET.has(name);
}
