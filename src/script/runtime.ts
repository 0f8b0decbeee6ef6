/**
 * The script runtime: the framework-free heart of `<cx-script>`. It holds the variables of one script
 * for one interaction, the current page, and runs action sequences. The element is a thin view over it.
 */
import { evaluateCondition, type ConditionResult } from '../expr/conditions.js';
import { interpolate } from '../expr/interpolate.js';
import type { Scope, Value } from '../expr/scope.js';
import { bindVariables, defaultValue } from '../data/binding.js';
import { convertToType } from '../data/convert.js';
import type { InteractionSession } from '../data/session.js';
import { isSecured } from '../guard/secured-value.js';
import { appendPath } from './path.js';
import type {
  ActionRef,
  Component,
  Condition,
  Page,
  PlainValue,
  Script,
  Step,
  VariableDef,
} from './types.js';
import {
  StepRegistry,
  defaultStepHandlers,
  type EgressBlockedDetail,
  type RunTrigger,
  type StepContext,
  type StepHandler,
  type StepHandlers,
  type StepKind,
} from './steps.js';

/** How many page changes may nest (a changePage whose onLoad changes page again …). */
export const MAX_ACTION_DEPTH = 16;

/** The detail of every 'warning' and 'error' event. */
export interface RuntimeIssueDetail {
  /** A stable code: `unknown-variable`, `unknown-page`, `not-implemented`, `secured-condition` … */
  code: string;
  /** What happened and where, for a person. Never contains a secured value. */
  message: string;
  /** JSON path in the script, when known. */
  path?: string;
  /** The variable concerned, when there is one. */
  variable?: string;
  /** The secured variables concerned, when there are some. */
  variables?: string[];
}

/** The detail of 'page-change': `from` is `null` when the first page is shown. */
export interface PageChangeDetail {
  from: string | null;
  to: string;
}

/** The detail of 'change': the variables whose values changed. */
export interface ChangeDetail {
  names: string[];
}

/** The detail of 'alert': the message (secured values masked) and the step's path. */
export interface AlertDetail {
  message: string;
  path?: string;
}

/** The events of a `ScriptRuntime`, all plain `CustomEvent`s. */
export interface ScriptRuntimeEventMap {
  'page-change': CustomEvent<PageChangeDetail>;
  change: CustomEvent<ChangeDetail>;
  warning: CustomEvent<RuntimeIssueDetail>;
  error: CustomEvent<RuntimeIssueDetail>;
  alert: CustomEvent<AlertDetail>;
  'egress-blocked': CustomEvent<EgressBlockedDetail>;
}

/** Options of a `ScriptRuntime`. */
export interface ScriptRuntimeOptions {
  /** Step handlers that replace or add to the defaults (`screenPop`, `openUrl`, `setSecuredData` …). */
  handlers?: StepHandlers;
  /**
   * Checks the text an output variable is about to write to plain participant data (the egress
   * guard's scan: a plaintext the agent typed back must not be written). Resolves whether the
   * write may go ahead; without it, writes are queued at once.
   */
  writeGuard?: (
    text: string,
  ) => Promise<{ ok: true } | { ok: false; reason: string; variables: readonly string[] }>;
}

/** ` at <path>` for a message, or nothing without a path. */
const at = (path: string | undefined): string => (path ? ` at ${path}` : '');

/**
 * Runs one script for one interaction.
 *
 * Events (plain `CustomEvent`s, see `ScriptRuntimeEventMap`): 'page-change', 'change', 'warning',
 * 'error', 'alert', 'egress-blocked'. Warnings and errors carry `{ code, message, path? }`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below only types the inherited addEventListener
export class ScriptRuntime extends EventTarget implements Scope {
  /** The script being run. */
  readonly script: Script;
  /** The interaction it runs for. */
  readonly session: InteractionSession;
  /** The step handlers; `registerStep` adds to them. */
  readonly handlers: StepRegistry;

  /** Variable values. */
  readonly #values = new Map<string, Value>();
  /** Variable definitions. */
  readonly #defs = new Map<string, VariableDef>();
  /** Pages by id (the first of a repeated id wins), with their index in `script.pages`. */
  readonly #pages = new Map<string, [page: Page, index: number]>();
  /** Keys of the warnings given once. */
  readonly #warned = new Set<string>();
  readonly #abort = new AbortController();
  readonly #writeGuard: ScriptRuntimeOptions['writeGuard'];
  /** The latest output write per variable, so that a slow check never lets an older value win. */
  readonly #writes = new Map<string, number>();
  #pageId: string;
  #shown = false;
  #navigations = 0;
  #started: Promise<void> | undefined;

  constructor(script: Script, session: InteractionSession, options: ScriptRuntimeOptions = {}) {
    super();
    this.script = script;
    this.session = session;
    this.handlers = new StepRegistry({ ...defaultStepHandlers(), ...options.handlers });
    this.#writeGuard = options.writeGuard;
    script.pages.forEach((page, index) => {
      if (!this.#pages.has(page.id)) this.#pages.set(page.id, [page, index]);
    });
    const first = script.pages[0];
    if (!first) throw new Error(`Script '${script.name}' has no pages`);
    this.#pageId = this.#pages.has(script.startPage) ? script.startPage : first.id;
    for (const def of script.variables) {
      this.#defs.set(def.name, def);
      // Defaults only, so that `get` answers before `start` binds the interaction's data.
      this.#values.set(def.name, defaultValue(def).value);
    }
  }

  /** The id of the page shown (the start page until `start` runs). */
  get pageId(): string {
    return this.#pageId;
  }

  /** The page shown. */
  get page(): Page {
    return this.#pages.get(this.#pageId)![0];
  }

  /** Whether `dispose` was called. */
  get disposed(): boolean {
    return this.#abort.signal.aborted;
  }

  /**
   * Binds the variables to the interaction (reporting binding warnings), runs `script.onConnect`,
   * then shows the start page ('page-change' with `from: null`) and runs its onLoad. When onConnect
   * changes page itself, that page stays. Calling it again returns the same promise.
   */
  start(): Promise<void> {
    return (this.#started ??= this.#start());
  }

  async #start(): Promise<void> {
    const { script, session } = this;
    const { values, warnings } = bindVariables(script, session);
    for (const [name, value] of values) this.#values.set(name, value);
    // The vault decrypted (or forgot) secured attributes: secured variables that still hold the
    // attribute itself take its new value (with its handle and preview) and 'change' fires.
    session.addEventListener(
      'secured-change',
      (e) => {
        const names = (e as CustomEvent<{ names: string[] }>).detail.names.filter((name) => {
          const current = this.#values.get(name);
          const next = session.getSecuredData(name);
          if (!this.#defs.get(name)?.secured || !next || !isSecured(current)) return false;
          if (current.sources.length !== 1 || current.sources[0] !== name) return false;
          this.#values.set(name, next);
          return true;
        });
        if (names.length) this.#emit('change', { names });
      },
      { signal: this.#abort.signal },
    );
    for (const w of warnings)
      this.#issue('warning', w.code, w.message, w.path, { variable: w.variable });
    this.#emit('change', { names: [...values.keys()] });
    if (!this.#pages.has(script.startPage)) {
      this.#issue(
        'error',
        'unknown-page',
        `The start page '${script.startPage}' does not exist; showing '${this.#pageId}'`,
        'startPage',
      );
    }
    const before = this.#navigations;
    if (script.onConnect !== undefined) {
      await this.#run(script.onConnect, { kind: 'onConnect', path: 'onConnect' }, 0);
    }
    if (this.#navigations === before) await this.#navigate(this.#pageId, 'startPage', 0);
  }

  /**
   * Shows page `pageId` ('page-change' `{ from, to }`) and runs its onLoad. An unknown page fires an
   * 'error' (code `unknown-page`) and the page stays.
   */
  async goTo(pageId: string): Promise<void> {
    await this.#navigate(pageId, undefined, 0);
  }

  /** The value of `name`: a script variable first, then a built-in; `undefined` when neither exists. */
  get(name: string): Value | undefined {
    return this.#values.has(name) ? (this.#values.get(name) ?? null) : this.session.builtin(name);
  }

  /** The definition of variable `name`, if the script declares it. */
  variable(name: string): VariableDef | undefined {
    return this.#defs.get(name);
  }

  /**
   * Sets a variable from a field: converts to the variable's type (an unconvertible value becomes
   * `null` with an `invalid-value` warning), fires 'change', and queues output variables to
   * participant data (lists as a JSON array, `null` as ''). Refuses secured variables and unknown
   * names with an 'error' event.
   */
  set(name: string, value: PlainValue | null, path?: string): void {
    if (!this.disposed) this.#assign(name, value, path, true);
  }

  /**
   * The text of `text` with `{{Var}}` interpolated: secured values masked, unknown variables as ''
   * with ONE 'warning' (code `unknown-variable`) per distinct name for this runtime.
   */
  interpolate(text: string, path?: string): string {
    return this.#interpolate(text, path).text;
  }

  /** The value of `text` interpolated: tainted (a `SecuredValue`) when any part is secured. */
  interpolateValue(text: string, path?: string): Value {
    return this.#interpolate(text, path).value;
  }

  /**
   * Whether `component` is shown: true without a `visible` condition. A condition that depends on a
   * secured value hides the component and warns once per path (code `secured-condition`).
   */
  isVisible(component: Component, path?: string): boolean {
    if (!component.visible) return true;
    const path2 = path ? `${path}.visible` : undefined;
    const { value, secured } = this.#evaluate(component.visible, path);
    if (secured.length && this.#once(`secured-condition ${path2}`)) {
      this.#issue(
        'warning',
        'secured-condition',
        `The visible condition${at(path2)} depends on secured ${secured.join(', ')}, which the page cannot read; the component is hidden`,
        path2,
        { variables: secured },
      );
    }
    return value;
  }

  /**
   * Runs an action: a named entry of `script.actions` or inline steps. Steps run in order; after a
   * step succeeds its `onSuccess` steps run, then the next step; when a step fails its `onFailure`
   * steps run and the sequence stops. Resolves whether the whole sequence succeeded.
   */
  run(ref: ActionRef, trigger: RunTrigger): Promise<boolean> {
    return this.#run(ref, trigger, 0);
  }

  /** Sets the handler of a step kind (e.g. `screenPop` from the screen-pop feature). */
  registerStep<K extends StepKind>(kind: K, handler: StepHandler<K>): void {
    this.handlers.register(kind, handler);
  }

  /** Stops the runtime: running sequences stop after their current step, no more events fire. */
  dispose(): void {
    this.#abort.abort();
  }

  // ---- internals ----

  #emit(type: string, detail: object): void {
    if (!this.disposed) this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * Fires a 'warning' or 'error' `{ code, message, path, ...extra }` (`variable`, `variables` …),
   * leaving out the extras that are `undefined`.
   */
  #issue(type: 'warning' | 'error', code: string, message: string, path?: string, extra?: object) {
    const detail: Record<string, unknown> = {};
    for (const [k, v] of Object.entries({ code, message, path, ...extra })) {
      if (v !== undefined) detail[k] = v;
    }
    this.#emit(type, detail);
  }

  /** True the first time `key` is seen. */
  #once(key: string): boolean {
    return this.#warned.size < this.#warned.add(key).size;
  }

  #reportUnknown(names: readonly string[], path: string | undefined): void {
    for (const name of names) {
      if (this.#once(`unknown-variable ${name}`)) {
        this.#issue(
          'warning',
          'unknown-variable',
          `Unknown variable '{{${name}}}'${at(path)}: it shows as empty`,
          path,
          { variable: name },
        );
      }
    }
  }

  #interpolate(text: string, path: string | undefined): ReturnType<typeof interpolate> {
    const r = interpolate(text, this);
    this.#reportUnknown(r.unknown, path);
    return r;
  }

  #evaluate(condition: Condition, path: string | undefined): ConditionResult {
    const r = evaluateCondition(condition, this);
    this.#reportUnknown(r.unknown, path);
    return r;
  }

  /**
   * Assigns `value` to `name` for `set` (`field`: an unconvertible value empties the variable with
   * a warning) or a step (it is refused with an error). A secured value taints the variable; in an
   * output variable it is blocked, as it would reach plain participant data.
   */
  #assign(name: string, value: Value, path: string | undefined, field?: boolean): boolean {
    const def = this.#defs.get(name);
    if (!def || def.secured) {
      this.#issue(
        'error',
        def ? 'secured-variable' : 'unknown-variable',
        def
          ? `Cannot set secured variable '${name}'${at(path)}; secured data is written with setSecuredData`
          : `Cannot set '${name}'${at(path)}: the script declares no such variable`,
        path,
        { variable: name },
      );
      return false;
    }
    if (isSecured(value)) {
      if (def.output) {
        this.#egressBlocked(
          path!,
          'conversationData',
          `output variable '${name}' would write a secured value to plain participant data`,
          value.sources,
        );
        return false;
      }
      // Tainted: the variable now holds a secured value (no conversion without the plaintext).
      this.#values.set(name, value);
      this.#emit('change', { names: [name] });
      return true;
    }
    const { value: converted, problem } = convertToType(value, def.type);
    if (problem) {
      this.#issue(
        field ? 'warning' : 'error',
        'invalid-value',
        `The value for '${name}'${at(path)} ${problem}; the variable is ${field ? 'empty' : 'unchanged'}`,
        path,
        { variable: name },
      );
      if (!field) return false;
    }
    this.#values.set(name, converted);
    this.#emit('change', { names: [name] });
    // The text written to participant data: lists as a JSON array, `null` as ''.
    if (def.output) {
      void this.#writeOutput(
        name,
        converted === null
          ? ''
          : Array.isArray(converted)
            ? JSON.stringify(converted)
            : String(converted),
        path,
      );
    }
    return true;
  }

  /** Queues an output variable's participant-data write once the write guard lets it through. */
  async #writeOutput(name: string, text: string, path: string | undefined): Promise<void> {
    const guard = this.#writeGuard;
    if (guard) {
      const ticket = (this.#writes.get(name) ?? 0) + 1;
      this.#writes.set(name, ticket);
      const decision = await guard(text);
      if (this.disposed || this.#writes.get(name) !== ticket) return;
      if (!decision.ok) {
        this.#egressBlocked(
          path ?? `variables.${name}`,
          'conversationData',
          `output variable '${name}' would write secured data (${decision.reason}) to plain participant data`,
          decision.variables,
        );
        return;
      }
    }
    this.session.setConversationData(name, text);
  }

  #egressBlocked(path: string, sink: string, reason: string, variables: readonly string[]): void {
    const names = [...new Set(variables)];
    this.#emit('egress-blocked', {
      code: 'egress-blocked',
      message: `Blocked at ${path}: ${reason} (secured ${names.join(', ')})`,
      path,
      sink,
      reason,
      variables: names,
    } satisfies EgressBlockedDetail);
  }

  async #navigate(pageId: string, path: string | undefined, depth: number): Promise<boolean> {
    if (this.disposed) return false;
    const target = this.#pages.get(pageId);
    if (depth > MAX_ACTION_DEPTH || !target) {
      this.#issue(
        'error',
        target ? 'recursion-limit' : 'unknown-page',
        target
          ? `Page changes nest deeper than ${MAX_ACTION_DEPTH}${at(path)}: a page's onLoad keeps changing page; stopped before '${pageId}'`
          : `Page '${pageId}' does not exist${at(path)}; staying on '${this.#pageId}'`,
        path,
      );
      return false;
    }
    const from = this.#shown ? this.#pageId : null;
    this.#pageId = pageId;
    this.#shown = true;
    this.#navigations++;
    this.#emit('page-change', { from, to: pageId });
    const onLoad = target[0].onLoad;
    if (onLoad !== undefined) {
      await this.#run(onLoad, { kind: 'onLoad', path: `pages[${target[1]}].onLoad` }, depth);
    }
    return true;
  }

  async #run(ref: ActionRef, trigger: RunTrigger, depth: number): Promise<boolean> {
    if (typeof ref !== 'string') return this.#runSteps(ref, trigger.path, trigger, depth);
    const { actions } = this.script;
    if (Object.hasOwn(actions, ref)) {
      return this.#runSteps(actions[ref]!, appendPath('actions', ref), trigger, depth);
    }
    this.#issue(
      'error',
      'unknown-action',
      `Action '${ref}'${at(trigger.path)} does not exist`,
      trigger.path,
    );
    return false;
  }

  async #runSteps(
    steps: readonly Step[],
    base: string,
    trigger: RunTrigger,
    depth: number,
  ): Promise<boolean> {
    for (const [i, step] of steps.entries()) {
      if (this.disposed) return false;
      const path = `${base}[${i}]`;
      const ok = await this.#runStep(step, path, trigger, depth);
      const next = ok ? step.onSuccess : step.onFailure;
      const branch = next?.length
        ? await this.#runSteps(next, `${path}.${ok ? 'onSuccess' : 'onFailure'}`, trigger, depth)
        : true;
      if (!ok || !branch) return false;
    }
    return !this.disposed;
  }

  async #runStep(step: Step, path: string, trigger: RunTrigger, depth: number): Promise<boolean> {
    const handler = this.handlers.get(step.do) as
      ((step: Step, context: StepContext) => Promise<boolean>) | undefined;
    const context: StepContext = {
      runtime: this,
      session: this.session,
      path,
      trigger,
      depth,
      signal: this.#abort.signal,
      interpolate: (text, at = path) => this.#interpolate(text, at),
      evaluate: (condition, at = path) => this.#evaluate(condition, at),
      assign: (variable, value, at = path) => this.#assign(variable, value, at),
      runSteps: (steps, at) => this.#runSteps(steps, at, trigger, depth),
      changePage: (pageId) => this.#navigate(pageId, `${path}.page`, depth + 1),
      warn: (code, message, extra) => this.#issue('warning', code, message, path, extra),
      error: (code, message, extra) => this.#issue('error', code, message, path, extra),
      egressBlocked: (sink, reason, variables) =>
        this.#egressBlocked(path, sink, reason, variables),
      emit: (type, detail) => this.#emit(type, detail),
    };
    try {
      if (handler) return (await handler(step, context)) === true;
      this.#issue(
        'error',
        'unknown-step',
        `No handler for step '${String(step.do)}' at ${path}`,
        path,
      );
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.#issue(
        'error',
        'step-failed',
        `The '${step.do}' step at ${path} failed: ${reason}`,
        path,
      );
    }
    return false;
  }
}

/** Typed `addEventListener` for the runtime's events (declaration merging: no code). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- types only, see above
export interface ScriptRuntime {
  addEventListener<K extends keyof ScriptRuntimeEventMap>(
    type: K,
    listener: (event: ScriptRuntimeEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
}
