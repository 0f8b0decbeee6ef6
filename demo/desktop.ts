/**
 * The demo agent desktop (index.html, `npm start`). It drives the page that index.html lays out:
 * "Next call" cycles through the sample conversations, the interaction card shows who is calling,
 * `<cx-interaction>` provides the session to `<cx-participant-data>`, `<cx-script>` and
 * `<cx-crm-pane>` (where the script's `frame` screen pops show the caller's CRM record), the activity
 * log lists the screen pops and every egress the guard blocked, and the status bar shows the page's
 * web vitals and the script's render time.
 *
 * The same code drives the embedded view (embed.html), the compact desktop a CRM page frames: there
 * `<meta name="cx-host-origins">` (filled in by the server) names the CRM origins allowed to connect,
 * `<cx-interaction>.host` is a `HostBridge` for them, and the script's screen pops go to that host
 * (the CRM opens the record) instead of a pane of the desktop's own.
 *
 * It imports the library from ../components/all.js; the build maps that import to ./cx-script.js,
 * so the demo and the page share one copy of the library (and of Lit). No inline script, no
 * innerHTML: everything written to the page is text.
 */
import {
  HostBridge,
  MemorySource,
  Outbox,
  createSecuredClient,
  onMetric,
} from '../components/all.js';
import type { Metric, Script, SecuredClient } from '../components/all.js';
import type { Conversation } from '../src/data/conversation.js';
import { addDemoKey } from './demo-key.js';
import { sampleConversations } from './sample-conversations.js';
import { crmOriginFor, kbOriginFor, sampleScript } from './sample-script.js';

/** What the demo uses of `<cx-script>`. */
interface ScriptElement extends HTMLElement {
  script: unknown;
}

/** What the demo uses of `<cx-interaction>`. */
interface InteractionElement extends HTMLElement {
  conversation: Conversation | undefined;
  source: MemorySource | undefined;
  screenPopPolicy: { allowedOrigins: string[]; allowHttpLoopback: boolean } | undefined;
  secured: SecuredClient | undefined;
  outbox: Outbox | undefined;
  host: HostBridge | undefined;
  readonly crmPane: EventTarget;
  readonly session: { builtin(name: string): string | undefined } | undefined;
  readonly updateComplete: Promise<boolean>;
}

const MEDIA_LABELS: Record<string, string> = {
  call: 'Voice call',
  callback: 'Callback',
  chat: 'Chat',
  email: 'Email',
  message: 'Message',
  workitem: 'Work item',
};

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The demo page lacks #${id}`);
  return element as T;
}

/** `m:ss`, or `h:mm:ss` after an hour. */
function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A metric value for the status bar: CLS unitless, everything else in milliseconds. */
function formatMetric(metric: Pick<Metric, 'name' | 'value'>): string {
  if (metric.name === 'CLS') return metric.value.toFixed(3);
  if (metric.value < 10) return `${metric.value.toFixed(1)} ms`;
  return `${Math.round(metric.value)} ms`;
}

function showMetric(metric: Metric): void {
  const row = document.querySelector<HTMLElement>(
    `.metrics [data-metric="${CSS.escape(metric.name)}"]`,
  );
  const value = row?.querySelector('dd');
  if (!row || !value) return;
  value.textContent = formatMetric(metric);
  if (metric.rating) {
    value.dataset.rating = metric.rating;
    const rating = document.createElement('span');
    rating.className = 'visually-hidden';
    rating.textContent = ` (${metric.rating.replace('-', ' ')})`;
    value.append(rating);
  }
}

/** The activity log keeps the latest entries only. */
const ACTIVITY_LIMIT = 50;

/** Adds an entry at the top of the activity log: its time, a kind label and a text (all text). */
function logActivity(kind: 'host' | 'frame' | 'blocked', label: string, text: string): void {
  const log = byId('activity-log');
  log.querySelector('.activity-empty')?.remove();
  const entry = document.createElement('li');
  entry.dataset['kind'] = kind;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString('en-US', { hour12: false });
  const badge = document.createElement('span');
  badge.className = 'activity-kind';
  badge.textContent = label;
  const body = document.createElement('span');
  body.className = 'activity-text';
  body.textContent = text;
  entry.append(time, badge, body);
  log.prepend(entry);
  while (log.children.length > ACTIVITY_LIMIT) log.lastElementChild?.remove();
}

/**
 * The CRM origins allowed to embed this page, from `<meta name="cx-host-origins">`; `undefined` on
 * the full desktop (no such meta).
 */
function hostOrigins(): string[] | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="cx-host-origins"]');
  if (!meta) return undefined;
  return meta.content.split(/\s+/).filter((origin) => /^https?:\/\/[^%\s]+$/.test(origin));
}

/** The sample script for the embedded view: every pop meant for a pane goes to the CRM host. */
function embeddedScript(script: Script): Script {
  const toHost = (steps: unknown): unknown =>
    Array.isArray(steps)
      ? steps.map((step: Record<string, unknown>) => ({
          ...step,
          ...(step['do'] === 'screenPop' && step['target'] === 'frame' && { target: 'host' }),
          ...(step['onSuccess'] !== undefined && { onSuccess: toHost(step['onSuccess']) }),
          ...(step['onFailure'] !== undefined && { onFailure: toHost(step['onFailure']) }),
        }))
      : steps;
  const actions = Object.fromEntries(
    Object.entries(script.actions ?? {}).map(([name, steps]) => [name, toHost(steps)]),
  );
  // popAccount popped both the pane and the host: once is enough.
  const popAccount = actions['popAccount'];
  if (Array.isArray(popAccount)) actions['popAccount'] = popAccount.slice(0, 1);
  return { ...script, actions } as Script;
}

function startDesktop(): void {
  const embeddedIn = hostOrigins();
  const interaction = byId<InteractionElement>('interaction');
  const script = byId<ScriptElement>('script');
  const nextCall = byId<HTMLButtonElement>('next-call');
  const errors = byId('script-errors');
  const announcer = byId('announcer');
  const elapsed = byId('call-elapsed');

  const conversations = sampleConversations();
  const source = new MemorySource(conversations);
  let index = -1;
  let connectedAt = 0;
  let connecting = false;

  interaction.source = source;
  // Participant-data writes survive a reload: stored in IndexedDB, flushed when a call ends.
  const outbox = new Outbox();
  interaction.outbox = outbox;
  // One vault worker for the desktop; the calls' secured attributes decrypt once it has the key.
  const vault = createSecuredClient();
  addDemoKey(vault).then(
    () => {
      interaction.secured = vault;
    },
    (error: unknown) => {
      errors.textContent = `Could not add the demo key to the vault: ${error instanceof Error ? error.message : String(error)}`;
      errors.hidden = false;
    },
  );
  // The script links to, and frames, the knowledge base on its own origin (see kbOriginFor), and
  // pops the sample CRM, another origin too (see crmOriginFor): the policy allows exactly these.
  const crmOrigin = embeddedIn?.[0] ?? crmOriginFor(location.origin);
  interaction.screenPopPolicy = {
    allowedOrigins: [...new Set([location.origin, kbOriginFor(location.origin), crmOrigin])],
    allowHttpLoopback: true,
  };
  byId('crm-origin').textContent = new URL(crmOrigin).host;

  // What left the desktop, and what the egress guard stopped (names only: the event never carries
  // a value). A real desktop would hand the host pops to its CRM (the host bridge does).
  interaction.addEventListener('cx-screen-pop', ({ detail }) => {
    lastHostPop = { ...detail };
    logActivity(
      'host',
      'Host',
      'url' in detail
        ? `Screen pop to host: ${detail.url}`
        : `Screen pop to host, search: ${detail.searchString}`,
    );
  });
  let lastHostPop:
    | { interactionId: string; url: string }
    | { interactionId: string; searchString: string }
    | undefined;
  if (embeddedIn) {
    if (embeddedIn.length) {
      // The CRM page that frames this view: only its origin may connect, and every message to it
      // passes the egress guard with the vault's scan.
      const bridge = new HostBridge({ allowedOrigins: embeddedIn, scanner: () => vault });
      bridge.addEventListener('connect', ({ detail }) => {
        logActivity('host', 'Host', `Connected to ${detail.origin}`);
        // A pop made before the CRM connected was not sent: send the current call's latest now.
        if (lastHostPop && lastHostPop.interactionId === interaction.conversation?.id)
          void bridge.send('screenPop', lastHostPop);
      });
      bridge.addEventListener('setConversation', ({ detail }) => {
        const at = conversations.findIndex((c) => c.id === detail.conversationId);
        if (at >= 0) void connect(at);
      });
      interaction.host = bridge;
    } else {
      errors.textContent = 'No CRM origin is configured for the embedded view: it cannot connect.';
      errors.hidden = false;
    }
  }
  interaction.crmPane.addEventListener('show', (event) => {
    const { url } = (event as CustomEvent<{ url: string }>).detail;
    logActivity('frame', 'CRM pane', `Opened ${url}`);
  });
  interaction.addEventListener('cx-egress-blocked', ({ detail }) => {
    const { sink, reason, variables } = detail;
    const sent = variables.length ? `, would have sent ${variables.join(', ')}` : '';
    logActivity('blocked', 'Blocked', `Egress blocked: ${sink} (${reason})${sent}`);
  });

  const status = byId<HTMLSelectElement>('agent-status');
  const statusLabel = status.closest('label');
  const showStatus = () => statusLabel?.setAttribute('data-status', status.value);
  status.addEventListener('change', showStatus);
  showStatus();

  interaction.addEventListener('cx-script-error', (event) => {
    const detail = (event as Event & { detail?: { message?: string; path?: string } }).detail;
    const line = `${detail?.message ?? 'The script reported an error.'}${detail?.path ? ` (${detail.path})` : ''}`;
    errors.textContent = errors.textContent ? `${errors.textContent}\n${line}` : line;
    errors.hidden = false;
  });

  const tick = () => {
    elapsed.textContent = connectedAt ? formatElapsed(Date.now() - connectedAt) : '0:00';
  };
  setInterval(tick, 1000);

  async function connect(next: number): Promise<void> {
    if (connecting) return;
    connecting = true;
    index = next % conversations.length;
    const id = conversations[index]!.id;
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
    nextCall.setAttribute('aria-disabled', 'true');
    byId('call-state').textContent = 'Connecting…';
    byId('call-state').removeAttribute('data-state');
    try {
      await outbox.ready; // the session reads restored writes at once
      const conversation = { ...(await source.load(id)), startTime: new Date().toISOString() };
      errors.hidden = true;
      errors.textContent = '';
      connectedAt = Date.now();
      interaction.conversation = conversation;
      // A new script object for each interaction: its variables start afresh.
      const sample = sampleScript(location.origin, kbOriginFor(location.origin), crmOrigin);
      script.script = embeddedIn ? embeddedScript(sample) : sample;
      await interaction.updateComplete;
      const session = interaction.session;
      const customer = session?.builtin('Call.RemoteName') || 'Unknown caller';
      const queue = session?.builtin('Scripter.Queue Name') || '—';
      const media = conversation.mediaType ?? 'call';
      byId('customer-name').textContent = customer;
      byId('call-ani').textContent = session?.builtin('Scripter.Customer Formatted Number') || '—';
      byId('call-queue').textContent = queue;
      byId('call-media').textContent = MEDIA_LABELS[media] ?? media;
      byId('call-position').textContent = `Call ${index + 1} of ${conversations.length}`;
      byId('call-state').textContent = 'Connected';
      byId('call-state').dataset.state = 'connected';
      tick();
      interaction.dataset.ready = '';
      announcer.textContent = `Connected: ${customer}, ${queue}.`;
    } catch (error) {
      errors.textContent = `Could not connect the next call: ${error instanceof Error ? error.message : String(error)}`;
      errors.hidden = false;
    } finally {
      connecting = false;
      nextCall.removeAttribute('aria-disabled');
    }
  }

  nextCall.addEventListener('click', () => void connect(index + 1));
  onMetric(showMetric);
  void connect(0);
}

startDesktop();
