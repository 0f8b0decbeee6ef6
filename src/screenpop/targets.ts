/**
 * Where a screen pop goes once the egress guard let it through:
 * - `host`: a `cx-screen-pop` event for the integrator (the CRM bridge carries it over postMessage);
 * - `window`: one named browser window per interaction, reused by later pops;
 * - `frame`: the desktop's CRM pane (`<cx-crm-pane>`), through a {@link CrmPaneChannel}.
 */

/** What the host target delivers: a URL or a search string for the CRM's own search. */
export type ScreenPopDetail =
  { interactionId: string; url: string } | { interactionId: string; searchString: string };

/** The three targets, as the screen-pop handlers call them. Each answers whether it delivered. */
export interface ScreenPopTargets {
  host(detail: ScreenPopDetail): boolean;
  window(url: URL, interactionId: string): boolean;
  frame(url: URL, interactionId: string): boolean;
}

/** The name of the pop window of an interaction: `cx-pop-<interactionId>` (unsafe characters as `_`). */
export function popWindowName(interactionId: string): string {
  return `cx-pop-${interactionId.replace(/[^\w-]/g, '_').slice(0, 100)}`;
}

/**
 * Opens the interaction's pop window on `url`, named `cx-pop-<interactionId>`.
 *
 * The window is opened with its name and no features, and its opener is cut at once
 * (`opener = null`, before the CRM page's scripts run), so the CRM page can neither reach nor
 * navigate the desktop (no reverse tabnabbing). The price, measured in Chromium: a window whose
 * opener was cut keeps its name only while it shows a page of the desktop's own origin. A
 * cross-origin CRM page is no longer found by name, so each pop to it opens a new window; keeping
 * the opener would allow reuse but would let the CRM page navigate the desktop, and
 * `noopener` reuses nothing either. Integrators who need one CRM window per interaction use the
 * `host` target (their CRM opens the record) or the `frame` target. The referrer is what the
 * desktop's Referrer-Policy allows. A popup blocker (an automatic pop without a user gesture) makes
 * `open` return `null`: the pop fails and its failure path runs.
 */
export function openPopWindow(
  url: URL,
  interactionId: string,
  opener: Pick<Window, 'open'> = window,
): boolean {
  const popped = opener.open(url.href, popWindowName(interactionId));
  if (!popped) return false;
  try {
    popped.opener = null;
  } catch {
    // A window that already forbids access to its opener is as cut off as we want it.
  }
  return true;
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
