/**
 * Built-in variables resolved from the interaction session (`Call.Ani`, `Scripter.Interaction ID` …),
 * in both naming styles Genesys Cloud uses: the Scripter display names and the camelCase names found
 * in Scripter exports (`scripter.interactionId`). Names are case-sensitive.
 *
 * A known built-in always resolves to a string ('' when the interaction lacks the data, e.g. no
 * DNIS on a chat); an unknown name resolves to `undefined`.
 */
import type { Conversation, Participant } from './conversation.js';
import { BUILTIN_VARIABLES } from '../script/builtins.js';

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

/**
 * The resolvers by the part of a name after its dot, lower-cased without spaces: the display name
 * and the camelCase name of a built-in (`Scripter.Interaction ID`, `scripter.interactionId`) share one.
 */
const RESOLVERS: Record<string, BuiltinResolver> = {
  ani,
  dnis: (c) => c.customer?.dnis ?? '',
  conversationid: conversationId,
  remotename: (c) => c.customer?.name ?? '',
  interactionid: conversationId,
  interactiontype: (c) => c.conversation.mediaType ?? '',
  agentname: (c) => c.agent?.name ?? c.agentName ?? '',
  agentemail: (c) => c.agentEmail ?? '',
  queuename: (c) =>
    c.conversation.participants.find((p) => p.purpose === 'acd' && p.queueName)?.queueName ??
    c.agent?.queueName ??
    '',
  customerformattednumber: formattedNumber,
  customersformattednumber: formattedNumber,
  rawcustomernumber: ani,
};

/**
 * Every session built-in by exact name: each of `BUILTIN_VARIABLES` (display names first, then
 * the camelCase export names).
 */
export const SESSION_BUILTINS: Readonly<Record<string, BuiltinResolver>> = Object.freeze(
  Object.fromEntries(
    BUILTIN_VARIABLES.map((name) => [
      name,
      RESOLVERS[name.split('.')[1]!.replace(/ /g, '').toLowerCase()]!,
    ]),
  ),
);

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
