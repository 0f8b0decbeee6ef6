/**
 * Helpers of the outbox tests: a `ConversationSource` over real HTTP (test/server/platform.mjs),
 * conversations made unique per test, and outboxes on databases of their own.
 */
import { waitUntil } from '@open-wc/testing';
import type { FramedDesktop } from './frame.js';
import type {
  Conversation,
  ConversationSource,
  PatchOptions,
} from '../../src/data/conversation.js';
import { Outbox, type OutboxOptions } from '../../src/data/outbox.js';
import { InteractionSession } from '../../src/data/session.js';
import { parseScript } from '../../src/script/parse.js';
import { ScriptRuntime, type RuntimeIssueDetail } from '../../src/script/runtime.js';

export const PLATFORM = '/__test/platform/conversations/';
export const ORG = 'org-6f1c2d9a';

/** A conversation with a unique id: the customer holds `Foo = "Hello"`. */
export function conversation(id = `conv-${crypto.randomUUID()}`): Conversation {
  return {
    id,
    organizationId: ORG,
    mediaType: 'call',
    participants: [
      { id: 'p-customer', purpose: 'customer', name: 'Ada', attributes: { Foo: 'Hello' } },
      { id: 'p-agent', purpose: 'agent', name: 'Sam', attributes: {} },
    ],
  };
}

/** The platform's answer when it is not 2xx. */
export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`the platform answered HTTP ${status}`);
  }
}

/** A conversation source over the test platform's real HTTP routes. */
export class HttpSource implements ConversationSource {
  /** `base`: where the platform's conversations are (a test may point it nowhere: network down). */
  constructor(public base = PLATFORM) {}

  async load(conversationId: string): Promise<Conversation> {
    const r = await fetch(`${this.base}${encodeURIComponent(conversationId)}`);
    if (!r.ok) throw new HttpError(r.status);
    return r.json();
  }

  async patchAttributes(
    conversationId: string,
    participantId: string,
    attributes: Record<string, string>,
    options: PatchOptions = {},
  ): Promise<void> {
    const r = await fetch(
      `${this.base}${encodeURIComponent(conversationId)}/participants/${encodeURIComponent(participantId)}/attributes`,
      {
        method: 'PATCH',
        headers: {
          'Content-Type': 'application/json',
          ...(options.batchId ? { 'X-Batch-Id': options.batchId } : {}),
        },
        body: JSON.stringify({ attributes, securedAttributes: options.securedAttributes }),
        // Like GenesysCloudSource: a flush started on `pagehide` outlives the page.
        keepalive: true,
      },
    );
    if (!r.ok) throw new HttpError(r.status);
  }
}

/** Puts `c` on the platform (and clears its faults and log). */
export async function publish(c: Conversation): Promise<void> {
  const r = await fetch(`${PLATFORM}${encodeURIComponent(c.id)}`, {
    method: 'PUT',
    body: JSON.stringify(c),
  });
  if (!r.ok) throw new Error(`cannot publish ${c.id}: ${r.status}`);
}

/** Faults for the next PATCHes of conversation `id` (see test/server/platform.mjs). */
export async function faults(
  id: string,
  list: ({ status: number } | { drop: true } | { applyThenHang: true })[],
): Promise<void> {
  await fetch(`${PLATFORM}${encodeURIComponent(id)}/faults`, {
    method: 'POST',
    body: JSON.stringify(list),
  });
}

/** The PATCHes the platform saw for conversation `id`. */
export async function platformLog(
  id: string,
): Promise<{ batchId?: string; applied: boolean; outcome: number | string }[]> {
  const r = await fetch(`${PLATFORM}${encodeURIComponent(id)}/log`);
  return (await r.json()).requests;
}

/** The customer's attributes as the platform holds them. */
export async function platformCustomer(
  id: string,
): Promise<{ attributes: Record<string, string>; securedAttributes?: Record<string, string> }> {
  const c = await new HttpSource().load(id);
  return c.participants.find((p) => p.purpose === 'customer')!;
}

const opened: { outbox: Outbox; dbName: string }[] = [];

/** An outbox on a database of its own, with fast retries; closed by `endOutboxes()`. */
export function newOutbox(
  options: OutboxOptions = {},
  dbName = `cx-test-outbox-${crypto.randomUUID()}`,
): Outbox & { dbName: string } {
  const outbox = new Outbox({ dbName, retry: { baseMs: 20, capMs: 100 }, ...options });
  opened.push({ outbox, dbName });
  return Object.assign(outbox, { dbName });
}

/** Deletes a database (resolves even when it is blocked). */
export function deleteDatabase(dbName: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(dbName);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Closes the test's outboxes and deletes their databases. */
export async function endOutboxes(): Promise<void> {
  const ending = opened.splice(0);
  for (const { outbox } of ending) await outbox.close();
  await Promise.all(ending.map(({ dbName }) => deleteDatabase(dbName)));
}

/** A runtime of a one-page script with `actions` (parsed, so the script is valid) for `session`. */
export function runtimeOf(
  session: InteractionSession,
  actions: Record<string, unknown[]>,
  variables: unknown[] = [],
): { runtime: ScriptRuntime; errors: RuntimeIssueDetail[] } {
  const script = parseScript({
    format: 'cx-script/1',
    name: 'Outbox test',
    startPage: 'main',
    variables,
    pages: [{ id: 'main', title: 'Main', body: [] }],
    actions,
  });
  const runtime = new ScriptRuntime(script, session);
  const errors: RuntimeIssueDetail[] = [];
  runtime.addEventListener('error', (e) => errors.push(e.detail));
  return { runtime, errors };
}

/** What a button click would pass. */
export const click = { kind: 'button' as const, path: 'pages[0].body[0].action' };

/**
 * A session of conversation `c` (a fresh one by default), published on the test platform and
 * loaded back through it, its writes in a fresh outbox.
 */
export async function platformSession(c: Conversation = conversation()) {
  await publish(c);
  const source = new HttpSource();
  const outbox = newOutbox();
  await outbox.ready;
  const session = new InteractionSession({
    conversation: await source.load(c.id),
    source,
    writes: outbox.queue(c.id),
  });
  return { id: c.id, source, outbox, session };
}

/** A page load takes its time on a busy machine: wait up to 10 s (never a timed assertion). */
export const slow = (message: string) => [message, { timeout: 10_000 }] as const;

/** Resolves the framed desktop's `cx` (test/outbox/frame.html) once its session is there. */
export async function framed(frame: HTMLIFrameElement): Promise<FramedDesktop> {
  await waitUntil(
    () => {
      const cx = (frame.contentWindow as unknown as { cx?: FramedDesktop }).cx;
      return cx?.el.session && frame.contentDocument?.readyState === 'complete';
    },
    ...slow('the framed desktop and its session'),
  );
  return (frame.contentWindow as unknown as { cx: FramedDesktop }).cx;
}
