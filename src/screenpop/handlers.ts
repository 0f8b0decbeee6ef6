/**
 * The `screenPop` and `openUrl` steps (and a guarded `setConversationData`) as step handlers for
 * the script runtime: `runtime.registerStep(kind, handler)` for each entry of
 * {@link createScreenPopHandlers}, or `new ScriptRuntime(script, session, { handlers })`.
 *
 * A pop's URL is built from the runtime's variables (`expandUrl`: an RFC 6570 template, or exactly
 * `{{Var}}` for the variable's whole value), passes the egress guard (taint, policy, the vault's
 * scan), then goes to its target. A blocked pop fires the runtime's 'egress-blocked' event
 * (names only) and fails, so its `onFailure` steps run.
 *
 * Automatic pops (from a page's `onLoad` or the script's `onConnect`) happen once per interaction
 * and trigger: the {@link PopLedger} remembers the interaction id, the trigger's path and the
 * step's path, so a page visited again does not pop again. Buttons always pop.
 */
import type { StepContext, StepHandler, StepHandlers, RunTrigger } from '../script/steps.js';
import { defaultStepHandlers } from '../script/steps.js';
import {
  expandUrl,
  guardEgress,
  type EgressDecision,
  type PlaintextScan,
} from '../guard/egress.js';
import type { ScreenPopPolicy } from '../guard/policy.js';
import { formatValue } from '../expr/interpolate.js';
import type { ScreenPopTargets } from './targets.js';
import { SCREEN_POP_HINTS, screenPopHint, type ScreenPopHint } from '../data/screen-pop-hint.js';

/** The session's screen-pop hint: queued writes first, then the customer's attributes. */
const hintOf = (ctx: StepContext): ScreenPopHint | undefined =>
  screenPopHint((name) => ctx.session.getConversationData(name));

/** Remembers which automatic pops happened, per interaction (bounded). */
export class PopLedger {
  readonly #keys = new Set<string>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  /** The key of a pop: interaction, trigger path and step path. */
  static key(interactionId: string, trigger: RunTrigger, stepPath: string): string {
    return `${interactionId}\u0000${trigger.kind}\u0000${trigger.path}\u0000${stepPath}`;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(key: string): void {
    if (this.#keys.size >= this.#limit) this.#keys.delete(this.#keys.values().next().value!);
    this.#keys.add(key);
  }

  /** Forgets every pop of `interactionId` (when the interaction ends). */
  forget(interactionId: string): void {
    for (const key of this.#keys)
      if (key.startsWith(`${interactionId}\u0000`)) this.#keys.delete(key);
  }
}

/** The ledger shared by every runtime of the page, so a rebuilt `<cx-script>` does not pop again. */
export const sharedPopLedger = new PopLedger();

/** What the handlers need; getters, so they always read the element's current values. */
export interface ScreenPopOptions {
  /** The integrator's policy; without one every pop is blocked (`no-policy`). */
  policy(): ScreenPopPolicy | undefined;
  /** The vault's scan (the `SecuredClient`); absent when there is no vault. */
  scanner(): PlaintextScan | undefined;
  targets: ScreenPopTargets;
  ledger?: PopLedger;
}

type Target = 'host' | 'window' | 'frame';

function isAutomatic(trigger: RunTrigger): boolean {
  return trigger.kind === 'onLoad' || trigger.kind === 'onConnect';
}

async function pop(
  sink: 'screenPop' | 'openUrl',
  spec: { url?: string | undefined; searchString?: string | undefined; target: Target },
  ctx: StepContext,
  options: ScreenPopOptions,
): Promise<boolean> {
  const ledger = options.ledger ?? sharedPopLedger;
  const interactionId = ctx.session.id;
  const key = PopLedger.key(interactionId, ctx.trigger, ctx.path);
  if (isAutomatic(ctx.trigger) && ledger.has(key)) return true;

  // A screenPop with neither url nor searchString pops the participant data's hint: a plain,
  // untrusted value, taken as it is (never a template) and guarded like any other.
  const hint =
    sink === 'screenPop' && spec.url === undefined && spec.searchString === undefined
      ? hintOf(ctx)
      : undefined;
  let decision: EgressDecision;
  if (hint && 'url' in hint) {
    decision = await guardEgress({
      sink,
      url: hint.url,
      values: [hint.url],
      policy: options.policy(),
      scanner: options.scanner(),
    });
  } else if (hint) {
    if (spec.target !== 'host') {
      ctx.error(
        'search-needs-host',
        `The screen-pop hint ${hint.attribute} at ${ctx.path} is a search value, which only pops to the 'host' target`,
      );
      return false;
    }
    decision = await guardEgress({
      sink,
      text: hint.searchString,
      values: [hint.searchString],
      scanner: options.scanner(),
    });
  } else if (spec.url !== undefined) {
    const built = expandUrl(spec.url, ctx.runtime, `${ctx.path}.url`);
    if (!built.ok) {
      if (built.reason === 'secured-value') {
        ctx.egressBlocked(sink, built.reason, built.variables);
        return false;
      }
      ctx.error(
        'invalid-url',
        `The url at ${ctx.path}.url is not a valid template: ${built.message}`,
      );
      return false;
    }
    decision = await guardEgress({
      sink,
      url: built.url,
      values: built.values,
      policy: options.policy(),
      scanner: options.scanner(),
    });
  } else if (spec.searchString !== undefined) {
    if (spec.target !== 'host') {
      ctx.error(
        'search-needs-host',
        `A searchString at ${ctx.path} only pops to the 'host' target`,
      );
      return false;
    }
    const r = ctx.interpolate(spec.searchString, `${ctx.path}.searchString`);
    decision = await guardEgress({
      sink,
      text: formatValue(r.value),
      values: [r.value],
      scanner: options.scanner(),
    });
  } else {
    ctx.error(
      'missing-url',
      `The ${sink} step at ${ctx.path} has neither url nor searchString, and the participant data has no screen-pop hint (${SCREEN_POP_HINTS.map((h) => h[0]).join(', ')})`,
    );
    return false;
  }
  if (ctx.signal.aborted) return false;
  if (!decision.ok) {
    ctx.egressBlocked(sink, decision.reason, decision.variables);
    return false;
  }

  let delivered: boolean;
  if (spec.target === 'host') {
    delivered = options.targets.host(
      decision.url
        ? { interactionId, url: decision.url.href }
        : { interactionId, searchString: decision.text ?? '' },
    );
  } else if (spec.target === 'window') {
    delivered = options.targets.window(decision.url!, interactionId, sink);
    if (!delivered)
      ctx.error('popup-blocked', `The browser did not open the window of ${ctx.path}`);
  } else {
    delivered = options.targets.frame(decision.url!, interactionId);
    if (!delivered) ctx.error('no-crm-pane', `No CRM pane shows the frame pop of ${ctx.path}`);
  }
  if (delivered && isAutomatic(ctx.trigger)) ledger.add(key);
  return delivered;
}

/**
 * The `screenPop`, `openUrl` and guarded `setConversationData` handlers. `screenPop` defaults to the
 * `host` target, `openUrl` to `window`.
 */
export function createScreenPopHandlers(
  options: ScreenPopOptions,
): Required<Pick<StepHandlers, 'screenPop' | 'openUrl' | 'setConversationData'>> {
  const screenPop: StepHandler<'screenPop'> = (step, ctx) =>
    pop(
      'screenPop',
      {
        url: step.url,
        searchString: step.url === undefined ? step.searchString : undefined,
        target: step.target ?? 'host',
      },
      ctx,
      options,
    );
  const openUrl: StepHandler<'openUrl'> = (step, ctx) =>
    pop('openUrl', { url: step.url, target: step.target ?? 'window' }, ctx, options);

  const plainWrite = defaultStepHandlers().setConversationData!;
  // Plain participant data leaves the page when flushed: scan the values (plaintext an agent typed
  // into a field and copied here) before the default handler checks taint and queues the writes.
  const setConversationData: StepHandler<'setConversationData'> = async (step, ctx) => {
    const scanner = options.scanner();
    if (scanner && Array.isArray(step.data)) {
      const texts: string[] = [];
      const values: unknown[] = [];
      for (const [i, pair] of step.data.entries()) {
        const r = ctx.interpolate(pair?.value ?? '', `${ctx.path}.data[${i}].value`);
        values.push(r.value);
        texts.push(formatValue(r.value));
      }
      const decision = await guardEgress({
        sink: 'conversationData',
        text: texts.join('\n\n\n\n'),
        values,
        scanner,
      });
      if (!decision.ok) {
        ctx.egressBlocked('conversationData', decision.reason, decision.variables);
        return false;
      }
    }
    return plainWrite(step, ctx);
  };
  return { screenPop, openUrl, setConversationData };
}

/**
 * The scan layer of a session: its vault client (`session.secured.client`, set by
 * `<cx-interaction>.secured`) when it has a `scan`; `undefined` without a vault (nothing is held).
 */
export function scannerOf(session: unknown): PlaintextScan | undefined {
  const client = (session as { secured?: { client?: unknown } } | undefined)?.secured?.client;
  return client && typeof (client as PlaintextScan).scan === 'function'
    ? (client as PlaintextScan)
    : undefined;
}
