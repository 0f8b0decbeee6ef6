/**
 * The agent's warning when the vault cannot keep keys (IndexedDB blocked, as in a third-party
 * iframe): `<cx-interaction>` with a real vault worker, once with storage and once without.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/cx-interaction.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import { createSecuredClient, type SecuredClient } from '../../src/secured/client.js';
import { conversation } from '../components/fixtures.js';

const notice = (el: CxInteraction) => el.shadowRoot!.querySelector('[part="storage"]');

describe('<cx-interaction> storage notice', () => {
  let client: SecuredClient | undefined;
  const dbName = `cx-test-vault-${crypto.randomUUID()}`;
  afterEach(async () => {
    client?.close();
    client = undefined;
    await new Promise((done) => (indexedDB.deleteDatabase(dbName).onsuccess = done));
  });

  it('warns, in an accessible status, that keys last for this session when storage is blocked', async () => {
    client = createSecuredClient({
      workerUrl: new URL('./blocked-storage.worker.ts', import.meta.url),
    });
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${conversation()} .secured=${client}></cx-interaction>`,
    );
    await waitUntil(() => notice(el), 'the storage notice');
    expect(notice(el)!.getAttribute('role')).to.equal('status');
    expect(notice(el)!.textContent!.replace(/\s+/g, ' ').trim())
      .to.match(/^Keys are kept for this session only: this browser blocks storage here \(/)
      .and.to.contain('SecurityError');
    await expect(el).to.be.accessible();
    el.secured = undefined;
    await el.updateComplete;
    expect(notice(el)?.textContent ?? null, 'the storage notice').to.equal(null);
  });

  it('shows no notice when the integrator switched persistence off', async () => {
    client = createSecuredClient({ persistent: false });
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${conversation()} .secured=${client}></cx-interaction>`,
    );
    const storage = await client.storage();
    expect(storage).to.include({ persistent: false, switchedOff: true });
    await el.updateComplete;
    expect(notice(el)?.textContent ?? null, 'the storage notice').to.equal(null);
  });

  it('shows no notice when keys are stored in IndexedDB', async () => {
    client = createSecuredClient({ dbName });
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${conversation()} .secured=${client}></cx-interaction>`,
    );
    expect((await client.storage()).persistent).to.equal(true);
    await el.updateComplete;
    expect(notice(el)?.textContent ?? null, 'the storage notice').to.equal(null);
    await expect(el).to.be.accessible();
  });
});
