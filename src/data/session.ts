/**
 * The interaction session: one conversation as the agent desktop sees it, with its participant data,
 * built-in variables and queued participant-data writes.
 */
import type { Conversation, ConversationSource, Participant } from './conversation.js';
import { resolveBuiltin } from './builtins.js';
import { SecuredAttributes } from '../secured/attributes.js';
import type { SecuredValue } from '../guard/secured-value.js';
import type { AttributeSchemaLike } from './attribute-schema.js';

/**
 * Where `setConversationData` queues writes. In memory for now; the durable outbox (idb, flushed when
 * the interaction ends) implements the same interface and is passed as `InteractionSessionInit.writes`.
 */
export interface ConversationDataQueue {
  /** Queues a write; for one name the last write wins. */
  set(name: string, value: string): void;
  /** The queued value for `name`, if any. */
  get(name: string): string | undefined;
  /** Every queued write. */
  entries(): ReadonlyMap<string, string>;
}

/** A `ConversationDataQueue` that keeps writes in memory only. */
export class MemoryDataQueue implements ConversationDataQueue {
  readonly #writes = new Map<string, string>();

  /** Queues a write; for one name the last write wins. */
  set(name: string, value: string): void {
    // Re-insert so that iteration order is the order of the last writes.
    this.#writes.delete(name);
    this.#writes.set(name, value);
  }

  /** The queued value for `name`, if any. */
  get(name: string): string | undefined {
    return this.#writes.get(name);
  }

  /** A snapshot of every queued write. */
  entries(): ReadonlyMap<string, string> {
    return new Map(this.#writes);
  }
}

/** What an `InteractionSession` is made from. */
export interface InteractionSessionInit {
  conversation: Conversation;
  /** Where writes go when flushed (a later issue) and where the conversation came from. */
  source?: ConversationSource;
  /** The agent's display name, used when the conversation has no agent participant name. */
  agentName?: string;
  /** The agent's e-mail address (`Scripter.Agent Email`), when the host knows it. */
  agentEmail?: string;
  /** The queue for `setConversationData`; a `MemoryDataQueue` by default. */
  writes?: ConversationDataQueue;
  /** How participant-data attributes are edited, checked and displayed (`attributeSchema`). */
  attributeSchema?: AttributeSchemaLike;
}

/** The detail of the session's `data-change` event. */
export interface DataChangeDetail {
  /** The participant-data names just written. */
  names: string[];
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new Error('A conversation data name must not be blank');
  }
}

/**
 * One interaction. Fires `data-change` (`CustomEvent<DataChangeDetail>`) after each
 * `setConversationData`, and `secured-change` (`CustomEvent<DataChangeDetail>`) when secured
 * attributes are decrypted, fail, or are forgotten.
 */
export class InteractionSession extends EventTarget {
  /** The conversation as loaded. */
  readonly conversation: Conversation;
  /** The conversation id (`Scripter.Interaction ID`). */
  readonly id: string;
  /** The Genesys Cloud organization that owns the conversation. */
  readonly organizationId: string;
  /** The conversation source, if any. */
  readonly source: ConversationSource | undefined;
  readonly #agentName: string | undefined;
  readonly #agentEmail: string | undefined;
  readonly #writes: ConversationDataQueue;
  /** The customer's secured attributes: masked values with vault handles once decrypted. */
  readonly secured: SecuredAttributes;
  /**
   * How participant-data attributes are edited, checked and displayed, if known (`<cx-interaction>`
   * keeps it equal to its `.attributeSchema`).
   */
  attributeSchema: AttributeSchemaLike | undefined;

  constructor(init: InteractionSessionInit) {
    super();
    this.conversation = init.conversation;
    this.id = init.conversation.id;
    this.organizationId = init.conversation.organizationId;
    this.source = init.source;
    this.#agentName = init.agentName;
    this.#agentEmail = init.agentEmail;
    this.#writes = init.writes ?? new MemoryDataQueue();
    this.attributeSchema = init.attributeSchema;
    this.secured = new SecuredAttributes({
      conversationId: this.id,
      organizationId: this.organizationId,
      ciphertexts: this.customer?.securedAttributes ?? {},
      onChange: (names) =>
        this.dispatchEvent(
          new CustomEvent<DataChangeDetail>('secured-change', { detail: { names } }),
        ),
    });
  }

  /**
   * The customer's secured attribute `name` as a `SecuredValue` (masked; with a vault handle once
   * decrypted), or `undefined` when the customer has no such attribute.
   */
  getSecuredData(name: string): SecuredValue | undefined {
    return this.secured.value(name);
  }

  /** The first participant with purpose 'customer', else the first with purpose 'external'. */
  get customer(): Participant | undefined {
    const ps = this.conversation.participants;
    return ps.find((p) => p.purpose === 'customer') ?? ps.find((p) => p.purpose === 'external');
  }

  /** The first participant with purpose 'agent', else the first with purpose 'user'. */
  get agent(): Participant | undefined {
    const ps = this.conversation.participants;
    return ps.find((p) => p.purpose === 'agent') ?? ps.find((p) => p.purpose === 'user');
  }

  /**
   * The participant data `name`: a queued write first, then the customer's attribute of exactly
   * that (case-sensitive) name. Throws for a blank name.
   */
  getConversationData(name: string): string | undefined {
    checkName(name);
    const pending = this.#writes.get(name);
    if (pending !== undefined) return pending;
    const attributes = this.customer?.attributes;
    return attributes && Object.hasOwn(attributes, name) ? attributes[name] : undefined;
  }

  /**
   * Queues the participant-data write `name = value` (last write wins) and fires `data-change`.
   * Throws for a blank name or a value that is not a string (a `SecuredValue` never gets here as text).
   */
  setConversationData(name: string, value: string): void {
    checkName(name);
    if (typeof value !== 'string') {
      throw new TypeError(`Conversation data '${name}' must be a string, not ${typeof value}`);
    }
    this.#writes.set(name, value);
    this.dispatchEvent(
      new CustomEvent<DataChangeDetail>('data-change', { detail: { names: [name] } }),
    );
  }

  /** The queued writes, by name. */
  pendingWrites(): ReadonlyMap<string, string> {
    return this.#writes.entries();
  }

  /**
   * The built-in variable `name` (see `SESSION_BUILTINS`): a string ('' when the interaction lacks
   * the data) for a known built-in, `undefined` for any other name.
   */
  builtin(name: string): string | undefined {
    return resolveBuiltin(name, {
      conversation: this.conversation,
      customer: this.customer,
      agent: this.agent,
      agentName: this.#agentName,
      agentEmail: this.#agentEmail,
    });
  }
}
