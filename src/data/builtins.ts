/**
 * Built-in variables resolved from the interaction session (`Call.Ani`, `Scripter.Interaction ID` …),
 * in both naming styles Genesys Cloud uses: the Scripter display names and the camelCase names found
 * in Scripter exports (`scripter.interactionId`). Names are case-sensitive.
 *
 * A known built-in always resolves to a string ('' when the interaction lacks the data, e.g. no
 * DNIS on a chat); an unknown name resolves to `undefined`.
 */
import type { Conversation, Participant } from './conversation.js';

/** What a built-in reads. */
export interface BuiltinContext {
  readonly conversation: Conversation;
  readonly customer: Participant | undefined;
  readonly agent: Participant | undefined;
  /** The agent's display name when the conversation does not carry it. */
  readonly agentName: string | undefined;
  /** The agent's e-mail address, when the host knows it. */
  readonly agentEmail: string | undefined;
}

/** Resolves one built-in. */
export type BuiltinResolver = (context: BuiltinContext) => string;

const ani = (c: BuiltinContext): string => c.customer?.ani ?? '';
const conversationId = (c: BuiltinContext): string => c.conversation.id;
const formattedNumber = (c: BuiltinContext): string => formatPhoneNumber(ani(c));

/** The built-ins by display name. */
const DISPLAY: [string, BuiltinResolver][] = [
  ['Call.Ani', ani],
  ['Call.Dnis', (c) => c.customer?.dnis ?? ''],
  ['Call.ConversationId', conversationId],
  ['Call.RemoteName', (c) => c.customer?.name ?? ''],
  ['Scripter.Interaction ID', conversationId],
  ['Scripter.Interaction Type', (c) => c.conversation.mediaType ?? ''],
  ['Scripter.Agent Name', (c) => c.agent?.name ?? c.agentName ?? ''],
  ['Scripter.Agent Email', (c) => c.agentEmail ?? ''],
  [
    'Scripter.Queue Name',
    (c) =>
      c.conversation.participants.find((p) => p.purpose === 'acd' && p.queueName)?.queueName ??
      c.agent?.queueName ??
      '',
  ],
  ['Scripter.Customer Formatted Number', formattedNumber],
  ['Scripter.Raw Customer Number', ani],
];

const builtins: Record<string, BuiltinResolver> = Object.fromEntries(DISPLAY);
// The camelCase export names: 'Scripter.Interaction ID' is also 'scripter.interactionId'.
for (const [name, resolver] of DISPLAY) {
  const [scope, key] = name.split('.') as [string, string];
  const camel = key.replace(
    / (\w)(\w*)/g,
    (_, first: string, rest: string) => first + rest.toLowerCase(),
  );
  builtins[`${scope.toLowerCase()}.${camel[0]!.toLowerCase()}${camel.slice(1)}`] = resolver;
}
builtins['scripter.customersFormattedNumber'] = formattedNumber; // as Genesys spells it

/** Every session built-in by exact name. Display names first, then the camelCase export names. */
export const SESSION_BUILTINS: Readonly<Record<string, BuiltinResolver>> = Object.freeze(builtins);

/** The names of every session built-in. */
export const SESSION_BUILTIN_NAMES: readonly string[] = Object.freeze(
  Object.keys(SESSION_BUILTINS),
);

/** Resolves the built-in `name`, or `undefined` when no built-in has that exact name. */
export function resolveBuiltin(name: string, context: BuiltinContext): string | undefined {
  const resolver = Object.hasOwn(SESSION_BUILTINS, name) ? SESSION_BUILTINS[name] : undefined;
  return resolver ? resolver(context) : undefined;
}

/**
 * Formats a customer address for display. `tel:` and `sip:` prefixes (and SIP host parts and URI
 * parameters) are removed; a North American number becomes `+1 317-555-0123` (with or without the
 * leading `+1`/`1`); any other E.164 number is shown as `+<digits>`. Anything that is not a phone
 * number (an e-mail address, a chat handle, a SIP user name) is returned unchanged.
 */
export function formatPhoneNumber(address: string): string {
  let number = address.trim();
  const scheme = /^(tel|sips?):/i.exec(number);
  if (scheme) {
    number = number.slice(scheme[0].length);
    if (scheme[1]!.toLowerCase() !== 'tel') number = number.split('@')[0] ?? '';
    number = number.split(';')[0] ?? '';
  }
  if (!/^\+?[\d\s().-]+$/.test(number)) return address;
  const plus = number.startsWith('+');
  const digits = number.replace(/\D/g, '');
  const nanp = /^1?([2-9]\d{2})([2-9]\d{2})(\d{4})$/.exec(digits);
  if (nanp && (digits.length === 11 || (!plus && digits.length === 10))) {
    return `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}`;
  }
  if (plus && digits.length >= 7 && digits.length <= 15) return `+${digits}`;
  return scheme ? number : address;
}
