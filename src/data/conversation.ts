/**
 * The interaction model: a conversation and its participants, as a conversation source yields it.
 * Attribute names are case-sensitive and copied exactly.
 */

/** A participant's role in the conversation (Genesys `purpose`). */
export type ParticipantPurpose =
  | 'customer'
  | 'external'
  | 'agent'
  | 'user'
  | 'acd'
  | 'ivr'
  | 'workflow'
  | 'voicemail'
  | (string & {});

/** The media of the interaction. */
export type MediaType = 'call' | 'chat' | 'email' | 'message' | 'callback' | 'workitem';

/** One participant of a conversation. */
export interface Participant {
  id: string;
  purpose: ParticipantPurpose;
  name?: string;
  /** The participant's address (caller number for the customer of a call). */
  ani?: string;
  /** The dialled number. */
  dnis?: string;
  queueName?: string;
  /** Participant data: a flat map of case-sensitive names to strings. */
  attributes: Record<string, string>;
  /** Secured attributes: name -> base64 AWS Encryption SDK message. Decrypted by the vault only. */
  securedAttributes?: Record<string, string>;
}

/** A conversation (an interaction) with its participants. */
export interface Conversation {
  id: string;
  organizationId: string;
  mediaType?: MediaType;
  /** ISO date-time. */
  startTime?: string;
  participants: Participant[];
}

/**
 * The conversation's customer, whose participant data and secured attributes a script reads: the
 * first participant with purpose `customer`, else the first with purpose `external`.
 */
export function customerOf(
  conversation: Pick<Conversation, 'participants'>,
): Participant | undefined {
  const ps = conversation.participants;
  return ps.find((p) => p.purpose === 'customer') ?? ps.find((p) => p.purpose === 'external');
}

/** What the outbox adds to a participant-data write (the 4th argument of `patchAttributes`). */
export interface PatchOptions {
  /**
   * The batch's id: the same batch may be sent again (a retry, a reload after a crash); a source
   * applies each id at most once.
   */
  batchId?: string;
  /** Secured writes of the batch: name → base64 ESDK message (ciphertext only). */
  securedAttributes?: Record<string, string>;
}

/** Where conversations come from and where participant-data writes go. */
export interface ConversationSource {
  /** Loads one conversation; rejects with an Error that says which id and why. */
  load(conversationId: string): Promise<Conversation>;
  /**
   * Merges `attributes` (and `options.securedAttributes`) into one participant's attributes (the
   * platform's PATCH semantics); a batch id already applied is not applied again.
   */
  patchAttributes(
    conversationId: string,
    participantId: string,
    attributes: Record<string, string>,
    options?: PatchOptions,
  ): Promise<void>;
}
