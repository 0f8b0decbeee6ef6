// @ts-check
/* global document, location, window */
/**
 * The demo's sample CRM record page (demo/crm.html): the page a screen pop opens. It reads
 * `?account=ACC-…` and shows that account from the sample records below; any other query finds
 * nothing. The desktop frames it (and opens it in a window) from the demo server's other loopback
 * name, so it is a different origin from the desktop, as a real CRM is. No inline script, no
 * innerHTML: everything written to the page is text.
 */

/**
 * @typedef {object} Account
 * @property {string} name
 * @property {string} tier
 * @property {string} since
 * @property {string} phone
 * @property {string} email
 * @property {string} address
 * @property {string} language
 * @property {string[]} cases
 * @property {string[]} history
 */

/** @type {Record<string, Account>} the sample accounts, one per sample call */
const ACCOUNTS = {
  'ACC-48213907': {
    name: 'Dana Whitfield',
    tier: 'Platinum',
    since: 'Customer since March 2014',
    phone: '+1 317-555-0142',
    email: 'dana.whitfield@example.com',
    address: '118 Monument Circle, Indianapolis, IN 46204',
    language: 'English (US)',
    cases: ['CASE-10482 · Card reported lost · Open, opened 30 Oct 2026'],
    history: [
      '30 Oct 2026 · Chat · Travel notice for Lisbon',
      '02 Aug 2026 · Voice · Credit limit review',
    ],
  },
  'ACC-30572214': {
    name: 'Luis Ortega Ramírez',
    tier: 'Gold',
    since: 'Customer since June 2019',
    phone: '+1 512-555-0187',
    email: 'luis.ortega@example.com',
    address: '600 Congress Ave, Austin, TX 78701',
    language: 'Spanish (US)',
    cases: [],
    history: [
      '12 Sep 2026 · Voice · Billing question on INV-198802',
      '03 Jul 2026 · Email · Paperless statements on',
    ],
  },
  'ACC-77104562': {
    name: 'Émilie Tremblay',
    tier: 'Standard',
    since: 'Customer since January 2022',
    phone: '+1 514-555-0199',
    email: 'emilie.tremblay@example.com',
    address: '3450 Rue Saint-Urbain, Montréal, QC H2X 1Y4',
    language: 'French (Canada)',
    cases: [
      'CASE-10511 · Address change · Waiting for the customer',
      'CASE-10533 · Statement reprint · In progress',
    ],
    history: ['02 Nov 2026 · Callback · Address change started'],
  },
};

/** @param {string} id @param {string} text */
function setText(id, text) {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

/** @param {string} id @param {string[]} items @param {string} empty */
function setList(id, items, empty) {
  const list = document.getElementById(id);
  if (!list) return;
  list.replaceChildren(
    ...(items.length ? items : [empty]).map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      if (!items.length) item.className = 'empty';
      return item;
    }),
  );
}

function show() {
  const query = new URLSearchParams(location.search);
  const id = query.get('account') ?? '';
  const account = Object.hasOwn(ACCOUNTS, id) ? ACCOUNTS[id] : undefined;
  if (!account) {
    setText(
      'not-found-text',
      id
        ? `No account ${id} in the sample CRM.`
        : query.has('card')
          ? 'No account matches that card number.'
          : 'Open a record with ?account=ACC-…',
    );
    document.title = 'No matching record · Northwind CRM';
    /** @type {HTMLElement} */ (document.getElementById('not-found')).hidden = false;
    return;
  }
  document.title = `${account.name} · ${id} · Northwind CRM`;
  setText('name', account.name);
  setText('account', id);
  setText('since', account.since);
  setText('tier', account.tier);
  setText('phone', account.phone);
  setText('email', account.email);
  setText('address', account.address);
  setText('language', account.language);
  setList('cases', account.cases, 'No open cases');
  setList('history', account.history, 'No earlier contact');
  const record = /** @type {HTMLElement} */ (document.getElementById('record'));
  record.dataset['account'] = id;
  record.hidden = false;
}

/** Whether the CRM's own console frames this page (then the console's header is enough). */
function inConsole() {
  try {
    return window.parent !== window && window.parent.location.origin === location.origin;
  } catch {
    return false; // framed by another origin (the desktop's CRM pane)
  }
}

if (inConsole()) document.documentElement.classList.add('in-console');
show();
