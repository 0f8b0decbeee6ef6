/**
 * The interaction session: one conversation as the agent desktop sees it, with its participant data,
 * built-in variables and queued participant-data writes.
 */
import {
  customerOf,
  type Conversation,
  type ConversationSource,
  type Participant,
} from './conversation.js';
import type { FlushTarget } from './outbox.js';
import { resolveBuiltin } from './builtins.js';
import { SecuredAttributes } from '../secured/attributes.js';
import type { SecuredValue } from '../guard/secured-value.js';
import type { AttributeSchemaLike } from './attribute-schema.js';

/**
 * Where `setConversationData` queues writes: a `MemoryDataQueue`, or the durable outbox's
 * `InteractionOutbox` (src/data/outbox.ts), which also takes secured writes and flushes.
 */
export interface ConversationDataQueue {
  /** Queues a write; for one name the last write wins. May resolve once the write is stored. */
  set(name: string, value: string): void | Promise<void>;
  /** The queued value for `name`, if any. */
  get(name: string): string | undefined;
  /** Every queued write. */
  entries(): ReadonlyMap<string, string>;
  /** Queues a secured write's ciphertext (the outbox). */
  setSecured?(name: string, ciphertext: string): Promise<void>;
  /** Every queued secured write: name → ciphertext (the outbox). */
  securedEntries?(): ReadonlyMap<string, string>;
  /** Where flushes go (the outbox). */
  bind?(target: FlushTarget | undefined): void;
  /** Sends the writes in one batch (the outbox); rejects with the reason when it fails. */
  flush?(): Promise<void>;
  /** Marks the interaction ended and flushes (the outbox). */
  end?(): Promise<void>;
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
  /**
   * The queue for `setConversationData` and `setSecuredData`: an `InteractionOutbox`
   * (`outbox.queue(id)`) to keep writes across reloads; a `MemoryDataQueue` by default.
   */
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
  readonly #securedTickets = new Map<string, number>();
  /** Writes the platform took (flushed): newer than the conversation as loaded. */
  readonly #applied = new Map<string, string>();
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
    const writes: ConversationDataQueue = (this.#writes = init.writes ?? new MemoryDataQueue());
    const customer = this.customer;
    this.attributeSchema = init.attributeSchema;
    this.secured = new SecuredAttributes({
      conversationId: this.id,
      organizationId: this.organizationId,
      // Queued secured writes (restored after a reload) are read before the platform's.
      ciphertexts: {
        ...customer?.securedAttributes,
        ...Object.fromEntries(writes.securedEntries?.() ?? []),
      },
      onChange: (names) =>
        this.dispatchEvent(
          new CustomEvent<DataChangeDetail>('secured-change', { detail: { names } }),
        ),
    });
    if (this.source && customer) {
      writes.bind?.({ source: this.source, participantId: customer.id });
    }
    // What the platform took is now its value: reads keep answering it after the flush.
    (writes as Partial<EventTarget>).addEventListener?.('applied', (e) => {
      const batch = (e as CustomEvent<{ writes: Record<string, string> }>).detail;
      for (const [name, value] of Object.entries(batch.writes)) this.#applied.set(name, value);
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
    return customerOf(this.conversation);
  }

  /** The first participant with purpose 'agent', else the first with purpose 'user'. */
  get agent(): Participant | undefined {
    const ps = this.conversation.participants;
    return ps.find((p) => p.purpose === 'agent') ?? ps.find((p) => p.purpose === 'user');
  }

  /**
   * The participant data `name`: a queued write first (then one already flushed), then the
   * customer's attribute of exactly that (case-sensitive) name. Throws for a blank name.
   */
  getConversationData(name: string): string | undefined {
    checkName(name);
    const pending = this.#writes.get(name) ?? this.#applied.get(name);
    if (pending !== undefined) return pending;
    const attributes = this.customer?.attributes;
    return attributes && Object.hasOwn(attributes, name) ? attributes[name] : undefined;
  }

  /**
   * Queues the participant-data write `name = value` (last write wins; reads see it at once) and
   * fires `data-change`. Resolves once the write is stored (the durable outbox: IndexedDB), rejects
   * when it could not be stored (it stays queued in memory). Throws for a blank name or a value
   * that is not a string (a `SecuredValue` never gets here as text).
   */
  setConversationData(name: string, value: string): Promise<void> {
    checkName(name);
    if (typeof value !== 'string') {
      throw new TypeError(`Conversation data '${name}' must be a string, not ${typeof value}`);
    }
    const stored = Promise.resolve(this.#writes.set(name, value));
    this.dispatchEvent(
      new CustomEvent<DataChangeDetail>('data-change', { detail: { names: [name] } }),
    );
    return stored;
  }

  /**
   * Set Secured Data: encrypts each value in the vault (context: organization, conversation,
   * attribute), queues the ciphertexts only, and makes them what `getSecuredData(name)` answers
   * (masked, revealable). Takes `name, plaintext` or several pairs `{ name: plaintext }`; a value
   * may also be `{ handle }` (a decrypted `SecuredValue`): a copy the vault encrypts from its own
   * plaintext, which never reaches the page. Every
   * value is encrypted before any is queued, so a refusal writes nothing. Rejects with a
   * `VaultError` (`CustomerKeyNotConfigured`, `CustomerKeyNotFound`, `NoDataSupplied`,
   * `MaximumDataSizeExceeded` …), or when the writes could not be stored. Throws for a blank name.
   */
  async setSecuredData(
    name: string | Readonly<Record<string, string | { readonly handle: string }>>,
    plaintext?: string | { readonly handle: string },
  ): Promise<void> {
    const pairs = Object.entries(typeof name === 'string' ? { [name]: plaintext! } : name);
    for (const [n] of pairs) checkName(n);
    const writes = this.#writes;
    if (!writes.setSecured)
      throw new Error(`This session's write queue does not take secured data`);
    const tickets = pairs.map(([n]) => {
      const ticket = (this.#securedTickets.get(n) ?? 0) + 1;
      this.#securedTickets.set(n, ticket);
      return ticket;
    });
    const ciphertexts = await Promise.all(pairs.map(([n, v]) => this.secured.encrypt(n, v)));
    const stored = pairs.map(([n], i) => {
      // A later write to the same name started meanwhile: it wins, this one is dropped.
      if (this.#securedTickets.get(n) !== tickets[i]) return undefined;
      void this.secured.put(n, ciphertexts[i]!);
      return writes.setSecured!(n, ciphertexts[i]!);
    });
    await Promise.all(stored);
  }

  /**
   * Sends the queued writes to the source in one batch. Resolves when the platform took them;
   * rejects with the reason otherwise (the outbox keeps the batch and retries). Without a durable
   * outbox there is nothing to flush.
   */
  async flush(): Promise<void> {
    await this.#writes.flush?.();
  }

  /** The interaction ended (wrap-up, disconnect): marks it so and flushes its writes. */
  async end(): Promise<void> {
    await (this.#writes.end ?? this.#writes.flush)?.call(this.#writes);
  }

  /** The write queue (an `InteractionOutbox` when durable): its `change` events track pending writes. */
  get writes(): ConversationDataQueue {
    return this.#writes;
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
