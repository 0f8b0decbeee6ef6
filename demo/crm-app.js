// @ts-check
/* global document, location, window */
/**
 * The sample CRM's service console (demo/crm-app.html, served by the CRM server on its own port, so
 * its own origin): it docks the agent desktop's embedded view (`<desktop origin>/embed.html`) in an
 * iframe, speaks the host side of `cx-host/1` with it, and opens its own record page
 * (demo/crm.html) when a `screenPop` arrives.
 *
 * - Messages count only from the desktop's exact origin and its frame's window; anything else is
 *   ignored. `connect` goes to that exact origin, never `*`.
 * - A screen pop's URL opens only when it is one of this CRM's record pages (same origin,
 *   /demo/crm.html); a `searchString` opens the record page's search.
 * No inline script, no innerHTML: everything written to the page is text.
 */
const PROTOCOL = 'cx-host/1';

const meta = /** @type {HTMLMetaElement | null} */ (
  document.querySelector('meta[name="cx-desktop-origin"]')
);
/** The desktop's origin, as the server filled it in (`''` when it did not). */
const desktopOrigin = /^https?:\/\/[^%\s]+$/.test(meta?.content ?? '')
  ? new URL(/** @type {string} */ (meta?.content)).origin
  : '';

/** @param {string} id */
const byId = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The CRM page lacks #${id}`);
  return element;
};
const desktopFrame = /** @type {HTMLIFrameElement} */ (byId('desktop-frame'));
const recordFrame = /** @type {HTMLIFrameElement} */ (byId('record-frame'));
const state = byId('bridge-state');
const log = byId('host-log');

/**
 * Everything the CRM received from the desktop, for the tests and the log below.
 * @type {{ origin: string, type: string, payload: unknown }[]}
 */
const received = [];
/** @type {any} */ (window).__crmHost = { received, desktopOrigin };

/** @param {string} text @param {string} [kind] */
function logLine(text, kind = 'message') {
  const item = document.createElement('li');
  item.dataset['kind'] = kind;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString('en-US', { hour12: false });
  const body = document.createElement('span');
  body.textContent = text;
  item.append(time, body);
  log.prepend(item);
  while (log.children.length > 30) log.lastElementChild?.remove();
}

/** @param {'waiting' | 'connected' | 'error'} kind @param {string} text */
function setState(kind, text) {
  state.dataset['state'] = kind;
  state.textContent = text;
}

/**
 * Opens a record page of this CRM in the record tab; anything else is refused.
 * @param {string} url
 */
function openRecord(url) {
  let target;
  try {
    target = new URL(url, location.href);
  } catch {
    return false;
  }
  if (target.origin !== location.origin || target.pathname !== '/demo/crm.html') return false;
  recordFrame.src = target.href;
  recordFrame.hidden = false;
  byId('record-empty').hidden = true;
  const account = target.searchParams.get('account');
  byId('record-title').textContent = account ? `Account ${account}` : 'Search';
  byId('record-source').textContent = 'opened by a screen pop';
  return true;
}

/** @param {unknown} data */
function isMessage(data) {
  return (
    typeof data === 'object' &&
    data !== null &&
    /** @type {any} */ (data).protocol === PROTOCOL &&
    typeof (/** @type {any} */ (data).type) === 'string'
  );
}

window.addEventListener('message', (event) => {
  // Only the docked desktop, from its exact origin.
  if (!desktopOrigin || event.origin !== desktopOrigin) return;
  if (event.source !== desktopFrame.contentWindow) return;
  if (!isMessage(event.data)) return;
  const { type, payload } = /** @type {{ type: string, payload?: any }} */ (event.data);
  received.push({ origin: event.origin, type, payload });
  if (type === 'ready') {
    setState('connected', `Agent desktop connected (${new URL(desktopOrigin).host})`);
    logLine('ready: the desktop accepted this CRM');
  } else if (type === 'screenPop') {
    const url = typeof payload?.url === 'string' ? payload.url : undefined;
    const search = typeof payload?.searchString === 'string' ? payload.searchString : undefined;
    const opened = url
      ? openRecord(url)
      : search !== undefined &&
        openRecord(`/demo/crm.html?${new URLSearchParams({ q: search }).toString()}`);
    logLine(
      `screenPop ${url ?? `search "${search ?? ''}"`}${opened ? '' : ' (not a record of this CRM: ignored)'}`,
      'pop',
    );
  } else if (type === 'interactionChanged') {
    logLine(`interactionChanged: ${payload?.id ?? '?'} ${payload?.state ?? ''}`);
  } else if (type === 'dataChanged') {
    logLine(`dataChanged: ${(payload?.names ?? []).join(', ')}`);
  } else {
    logLine(type);
  }
});

if (!desktopOrigin) {
  setState('error', 'No agent desktop is configured for this CRM.');
} else {
  byId('desktop-origin').textContent = new URL(desktopOrigin).host;
  desktopFrame.addEventListener('load', () => {
    // The handshake: to the desktop's exact origin only.
    desktopFrame.contentWindow?.postMessage({ protocol: PROTOCOL, type: 'connect' }, desktopOrigin);
  });
  desktopFrame.src = `${desktopOrigin}/embed.html`;
}
