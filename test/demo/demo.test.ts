/**
 * The built demo (dist/, built by `npm test` first) served by scripts/serve.mjs, as a real Chromium
 * sees it. The demo server and the audit run Node-side (test/server/demo-server.mjs); these tests
 * assert on what they found.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { sampleConversations } from '../../demo/sample-conversations.js';
import { crmOriginFor } from '../../demo/sample-script.js';

interface Probe {
  path: string;
  status: number;
  headers: Record<string, string>;
}

interface CallSnapshot {
  customer: string;
  ani: string;
  queue: string;
  media: string;
  position: string;
  participantData: string;
  script: string;
  crm: { src: string; record: CrmRecord };
}

interface CrmRecord {
  account: string;
  text: string;
}

interface Audit {
  url: string;
  consoleErrors: string[];
  consoleWarnings: string[];
  pageErrors: string[];
  failedRequests: string[];
  httpErrors: string[];
  csp: unknown[];
  scriptErrors: unknown[];
  scriptWarnings: unknown[];
  egressBlocked: unknown[];
  calls: CallSnapshot[];
  activity: string;
  pops: {
    control: { src: string; record: CrmRecord };
    controlScript: string;
    blocked: {
      alerts: string[];
      script: string;
      activity: string;
      paneSrc: string;
      frameUrls: string[];
      events: { sink: string; reason: string; variables: string[] }[];
    };
    window: {
      url: string;
      openerIsDesktop: boolean;
      hijack: string[];
      record: CrmRecord;
      pages: number;
      desktopUrl: string;
    };
    targetUrls: string[];
  };
  flow: { customer: string; page: string; script: string; participantData: string };
  metrics: Record<string, string>;
  landmarks: string[];
  axe: { id: string; impact: string; help: string; targets: string[] }[];
}

const probe = (paths: string[], method = 'GET') =>
  executeServerCommand<Probe[], { paths: string[]; method: string }>('demo-probe', {
    paths,
    method,
  });

const customers = sampleConversations().map((c) =>
  c.participants.find((p) => p.purpose === 'customer')!,
);
const accounts = customers.map((c) => c.attributes['AccountId']!);

/**
 * The first call's card number (a public test number), as scripts/demo-ciphertexts.mjs encrypted
 * it: the audit types it into the script's "Card number" field, as the caller would read it out.
 */
const FIRST_CARD = '4111 1111 1111 1111';

/** Whether `text` carries the card's digits, raw or after percent-decoding (spaces dropped). */
function carriesCard(text: string, card = FIRST_CARD): boolean {
  const digits = card.replace(/\D/g, '');
  const forms = [text];
  for (let i = 0, t = text; i < 3; i++) {
    try {
      t = decodeURIComponent(t);
    } catch {
      break;
    }
    forms.push(t);
  }
  return forms.some((f) => f.replace(/[\s+-]/g, '').includes(digits));
}

describe('demo server', () => {
  it('tells the tests where it runs', async () => {
    const { url } = (await (await fetch('/__test/demo-url')).json()) as { url: string };
    expect(url).to.match(/^http:\/\/localhost:\d+\/$/);
  });

  it('serves the desktop with a strict CSP, nosniff, no referrer and no caching', async () => {
    const [page] = await probe(['/']);
    expect(page!.status).to.equal(200);
    expect(page!.headers['content-type']).to.equal('text/html; charset=utf-8');
    const csp = page!.headers['content-security-policy']!;
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'self'",
    ])
      expect(csp).to.contain(directive);
    expect(csp).not.to.match(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp, 'styles only from files and constructable sheets').to.contain("style-src 'self';");
    expect(page!.headers['x-content-type-options']).to.equal('nosniff');
    expect(page!.headers['referrer-policy']).to.equal('no-referrer');
    expect(page!.headers['cache-control']).to.equal('no-store');
  });

  it('serves the build and the demo assets with their content types', async () => {
    const found = await probe([
      '/dist/cx-script.js',
      '/dist/demo.js',
      '/dist/secured-worker.js',
      '/demo/desktop.css',
      '/demo/logo.svg',
      '/demo/kb.html',
    ]);
    expect(found.map((p) => [p.path, p.status, p.headers['content-type']])).to.deep.equal([
      ['/dist/cx-script.js', 200, 'text/javascript; charset=utf-8'],
      ['/dist/demo.js', 200, 'text/javascript; charset=utf-8'],
      ['/dist/secured-worker.js', 200, 'text/javascript; charset=utf-8'],
      ['/demo/desktop.css', 200, 'text/css; charset=utf-8'],
      ['/demo/logo.svg', 200, 'image/svg+xml'],
      ['/demo/kb.html', 200, 'text/html; charset=utf-8'],
    ]);
    for (const p of found) expect(p.headers['x-content-type-options'], p.path).to.equal('nosniff');
  });

  it('refuses path traversal, source files, dotfiles and directory listings', async () => {
    const refused = [
      '/dist/../package.json',
      '/dist/%2e%2e/package.json',
      '/dist/%2E%2E%2Fpackage.json',
      '/demo/..%2f..%2fpackage.json',
      '/dist/..%5C..%5Cpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '//etc/passwd',
      '/package.json',
      '/scripts/serve.mjs',
      '/demo/desktop.ts',
      '/src/index.ts',
      '/node_modules/lit/index.js',
      '/.git/config',
      '/demo/.hidden.css',
      '/dist/',
      '/demo/',
      '/dist',
      '/%ff',
      '/dist/cx-script.js%00.css',
    ];
    const found = await probe(refused);
    expect(found.filter((p) => p.status !== 404).map((p) => `${p.status} ${p.path}`)).to.deep.equal(
      [],
    );
  });

  it('answers only GET and HEAD', async () => {
    const [post] = await probe(['/'], 'POST');
    expect(post!.status).to.equal(405);
    expect(post!.headers['allow']).to.equal('GET, HEAD');
    const [head] = await probe(['/dist/demo.js'], 'HEAD');
    expect(head!.status).to.equal(200);
    expect(Number(head!.headers['content-length'])).to.be.above(0);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  describe(`demo desktop, built, in a real page (${scheme})`, function () {
    this.timeout(90_000);
    let audit: Audit;

    before(async function () {
      this.timeout(90_000);
      audit = await executeServerCommand<
        Audit,
        { scheme: string; calls: number; accounts: string[]; card: string }
      >('demo-audit', { scheme, calls: customers.length, accounts, card: FIRST_CARD });
    });

    it('loads and runs with no console error, page error, failed request or CSP violation', () => {
      expect(audit.consoleErrors, 'console errors').to.deep.equal([]);
      expect(audit.consoleWarnings, 'console warnings').to.deep.equal([]);
      expect(audit.pageErrors, 'page errors').to.deep.equal([]);
      expect(audit.failedRequests, 'failed requests').to.deep.equal([]);
      expect(audit.httpErrors, 'HTTP errors').to.deep.equal([]);
      expect(audit.csp, 'CSP violations').to.deep.equal([]);
    });

    it('runs the sample script with no script error or warning, and blocks only the unsafe pop', () => {
      expect(audit.scriptErrors, 'cx-script-error').to.deep.equal([]);
      expect(audit.scriptWarnings, 'cx-script-warning').to.deep.equal([]);
      expect(audit.egressBlocked, 'cx-egress-blocked').to.deep.equal(audit.pops.blocked.events);
    });

    it('pops each call’s account into the CRM pane, from the CRM’s own origin', () => {
      const desktop = new URL(audit.url).origin;
      const crm = crmOriginFor(desktop);
      expect(crm).not.to.equal(desktop);
      audit.calls.forEach((call, i) => {
        const src = new URL(call.crm.src);
        expect(src.origin, `CRM origin of call ${i + 1}`).to.equal(crm);
        expect(src.pathname + src.search).to.equal(`/demo/crm.html?account=${accounts[i]}`);
        expect(call.crm.record.account, `CRM record of call ${i + 1}`).to.equal(accounts[i]);
        expect(call.crm.record.text).to.contain(customers[i]!.name);
      });
    });

    it('logs the host pop of each call in the activity log', () => {
      const crm = new URL(audit.calls[0]!.crm.src).origin;
      for (const account of accounts)
        expect(audit.activity).to.contain(
          `Screen pop to host: ${crm}/demo/crm.html?account=${account}`,
        );
    });

    it('opens the record in one CRM window, reused, that cannot navigate the desktop', () => {
      expect(audit.pops.window.url).to.contain(`/demo/crm.html?account=${accounts[0]}`);
      expect(
        audit.pops.window.openerIsDesktop,
        'the opener is the relay, not the desktop',
      ).to.equal(false);
      expect(audit.pops.window.hijack).to.deep.equal(['SecurityError', 'SecurityError']);
      expect(audit.pops.window.desktopUrl).not.to.contain('#hijacked');
      expect(audit.pops.window.pages, 'CRM windows after a second pop').to.equal(1);
      expect(audit.pops.window.record.account).to.equal(accounts[0]);
      expect(audit.pops.window.record.text).to.contain(customers[0]!.name);
    });

    it('lets a CRM search by a number the vault does not hold through (positive control)', () => {
      expect(audit.pops.control.src).to.contain('/demo/crm.html?card=4000%200000%200000%200002');
      expect(audit.pops.control.record.text).to.contain('No account matches that card number');
      expect(audit.pops.controlScript).to.contain('CRM search: Searched');
    });

    it('blocks the CRM search by the card on file, with a notice and its failure path', () => {
      const { blocked } = audit.pops;
      expect(blocked.events).to.deep.equal([
        { sink: 'screenPop', reason: 'plaintext', variables: ['CardNumber'] },
      ]);
      expect(blocked.alerts.join(' ')).to.contain(
        'Screen pop blocked: it would have sent CardNumber',
      );
      expect(blocked.script).to.contain('CRM search: Pop blocked');
      expect(blocked.activity).to.contain(
        'Egress blocked: screenPop (plaintext), would have sent CardNumber',
      );
      // The pane still shows the previous search: the blocked pop framed nothing.
      expect(blocked.paneSrc).to.equal(audit.pops.control.src);
    });

    it('never lets the card number reach a frame, a window or the activity log', () => {
      const { blocked, targetUrls } = audit.pops;
      expect(carriesCard('https://crm.test/?card=4111%25201111%2B1111-1111'), 'the check').to.equal(
        true,
      );
      const places = [
        ...blocked.frameUrls.map((u) => `frame ${u}`),
        ...targetUrls.map((u) => `window ${u}`),
        `pane ${blocked.paneSrc}`,
        `activity log ${blocked.activity}`,
        `activity log ${audit.activity}`,
        `events ${JSON.stringify(audit.egressBlocked)}`,
      ];
      expect(places.filter((p) => carriesCard(p))).to.deep.equal([]);
    });

    it('cycles through every sample call with Next call (mouse and keyboard)', () => {
      expect(audit.calls.map((c) => c.customer)).to.deep.equal(customers.map((c) => c.name));
      expect(audit.calls.map((c) => c.position)).to.deep.equal(
        customers.map((_, i) => `Call ${i + 1} of ${customers.length}`),
      );
      audit.calls.forEach((call, i) => {
        const customer = customers[i]!;
        const accountId = customer.attributes['AccountId']!;
        expect(call.script, `script of call ${i + 1}`).to.contain(`Account ${accountId}`);
        expect(call.script).to.contain(`Am I speaking with ${customer.name}?`);
        expect(call.participantData, `participant data of call ${i + 1}`).to.contain(accountId);
        expect(call.participantData).to.contain(customer.attributes['Reason']!);
        expect(call.ani).to.match(/^\+1 \d{3}-\d{3}-\d{4}$/);
        expect(call.queue).not.to.equal('—');
        expect(call.media).to.be.oneOf(['Voice call', 'Callback']);
      });
    });

    it('never shows a secured attribute, nor its ciphertext', () => {
      for (const [i, call] of audit.calls.entries()) {
        const ciphertext = customers[i]!.securedAttributes!['CardNumber']!;
        expect(call.participantData).to.contain('CardNumber');
        expect(call.participantData).not.to.contain(ciphertext.slice(0, 12));
        expect(call.script).not.to.contain(ciphertext.slice(0, 12));
      }
    });

    it('verifies the caller, then shows the fraud section for a fraud call', () => {
      expect(audit.flow.customer).to.equal(customers[0]!.name);
      expect(audit.flow.page).to.equal('reason');
      expect(audit.flow.script).to.contain('The reason for the call');
      expect(audit.flow.script).to.contain('Suspected fraud');
      expect(audit.flow.script).not.to.contain('Billing dispute');
      expect(audit.flow.participantData).to.contain('VerificationStatus');
    });

    it('shows the page web vitals in the status bar', () => {
      for (const name of ['LCP', 'FCP', 'TTFB'])
        expect(audit.metrics[name], name).to.match(/^\d+(\.\d)? ms/);
      expect(audit.metrics['CLS']).to.match(/^0\.\d{3}/);
    });

    it('has labelled landmarks', () => {
      expect(audit.landmarks).to.include.members([
        'header: Agent desktop',
        'aside: Interaction',
        'main: Agent script',
        'footer: Status bar',
      ]);
    });

    it('has no accessibility violations (axe-core)', () => {
      expect(
        audit.axe.map((v) => `${v.impact} ${v.id}: ${v.help} ${v.targets.join(' ')}`),
      ).to.deep.equal([]);
    });
  });
}
