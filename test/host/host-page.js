/* global window, location */
/**
 * A CRM page for the HostBridge tests, framed from another origin: it records every message it
 * receives (origin, whether from its parent, data) and takes commands from the test on a
 * MessagePort (so that the test's own traffic never passes through the window the bridge listens
 * on): `record` answers the record, `post` posts messages to its parent.
 */
const desktop = new URLSearchParams(location.search).get('desktop') ?? '';
/** @type {{ origin: string, fromParent: boolean, data: unknown }[]} */
const record = [];
/** @type {MessagePort | undefined} */
let control;

window.addEventListener('message', (e) => {
  if (!control && e.data?.cxTestControl === true && e.ports[0]) {
    control = e.ports[0];
    control.onmessage = onCommand;
    control.postMessage({ type: 'attached', origin: location.origin });
    return;
  }
  record.push({ origin: e.origin, fromParent: e.source === window.parent, data: e.data });
});

/** @param {MessageEvent} e */
function onCommand(e) {
  const { cmd, messages, targetOrigin } = e.data;
  if (cmd === 'record') control?.postMessage({ type: 'record', record });
  if (cmd === 'post') {
    for (const message of messages) window.parent.postMessage(message, targetOrigin ?? desktop);
    control?.postMessage({ type: 'posted', count: messages.length });
  }
}
