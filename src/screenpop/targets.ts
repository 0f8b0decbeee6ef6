/**
 * Where a screen pop goes once the egress guard let it through:
 * - `host`: a `cx-screen-pop` event for the integrator (the CRM bridge carries it over postMessage);
 * - `window`: one named browser window per interaction, reused by later pops (`openUrl`: a new
 *   window each time);
 * - `frame`: the desktop's CRM pane (`<cx-crm-pane>`), through a {@link CrmPaneChannel}.
 */

/** What the host target delivers: a URL or a search string for the CRM's own search. */
export type ScreenPopDetail =
  { interactionId: string; url: string } | { interactionId: string; searchString: string };

/** The three targets, as the screen-pop handlers call them. Each answers whether it delivered. */
export interface ScreenPopTargets {
  host(detail: ScreenPopDetail): boolean;
  /** `sink` tells a screen pop (the interaction's window) from an `openUrl` (a window of its own). */
  window(url: URL, interactionId: string, sink: 'screenPop' | 'openUrl'): boolean;
  frame(url: URL, interactionId: string): boolean;
}

/** The name of the pop window of an interaction: `cx-pop-<interactionId>` (unsafe characters as `_`). */
export function popWindowName(interactionId: string): string {
  return `cx-pop-${interactionId.replace(/[^\w-]/g, '_').slice(0, 100)}`;
}

let relay: HTMLIFrameElement | undefined;
/** The pop windows opened, by window name. */
const popWindows = new Map<string, Window>();

/**
 * The window that opens pop windows: a hidden, empty frame of the desktop's own origin, made once
 * per page. It, not the desktop, is the pop windows' opener, which gives both things a pop needs:
 * - Reuse: the relay keeps a relationship with the windows it opened, so a later pop finds the
 *   interaction's window by name (and navigates it) even while it shows a cross-origin CRM page.
 * - No reverse tabnabbing: the CRM page's `window.opener` is the relay; Chromium lets a page navigate
 *   its opener but not its opener's parent, so the desktop cannot be navigated from the pop window
 *   (`opener.parent.location = …` and `opener.top.location = …` throw `SecurityError`). At worst a
 *   CRM page navigates the hidden relay, which shows nothing and holds nothing.
 * `undefined` before the document has a root element.
 */
function popRelay(): Window | undefined {
  if (!relay?.isConnected || !relay.contentWindow) {
    const root = document.body ?? document.documentElement;
    if (!root) return undefined;
    relay = document.createElement('iframe');
    relay.hidden = true;
    relay.title = 'cx-script pop windows';
    relay.tabIndex = -1;
    relay.setAttribute('aria-hidden', 'true');
    root.append(relay);
  }
  return relay.contentWindow ?? undefined;
}

/**
 * Opens the interaction's pop window on `url`, named `cx-pop-<interactionId>`, or navigates it when
 * it is open already: one CRM window per interaction, reused by later pops.
 *
 * The window is opened through a hidden relay frame (see `popRelay` in the source), so the CRM page
 * can neither reach nor navigate the desktop; with an explicit `opener` the window is opened from it
 * and its opener is cut at once instead (no reuse then: Chromium finds a cut-off cross-origin window
 * by name no more). The referrer is what the desktop's Referrer-Policy allows. A popup blocker (an
 * automatic pop without a user gesture) makes `open` return `null`: the pop fails and its failure
 * path runs.
 */
export function openPopWindow(
  url: URL,
  interactionId: string,
  opener?: Pick<Window, 'open'>,
): boolean {
  const via = opener ?? popRelay();
  const name = popWindowName(interactionId);
  const popped = (via ?? window).open(url.href, name);
  if (!popped) return false;
  if (via !== relay?.contentWindow) cutOpener(popped);
  popWindows.set(name, popped);
  return true;
}

/**
 * The interaction's pop window while it is open (e.g. to close it at wrap-up), else `undefined`.
 * Its page is the CRM's: cross-origin, only `close()`, `focus()` and navigation are reachable.
 */
export function popWindowOf(interactionId: string): Window | undefined {
  const name = popWindowName(interactionId);
  const w = popWindows.get(name);
  if (w && !w.closed) return w;
  popWindows.delete(name);
  return undefined;
}

/**
 * Opens `url` in a new window of its own, its opener cut at once (`openUrl` to the `window` target:
 * a help page never replaces the interaction's CRM window). False when a popup blocker refused it.
 */
export function openNewWindow(url: URL, opener: Pick<Window, 'open'> = window): boolean {
  const popped = opener.open(url.href, '_blank');
  if (!popped) return false;
  cutOpener(popped);
  return true;
}

function cutOpener(popped: Window): void {
  try {
    popped.opener = null;
  } catch {
    // A window that already forbids access to its opener is as cut off as we want it.
  }
}

/** The detail of a {@link CrmPaneChannel} 'show' event. */
export interface CrmPaneShowDetail {
  interactionId: string;
  url: string;
}

/**
 * The link between screen pops with the `frame` target and the desktop's CRM pane. One channel per
 * `<cx-interaction>`; the pane subscribes to 'show' and frames the URL of its interaction.
 */
export class CrmPaneChannel extends EventTarget {
  readonly #urls = new Map<string, string>();
  #listeners = 0;

  /** Shows `url` (already through the egress guard) for `interactionId`; false when no pane listens. */
  show(url: URL, interactionId: string): boolean {
    this.#urls.set(interactionId, url.href);
    this.dispatchEvent(
      new CustomEvent<CrmPaneShowDetail>('show', { detail: { interactionId, url: url.href } }),
    );
    return this.#listeners > 0;
  }

  /** The URL last shown for `interactionId`. */
  current(interactionId: string): string | undefined {
    return this.#urls.get(interactionId);
  }

  /** Subscribes a pane; returns its unsubscribe function. */
  subscribe(listener: (detail: CrmPaneShowDetail) => void): () => void {
    const handler = (e: Event) => listener((e as CustomEvent<CrmPaneShowDetail>).detail);
    this.addEventListener('show', handler);
    this.#listeners++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#listeners--;
      this.removeEventListener('show', handler);
    };
  }
}
