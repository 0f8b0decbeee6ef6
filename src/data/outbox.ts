/**
 * The outbox: participant-data and secured-data writes of each interaction, queued, read back before
 * the platform's values, persisted with idb on every write (secured values as ciphertext only), and
 * sent in one batch per interaction when it ends (or on `flush()`). Every batch has an id
 * (`crypto.randomUUID()`, given when the flush starts and kept until the platform accepts it), so a
 * retried batch is applied once; one batch is in flight per interaction, and writes made meanwhile
 * go to the next batch, so an older batch never overwrites a newer one.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { ConversationSource } from './conversation.js';

/** One interaction's outbox as stored (IndexedDB store `outbox`, key `conversationId`). */
export interface OutboxRecord {
  conversationId: string;
  /** The participant the writes go to (the customer), once known. */
  participantId?: string;
  /** Plain writes not yet in a batch: name → value. */
  writes: Record<string, string>;
  /** Secured writes not yet in a batch: name → base64 ESDK message (never a plaintext). */
  secured: Record<string, string>;
  /**
   * The id the writes not yet in a batch will be sent under. It is stored with every write, so a
   * batch sent while the page goes away (`pagehide`) keeps its id even when the store of the batch
   * itself did not land: the next page sends the same writes under the same id.
   */
  next?: string;
  /** The batch being sent (or left over by a crash): sent again with the same id until accepted. */
  batch?: { id: string; writes: Record<string, string>; secured: Record<string, string> };
  /** The interaction ended: a leftover record is flushed on the next load. */
  ended?: boolean;
}

/** Where a flush sends one interaction's batch. */
export interface FlushTarget {
  source: ConversationSource;
  participantId: string;
}

/** The detail of an `InteractionOutbox`'s `flush-failed` event: a reason, never a value. */
export interface FlushFailedDetail {
  interactionId: string;
  /** Why the platform did not take the batch (the error's message). */
  reason: string;
  /** How many attempts failed in a row. */
  attempt: number;
  /** Whether another attempt is scheduled. */
  willRetry: boolean;
  /** In how many ms the next attempt starts, when `willRetry` (backoff, at most `capMs`). */
  retryIn?: number;
}

/** Retries of a failed flush: `base · 2^(attempt − 1)` ms, at most `cap`, `maxAttempts` in all. */
export interface RetryOptions {
  /** Default 1,000 ms. */
  baseMs?: number;
  /** Default 60,000 ms. */
  capMs?: number;
  /** Default: no limit (the batch is kept either way). */
  maxAttempts?: number;
}

/** Options of an {@link Outbox}. */
export interface OutboxOptions {
  /** The IndexedDB database (default `cx-outbox`); tests and multi-tenant pages vary it. */
  dbName?: string;
  /** `false` keeps the outbox in memory only. */
  persistent?: boolean;
  retry?: RetryOptions;
}

/** Where the outbox keeps writes: `persistent` false (with a `reason`) when IndexedDB is unusable. */
export interface OutboxStorage {
  persistent: boolean;
  reason?: string;
  /** The integrator turned persistence off (`persistent: false`): no browser refused. */
  switchedOff?: boolean;
}

const STORE = 'outbox';
const copy = (r: Record<string, string>) => ({ ...r });
const size = (r: Record<string, string>) => Object.keys(r).length;
const reasonOf = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

/**
 * One interaction's queue (implements the session's `ConversationDataQueue`). Events:
 * `change` (pending writes or state changed), `flush-failed` (`CustomEvent<FlushFailedDetail>`),
 * `applied` (`CustomEvent<{ writes, secured }>`: the platform took a batch).
 */
export class InteractionOutbox extends EventTarget {
  /** The conversation id. */
  readonly id: string;
  readonly #record: OutboxRecord;
  readonly #save: (record: OutboxRecord) => Promise<void>;
  readonly #retry: Required<RetryOptions>;
  #target: FlushTarget | undefined;
  #flushing: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #failure: string | undefined;

  /**
   * Usually made by {@link Outbox.queue}; on its own (no `save`) it keeps writes in memory only.
   */
  constructor(
    record: OutboxRecord | string,
    save: (record: OutboxRecord) => Promise<void> = async () => undefined,
    retry: RetryOptions = {},
  ) {
    super();
    this.#record =
      typeof record === 'string' ? { conversationId: record, writes: {}, secured: {} } : record;
    this.id = this.#record.conversationId;
    this.#record.next ??= crypto.randomUUID();
    this.#save = save;
    this.#retry = { baseMs: 1000, capMs: 60_000, maxAttempts: Infinity, ...retry };
  }

  /** Queues `name = value` (last write wins); resolves once it is stored, rejects if it is not. */
  set(name: string, value: string): Promise<void> {
    this.#record.writes[name] = value;
    return this.#changed();
  }

  /** The queued (or in-flight) value of `name`, if any. */
  get(name: string): string | undefined {
    const { writes, batch } = this.#record;
    return Object.hasOwn(writes, name) ? writes[name] : batch?.writes[name];
  }

  /** Every queued plain write, in-flight batch included. */
  entries(): ReadonlyMap<string, string> {
    return new Map(Object.entries({ ...this.#record.batch?.writes, ...this.#record.writes }));
  }

  /** Queues the ciphertext of a secured write; resolves once it is stored. */
  setSecured(name: string, ciphertext: string): Promise<void> {
    this.#record.secured[name] = ciphertext;
    return this.#changed();
  }

  /** Every queued secured write (ciphertexts), in-flight batch included. */
  securedEntries(): ReadonlyMap<string, string> {
    return new Map(Object.entries({ ...this.#record.batch?.secured, ...this.#record.secured }));
  }

  /** How many names have writes not yet accepted by the platform. */
  get size(): number {
    return this.entries().size + this.securedEntries().size;
  }

  /** `saving` while a batch is in flight, `failed` after a failed attempt, else `idle`. */
  get state(): 'idle' | 'saving' | 'failed' {
    return this.#failure !== undefined ? 'failed' : this.#flushing ? 'saving' : 'idle';
  }

  /** Why the last attempt failed, while `state` is `failed`. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Whether the interaction ended (its leftovers are flushed on the next load). */
  get ended(): boolean {
    return this.#record.ended === true;
  }

  /** The participant the writes go to, once known (stored with the writes). */
  get participantId(): string | undefined {
    return this.#record.participantId;
  }

  /** Whether a batch was started and not yet accepted (it is resent with its id). */
  get inFlight(): boolean {
    return this.#record.batch !== undefined;
  }

  /** Whether a retry is scheduled (a timer runs); `stop()` or a flush clears it. */
  get retrying(): boolean {
    return this.#timer !== undefined;
  }

  /** Whether `bind` gave it somewhere to flush to. */
  get bound(): boolean {
    return this.#target !== undefined;
  }

  /** Where flushes go: the session's source and customer. */
  bind(target: FlushTarget | undefined): void {
    this.#target = target;
    if (target && this.#record.participantId !== target.participantId) {
      this.#record.participantId = target.participantId;
      if (this.size) void this.#persist().catch(() => undefined);
    }
  }

  /**
   * Sends every write in one batch (first a batch left in flight, with its id). Resolves when the
   * platform took everything; rejects with the reason otherwise: the batch is kept, `flush-failed`
   * fires, and another attempt is scheduled with backoff.
   */
  flush(): Promise<void> {
    this.stop();
    return (this.#flushing ??= this.#send().finally(() => {
      this.#flushing = undefined;
      this.#emit('change');
    }));
  }

  /** Marks the interaction ended (stored) and flushes. */
  async end(): Promise<void> {
    this.#record.ended = true;
    await this.#persist();
    return this.flush();
  }

  /** Stops scheduled retries (the batch stays stored). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #send(): Promise<void> {
    this.#emit('change');
    const r = this.#record;
    for (;;) {
      if (!r.batch) {
        if (!size(r.writes) && !size(r.secured)) break;
        r.batch = { id: r.next ?? crypto.randomUUID(), writes: r.writes, secured: r.secured };
        r.writes = {};
        r.secured = {};
        r.next = crypto.randomUUID();
      }
      const batch = r.batch;
      try {
        const target = this.#target;
        if (!target) throw new Error(`no conversation source for interaction ${this.id}`);
        // The batch is stored with its id, but the request leaves in this same task (no await
        // before it): on `pagehide` nothing after an await would run. Its writes were stored under
        // `next` = this id already, so a page that dies before this store lands still resends
        // them under this id.
        void this.#persist().catch(() => undefined);
        await target.source.patchAttributes(
          this.id,
          target.participantId,
          copy(batch.writes),
          size(batch.secured)
            ? { batchId: batch.id, securedAttributes: copy(batch.secured) }
            : { batchId: batch.id },
        );
      } catch (error) {
        this.#fail(reasonOf(error));
        throw error;
      }
      r.batch = undefined;
      this.#attempt = 0;
      this.#failure = undefined;
      this.dispatchEvent(new CustomEvent('applied', { detail: batch }));
      await this.#persist().catch(() => undefined);
    }
    this.#attempt = 0;
    this.#failure = undefined;
  }

  #fail(reason: string): void {
    const attempt = ++this.#attempt;
    const { baseMs, capMs, maxAttempts } = this.#retry;
    const willRetry = attempt < maxAttempts;
    // Exponential, and never faster than one attempt per `capMs` however long it keeps failing.
    const retryIn = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
    this.#failure = reason;
    if (willRetry) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flush().catch(() => undefined);
      }, retryIn);
    }
    this.dispatchEvent(
      new CustomEvent<FlushFailedDetail>('flush-failed', {
        detail: {
          interactionId: this.id,
          reason,
          attempt,
          willRetry,
          ...(willRetry ? { retryIn } : {}),
        },
      }),
    );
  }

  #changed(): Promise<void> {
    this.#emit('change');
    return this.#persist();
  }

  /** Stores the record as it is now (after the writes before it). */
  #persist(): Promise<void> {
    return this.#save(this.#record);
  }

  #emit(type: string): void {
    this.dispatchEvent(new Event(type));
  }
}

/**
 * The outbox of a desktop: one {@link InteractionOutbox} per conversation, in IndexedDB (database
 * `cx-outbox` by default), restored when it opens. Where IndexedDB is blocked (a partitioned
 * third-party iframe) it keeps writes in memory and `storage()` says why. On `pagehide` it starts a
 * flush of every bound interaction with writes (best effort: the batch stays stored either way).
 */
export class Outbox {
  /** Resolves once the stored records are restored (never rejects: see `storage()`). */
  readonly ready: Promise<void>;
  readonly #queues = new Map<string, InteractionOutbox>();
  readonly #options: OutboxOptions;
  #db: Promise<IDBPDatabase | undefined>;
  #storage: OutboxStorage = { persistent: true };
  #loaded = false;
  /** Stores run one after the other, so a later snapshot never lands before an earlier one. */
  #chain: Promise<unknown> = Promise.resolve();

  constructor(options: OutboxOptions = {}) {
    this.#options = options;
    this.#db = this.#open();
    this.ready = this.#restore();
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
  }

  /** Whether `ready` has resolved: `queue()` then holds what was stored. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Whether writes survive a reload, and why not. */
  async storage(): Promise<OutboxStorage> {
    await this.ready;
    return { ...this.#storage };
  }

  /** The queue of `conversationId` (the same object each time; restored once `ready`). */
  queue(conversationId: string): InteractionOutbox {
    let q = this.#queues.get(conversationId);
    if (!q) {
      q = new InteractionOutbox(conversationId, (r) => this.#store(r), this.#options.retry);
      this.#queues.set(conversationId, q);
    }
    return q;
  }

  /**
   * Flushes what earlier pages left: every stored interaction that ended, or has a batch in flight
   * (through `source`, unless a session here already gave it a source). Failures retry on their own.
   */
  async flushLeftovers(source: ConversationSource): Promise<void> {
    await this.ready;
    const runs: Promise<void>[] = [];
    for (const q of this.#queues.values()) {
      const participantId = q.participantId;
      if (!participantId || (!q.ended && !q.inFlight)) continue;
      if (!q.bound) q.bind({ source, participantId });
      runs.push(q.flush().catch(() => undefined));
    }
    await Promise.all(runs);
  }

  /** Stops retries and the `pagehide` listener, and closes the database. */
  async close(): Promise<void> {
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    for (const q of this.#queues.values()) q.stop();
    (await this.#db.catch(() => undefined))?.close();
  }

  async #open(): Promise<IDBPDatabase | undefined> {
    if (this.#options.persistent === false) {
      this.#storage = { persistent: false, reason: 'persistence is turned off', switchedOff: true };
      return undefined;
    }
    try {
      const db = await openDB(this.#options.dbName ?? 'cx-outbox', 1, {
        upgrade: (d) => void d.createObjectStore(STORE, { keyPath: 'conversationId' }),
        // Another page deletes or upgrades the database: let it, and fail the next store loudly.
        blocking: () => {
          db.close();
          this.#db = Promise.reject(new Error('the outbox database was closed by another page'));
          this.#db.catch(() => undefined);
        },
      });
      return db;
    } catch (error) {
      this.#storage = { persistent: false, reason: reasonOf(error) };
      return undefined;
    }
  }

  async #restore(): Promise<void> {
    const db = await this.#db;
    const records: OutboxRecord[] = db ? await db.getAll(STORE).catch(() => []) : [];
    for (const record of records) {
      this.#queues.set(
        record.conversationId,
        new InteractionOutbox(record, (r) => this.#store(r), this.#options.retry),
      );
    }
    this.#loaded = true;
  }

  #store(record: OutboxRecord): Promise<void> {
    // A structured clone now: later writes must not change what this store puts.
    const snapshot = structuredClone(record);
    const empty = !size(snapshot.writes) && !size(snapshot.secured) && !snapshot.batch;
    const run = this.#chain.then(async () => {
      const db = await this.#db;
      if (!db) return;
      // Only microtasks up to here: on `pagehide` the request is made before the page goes, and
      // an explicit commit lets the browser finish it without another task of this page.
      const tx = db.transaction(STORE, 'readwrite');
      const done = empty ? tx.store.delete(snapshot.conversationId) : tx.store.put(snapshot);
      tx.commit();
      await Promise.all([done, tx.done]);
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  readonly #onPageHide = (): void => {
    for (const q of this.#queues.values()) if (q.size && q.bound) void q.flush().catch(() => 0);
  };
}

let shared: Outbox | undefined;

/**
 * The desktop's default outbox (database `cx-outbox`), made on first use and kept for the page:
 * `<cx-interaction>` uses it unless its `outbox` is set (another `Outbox`, or `null` for memory
 * only). Integrators rarely need it; `sharedOutbox().storage()` tells whether writes survive here.
 */
export function sharedOutbox(): Outbox {
  return (shared ??= new Outbox());
}
