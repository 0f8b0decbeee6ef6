/**
 * Built-in variables: values every script can read with `{{Name}}` without declaring them. The
 * Genesys Cloud Scripter names (`Scripter.Agent Name`, `Call.Ani` …) and their camelCase forms
 * (`scripter.agentName`, `call.ani` …) are both accepted. A script variable may not take one of
 * these names.
 */

/**
 * Every built-in variable name, exactly as `{{…}}` must spell it (names are case-sensitive): the one
 * list of them; the interaction session resolves each (src/data/builtins.ts).
 */
export const BUILTIN_VARIABLES = [
  // The Scripter display names …
  'Call.Ani',
  'Call.Dnis',
  'Call.ConversationId',
  'Call.RemoteName',
  'Scripter.Interaction ID',
  'Scripter.Interaction Type',
  'Scripter.Agent Name',
  'Scripter.Agent Email',
  'Scripter.Queue Name',
  'Scripter.Customer Formatted Number',
  'Scripter.Raw Customer Number',
  // … and the camelCase names found in Scripter exports.
  'call.ani',
  'call.dnis',
  'call.conversationId',
  'call.remoteName',
  'scripter.interactionId',
  'scripter.interactionType',
  'scripter.agentName',
  'scripter.agentEmail',
  'scripter.queueName',
  'scripter.customerFormattedNumber',
  'scripter.rawCustomerNumber',
  'scripter.customersFormattedNumber', // as Genesys spells it
] as const;

/** The name of a built-in variable. */
export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number];

const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_VARIABLES);

/** `true` when `name` is exactly (case-sensitively) the name of a built-in variable. */
export function isBuiltinVariable(name: string): name is BuiltinVariable {
  return BUILTIN_SET.has(name);
}
