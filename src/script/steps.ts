/**
 * Action steps: the extension point through which the runtime runs each `do`, and the handlers of the
 * steps implemented in the core (`changePage`, `setVariable`, `if`, `alert`, `setConversationData`,
 * `setSecuredData`, `flush`). Later features (`screenPop`, `openUrl`) plug in with `registerStep` or
 * the `handlers` option of `ScriptRuntime` without editing the runtime.
 */
import type { ConditionResult } from '../expr/conditions.js';
import { isExactVariable, type Interpolation } from '../expr/interpolate.js';
import { isSecured } from '../guard/secured-value.js';
import type { Value } from '../expr/scope.js';
import type { InteractionSession } from '../data/session.js';
import type { Condition, Step } from './types.js';
import type { ScriptRuntime } from './runtime.js';

/** The name of a step type (`do`). */
export type StepKind = Step['do'];

/** The step of kind `K`. */
export type StepOf<K extends StepKind> = Extract<Step, { do: K }>;

/** What started an action sequence. */
export interface RunTrigger {
  kind: 'button' | 'onLoad' | 'onConnect';
  /** JSON path of what triggered it (`pages[0].body[3].action`). */
  path: string;
}

/** The detail of an 'egress-blocked' event: names only, never values. */
export interface EgressBlockedDetail {
  code: 'egress-blocked';
  message: string;
  path?: string;
  /** Where the value would have gone (`conversationData`, `screenPop`, `openUrl` …). */
  sink: string;
  /** Why it was blocked. */
  reason: string;
  /** The secured variables the blocked value derives from. */
  variables: string[];
}

/** What a step handler may use. Everything it reports is tied to the step's path. */
export interface StepContext {
  readonly runtime: ScriptRuntime;
  readonly session: InteractionSession;
  /** JSON path of the step (`actions.popCrm[0]`, `pages[1].onLoad[2].then[0]`). */
  readonly path: string;
  readonly trigger: RunTrigger;
  /** Nesting depth of page changes (see `MAX_ACTION_DEPTH`). */
  readonly depth: number;
  /** Aborted when the runtime is disposed; long-running handlers should stop then. */
  readonly signal: AbortSignal;
  /** Interpolates `text` (unknown variables are reported at `path`, default the step's path). */
  interpolate(text: string, path?: string): Interpolation;
  /** Evaluates a condition (unknown variables are reported). */
  evaluate(condition: Condition, path?: string): ConditionResult;
  /**
   * Assigns a variable as `setVariable` does: converts plain values to the variable's type, keeps a
   * secured value as it is (the variable becomes secured), refuses declared-secured variables, and
   * writes output variables to participant data (a secured value there is blocked). Reports every
   * refusal; returns whether the assignment happened.
   */
  assign(variable: string, value: Value, path?: string): boolean;
  /** Runs nested steps (a branch) at this depth; resolves whether they all succeeded. */
  runSteps(steps: readonly Step[], path: string): Promise<boolean>;
  /** Changes page (one level deeper); resolves whether the page changed. */
  changePage(pageId: string): Promise<boolean>;
  /** Fires a 'warning' event. */
  warn(code: string, message: string, extra?: Record<string, unknown>): void;
  /** Fires an 'error' event. */
  error(code: string, message: string, extra?: Record<string, unknown>): void;
  /** Fires an 'egress-blocked' event for this step. */
  egressBlocked(sink: string, reason: string, variables: readonly string[]): void;
  /** Fires any other event on the runtime (e.g. 'alert'). */
  emit(type: string, detail: object): void;
}

/** Runs one step; resolves `true` when it succeeded. A thrown error counts as a failure. */
export type StepHandler<K extends StepKind = StepKind> = (
  step: StepOf<K>,
  context: StepContext,
) => Promise<boolean>;

/** Handlers by step kind. */
export type StepHandlers = { [K in StepKind]?: StepHandler<K> };

type AnyStepHandler = (step: Step, context: StepContext) => Promise<boolean>;

/** The handlers of one runtime, by step kind. */
export class StepRegistry {
  readonly #handlers = new Map<StepKind, AnyStepHandler>();

  constructor(handlers: StepHandlers = {}) {
    for (const [kind, handler] of Object.entries(handlers)) {
      if (handler) this.#handlers.set(kind as StepKind, handler as unknown as AnyStepHandler);
    }
  }

  /** Sets (or replaces) the handler of `kind`. */
  register<K extends StepKind>(kind: K, handler: StepHandler<K>): this {
    this.#handlers.set(kind, handler as unknown as AnyStepHandler);
    return this;
  }

  /** The handler of `kind`, if any. */
  get<K extends StepKind>(kind: K): StepHandler<K> | undefined {
    return this.#handlers.get(kind) as unknown as StepHandler<K> | undefined;
  }

  /** Whether `kind` has a handler. */
  has(kind: StepKind): boolean {
    return this.#handlers.has(kind);
  }

  /** The kinds that have handlers. */
  kinds(): StepKind[] {
    return [...this.#handlers.keys()];
  }
}

/** A handler for steps that later issues implement: fails with a 'not-implemented' error. */
export function notImplemented<K extends StepKind>(kind: K): StepHandler<K> {
  return async (_step, ctx) => {
    ctx.error('not-implemented', `The '${kind}' step at ${ctx.path} is not implemented yet`);
    return false;
  };
}

const changePage: StepHandler<'changePage'> = (step, ctx) => ctx.changePage(step.page);

const setVariable: StepHandler<'setVariable'> = async (step, ctx) => {
  const r = ctx.interpolate(step.value, `${ctx.path}.value`);
  return ctx.assign(step.variable, r.value);
};

const ifStep: StepHandler<'if'> = async (step, ctx) => {
  const { value, secured } = ctx.evaluate(step.condition, `${ctx.path}.condition`);
  if (secured.length) {
    ctx.warn(
      'secured-condition',
      `The condition at ${ctx.path}.condition depends on secured ${secured.join(', ')}, which the page cannot read; the else branch runs`,
      { variables: secured },
    );
  }
  const then = value && !secured.length;
  return ctx.runSteps(
    (then ? step.then : step.else) ?? [],
    `${ctx.path}.${then ? 'then' : 'else'}`,
  );
};

const alert: StepHandler<'alert'> = async (step, ctx) => {
  const r = ctx.interpolate(step.message, `${ctx.path}.message`);
  ctx.emit('alert', { message: r.text, path: ctx.path });
  return true;
};

const setConversationData: StepHandler<'setConversationData'> = async (step, ctx) => {
  const writes: [string, string][] = [];
  const secured = new Set<string>();
  for (const [i, pair] of step.data.entries()) {
    if (typeof pair.name !== 'string' || pair.name.trim() === '') {
      ctx.error('invalid-name', `The name of data[${i}] at ${ctx.path} is blank`, {
        path: `${ctx.path}.data[${i}].name`,
      });
      return false;
    }
    const r = ctx.interpolate(pair.value, `${ctx.path}.data[${i}].value`);
    for (const name of r.secured) secured.add(name);
    writes.push([pair.name, r.text]);
  }
  // All or nothing: nothing is written when one value is secured.
  if (secured.size > 0) {
    ctx.egressBlocked(
      'conversationData',
      'a secured value cannot be written as plain participant data (use setSecuredData)',
      [...secured],
    );
    return false;
  }
  return stored(
    ctx,
    writes.map(([name, value]) => ctx.session.setConversationData(name, value)),
  );
};

/** Whether the writes were stored; when not, an `outbox-unavailable` error and the failure path. */
async function stored(ctx: StepContext, writes: Promise<void>[]): Promise<boolean> {
  try {
    await Promise.all(writes);
    return true;
  } catch (e) {
    ctx.error(
      'outbox-unavailable',
      `The writes at ${ctx.path} are queued but could not be stored (${reason(e)}); a reload would lose them`,
    );
    return false;
  }
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Set Secured Data: every value is encrypted by the vault before anything is queued (ciphertext
 * only). Takes the failure path, with the vault's code as the error's code, when it cannot encrypt
 * (`CustomerKeyNotConfigured`, `CustomerKeyNotFound`), for an empty value (`NoDataSupplied`) or one
 * over 32,000 characters (`MaximumDataSizeExceeded`). A value that is exactly one decrypted
 * secured variable (`{{CardNumber}}`) is copied by the vault from its own plaintext; text made from
 * secured variables is refused (`secured-copy`): the page does not hold their plaintexts.
 */
const setSecuredData: StepHandler<'setSecuredData'> = async (step, ctx) => {
  const pairs: Record<string, string | { handle: string }> = {};
  for (const [i, pair] of step.data.entries()) {
    const path = `${ctx.path}.data[${i}]`;
    if (typeof pair.name !== 'string' || pair.name.trim() === '') {
      ctx.error('invalid-name', `The name of data[${i}] at ${ctx.path} is blank`, {
        path: `${path}.name`,
      });
      return false;
    }
    const r = ctx.interpolate(pair.value, `${path}.value`);
    if (r.secured.length) {
      // A whole decrypted secured variable is copied by the vault, from its own plaintext.
      if (isSecured(r.value) && r.value.handle !== undefined) {
        pairs[pair.name] = { handle: r.value.handle };
        continue;
      }
      ctx.error(
        'secured-copy',
        isSecured(r.value) && r.value.sources.length === 1 && isExactVariable(pair.value)
          ? `Cannot copy ${r.secured[0]} to secured data '${pair.name}' at ${path}.value: it is not decrypted`
          : `Cannot write text made from ${r.secured.join(', ')} to secured data '${pair.name}' at ${path}.value: only a whole secured variable ({{${r.secured[0]}}}) can be copied, since the page never holds secured plaintexts`,
        { path: `${path}.value`, variables: r.secured },
      );
      return false;
    }
    pairs[pair.name] = r.text;
  }
  try {
    await ctx.session.setSecuredData(pairs);
    return true;
  } catch (e) {
    const code = (e as { code?: unknown })?.code;
    ctx.error(
      typeof code === 'string' ? code : 'outbox-unavailable',
      `Set Secured Data at ${ctx.path} failed: ${reason(e)}`,
    );
    return false;
  }
};

/** Sends the queued writes now; fails when the platform does not take them. */
const flush: StepHandler<'flush'> = async (_step, ctx) => {
  try {
    await ctx.session.flush();
    return true;
  } catch (e) {
    ctx.error('flush-failed', `The writes could not be saved at ${ctx.path}: ${reason(e)}`);
    return false;
  }
};

/** The handlers every runtime starts with. */
export function defaultStepHandlers(): StepHandlers {
  return {
    changePage,
    setVariable,
    if: ifStep,
    alert,
    setConversationData,
    screenPop: notImplemented('screenPop'),
    openUrl: notImplemented('openUrl'),
    setSecuredData,
    flush,
  };
}
