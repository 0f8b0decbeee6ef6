/**
 * The adversarial harness: a conversation with plain and secured attributes, the plaintexts the
 * vault would hold for the secured ones, a runtime with the real screen-pop handlers and guard, and
 * recording targets.
 */
import { InteractionSession } from '../../src/data/session.js';
import type { Conversation } from '../../src/data/conversation.js';
import { ScriptRuntime } from '../../src/script/runtime.js';
import type { Script, Step, VariableDef, Page } from '../../src/script/types.js';
import type { EgressBlockedDetail, RunTrigger } from '../../src/script/steps.js';
import { createScreenPopHandlers, PopLedger } from '../../src/screenpop/handlers.js';
import type { ScreenPopDetail, ScreenPopTargets } from '../../src/screenpop/targets.js';
import type { ScreenPopPolicy } from '../../src/guard/policy.js';
import type { PlaintextScan } from '../../src/guard/egress.js';
import { PlaintextScanner } from '../../worker/scan.js';

/** The plaintexts behind the secured attributes (what the vault holds once decrypted). */
export const SECRETS: Record<string, string> = {
  CardNumber: '4111 1111 1111 1111',
  Ssn: '078-05-1120',
  Token: 'Zq9-Secret-Token',
};

export const POLICY: ScreenPopPolicy = { allowedOrigins: ['https://crm.example.com'] };

export const PLAIN = {
  AccountId: 'A-42',
  Name: 'Pat Caller',
  CrmUrl: 'https://crm.example.com/home',
};

export function conversation(): Conversation {
  return {
    id: 'conv-1',
    organizationId: 'org-1',
    mediaType: 'call',
    participants: [
      {
        id: 'p-cust',
        purpose: 'customer',
        name: 'Pat Caller',
        attributes: { ...PLAIN },
        securedAttributes: Object.fromEntries(Object.keys(SECRETS).map((k) => [k, 'AYAD…'])),
      },
      { id: 'p-agent', purpose: 'agent', name: 'Alex Agent', attributes: {} },
    ],
  };
}

export const VARIABLES: VariableDef[] = [
  { name: 'AccountId', type: 'string', input: true },
  { name: 'Name', type: 'string', input: true },
  { name: 'CrmUrl', type: 'string', input: true },
  { name: 'CardNumber', type: 'string', input: true, secured: true },
  { name: 'Ssn', type: 'string', input: true, secured: true },
  { name: 'Token', type: 'string', input: true, secured: true },
  { name: 'Copy', type: 'string' },
  { name: 'Copy2', type: 'string' },
  { name: 'Part1', type: 'string' },
  { name: 'Part2', type: 'string' },
  { name: 'Notes', type: 'string' },
  { name: 'Flag', type: 'string', default: '' },
];

/** A cx-script/1 document (as JSON) with the harness's variables. */
export function scriptJson(parts: {
  actions?: Record<string, Step[]>;
  pages?: Page[];
  onConnect?: Script['onConnect'];
}): Script {
  const pages = parts.pages ?? [{ id: 'main', title: 'Main', body: [] }];
  return JSON.parse(
    JSON.stringify({
      format: 'cx-script/1',
      name: 'Adversarial',
      startPage: pages[0]!.id,
      variables: VARIABLES,
      pages,
      actions: parts.actions ?? {},
      ...(parts.onConnect !== undefined ? { onConnect: parts.onConnect } : {}),
    }),
  ) as Script;
}

/** A scanner holding the harness's secrets (what the vault worker does after decrypting). */
export function heldScanner(): PlaintextScanner {
  const scanner = new PlaintextScanner();
  for (const [name, plaintext] of Object.entries(SECRETS))
    scanner.add(`h-${name}`, name, plaintext);
  return scanner;
}

export interface Harness {
  runtime: ScriptRuntime;
  session: InteractionSession;
  hostPops: ScreenPopDetail[];
  windowPops: { url: string; interactionId: string }[];
  framePops: { url: string; interactionId: string }[];
  blocked: EgressBlockedDetail[];
  alerts: string[];
  errors: { code: string; message: string }[];
  /** Every URL or text that reached a target. */
  delivered(): string[];
}

export function harness(
  script: Script,
  options: {
    policy?: ScreenPopPolicy;
    scanner?: PlaintextScan | undefined;
    ledger?: PopLedger;
  } = {},
): Harness {
  const session = new InteractionSession({ conversation: conversation() });
  const hostPops: ScreenPopDetail[] = [];
  const windowPops: { url: string; interactionId: string }[] = [];
  const framePops: { url: string; interactionId: string }[] = [];
  const targets: ScreenPopTargets = {
    host: (d) => (hostPops.push(d), true),
    window: (url, interactionId) => (windowPops.push({ url: url.href, interactionId }), true),
    frame: (url, interactionId) => (framePops.push({ url: url.href, interactionId }), true),
  };
  const scanner = 'scanner' in options ? options.scanner : heldScanner();
  const handlers = createScreenPopHandlers({
    policy: () => ('policy' in options ? options.policy : POLICY),
    scanner: () => scanner,
    targets,
    ledger: options.ledger ?? new PopLedger(),
  });
  const runtime = new ScriptRuntime(script, session, { handlers });
  const blocked: EgressBlockedDetail[] = [];
  const alerts: string[] = [];
  const errors: { code: string; message: string }[] = [];
  runtime.addEventListener('egress-blocked', (e) => blocked.push(e.detail));
  runtime.addEventListener('alert', (e) => alerts.push(e.detail.message));
  runtime.addEventListener('error', (e) => errors.push(e.detail));
  return {
    runtime,
    session,
    hostPops,
    windowPops,
    framePops,
    blocked,
    alerts,
    errors,
    delivered: () => [
      ...hostPops.map((p) => ('url' in p ? p.url : p.searchString)),
      ...windowPops.map((p) => p.url),
      ...framePops.map((p) => p.url),
      ...[...session.pendingWrites().values()],
    ],
  };
}

export const button = (path = 'pages[0].body[0].action'): RunTrigger => ({ kind: 'button', path });
