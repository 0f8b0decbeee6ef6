// @ts-check
/**
 * The demo servers (scripts/serve.mjs) started beside the web-test-runner dev server, on free ports,
 * for test/demo/ and test/embed/: the desktop, which serves the built demo (dist/ is built by
 * `npm test` before the tests run), and the sample CRM that embeds the desktop's /embed.html. The
 * embedded view may be framed by the CRM under both loopback names (`frame-ancestors`), but its
 * HostBridge accepts only `http://localhost:<crm port>`: the CRM loaded from 127.0.0.1 is a host
 * that may frame the view and must still be refused at the handshake.
 *
 *   GET /__test/demo-url     { url, crmUrl } of the running servers (http://localhost:<port>/)
 *
 * and three test-runner commands (`executeServerCommand` from @web/test-runner-commands):
 *
 *   demo-probe { paths: string[], method?: 'GET' | 'HEAD' | 'POST', site?: 'desktop' | 'crm' }
 *     → [{ path, status, headers }]: raw HTTP requests to the demo server (or the CRM's), paths sent
 *       exactly as given (no client-side normalisation, so `/dist/../package.json` reaches the
 *       server as is).
 *   embed-audit { scheme: 'light' | 'dark', crmHost: 'localhost' | '127.0.0.1', card: string }
 *     → what a real Chromium saw on the sample CRM's page (from `crmHost`) with the desktop docked
 *       in it: console errors, page errors, failed requests, CSP violations in every frame, what
 *       the CRM received over postMessage (origin, type, payload), the record it opened, the
 *       embedded HostBridge's stats, the card revealed in the embedded view (its "Show"), and
 *       axe-core's violations in the CRM's page and in the embedded view.
 *   designer-audit { scheme: 'light' | 'dark', typed: string }
 *     → what a real Chromium saw on /designer.html (see designerAudit): errors, CSP violations in
 *       every frame, the editor and preview, the preview after typing `typed` in the editor, a
 *       secured sample encrypted by the page's vault, and axe-core's violations.
 *   demo-audit { scheme: 'light' | 'dark', calls: number, accounts: string[], card: string }
 *     → what a real Chromium saw while it loaded the demo in a fresh browser context of the test
 *       browser itself (same binary, same flags): console errors and warnings, page errors, failed
 *       requests, HTTP errors, CSP violations (the `securitypolicyviolation` event, in every frame),
 *       cx-script-error / cx-script-warning / cx-egress-blocked events; a snapshot of the interaction
 *       card, participant data and script text for each call as "Next call" (clicked with the mouse,
 *       the last time pressed with the keyboard) cycles through them, with the CRM pane's frame
 *       (its src and the record it shows, once it shows `accounts[i]`) and the activity log; back on
 *       the first call, the screen pops: a CRM search by a number the vault does not hold (it goes
 *       through), then by `card`, the first call's card number typed as the caller reads it (it is
 *       blocked): the notice, the script, the activity log, every frame's and window's URL, and
 *       the cx-egress-blocked events it fired; "Open in CRM window" (the window's URL, its
 *       opener, the record it shows); one pass through the script (verify → reason); the
 *       status-bar metrics; the landmarks; and axe-core's violations for the loaded page.
 */
/* global window, document, location, Node, Element, HTMLInputElement, HTMLTextAreaElement --
   recordPageEvents, deepTextOf and the page.evaluate callbacks run in the audited page */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { startCrmServer, startDemoServer } from '../../scripts/serve.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const DEMO_URL_PATH = '/__test/demo-url';

/**
 * @param {string} base @param {string} path @param {string} method
 * @returns {Promise<{ path: string, status: number, headers: Record<string, string> }>}
 */
function rawRequest(base, path, method) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path, method, headers: { host: url.host } },
      (res) => {
        res.resume();
        res.on('end', () => {
          /** @type {Record<string, string>} */
          const headers = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined)
              headers[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ path, status: res.statusCode ?? 0, headers });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Runs in every frame of the audited page before its scripts: records what the page reports. */
function recordPageEvents() {
  /** @type {any} */
  const w = window;
  const log = (w.__cxAudit = { csp: [], scriptErrors: [], scriptWarnings: [], egressBlocked: [] });
  document.addEventListener('securitypolicyviolation', (e) =>
    log.csp.push({
      directive: e.effectiveDirective,
      blocked: e.blockedURI,
      source: `${e.sourceFile}:${e.lineNumber}`,
      frame: location.pathname,
    }),
  );
  /** @param {string} type @param {any[]} into */
  const record = (type, into) =>
    document.addEventListener(type, (e) => into.push(/** @type {any} */ (e).detail ?? null), true);
  record('cx-script-error', log.scriptErrors);
  record('cx-script-warning', log.scriptWarnings);
  record('cx-egress-blocked', log.egressBlocked);
}

/** Runs in the page: the src of the CRM pane's frame ('' before the first frame pop). */
function crmPaneSrc() {
  return document.querySelector('cx-crm-pane')?.shadowRoot?.querySelector('iframe')?.src ?? '';
}

/** Runs in the page: the text of `<cx-script>`'s alerts (the notices of blocked actions). */
function scriptAlerts() {
  const root = document.querySelector('cx-script')?.shadowRoot;
  return [...(root?.querySelectorAll('[part="alert"]') ?? [])].map((a) =>
    (a.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
}

/** Runs in the page: visible text under `root`, shadow roots included. */
function deepTextOf(/** @type {string} */ selector) {
  const root = document.querySelector(selector);
  if (!root) return '';
  /** @type {string[]} */
  const out = [];
  /** @param {Node} node */
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push(node.textContent ?? '');
      return;
    }
    if (node instanceof Element) {
      if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) return;
      if (!node.checkVisibility()) return;
      if (node.shadowRoot) walk(node.shadowRoot);
      if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement)
        out.push(` ${node.value} `);
    }
    for (const child of node.childNodes) walk(child);
    if (node instanceof Element) out.push(' ');
  };
  walk(root);
  return out.join('').replace(/\s+/g, ' ').trim();
}

/**
 * The record a CRM page shows (its frame, or its window): `{ account, text }` once it has rendered.
 * @param {import('puppeteer-core').Frame} frame
 */
async function crmRecordOf(frame) {
  await frame.waitForSelector('#record:not([hidden]), #not-found:not([hidden])', {
    timeout: 5_000,
  });
  return frame.evaluate(() => ({
    account: document.querySelector('#record:not([hidden])')?.getAttribute('data-account') ?? '',
    text: (document.querySelector('main:not([hidden])')?.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}

/**
 * @typedef {{ consoleErrors: string[], consoleWarnings?: string[], pageErrors: string[],
 *   failedRequests: string[], httpErrors: string[] }} PageFindings
 */

/**
 * Records what a page reports into `findings`: console errors (and warnings, where `findings` keeps
 * them), uncaught page errors, failed requests and HTTP errors.
 * @param {import('puppeteer-core').Page} p
 * @param {PageFindings} findings
 */
function watchPage(p, findings) {
  p.on('console', (message) => {
    const where = message.location()?.url ?? '';
    const text = `${message.text()}${where ? ` (${where})` : ''}`;
    if (message.type() === 'error') findings.consoleErrors.push(text);
    if (message.type() === 'warn') findings.consoleWarnings?.push(text);
  });
  p.on('pageerror', (error) =>
    findings.pageErrors.push(error instanceof Error ? error.message : String(error)),
  );
  p.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'failed';
    // DevTools sometimes reports the vault worker's key-broker fetch as net::ERR_ABORTED after
    // its 200 response arrived, while the worker reads the whole answer and adds the key (the
    // blocked-pop test needs that key). A request answered before it "failed" did not fail.
    if (error === 'net::ERR_ABORTED' && req.response()?.ok()) return;
    findings.failedRequests.push(`${req.url()}: ${error}`);
  });
  p.on('response', (res) => {
    if (res.status() >= 400) findings.httpErrors.push(`${res.status()} ${res.url()}`);
  });
}

/**
 * A new page of `context` in colour `scheme`, recording page events (CSP violations …) from its
 * first document on, and watched with {@link watchPage}.
 * @param {import('puppeteer-core').BrowserContext} context
 * @param {'light' | 'dark'} scheme
 * @param {PageFindings} findings
 * @param {{ width: number, height: number }} [viewport]
 */
async function auditPage(context, scheme, findings, viewport = { width: 1440, height: 900 }) {
  const page = await context.newPage();
  await page.setViewport(viewport);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.evaluateOnNewDocument(recordPageEvents);
  watchPage(page, findings);
  return page;
}

/**
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} url
 * @param {{ scheme?: 'light' | 'dark', calls?: number, accounts?: string[], card?: string }} options
 */
async function audit(browser, url, { scheme = 'light', calls = 3, accounts = [], card = '' }) {
  const context = await browser.createBrowserContext();
  const findings = {
    url,
    consoleErrors: /** @type {string[]} */ ([]),
    consoleWarnings: /** @type {string[]} */ ([]),
    pageErrors: /** @type {string[]} */ ([]),
    failedRequests: /** @type {string[]} */ ([]),
    httpErrors: /** @type {string[]} */ ([]),
    csp: /** @type {any[]} */ ([]),
    scriptErrors: /** @type {any[]} */ ([]),
    scriptWarnings: /** @type {any[]} */ ([]),
    egressBlocked: /** @type {any[]} */ ([]),
    calls: /** @type {Record<string, unknown>[]} */ ([]),
    activity: '',
    pops: /** @type {Record<string, any>} */ ({}),
    flow: /** @type {Record<string, string>} */ ({}),
    metrics: /** @type {Record<string, string>} */ ({}),
    landmarks: /** @type {string[]} */ ([]),
    axe: /** @type {{ id: string, impact: string, help: string, targets: string[] }[]} */ ([]),
  };
  try {
    const page = await auditPage(context, scheme, findings, { width: 1280, height: 800 });

    await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    await page.waitForSelector('cx-interaction[data-ready]', { timeout: 10_000 });

    const snapshot = async () => {
      const text = (/** @type {string} */ selector) => page.evaluate(deepTextOf, selector);
      return {
        customer: await text('#customer-name'),
        ani: await text('#call-ani'),
        queue: await text('#call-queue'),
        media: await text('#call-media'),
        position: await text('#call-position'),
        participantData: await text('cx-participant-data'),
        script: await text('cx-script'),
      };
    };
    const nextCall = async (/** @type {'mouse' | 'keyboard'} */ how) => {
      const before = await page.evaluate(deepTextOf, '#customer-name');
      if (how === 'mouse') await page.click('#next-call');
      else {
        await page.focus('#next-call');
        await page.keyboard.press('Enter');
      }
      await page.waitForFunction(
        (previous) =>
          document.querySelector('#customer-name')?.textContent !== previous &&
          document.querySelector('#call-state')?.textContent === 'Connected',
        { timeout: 5_000 },
        before,
      );
    };

    /** Polls until the script greets the customer shown on the interaction card. */
    const scriptShowsCustomer = async () => {
      const until = Date.now() + 5_000;
      for (;;) {
        const customer = await page.evaluate(deepTextOf, '#customer-name');
        const script = await page.evaluate(deepTextOf, 'cx-script');
        if (customer && script.includes(customer)) return;
        if (Date.now() > until)
          throw new Error(`The script never showed ${customer}; it shows: ${script.slice(0, 300)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    /** Waits until the CRM pane frames a URL that contains `part`; answers its src and record. */
    const crmPaneShows = async (/** @type {string} */ part) => {
      await page.waitForFunction(
        (wanted) =>
          (
            document.querySelector('cx-crm-pane')?.shadowRoot?.querySelector('iframe')?.src ?? ''
          ).includes(wanted),
        { timeout: 5_000 },
        part,
      );
      const src = await page.evaluate(crmPaneSrc);
      // The iframe's src changes first; its frame navigates after.
      const until = Date.now() + 5_000;
      let frame;
      while (!(frame = page.frames().find((f) => f.url() === src))) {
        if (Date.now() > until) throw new Error(`No frame shows ${src}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return { src, record: await crmRecordOf(frame) };
    };
    const activityLog = () => page.evaluate(deepTextOf, '#activity-log');

    for (let i = 0; i < calls; i += 1) {
      if (i > 0) await nextCall(i === calls - 1 ? 'keyboard' : 'mouse');
      await scriptShowsCustomer();
      const crm = await crmPaneShows(`account=${accounts[i] ?? ''}`);
      findings.calls.push({ ...(await snapshot()), crm });
    }
    findings.activity = await activityLog();

    // Back to the first call: its screen pops.
    await nextCall('mouse');
    await scriptShowsCustomer();
    const cardField = page.locator(
      '::-p-aria([name="Card number, as the caller reads it"][role="textbox"])',
    );
    const searchByCard = page.locator(
      '::-p-aria([name="Search CRM by card number"][role="button"])',
    );
    const blockedSoFar = () =>
      page.evaluate(() => /** @type {any} */ (window).__cxAudit.egressBlocked.length);

    // A number the vault does not hold: the search goes through (the guard does not block all).
    await cardField.fill('4000 0000 0000 0002');
    await searchByCard.click();
    findings.pops.control = await crmPaneShows('card=4000');
    findings.pops.controlScript = await page.evaluate(deepTextOf, 'cx-script');

    // The card on file, as the caller reads it: the vault's scan blocks the pop.
    const before = await blockedSoFar();
    await cardField.fill(card);
    await searchByCard.click();
    await page.waitForFunction(
      () =>
        [
          ...(document.querySelector('cx-script')?.shadowRoot?.querySelectorAll('[part="alert"]') ??
            []),
        ].length > 0,
      { timeout: 5_000 },
    );
    await page.waitForFunction(
      () => /** @type {any} */ (window).__cxAudit.egressBlocked.length > 0,
      { timeout: 5_000 },
    );
    findings.pops.blocked = {
      alerts: await page.evaluate(scriptAlerts),
      script: await page.evaluate(deepTextOf, 'cx-script'),
      activity: await activityLog(),
      paneSrc: await page.evaluate(crmPaneSrc),
      frameUrls: page.frames().map((f) => f.url()),
      events: await page.evaluate(
        (from) => /** @type {any} */ (window).__cxAudit.egressBlocked.slice(from),
        before,
      ),
    };

    // Open in CRM window: one named window, reused by a second pop, showing the record; the CRM
    // page cannot navigate the desktop (reverse tabnabbing) through any handle it has.
    const popup = context.waitForTarget(
      (t) => t.type() === 'page' && t.url().includes('/demo/crm.html?account='),
      { timeout: 5_000 },
    );
    await page.locator('::-p-aria([name="Open in CRM window"][role="button"])').click();
    const win = await (await popup).page();
    if (!win) throw new Error('"Open in CRM window" opened no window');
    const desktopUrl = page.url();
    // The attack first, before the CRM window's console is watched: Chromium logs each refused
    // navigation ("Unsafe attempt to initiate navigation") there, which is the point.
    const hijack = await win.evaluate(
      (target) => {
        const results = [];
        for (const handle of [window.opener?.top, window.opener?.parent]) {
          try {
            if (handle) handle.location.href = target;
            results.push('navigated');
          } catch (e) {
            results.push(/** @type {Error} */ (e).name);
          }
        }
        return results;
      },
      `${desktopUrl.split('#')[0]}#hijacked`,
    );
    watchPage(win, findings);
    findings.pops.window = {
      url: win.url(),
      openerIsDesktop: await win.evaluate(() => window.opener === window.opener?.top),
      hijack,
      record: await crmRecordOf(win.mainFrame()),
      pages: 0,
      desktopUrl: '',
    };
    await page.bringToFront();
    const navigated = win.waitForNavigation({ timeout: 5_000 }).catch(() => undefined);
    await page.locator('::-p-aria([name="Open in CRM window"][role="button"])').click();
    await navigated;
    findings.pops.window.pages = (await context.pages()).filter((p) =>
      p.url().includes('/demo/crm.html?account='),
    ).length;
    findings.pops.window.desktopUrl = page.url();
    findings.pops.targetUrls = context.targets().map((t) => t.url());
    await win.close();
    await page.bringToFront();

    // Through the first page: verify, Continue, the reason page.
    await page
      .locator('::-p-aria([name="The caller passed verification"][role="checkbox"])')
      .click();
    await page.locator('::-p-aria([name="Continue"][role="button"])').click();
    await page.waitForFunction(
      () => document.querySelector('cx-script')?.getAttribute('page') === 'reason',
      { timeout: 5_000 },
    );
    findings.flow = {
      customer: await page.evaluate(deepTextOf, '#customer-name'),
      page:
        (await page.evaluate(() => document.querySelector('cx-script')?.getAttribute('page'))) ??
        '',
      script: await page.evaluate(deepTextOf, 'cx-script'),
      participantData: await page.evaluate(deepTextOf, 'cx-participant-data'),
    };

    // Web vitals in the status bar (LCP is final once the agent has interacted).
    await page.waitForFunction(
      () =>
        ['FCP', 'TTFB', 'LCP'].every(
          (name) =>
            document.querySelector(`[data-metric="${name}"] dd`)?.textContent?.trim() !== '—',
        ),
      { timeout: 5_000 },
    );
    findings.metrics = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-metric]')].map((row) => [
          row.getAttribute('data-metric') ?? '',
          row.querySelector('dd')?.textContent?.trim() ?? '',
        ]),
      ),
    );

    findings.landmarks = await page.evaluate(() =>
      [...document.querySelectorAll('header, main, aside, footer, nav, [role]')]
        .filter((el) => !el.closest('[hidden]'))
        .map(
          (el) =>
            `${el.getAttribute('role') ?? el.tagName.toLowerCase()}: ${el.getAttribute('aria-label') ?? ''}`,
        ),
    );

    // axe-core, evaluated through DevTools (not a script tag), so the page's CSP stays as it is.
    await page.evaluate(AXE_SOURCE);
    findings.axe = await page.evaluate(async () => {
      /** @type {any} */
      const w = window;
      const result = await w.axe.run(document, {
        iframes: false,
        resultTypes: ['violations'],
      });
      return result.violations.map((/** @type {any} */ v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((/** @type {any} */ n) => JSON.stringify(n.target)),
      }));
    });

    for (const frame of page.frames()) {
      const log = await frame.evaluate(() => /** @type {any} */ (window).__cxAudit ?? null);
      if (!log) continue;
      findings.csp.push(...log.csp);
      findings.scriptErrors.push(...log.scriptErrors);
      findings.scriptWarnings.push(...log.scriptWarnings);
      findings.egressBlocked.push(...log.egressBlocked);
    }
  } finally {
    await context.close();
  }
  return findings;
}

/**
 * The sample CRM's page, from `crmHost`, with the desktop's embedded view docked in it.
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} crmUrl  http://localhost:<crm port>/
 * @param {{ scheme?: 'light' | 'dark', crmHost?: 'localhost' | '127.0.0.1', card?: string }} options
 */
async function embedAudit(browser, crmUrl, { scheme = 'light', crmHost = 'localhost', card = '' }) {
  const url = new URL(crmUrl);
  url.hostname = crmHost;
  const context = await browser.createBrowserContext();
  const findings = {
    url: url.href,
    consoleErrors: /** @type {string[]} */ ([]),
    pageErrors: /** @type {string[]} */ ([]),
    failedRequests: /** @type {string[]} */ ([]),
    httpErrors: /** @type {string[]} */ ([]),
    csp: /** @type {any[]} */ ([]),
    frames: /** @type {string[]} */ ([]),
    embedReady: false,
    bridgeState: '',
    received: /** @type {{ origin: string, type: string, payload: any }[]} */ ([]),
    recordSrc: '',
    record: /** @type {{ account: string, text: string } | null} */ (null),
    stats: /** @type {any} */ (null),
    maskedCard: '',
    revealedCard: '',
    axe: /** @type {{ where: string, id: string, impact: string, targets: string[] }[]} */ ([]),
  };
  try {
    const page = await auditPage(context, scheme, findings);

    await page.goto(url.href, { waitUntil: 'load', timeout: 15_000 });
    /** The embedded view's frame, once it has loaded. */
    const until = Date.now() + 10_000;
    let embed;
    while (!(embed = page.frames().find((f) => f.url().endsWith('/embed.html')))) {
      if (Date.now() > until) throw new Error('The CRM page framed no /embed.html');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await embed.waitForSelector('cx-interaction[data-ready]', { timeout: 10_000 });
    findings.embedReady = true;
    // The CRM posts `connect` once the frame has loaded: wait until the bridge has seen it.
    await embed.waitForFunction(
      () =>
        /** @type {any} */ (document.querySelector('cx-interaction')?.host?.stats?.received ?? 0) >
        0,
      { timeout: 5_000 },
    );
    if (crmHost === 'localhost') {
      await page.waitForFunction(
        () =>
          /** @type {any} */ (window).__crmHost.received.some(
            (/** @type {any} */ m) => m.type === 'screenPop',
          ),
        { timeout: 5_000 },
      );
      findings.recordSrc = await page.$eval(
        '#record-frame',
        (f) => /** @type {HTMLIFrameElement} */ (f).src,
      );
      const deadline = Date.now() + 5_000;
      let recordFrame;
      while (!(recordFrame = page.frames().find((f) => f.url() === findings.recordSrc))) {
        if (Date.now() > deadline) throw new Error(`No frame shows ${findings.recordSrc}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      findings.record = await crmRecordOf(recordFrame);
      // The card on file, decrypted by the vault worker (started under Trusted Types): masked,
      // then revealed by its Show button.
      if (card) {
        const last4 = card.replace(/\D/g, '').slice(-4);
        await embed.waitForFunction(
          (digits) => {
            const root = document.querySelector('cx-script')?.shadowRoot;
            return (
              (root?.textContent ?? '').includes(digits) ||
              [...(root?.querySelectorAll('*') ?? [])].some((e) =>
                e.shadowRoot?.textContent?.includes(digits),
              )
            );
          },
          { timeout: 5_000 },
          last4,
        );
        findings.maskedCard = await embed.evaluate(deepTextOf, 'cx-script');
        await embed.locator('::-p-aria([name="Show Card on file"][role="button"])').click();
        const digits = card.replace(/\D/g, '');
        await embed
          .waitForFunction(
            (want) => {
              /** @param {Node | null | undefined} n @returns {string} */
              const text = (n) =>
                !n
                  ? ''
                  : [...n.childNodes]
                      .map((c) =>
                        c.nodeType === 3
                          ? c.textContent
                          : text(/** @type {Element} */ (c).shadowRoot ?? c),
                      )
                      .join('');
              return text(document.querySelector('cx-script')?.shadowRoot)
                .replace(/\D/g, '')
                .includes(want);
            },
            { timeout: 5_000 },
            digits,
          )
          .catch(() => undefined);
        findings.revealedCard = await embed.evaluate(deepTextOf, 'cx-script');
      }
    } else {
      // A host that may frame the view but is not allowed: give an answer time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    findings.received = await page.evaluate(() => /** @type {any} */ (window).__crmHost.received);
    findings.bridgeState = await page.$eval(
      '#bridge-state',
      (e) => e.getAttribute('data-state') ?? '',
    );
    findings.stats = await embed.evaluate(
      () => /** @type {any} */ (document.querySelector('cx-interaction'))?.host?.stats ?? null,
    );
    findings.frames = page.frames().map((f) => f.url());
    // axe-core in the CRM's page and in the embedded view, through DevTools (see audit()).
    for (const [where, frame] of /** @type {const} */ ([
      ['crm', page.mainFrame()],
      ['embed', embed],
    ])) {
      await frame.evaluate(AXE_SOURCE);
      const violations = await frame.evaluate(async () => {
        const result = await /** @type {any} */ (window).axe.run(document, {
          iframes: false,
          resultTypes: ['violations'],
        });
        return result.violations.map((/** @type {any} */ v) => ({
          id: v.id,
          impact: v.impact,
          targets: v.nodes.map((/** @type {any} */ n) => JSON.stringify(n.target)),
        }));
      });
      findings.axe.push(...violations.map((/** @type {any} */ v) => ({ where, ...v })));
    }
    for (const frame of page.frames()) {
      const log = await frame.evaluate(() => /** @type {any} */ (window).__cxAudit ?? null);
      if (log) findings.csp.push(...log.csp);
    }
  } finally {
    await context.close();
  }
  return findings;
}

/** Runs in the page: the text of `<cx-script-designer>`'s preview (`<cx-script>`'s shadow root). */
function designerPreviewText() {
  /** @type {any} */ (window).__cxPreviewText = designerPreviewText;
  const designer = document.querySelector('cx-script-designer');
  const script = designer?.shadowRoot?.querySelector('cx-script');
  return (script?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The script designer (/designer.html), reached through the desktop's link, in a fresh browser
 * context: the page's URL, console errors, page errors,
 * failed requests, HTTP errors, CSP violations in every frame; whether the editor and the preview
 * rendered; the preview after typing in the editor (the text of the first component replaced by
 * `typed`, keystroke by keystroke); whether a secured sample was encrypted by the vault (demo key,
 * under Trusted Types); and axe-core's violations.
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} url the desktop's base URL
 * @param {{ scheme?: 'light' | 'dark', typed?: string }} options
 */
async function designerAudit(browser, url, { scheme = 'light', typed = 'Typed here' }) {
  const context = await browser.createBrowserContext();
  const findings = {
    consoleErrors: /** @type {string[]} */ ([]),
    pageErrors: /** @type {string[]} */ ([]),
    failedRequests: /** @type {string[]} */ ([]),
    httpErrors: /** @type {string[]} */ ([]),
    csp: /** @type {any[]} */ ([]),
    url: '',
    editor: false,
    previewBefore: '',
    previewAfter: '',
    source: '',
    securedSample: false,
    notice: '',
    axe: /** @type {{ id: string, impact: string, help: string, targets: string[] }[]} */ ([]),
  };
  try {
    const page = await auditPage(context, scheme, findings);

    // From the desktop, through its link, as an agent's supervisor would.
    await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load', timeout: 15_000 }),
      page.locator('::-p-aria([name="Script designer"][role="link"])').click(),
    ]);
    findings.url = page.url();
    await page.waitForSelector('cx-script-designer[data-ready]', { timeout: 10_000 });
    await page.waitForFunction(
      () =>
        !!document.querySelector('cx-script-designer')?.shadowRoot?.querySelector('.cm-content'),
      { timeout: 5_000 },
    );
    findings.editor = true;
    await page.waitForFunction(designerPreviewText, { timeout: 5_000 });
    findings.previewBefore = await page.evaluate(designerPreviewText);

    // Select the first component's text property in the editor and type over it.
    await page.evaluate(() =>
      /** @type {any} */ (document.querySelector('cx-script-designer')).revealPath(
        'pages[0].body[0].text',
      ),
    );
    await page.keyboard.type(`"text": "${typed} {{AccountId}}"`);
    await page
      .waitForFunction(
        (want) => /** @type {any} */ (window).__cxPreviewText().includes(want),
        { timeout: 5_000 },
        typed,
      )
      .catch(() => undefined);
    findings.previewAfter = await page.evaluate(designerPreviewText);
    findings.source = await page.evaluate(
      () => /** @type {any} */ (document.querySelector('cx-script-designer')).source,
    );

    // A secured sample through the page's vault (the demo key from the broker).
    findings.securedSample = await page.evaluate(async () => {
      /** @type {any} */
      const designer = document.querySelector('cx-script-designer');
      await designer.addSecuredSample('CardNumber', '4111 1111 1111 1111');
      return typeof designer.securedSample.CardNumber === 'string';
    });

    await page.evaluate(AXE_SOURCE);
    findings.axe = await page.evaluate(async () => {
      const result = await /** @type {any} */ (window).axe.run(document, {
        iframes: false,
        resultTypes: ['violations'],
      });
      return result.violations.map((/** @type {any} */ v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((/** @type {any} */ n) => JSON.stringify(n.target)),
      }));
    });
    for (const frame of page.frames()) {
      const log = await frame.evaluate(() => /** @type {any} */ (window).__cxAudit ?? null);
      if (log) findings.csp.push(...log.csp);
    }
  } finally {
    await context.close();
  }
  return findings;
}

/** The dev-server plugin: starts and stops the demo servers with the test runner. */
export function demoServerPlugins() {
  /** @type {import('../../scripts/serve.mjs').DemoServer | undefined} */
  let demo;
  /** @type {import('../../scripts/serve.mjs').DemoServer | undefined} */
  let crm;
  const running = () => {
    if (!demo || !crm) throw new Error('The demo servers are not running');
    return { demo, crm };
  };
  return [
    {
      name: 'cx-test-demo-server',
      async serverStart() {
        /** @type {string | undefined} */
        let desktopOrigin;
        crm = await startCrmServer({ port: 0, desktopOrigin: () => desktopOrigin });
        const crmAlias = crm.origin.replace('//localhost:', '//127.0.0.1:');
        demo = await startDemoServer({
          port: 0,
          crmOrigin: crm.origin,
          frameAncestors: `${crm.origin} ${crmAlias}`,
          hostOrigins: [crm.origin],
        });
        desktopOrigin = demo.origin;
      },
      async serverStop() {
        await Promise.all([demo?.close(), crm?.close()]);
        demo = undefined;
        crm = undefined;
      },
      /** @param {import('koa').Context} ctx */
      serve(ctx) {
        if (ctx.path !== DEMO_URL_PATH) return undefined;
        return {
          body: JSON.stringify({ url: running().demo.url, crmUrl: running().crm.url }),
          type: 'application/json',
          headers: { 'cache-control': 'no-store' },
        };
      },
      /** @param {{ command: string, payload: any, session: any }} args */
      async executeCommand({ command, payload, session }) {
        if (command === 'demo-probe') {
          const { url } = payload?.site === 'crm' ? running().crm : running().demo;
          const method = payload?.method ?? 'GET';
          return Promise.all(
            (payload?.paths ?? []).map((/** @type {string} */ p) => rawRequest(url, p, method)),
          );
        }
        if (command === 'designer-audit') {
          if (typeof session?.browser?.getPage !== 'function')
            throw new Error(`${command} needs a puppeteer-based browser launcher (chromeLauncher)`);
          /** @type {import('puppeteer-core').Page} */
          const testPage = session.browser.getPage(session.id);
          return designerAudit(testPage.browser(), running().demo.url, payload ?? {});
        }
        if (command === 'demo-audit' || command === 'embed-audit') {
          if (typeof session?.browser?.getPage !== 'function')
            throw new Error(`${command} needs a puppeteer-based browser launcher (chromeLauncher)`);
          /** @type {import('puppeteer-core').Page} */
          const testPage = session.browser.getPage(session.id);
          return command === 'demo-audit'
            ? audit(testPage.browser(), running().demo.url, payload ?? {})
            : embedAudit(testPage.browser(), running().crm.url, payload ?? {});
        }
        return undefined;
      },
    },
  ];
}
