/**
 * cx-script's own DOM events: typed `Event` subclasses that bubble and are composed (they cross
 * shadow roots), each listed in `GlobalEventHandlersEventMap` so that
 * `el.addEventListener('cx-page-change', (e) => e.detail.to)` is typed.
 *
 * To add an event: declare its detail interface, subclass `CxEvent` with the event's name, and add
 * one line to the `GlobalEventHandlersEventMap` declaration at the end of this file.
 */

/** The base of every cx-* event: bubbles, composed, not cancelable, with a frozen `detail`. */
export abstract class CxEvent<D extends object> extends Event {
  /** The event's data. Names only, never a secured value's plaintext. */
  readonly detail: Readonly<D>;

  constructor(type: string, detail: D) {
    super(type, { bubbles: true, composed: true, cancelable: false });
    this.detail = Object.freeze({ ...detail });
  }
}

/** Detail of `cx-page-change`. */
export interface CxPageChangeDetail {
  /** The page shown before; `null` when the script starts. */
  from: string | null;
  /** The page shown now. */
  to: string;
}

/** Fired by `<cx-script>` when the page shown changes (start, a `changePage` action, or `page`). */
export class CxPageChangeEvent extends CxEvent<CxPageChangeDetail> {
  static readonly eventName = 'cx-page-change';
  constructor(detail: CxPageChangeDetail) {
    super(CxPageChangeEvent.eventName, detail);
  }
}

/** Detail of `cx-script-error` and `cx-script-warning`. */
export interface CxScriptIssueDetail {
  /** A stable, machine-readable code (e.g. `unknown-variable`). */
  code: string;
  /** A message a script designer can act on. */
  message: string;
  /** The JSON path in the script the issue is about, when known. */
  path: string | undefined;
}

/**
 * Fired by `<cx-script>` once per problem: for each issue of a script that does not parse, and for
 * each error the runtime reports while running actions.
 */
export class CxScriptErrorEvent extends CxEvent<CxScriptIssueDetail> {
  static readonly eventName = 'cx-script-error';
  constructor(detail: CxScriptIssueDetail) {
    super(CxScriptErrorEvent.eventName, detail);
  }
}

/** Fired by `<cx-script>` for a non-fatal problem, e.g. a `{{Var}}` that names no variable. */
export class CxScriptWarningEvent extends CxEvent<CxScriptIssueDetail> {
  static readonly eventName = 'cx-script-warning';
  constructor(detail: CxScriptIssueDetail) {
    super(CxScriptWarningEvent.eventName, detail);
  }
}

/** Detail of `cx-egress-blocked`. */
export interface CxEgressBlockedDetail {
  /** Where the value would have gone: `link`, `image`, `webPage`, `screenPop`, `openUrl` … */
  sink: string;
  /** Why it was blocked, e.g. `secured-value`. */
  reason: string;
  /** The names of the secured variables involved; never their values. */
  variables: readonly string[];
}

/** Fired when the egress guard keeps a secured value from leaving the page. */
export class CxEgressBlockedEvent extends CxEvent<CxEgressBlockedDetail> {
  static readonly eventName = 'cx-egress-blocked';
  constructor(detail: CxEgressBlockedDetail) {
    super(CxEgressBlockedEvent.eventName, {
      ...detail,
      variables: Object.freeze([...detail.variables]),
    });
  }
}

/** Detail of `cx-secured-reveal`. */
export interface CxSecuredRevealDetail {
  /** The secured attribute revealed; never its value. */
  name: string;
}

/** Fired by `<cx-secured-value>` when the agent reveals a secured value (for audit). */
export class CxSecuredRevealEvent extends CxEvent<CxSecuredRevealDetail> {
  static readonly eventName = 'cx-secured-reveal';
  constructor(detail: CxSecuredRevealDetail) {
    super(CxSecuredRevealEvent.eventName, { name: detail.name });
  }
}

/** Detail of `cx-screen-pop`: a URL (already through the egress guard) or a search string. */
export type CxScreenPopDetail =
  { interactionId: string; url: string } | { interactionId: string; searchString: string };

/**
 * Fired by `<cx-script>` for a screen pop with the `host` target: the integrator (or the CRM bridge)
 * opens the record. Like the Genesys Embeddable Framework's `screenPop`.
 */
export class CxScreenPopEvent extends CxEvent<CxScreenPopDetail> {
  static readonly eventName = 'cx-screen-pop';
  constructor(detail: CxScreenPopDetail) {
    super(CxScreenPopEvent.eventName, detail);
  }
}

/** Detail of `cx-flush-failed`: a reason, never a value. */
export interface CxFlushFailedDetail {
  /** The conversation whose batch the platform did not take. */
  interactionId: string;
  /** Why (network down, an HTTP status …), for the agent and the logs. */
  reason: string;
  /** How many attempts failed in a row. */
  attempt: number;
  /** Whether the outbox tries again (with backoff); the batch is kept either way. */
  willRetry: boolean;
}

/**
 * Fired by `<cx-interaction>` each time a flush of its outbox fails: the batch stays stored and is
 * retried with backoff (`willRetry`).
 */
export class CxFlushFailedEvent extends CxEvent<CxFlushFailedDetail> {
  static readonly eventName = 'cx-flush-failed';
  constructor(detail: CxFlushFailedDetail) {
    super(CxFlushFailedEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cx-flush-failed': CxFlushFailedEvent;
    'cx-page-change': CxPageChangeEvent;
    'cx-script-error': CxScriptErrorEvent;
    'cx-script-warning': CxScriptWarningEvent;
    'cx-egress-blocked': CxEgressBlockedEvent;
    'cx-screen-pop': CxScreenPopEvent;
    'cx-secured-reveal': CxSecuredRevealEvent;
  }
}
