/**
 * The core's attribute-schema hook in the elements: <cx-interaction>.attributeSchema, <cx-script>
 * editing schema-typed input variables with the matching control, <cx-participant-data> formatting;
 * and <cx-interaction>.conversation taking the Genesys conversation JSON.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxScript } from '../../components/cx-script.js';
import type { CxParticipantData } from '../../components/cx-participant-data.js';
import type { Conversation } from '../../src/data/conversation.js';
import type { Script } from '../../src/script/types.js';
import { parseAttributeSchema } from '../../src/genesys/schemas.js';
import { genesysConversation } from '../genesys/fixtures.js';
import { settle } from './fixtures.js';

const ref = (type: string, extra: Record<string, unknown> = {}) => ({
  allOf: [{ $ref: `#/definitions/${type}` }],
  ...extra,
});

const schema = parseAttributeSchema(
  {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'Claim',
    properties: {
      Severity: ref('enum', {
        enum: ['low', 'high'],
        _enumProperties: { low: { title: 'Low' }, high: { title: 'High' } },
      }),
      IncidentDate: ref('date'),
      Estimate: ref('currency', { minimum: 0 }),
      Items: ref('integer', { minimum: 0, maximum: 100 }),
      Approved: ref('boolean'),
    },
  },
  'conversation',
);

const conversation = (): Conversation => ({
  id: 'conv-1',
  organizationId: 'org-1',
  participants: [
    {
      id: 'p-customer',
      purpose: 'customer',
      attributes: {
        Severity: 'high',
        IncidentDate: '2026-03-01',
        Estimate: '1234.5 EUR',
        Items: '3',
        Approved: 'true',
        Plain: 'as is',
      },
    },
  ],
});

const script: Script = {
  format: 'cx-script/1',
  name: 'Claim',
  startPage: 'p',
  variables: [
    { name: 'Severity', type: 'string', input: true },
    { name: 'IncidentDate', type: 'date', input: true },
    { name: 'Estimate', type: 'string', input: true },
    { name: 'Items', type: 'number', input: true },
    { name: 'Approved', type: 'boolean', input: true },
    { name: 'Other', type: 'string' },
  ],
  pages: [
    {
      id: 'p',
      title: 'Claim',
      body: [
        { type: 'input', variable: 'Severity', label: 'Severity' },
        { type: 'input', variable: 'IncidentDate', label: 'Incident date' },
        { type: 'input', variable: 'Estimate', label: 'Estimate' },
        { type: 'number', variable: 'Items', label: 'Items' },
        { type: 'checkbox', variable: 'Approved', label: 'Approved' },
        { type: 'input', variable: 'Other', label: 'Other' },
      ],
    },
  ],
  actions: {},
};

async function mountScript(withSchema = true) {
  const attributeSchema = withSchema ? schema : undefined;
  const host = await fixture<CxInteraction>(
    html`<cx-interaction .conversation=${conversation()} .attributeSchema=${attributeSchema}
      ><cx-script .script=${script}></cx-script
    ></cx-interaction>`,
  );
  const el = host.querySelector('cx-script') as CxScript;
  await settle(host, el);
  const root = el.shadowRoot!;
  const control = <E extends HTMLElement = HTMLInputElement>(label: string): E => {
    const l = [...root.querySelectorAll<HTMLLabelElement>('label[for]')].find(
      (x) => x.textContent!.trim() === label,
    )!;
    return root.getElementById(l.htmlFor) as E;
  };
  const type = async (c: HTMLInputElement | HTMLSelectElement, value: string, event = 'input') => {
    c.value = value;
    c.dispatchEvent(new Event(event, { bubbles: true }));
    await el.updateComplete;
  };
  return { host, el, root, control, type };
}

describe('<cx-script> with an attribute schema', () => {
  it('edits an enum attribute with a dropdown of its titled options', async () => {
    const { control, type, el } = await mountScript();
    const select = control<HTMLSelectElement>('Severity');
    expect(select.tagName).to.equal('SELECT');
    expect([...select.options].map((o) => [o.value, o.textContent])).to.deep.equal([
      ['', 'Choose…'],
      ['low', 'Low'],
      ['high', 'High'],
    ]);
    expect(select.value).to.equal('high');
    await type(select, 'low', 'change');
    expect(el.runtime!.get('Severity')).to.equal('low');
  });

  it('edits a date with a date picker and an integer with a bounded number input', async () => {
    const { control } = await mountScript();
    const date = control('Incident date');
    expect([date.type, date.value]).to.deep.equal(['date', '2026-03-01']);
    const items = control('Items');
    expect([items.type, items.min, items.max, items.step, items.value]).to.deep.equal([
      'number',
      '0',
      '100',
      '1',
      '3',
    ]);
    expect(control('Approved').checked).to.equal(true);
  });

  it('edits a currency amount in a number input with its code shown and kept', async () => {
    const { control, type, el, root } = await mountScript();
    const amount = control('Estimate');
    expect([amount.type, amount.value]).to.deep.equal(['number', '1234.5']);
    const unit = root.getElementById(`${amount.id}-unit`)!;
    expect(unit.textContent).to.equal('EUR');
    expect(amount.getAttribute('aria-describedby')).to.contain(unit.id);
    await type(amount, '99.90');
    expect(el.runtime!.get('Estimate')).to.equal('99.90 EUR');
    expect(control('Estimate').value).to.equal('99.90');
  });

  it('shows the schema’s validation message, naming the attribute and the limit', async () => {
    const { control, type, root } = await mountScript();
    const items = control('Items');
    await type(items, '250');
    expect(items.getAttribute('aria-invalid')).to.equal('true');
    const message = root.querySelector('[part="invalid"]')!;
    expect(message.textContent).to.equal(
      "Attribute 'Items' (integer): 250 is more than the maximum",
    );
    expect(items.getAttribute('aria-describedby')).to.contain(message.id);
    await type(control('Estimate'), '-3');
    expect([...root.querySelectorAll('[part="invalid"]')].map((m) => m.textContent)).to.include(
      "Attribute 'Estimate' (currency): -3 is less than the minimum",
    );
  });

  it('leaves fields without a schema entry, and every field without a schema, as they were', async () => {
    const { control } = await mountScript();
    expect(control('Other').type).to.equal('text');
    const plain = await mountScript(false);
    expect(plain.control('Severity').tagName).to.equal('INPUT');
    expect(plain.control('Estimate').value).to.equal('1234.5 EUR');
  });

  it('is accessible', async () => {
    const { el, control, type } = await mountScript();
    await type(control('Items'), '250');
    await expect(el).to.be.accessible();
  });
});

describe('<cx-participant-data> with an attribute schema', () => {
  async function mountData(locale: string) {
    const host = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${conversation()} .attributeSchema=${schema}
        ><cx-participant-data locale=${locale}></cx-participant-data
      ></cx-interaction>`,
    );
    const el = host.querySelector('cx-participant-data') as CxParticipantData;
    await settle(host, el);
    const rows = () =>
      [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [
        tr.querySelector('th')!.textContent!.trim(),
        tr
          .querySelector('td')!
          .textContent!.trim()
          .replace(/[\u00a0\u202f]/g, ' '),
      ]);
    return { host, el, rows };
  }

  it('formats schema-typed values for the locale, others as they are', async () => {
    const { rows, el } = await mountData('de-DE');
    expect(rows()).to.deep.equal([
      ['Approved', 'Yes'],
      ['Estimate', '1.234,50 €'],
      ['IncidentDate', '01.03.2026'],
      ['Items', '3'],
      ['Plain', 'as is'],
      ['Severity', 'High'],
    ]);
    el.locale = 'en-US';
    await el.updateComplete;
    expect(rows()[1]).to.deep.equal(['Estimate', '€1,234.50']);
    await expect(el).to.be.accessible();
  });

  it('filters by the formatted text too', async () => {
    const { el, rows } = await mountData('en-US');
    el.filter = 'Mar 1';
    await el.updateComplete;
    expect(rows()).to.deep.equal([['IncidentDate', 'Mar 1, 2026']]);
  });
});

describe('<cx-interaction> with Genesys conversation JSON', () => {
  it('takes the Platform API conversation directly', async () => {
    const host = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${genesysConversation('g-1')}></cx-interaction>`,
    );
    expect(host.session!.id).to.equal('g-1');
    expect(host.session!.customer!.name).to.equal('Ada Lovelace');
    expect(host.session!.getConversationData('context.email')).to.equal('ada@example.com');
  });

  it('shows JSON that does not convert, with its path, and leaves no session', async () => {
    const bad = genesysConversation('g-2');
    (bad.participants[1] as { attributes: unknown }).attributes = { Tier: 3 };
    const host = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${bad}></cx-interaction>`,
    );
    const error = host.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Could not load conversation: Genesys conversation JSON: participants[1].attributes.Tier must be a string',
    );
    expect(host.session).to.equal(undefined);
    await expect(host).to.be.accessible();
    host.conversation = genesysConversation('g-3');
    await host.updateComplete;
    expect(host.session!.id).to.equal('g-3');
    expect(host.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it('gives the session its attribute schema, without replacing the session', async () => {
    const host = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${genesysConversation('g-4')}></cx-interaction>`,
    );
    const session = host.session!;
    session.setConversationData('Notes', 'kept');
    host.attributeSchema = schema;
    await host.updateComplete;
    expect(host.session).to.equal(session);
    expect(session.attributeSchema).to.equal(schema);
    expect(session.getConversationData('Notes')).to.equal('kept');
  });
});
