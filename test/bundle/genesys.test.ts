/**
 * The Genesys bundle as an integrator gets it: the BUILT dist/cx-script.js renders a Scripter export
 * by loading dist/cx-genesys.js on demand, cx-script.js carries none of the importer's code, and
 * cx-genesys.js carries none of the core's (it imports ./cx-script.js).
 */
import { expect, waitUntil } from '@open-wc/testing';

const dist = (file: string) => new URL(`/dist/${file}`, location.origin).href;

describe('dist/cx-genesys.js', () => {
  it('is loaded by the built <cx-script> to render a Scripter export', async () => {
    await import(/* @vite-ignore */ dist('cx-script.js'));
    const exported = await (await fetch('/test/fixtures/genesys-scripts/email.script.json')).json();
    const host = document.createElement('cx-interaction') as HTMLElement & {
      conversation: unknown;
    };
    host.conversation = {
      id: 'conv-bundle-1',
      organizationId: 'org-1',
      participants: [
        {
          id: 'c',
          purpose: 'customer',
          attributes: { FName: 'Ada', LName: 'Lovelace', ACCNumber: '7' },
        },
      ],
    };
    const el = document.createElement('cx-script') as HTMLElement & { script: unknown };
    const warnings: unknown[] = [];
    el.addEventListener('cx-script-warning', (e) => warnings.push((e as CustomEvent).detail));
    host.append(el);
    document.body.append(host);
    try {
      el.script = exported;
      const text = () => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
      await waitUntil(() => text().includes('Lovelace'), 'the export did not render', {
        timeout: 10_000,
      });
      expect(text()).to.contain('Customer First Name:');
      expect(text()).to.contain("Customer's Account Number:");
      expect(warnings).to.deep.equal([]);
      // The importer came from the built bundle beside cx-script.js.
      const loaded = performance.getEntriesByType('resource').map((r) => r.name);
      expect(loaded).to.include(dist('cx-genesys.js'));
    } finally {
      host.remove();
    }
  });

  it('keeps the importer out of cx-script.js and the core out of cx-genesys.js', async () => {
    const core = await (await fetch(dist('cx-script.js'))).text();
    const genesys = await (await fetch(dist('cx-genesys.js'))).text();
    // Scripter's own names appear only in the importer.
    for (const name of [
      'verticalStackContainer',
      'scripter.setVariable',
      'bridge.',
      'inputValidation',
    ]) {
      expect(genesys, name).to.contain(name);
      expect(core, name).not.to.contain(name);
    }
    expect(core).to.contain('./cx-genesys.js');
    expect(genesys).to.match(/from\s*"\.\/cx-script\.js"/);
    // No element and no copy of the parser's messages in the importer's bundle.
    expect(genesys).not.to.contain('customElements');
    expect(genesys).not.to.contain('did you mean');
  });
});
