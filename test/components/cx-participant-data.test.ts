import { expect, fixture, html } from '@open-wc/testing';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxParticipantData } from '../../components/cx-participant-data.js';
import type { Conversation } from '../../src/data/conversation.js';
import { conversation, settle } from './fixtures.js';

async function mountData(conv: Conversation = conversation()) {
  const host = await fixture<CxInteraction>(
    html`<cx-interaction .conversation=${conv}
      ><cx-participant-data></cx-participant-data
    ></cx-interaction>`,
  );
  const el = host.querySelector('cx-participant-data') as CxParticipantData;
  await settle(host, el);
  const root = el.shadowRoot!;
  const rows = () =>
    [...root.querySelectorAll('tbody tr')].map((tr) => [
      tr.querySelector('th')!.textContent!.trim(),
      tr.querySelector('td')!.textContent!.trim(),
    ]);
  const filterBy = async (text: string) => {
    const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
  };
  return { host, el, root, rows, filterBy };
}

describe('<cx-participant-data>', () => {
  it('lists the customer attributes in a table sorted by name, secured ones as hidden', async () => {
    const { root, rows } = await mountData();
    expect(root.querySelector('caption')!.textContent!.trim()).to.equal('Participant data');
    expect(
      [...root.querySelectorAll('thead th')].map((th) => th.getAttribute('scope')),
    ).to.deep.equal(['col', 'col']);
    expect(root.querySelector('tbody th')!.getAttribute('scope')).to.equal('row');
    expect(rows()).to.deep.equal([
      ['AccountId', 'A-42'],
      ['accountid', 'lower-7'],
      ['CardNumber', 'hidden'],
      ['Tier', 'Gold'],
    ]);
    expect(root.innerHTML).not.to.contain('AYADeFAKE');
  });

  it('is accessible', async () => {
    const { el } = await mountData();
    await expect(el).to.be.accessible();
  });

  it('has a labelled search input that filters by name or value, case-insensitively', async () => {
    const { root, rows, filterBy } = await mountData();
    const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(root.querySelector(`label[for="${input.id}"]`)!.textContent).to.equal(
      'Filter participant data',
    );
    await filterBy('ACCOUNTID');
    expect(rows().map((r) => r[0])).to.deep.equal(['AccountId', 'accountid']);
    await filterBy('gold');
    expect(rows()).to.deep.equal([['Tier', 'Gold']]);
    expect(root.querySelector('caption')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Participant data (1 of 4)',
    );
  });

  it('never matches a secured attribute by its ciphertext', async () => {
    const { rows, filterBy } = await mountData();
    await filterBy('AYADe');
    expect(rows()).to.deep.equal([]);
  });

  it('shows "No attribute matches \'x\'" when nothing matches, accessibly', async () => {
    const { el, root, filterBy } = await mountData();
    await filterBy('zzz');
    expect(root.querySelector('table')).to.equal(null);
    expect(root.querySelector('[part="empty"]')!.textContent!.trim()).to.equal(
      "No attribute matches 'zzz'",
    );
    await expect(el).to.be.accessible();
  });

  it('shows "No participant data" for a customer without attributes, accessibly', async () => {
    const conv = conversation();
    conv.participants[0]!.attributes = {};
    delete conv.participants[0]!.securedAttributes;
    const { el, root } = await mountData(conv);
    expect(root.querySelector('[part="empty"]')!.textContent!.trim()).to.equal(
      'No participant data',
    );
    await expect(el).to.be.accessible();
  });

  it("updates on the session's data-change", async () => {
    const { host, el, rows } = await mountData();
    host.session!.setConversationData('Notes', 'Called twice');
    host.session!.setConversationData('Tier', 'Platinum');
    await el.updateComplete;
    expect(rows()).to.deep.include(['Notes', 'Called twice']);
    expect(rows()).to.deep.include(['Tier', 'Platinum']);
  });

  it('follows a new session and stops listening to the old one', async () => {
    const { host, el, rows } = await mountData();
    const old = host.session!;
    const next = conversation();
    next.participants[0]!.attributes = { Fresh: 'yes' };
    host.conversation = next;
    await settle(host, el);
    expect(rows()).to.deep.include(['Fresh', 'yes']);
    old.setConversationData('Stale', 'no');
    await el.updateComplete;
    expect(rows().map((r) => r[0])).not.to.include('Stale');
  });

  it('wraps long values instead of overflowing', async () => {
    const conv = conversation();
    conv.participants[0]!.attributes = { Long: 'x'.repeat(2000) };
    const host = await fixture<CxInteraction>(
      html`<div style="width: 300px">
        <cx-interaction .conversation=${conv}
          ><cx-participant-data></cx-participant-data
        ></cx-interaction>
      </div>`,
    );
    const el = host.querySelector('cx-participant-data') as CxParticipantData;
    await settle(host.querySelector('cx-interaction')!, el);
    const table = el.shadowRoot!.querySelector('table')!;
    expect(table.getBoundingClientRect().width).to.be.at.most(300);
  });
});
