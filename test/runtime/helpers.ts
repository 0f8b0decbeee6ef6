import { InteractionSession } from '../../src/data/session.js';
import type { Conversation } from '../../src/data/conversation.js';
import { ScriptRuntime, type RuntimeIssueDetail } from '../../src/script/runtime.js';
import type { Page, Script, Step, VariableDef } from '../../src/script/types.js';

/** A conversation with a customer, an agent and an ACD participant. */
export function conversation(
  attributes: Record<string, string> = {},
  securedAttributes: Record<string, string> = {},
): Conversation {
  return {
    id: 'conv-1',
    organizationId: 'org-1',
    mediaType: 'call',
    participants: [
      { id: 'p-acd', purpose: 'acd', queueName: 'Disputes', attributes: {} },
      {
        id: 'p-cust',
        purpose: 'customer',
        name: 'Pat Caller',
        ani: 'tel:+13175550123',
        dnis: 'tel:+18005550000',
        attributes,
        securedAttributes,
      },
      { id: 'p-agent', purpose: 'agent', name: 'Alex Agent', attributes: {} },
    ],
  };
}

/** A script with the given pieces (a single 'main' page by default). */
export function script(parts: {
  variables?: VariableDef[];
  pages?: Page[];
  actions?: Record<string, Step[]>;
  onConnect?: Script['onConnect'];
  startPage?: string;
}): Script {
  const pages = parts.pages ?? [{ id: 'main', title: 'Main', body: [] }];
  return {
    format: 'cx-script/1',
    name: 'Test',
    startPage: parts.startPage ?? pages[0]!.id,
    variables: parts.variables ?? [],
    pages,
    actions: parts.actions ?? {},
    ...(parts.onConnect !== undefined ? { onConnect: parts.onConnect } : {}),
  };
}

/** A runtime plus every event it fired, in order. */
export function runtimeFor(
  s: Script,
  c: Conversation = conversation(),
): {
  runtime: ScriptRuntime;
  session: InteractionSession;
  events: { type: string; detail: unknown }[];
  issues: (type: 'warning' | 'error') => RuntimeIssueDetail[];
} {
  const session = new InteractionSession({ conversation: c });
  const runtime = new ScriptRuntime(s, session);
  const events: { type: string; detail: unknown }[] = [];
  for (const type of ['page-change', 'change', 'warning', 'error', 'alert', 'egress-blocked']) {
    runtime.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  }
  const issues = (type: 'warning' | 'error'): RuntimeIssueDetail[] =>
    events.filter((e) => e.type === type).map((e) => e.detail as RuntimeIssueDetail);
  return { runtime, session, events, issues };
}

export const button = (path = 'pages[0].body[0].action') => ({ kind: 'button' as const, path });
