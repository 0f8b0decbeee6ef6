/**
 * The embedded view (/embed.html) docked in the sample CRM (demo/crm-app.html), each served on its
 * own origin by scripts/serve.mjs, as a real Chromium sees them: strict CSP with Trusted Types and
 * no violation anywhere, the vault worker still starting under Trusted Types, the `cx-host/1`
 * handshake and a screen pop that opens the CRM's record, and a host not allowed refused. The
 * servers and the audit run Node-side (test/server/demo-server.mjs).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { sampleConversations } from '../../demo/sample-conversations.js';

interface Probe {
  path: string;
  status: number;
  headers: Record<string, string>;
}

interface EmbedAudit {
  url: string;
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  httpErrors: string[];
  csp: unknown[];
  frames: string[];
  embedReady: boolean;
  bridgeState: string;
  received: { origin: string; type: string; payload?: Record<string, unknown> }[];
  recordSrc: string;
  record: { account: string; text: string } | null;
  stats: {
    received: number;
    accepted: number;
    dropped: Record<string, number>;
  } | null;
  maskedCard: string;
  revealedCard: string;
  axe: { where: string; id: string; impact: string; targets: string[] }[];
}

const probe = (paths: string[], site: 'desktop' | 'crm' = 'desktop') =>
  executeServerCommand<Probe[], { paths: string[]; site: string }>('demo-probe', { paths, site });

const embedAudit = (payload: { scheme: 'light' | 'dark'; crmHost: string; card?: string }) =>
  executeServerCommand<EmbedAudit, typeof payload>('embed-audit', payload);

const first = sampleConversations()[0]!;
const customer = first.participants.find((p) => p.purpose === 'customer')!;
const account = customer.attributes['AccountId']!;
/** The first call's card on file (scripts/demo-ciphertexts.mjs encrypted it). */
const CARD = '4111 1111 1111 1111';
const digitsOf = (text: string) => text.replace(/\D/g, '');

let servers: { url: string; crmUrl: string };
before(async () => {
  servers = (await (await fetch('/__test/demo-url')).json()) as typeof servers;
});

/** The directives of a policy, by name. */
function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

describe('strict CSP with Trusted Types', () => {
  it('enforces Trusted Types on the desktop and the embedded view, with only our policies', async () => {
    const [desktop, embed] = await probe(['/', '/embed.html']);
    for (const page of [desktop!, embed!]) {
      expect(page.status, page.path).to.equal(200);
      const csp = directives(page.headers['content-security-policy']!);
      expect(csp.get('default-src'), page.path).to.equal("'self'");
      expect(csp.get('script-src'), page.path).to.equal("'self'");
      expect(csp.get('object-src'), page.path).to.equal("'none'");
      expect(csp.get('base-uri'), page.path).to.equal("'none'");
      expect(csp.get('require-trusted-types-for'), page.path).to.equal("'script'");
      expect(csp.get('trusted-types'), page.path).to.equal('lit-html cx-script#worker');
      expect(page.headers['content-security-policy'], page.path).to.contain(
        "require-trusted-types-for 'script'",
      );
    }
    const crmOrigin = new URL(servers.crmUrl).origin;
    expect(
      directives(desktop!.headers['content-security-policy']!).get('frame-ancestors'),
    ).to.equal("'self'");
    // The embedded view: framed by the CRM only (here configured as both its loopback names).
    expect(directives(embed!.headers['content-security-policy']!).get('frame-ancestors')).to.equal(
      `${crmOrigin} ${crmOrigin.replace('//localhost:', '//127.0.0.1:')}`,
    );
  });

  it('serves the sample CRM on its own origin, with Trusted Types and no policy at all', async () => {
    expect(new URL(servers.crmUrl).origin).not.to.equal(new URL(servers.url).origin);
    const [home, record, source] = await probe(
      ['/', '/demo/crm.html', '/dist/cx-script.js'],
      'crm',
    );
    expect(home!.status).to.equal(200);
    expect(record!.status).to.equal(200);
    expect(source!.status, 'the CRM serves no build').to.equal(404);
    const csp = directives(home!.headers['content-security-policy']!);
    expect(csp.get('script-src')).to.equal("'self'");
    expect(csp.get('require-trusted-types-for')).to.equal("'script'");
    expect(csp.get('trusted-types')).to.equal("'none'");
    expect(csp.get('frame-src')).to.equal(`'self' ${new URL(servers.url).origin}`);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  describe(`the sample CRM with the desktop docked (${scheme})`, function () {
    this.timeout(60_000);
    let audit: EmbedAudit;
    before(async () => {
      audit = await embedAudit({ scheme, crmHost: 'localhost', card: CARD });
    });

    it('loads with no console error, page error, failed request or CSP violation', () => {
      expect(audit.consoleErrors, 'console errors').to.deep.equal([]);
      expect(audit.pageErrors, 'page errors').to.deep.equal([]);
      expect(audit.failedRequests, 'failed requests').to.deep.equal([]);
      expect(audit.httpErrors, 'HTTP errors').to.deep.equal([]);
      expect(audit.csp, 'securitypolicyviolation events').to.deep.equal([]);
      const desktop = new URL(servers.url).origin;
      expect(audit.frames).to.include(`${desktop}/embed.html`);
    });

    it('completes the handshake and receives a screen pop from the exact desktop origin', () => {
      const desktop = new URL(servers.url).origin;
      expect(audit.bridgeState).to.equal('connected');
      expect(audit.received[0]).to.deep.equal({ origin: desktop, type: 'ready' });
      for (const m of audit.received) expect(m.origin).to.equal(desktop);
      const pop = audit.received.find((m) => m.type === 'screenPop');
      expect(pop?.payload).to.deep.equal({
        interactionId: first.id,
        url: `${new URL(servers.crmUrl).origin}/demo/crm.html?account=${account}`,
      });
      expect(audit.stats?.accepted).to.be.greaterThan(0);
    });

    it('opens the record page of the caller’s account', () => {
      expect(audit.recordSrc).to.equal(
        `${new URL(servers.crmUrl).origin}/demo/crm.html?account=${account}`,
      );
      expect(audit.record?.account).to.equal(account);
      expect(audit.record?.text).to.contain(customer.name);
    });

    it('decrypts the card in the vault worker (Trusted Types) and reveals it on Show', () => {
      expect(digitsOf(audit.maskedCard)).not.to.contain(digitsOf(CARD));
      expect(audit.maskedCard).to.contain('1111');
      expect(digitsOf(audit.revealedCard)).to.contain(digitsOf(CARD));
    });

    it('has no axe violation in the CRM page or the embedded view', () => {
      expect(audit.axe).to.deep.equal([]);
    });

    it('sends the host no secured value', () => {
      expect(digitsOf(JSON.stringify(audit.received))).not.to.contain(digitsOf(CARD));
    });
  });
}

describe('the embedded view framed by a host it does not accept', function () {
  this.timeout(60_000);
  let audit: EmbedAudit;
  before(async () => {
    // The same CRM page from 127.0.0.1: frame-ancestors lets it frame the view, the bridge's
    // allowedOrigins (localhost only) refuses its handshake.
    audit = await embedAudit({ scheme: 'light', crmHost: '127.0.0.1' });
  });

  it('refuses the handshake: no ready, no screen pop, the connect dropped by origin', () => {
    expect(audit.embedReady).to.equal(true);
    expect(audit.received).to.deep.equal([]);
    expect(audit.bridgeState).to.equal('waiting');
    expect(audit.recordSrc).to.equal('');
    expect(audit.stats?.accepted).to.equal(0);
    expect(audit.stats?.dropped['origin']).to.be.greaterThan(0);
  });

  it('still loads with no CSP violation', () => {
    expect(audit.csp).to.deep.equal([]);
    expect(audit.pageErrors).to.deep.equal([]);
  });
});
