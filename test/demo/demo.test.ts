/**
 * The built demo (dist/, built by `npm test` first) served by scripts/serve.mjs, as a real Chromium
 * sees it. The demo server and the audit run Node-side (test/server/demo-server.mjs); these tests
 * assert on what they found.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { sampleConversations } from '../../demo/sample-conversations.js';

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
}

interface Audit {
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
      audit = await executeServerCommand<Audit, { scheme: string; calls: number }>('demo-audit', {
        scheme,
        calls: customers.length,
      });
    });

    it('loads and runs with no console error, page error, failed request or CSP violation', () => {
      expect(audit.consoleErrors, 'console errors').to.deep.equal([]);
      expect(audit.consoleWarnings, 'console warnings').to.deep.equal([]);
      expect(audit.pageErrors, 'page errors').to.deep.equal([]);
      expect(audit.failedRequests, 'failed requests').to.deep.equal([]);
      expect(audit.httpErrors, 'HTTP errors').to.deep.equal([]);
      expect(audit.csp, 'CSP violations').to.deep.equal([]);
    });

    it('runs the sample script with no script error, warning or blocked egress', () => {
      expect(audit.scriptErrors, 'cx-script-error').to.deep.equal([]);
      expect(audit.scriptWarnings, 'cx-script-warning').to.deep.equal([]);
      expect(audit.egressBlocked, 'cx-egress-blocked').to.deep.equal([]);
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
