/**
 * The embedded conversation source: conversations held in memory, for the demo, tests and script
 * previews. Everything is deep-copied on the way in and out, so callers cannot mutate the store.
 */
import type { Conversation, ConversationSource, PatchOptions } from './conversation.js';

/** An in-memory `ConversationSource`. */
export class MemorySource implements ConversationSource {
  readonly #conversations = new Map<string, Conversation>();
  /** The batch ids applied, so that a batch sent again is applied once. */
  readonly #applied = new Set<string>();

  /** Holds deep copies of `conversations`; a later conversation with the same id replaces an earlier one. */
  constructor(conversations: readonly Conversation[] = []) {
    for (const c of conversations) this.add(c);
  }

  /** A deep copy of the conversation `conversationId`; rejects when there is none. */
  async load(conversationId: string): Promise<Conversation> {
    return structuredClone(this.#get(conversationId));
  }

  /**
   * Merges `attributes` into the participant's attributes (names are case-sensitive: `AccountId` and
   * `accountid` are different attributes), and `options.securedAttributes` into its secured
   * attributes. A `batchId` already applied is ignored (resolves, changes nothing). Rejects for an
   * unknown conversation or participant, or a value that is not a string.
   */
  async patchAttributes(
    conversationId: string,
    participantId: string,
    attributes: Record<string, string>,
    options: PatchOptions = {},
  ): Promise<void> {
    const { batchId, securedAttributes = {} } = options;
    if (batchId !== undefined && this.#applied.has(batchId)) return;
    const conversation = this.#get(conversationId);
    const participant = conversation.participants.find((p) => p.id === participantId);
    if (!participant) {
      throw new Error(
        `Participant '${participantId}' not found in conversation '${conversationId}'`,
      );
    }
    for (const [name, value] of [
      ...Object.entries(attributes),
      ...Object.entries(securedAttributes),
    ]) {
      if (typeof value !== 'string') {
        throw new TypeError(
          `Attribute '${name}' of participant '${participantId}' must be a string, not ${typeof value}`,
        );
      }
    }
    Object.assign(participant.attributes, attributes);
    if (Object.keys(securedAttributes).length)
      participant.securedAttributes = { ...participant.securedAttributes, ...securedAttributes };
    if (batchId !== undefined) this.#applied.add(batchId);
  }

  /** Whether the batch `batchId` was applied. */
  applied(batchId: string): boolean {
    return this.#applied.has(batchId);
  }

  /** Deep copies of every conversation held, in insertion order. */
  list(): Conversation[] {
    return [...this.#conversations.values()].map((c) => structuredClone(c));
  }

  /** Adds (or replaces, by id) a deep copy of `conversation`. */
  add(conversation: Conversation): void {
    this.#conversations.set(conversation.id, structuredClone(conversation));
  }

  #get(conversationId: string): Conversation {
    const conversation = this.#conversations.get(conversationId);
    if (!conversation) throw new Error(`Conversation '${conversationId}' not found`);
    return conversation;
  }
}
