/**
 * The demo's script designer (/designer.html), built, served by scripts/serve.mjs under the
 * desktop's strict CSP with Trusted Types enforced, as a real Chromium sees it (the audit runs
 * Node-side: test/server/demo-server.mjs, `designer-audit`).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface Probe {
  path: string;
  status: number;
  headers: Record<string, string>;
}

interface DesignerAudit {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  httpErrors: string[];
  csp: unknown[];
  url: string;
  editor: boolean;
  previewBefore: string;
  previewAfter: string;
  source: string;
  securedSample: boolean;
  axe: { id: string; impact: string; help: string; targets: string[] }[];
}

describe('demo script designer (/designer.html)', function () {
  this.timeout(60_000);

  it('is served under the desktop’s strict CSP, Trusted Types enforced', async () => {
    const [designer, desktop] = await executeServerCommand<Probe[], { paths: string[] }>(
      'demo-probe',
      { paths: ['/designer.html', '/'] },
    );
    expect(designer!.status).to.equal(200);
    const csp = designer!.headers['content-security-policy']!;
    expect(csp).to.equal(desktop!.headers['content-security-policy']);
    expect(csp).to.contain("style-src 'self';");
    expect(csp).not.to.contain('unsafe-inline');
    expect(csp).to.contain("require-trusted-types-for 'script'");
    expect(csp).to.contain('trusted-types lit-html cx-script#worker');
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`opens from the desktop's link, edits and previews with no error, no CSP violation and no axe violation (${scheme})`, async () => {
      const typed = `Typed in ${scheme}`;
      const audit = await executeServerCommand<DesignerAudit, { scheme: string; typed: string }>(
        'designer-audit',
        { scheme, typed },
      );
      expect(audit.consoleErrors, 'console errors').to.deep.equal([]);
      expect(audit.pageErrors, 'page errors').to.deep.equal([]);
      expect(audit.failedRequests, 'failed requests').to.deep.equal([]);
      expect(audit.httpErrors, 'HTTP errors').to.deep.equal([]);
      expect(audit.csp, 'CSP violations').to.deep.equal([]);
      expect(new URL(audit.url).pathname, 'the desktop links to it').to.equal('/designer.html');
      expect(audit.editor, 'the editor rendered').to.equal(true);
      expect(audit.previewBefore).to.contain('Account A-1001');
      expect(audit.source).to.contain(`"text": "${typed} {{AccountId}}"`);
      expect(audit.previewAfter).to.contain(`${typed} A-1001`);
      expect(audit.securedSample, 'a secured sample encrypted with the demo key').to.equal(true);
      expect(audit.axe, 'axe violations').to.deep.equal([]);
    });
  }
});
