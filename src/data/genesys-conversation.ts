/**
 * The Genesys Cloud Platform API conversation (`GET /api/v2/conversations/{conversationId}`) as our
 * `Conversation`. Small on purpose: `<cx-interaction>.conversation` accepts the Genesys JSON directly
 * through {@link toConversation}, so this module is part of the core bundle.
 *
 * What is read (Platform API `Conversation` and its `participants[]`): `id`, `startTime`, and per
 * participant `id`, `purpose`, `name`, `ani`, `dnis`, `queueName` and `attributes` (participant
 * data: a flat map of strings, copied exactly, names case-sensitive). The media type comes from the
 * participants' media lists (`calls`, `chats`, `emails`, `messages`, `callbacks`). The Platform API
 * conversation carries no organization id and no secured attributes: pass `organizationId` as an
 * option (else it is `''`, and the vault decrypts nothing for it), and the conversation's secure
 * attributes (a call of their own) as `secureAttributes`; a participant's `securedAttributes`
 * (name -> base64 ESDK message), when present, is copied as well.
 */
import { customerOf, type Conversation, type MediaType, type Participant } from './conversation.js';
import { appendPath } from '../script/path.js';

/** Options of {@link fromGenesysConversation}. */
export interface GenesysConversationOptions {
  /** The Genesys Cloud organization id, when the conversation JSON does not carry one. */
  organizationId?: string;
  /**
   * The conversation's secure attributes (name -> base64 ESDK message, as
   * `GET /api/v2/conversations/{id}/secureattributes` answers them): the Platform API keeps them
   * per conversation, a script reads them as the customer's, so they are put on the customer
   * ({@link customerOf}), over any of its own `securedAttributes`.
   */
  secureAttributes?: Record<string, string>;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The participant media lists of the Platform API and the media type each stands for. */
const MEDIA: [string, MediaType][] = [
  ['calls', 'call'],
  ['chats', 'chat'],
  ['emails', 'email'],
  ['messages', 'message'],
  ['callbacks', 'callback'],
];

/** Throws the error for the value at `path`. */
function fail(path: string, expected: string): never {
  throw new TypeError(`Genesys conversation JSON: ${path || 'the value'} must be ${expected}`);
}

/** `v` when it is a string (or absent, with `optional`); else throws naming `path`. */
function str(v: unknown, path: string, optional?: boolean): string | undefined {
  if (typeof v === 'string' && (v !== '' || optional)) return v;
  if (optional && v == null) return undefined;
  return fail(path, optional ? 'a string' : 'a non-empty string');
}

/** A copy of a flat string map, or throws naming the first bad entry. */
function stringMap(v: unknown, path: string): Record<string, string> {
  if (v == null) return {};
  if (!isObject(v)) fail(path, 'an object of strings');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(v))
    out[name] = typeof value === 'string' ? value : fail(appendPath(path, name), 'a string');
  return out;
}

/**
 * Whether `json` looks like the Platform API conversation rather than our `Conversation`: an object
 * with a `participants` array and either no string `organizationId` or a `selfUri`.
 */
export function isGenesysConversation(json: unknown): boolean {
  return (
    isObject(json) &&
    Array.isArray(json.participants) &&
    (typeof json.organizationId !== 'string' || typeof json.selfUri === 'string')
  );
}

/**
 * Converts the Platform API conversation JSON into our `Conversation`. Throws a `TypeError` naming
 * the JSON path of the first value that is not as documented (`participants[1].attributes.Tier must
 * be a string`). Attributes are copied exactly (no trimming, no case folding).
 */
export function fromGenesysConversation(
  json: unknown,
  options: GenesysConversationOptions = {},
): Conversation {
  if (!isObject(json)) fail('', 'an object (the conversation)');
  const organizationId =
    str(json.organizationId, 'organizationId', true) ?? options.organizationId ?? '';
  if (!Array.isArray(json.participants)) fail('participants', 'an array');
  let mediaType: MediaType | undefined;
  const participants = json.participants.map((p: unknown, i): Participant => {
    const at = `participants[${i}]`;
    if (!isObject(p)) fail(at, 'an object');
    const participant: Participant = {
      id: str(p.id, `${at}.id`)!,
      purpose: str(p.purpose, `${at}.purpose`)!,
      attributes: stringMap(p.attributes, `${at}.attributes`),
    };
    for (const key of ['name', 'ani', 'dnis', 'queueName'] as const) {
      const value = str(p[key], `${at}.${key}`, true);
      if (value !== undefined) participant[key] = value;
    }
    if (p.securedAttributes != null)
      participant.securedAttributes = stringMap(p.securedAttributes, `${at}.securedAttributes`);
    mediaType ??= MEDIA.find(
      ([list]) => Array.isArray(p[list]) && (p[list] as unknown[]).length,
    )?.[1];
    return participant;
  });
  const conversation: Conversation = {
    id: str(json.id, 'id')!,
    organizationId,
    participants,
  };
  const secure = stringMap(options.secureAttributes, 'secureAttributes (option)');
  const customer = Object.keys(secure).length ? customerOf(conversation) : undefined;
  if (customer) customer.securedAttributes = { ...customer.securedAttributes, ...secure };
  if (mediaType) conversation.mediaType = mediaType;
  const startTime = str(json.startTime, 'startTime', true);
  if (startTime) conversation.startTime = startTime;
  return conversation;
}

/**
 * Our `Conversation` as given, or the Platform API conversation JSON converted
 * ({@link fromGenesysConversation}); `undefined` stays `undefined`.
 */
export function toConversation(
  value: Conversation | unknown,
  options?: GenesysConversationOptions,
): Conversation | undefined {
  if (value == null) return undefined;
  return isGenesysConversation(value)
    ? fromGenesysConversation(value, options)
    : (value as Conversation);
}
