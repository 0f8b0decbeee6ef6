/**
 * `<cx-script>` given a Genesys Cloud Scripter export directly: it recognises it, loads the
 * importer on demand, fires `cx-script-warning` once per import warning, binds the input variables
 * from participant data, and runs the "Screen Pop URL" on-load action through the egress guard
 * (the policy, and the vault's scan of the plaintexts it holds).
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxScript } from '../../components/cx-script.js';
import type { CxEgressBlockedEvent, CxScriptIssueDetail } from '../../components/events.js';
import type { Conversation } from '../../src/data/conversation.js';
import type { ScreenPopPolicy } from '../../src/guard/policy.js';
import type { SecuredClient } from '../../src/secured/client.js';
import {
  ORG,
  clientWithKey,
  contextOf,
  endClients,
  officialEncrypt,
  randomKey,
} from '../vault/helpers.js';
import { fixtureExport, type Json } from './helpers.js';

const CUSTOMER = {
  FName: 'Ada',
  LName: 'Lovelace',
  Email: 'ada@example.com',
  ACCNumber: '4242',
  Priority: 'High',
};

/** A fresh interaction id per test: automatic pops happen once per interaction. */
let conversationId = '';
beforeEach(() => (conversationId = `conv-gen-${crypto.randomUUID()}`));

function conversation(
  attributes: Record<string, string>,
  securedAttributes?: Record<string, string>,
): Conversation {
  return {
    id: conversationId,
    organizationId: ORG,
    participants: [
      {
        id: 'c',
        purpose: 'customer',
        name: 'Ada',
        attributes,
        ...(securedAttributes ? { securedAttributes } : {}),
      },
      { id: 'q', purpose: 'acd', name: 'Queue', attributes: {}, queueName: 'Billing Support' },
      { id: 'a', purpose: 'agent', name: 'Grace', attributes: {} },
    ],
  };
}

interface Mounted {
  host: CxInteraction;
  el: CxScript;
  text(): string;
  warnings: CxScriptIssueDetail[];
  errors: CxScriptIssueDetail[];
  blocked: CxEgressBlockedEvent['detail'][];
}

/** Mounts an interaction and a `<cx-script>`, listening before the export is given to it. */
async function mount(
  conv: Conversation,
  policy?: ScreenPopPolicy,
  secured?: SecuredClient,
): Promise<Mounted> {
  const host = await fixture<CxInteraction>(
    html`<cx-interaction .conversation=${conv} .screenPopPolicy=${policy} .secured=${secured}
      ><cx-script></cx-script
    ></cx-interaction>`,
  );
  const el = host.querySelector('cx-script')!;
  const m: Mounted = {
    host,
    el,
    text: () => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '),
    warnings: [],
    errors: [],
    blocked: [],
  };
  el.addEventListener('cx-script-warning', (e) => m.warnings.push(e.detail));
  el.addEventListener('cx-script-error', (e) => m.errors.push(e.detail));
  el.addEventListener('cx-egress-blocked', (e) => m.blocked.push(e.detail));
  return m;
}

async function show(m: Mounted, exported: Json, expectText: string): Promise<void> {
  m.el.script = exported;
  await waitUntil(
    () => m.text().includes(expectText),
    `the export did not render '${expectText}'`,
    { timeout: 10_000 },
  );
  await m.el.updateComplete;
}

const reopenButton = (el: CxScript) =>
  [...el.shadowRoot!.querySelectorAll('button[part="button"]')].find(
    (b) => b.textContent!.trim() === 'Reopen URL',
  );

afterEach(endClients);

describe('<cx-script> with a Genesys Cloud Scripter export', () => {
  it('renders the email script with its input variables bound from participant data', async () => {
    const m = await mount(conversation(CUSTOMER));
    await show(m, await fixtureExport('email.script.json'), 'Lovelace');
    const texts = [...m.el.shadowRoot!.querySelectorAll('[part~="text"]')].map((t) =>
      t.textContent!.trim(),
    );
    expect(texts).to.deep.equal([
      'Billing Support',
      'Customer First Name:',
      'Ada',
      'Customer Last Name:',
      'Lovelace',
      'Customer Email:',
      'ada@example.com',
      "Customer's Account Number:",
      '4242',
      "Customer's Priority:",
      'High',
    ]);
    // Each label sits beside its value in a horizontal stack.
    const rows = [...m.el.shadowRoot!.querySelectorAll('.stack.horizontal')].map((r) =>
      r.textContent!.replace(/\s+/g, ''),
    );
    expect(rows).to.include('CustomerFirstName:Ada');
    expect(m.el.page).to.equal('Start Page');
    expect(m.el.runtime!.get('ACCNumber')).to.equal(4242);
    // No Screen Pop URL in the participant data: the on-load action pops nothing, the button stays hidden.
    expect(reopenButton(m.el)).to.equal(undefined);
    expect(m.warnings).to.deep.equal([]);
    expect(m.errors).to.deep.equal([]);
    await expect(m.el).to.be.accessible();
  });

  it('renders the test script and fires cx-script-warning once for its dangling variable', async () => {
    const m = await mount(conversation({}));
    await show(m, await fixtureExport('test_script.json'), 'Hello, world.');
    const checkbox = m.el.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(checkbox.labels![0]!.textContent).to.contain('MyCheckBox');
    checkbox.click();
    await m.el.updateComplete;
    expect(m.el.runtime!.get('MyCheckBox')).to.equal(true);
    expect(m.warnings).to.deep.equal([
      {
        code: 'unknown-variable',
        path: 'pages[0].rootContainer.children[1].properties.value.value',
        message:
          "the checkbox field names variable 'MyCheckBox', which the export does not declare; it edits a new variable 'MyCheckBox', neither input nor output",
      },
    ]);
    await expect(m.el).to.be.accessible();
  });

  it('accepts the export as JSON text, and a malformed export shows the error panel with its path', async () => {
    const m = await mount(conversation(CUSTOMER));
    await show(m, JSON.stringify(await fixtureExport('email.script.json')), 'Lovelace');
    const broken = await fixtureExport('email.script.json');
    delete broken.pages;
    setTimeout(() => (m.el.script = broken));
    const error = await oneEvent(m.el, 'cx-script-error');
    expect(error.detail).to.deep.include({ code: 'missing-field', path: 'pages' });
    await m.el.updateComplete;
    expect(m.el.shadowRoot!.querySelector('[part="error-panel"]')!.textContent).to.contain('pages');
  });
});

describe('the "Screen Pop URL" on-load action runs through the egress guard', () => {
  const popUrl = `${location.origin}/test/fixtures/genesys-scripts/SOURCE.txt?account=4242`;
  const loopback = { allowedOrigins: [location.origin], allowHttpLoopback: true };

  it('opens the URL when the policy allows its origin, then shows "Reopen URL"', async () => {
    // scripter.webPage is an openUrl: a new window of its own. Record the windows really opened.
    const opened: Window[] = [];
    const open = window.open;
    window.open = (...args: Parameters<Window['open']>) => {
      const w = open.apply(window, args);
      if (w) opened.push(w);
      return w;
    };
    try {
      const m = await mount(conversation({ ...CUSTOMER, 'Screen Pop URL': popUrl }), loopback);
      await show(m, await fixtureExport('email.script.json'), 'Lovelace');
      // The action sets "URL Button Visible" only after the pop succeeded.
      await waitUntil(() => reopenButton(m.el), 'the Reopen URL button did not appear', {
        timeout: 10_000,
      });
      expect(m.blocked).to.deep.equal([]);
      expect(opened, 'windows opened').to.have.length(1);
      // Same origin here, so the window's location is readable.
      await waitUntil(
        () => opened[0]!.location.href === popUrl,
        'the pop window did not load the URL',
      );
    } finally {
      window.open = open;
      for (const w of opened) w.close();
    }
  });

  it('blocks the pop to an origin the policy does not allow: cx-egress-blocked, no button', async () => {
    const m = await mount(
      conversation({
        ...CUSTOMER,
        'Screen Pop URL': 'https://crm.example.com.evil.example/c/4242',
      }),
      { allowedOrigins: ['https://crm.example.com'] },
    );
    setTimeout(async () => (m.el.script = await fixtureExport('email.script.json')));
    const event = await oneEvent(m.el, 'cx-egress-blocked');
    expect(event.detail).to.deep.equal({
      sink: 'openUrl',
      reason: 'origin-not-allowed',
      variables: [],
    });
    await m.el.updateComplete;
    expect(reopenButton(m.el)).to.equal(undefined);
    expect(m.el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain(
      'origin is not in the screen-pop policy',
    );
  });

  it('blocks the pop when the URL carries a secured value the vault holds', async function () {
    this.timeout(30_000);
    const key = randomKey();
    const client = await clientWithKey(key);
    const ssn = '078-05-1120';
    const securedAttributes = {
      Ssn: await officialEncrypt(key, ssn, contextOf('Ssn', conversationId)),
    };
    const conv = conversation(
      { ...CUSTOMER, 'Screen Pop URL': `${popUrl}&ssn=${ssn}` },
      securedAttributes,
    );
    const m = await mount(conv, loopback, client);
    // The vault has decrypted the secured attribute (so it holds the plaintext) before the script starts.
    await waitUntil(
      () => m.host.session?.getSecuredData('Ssn')?.handle !== undefined,
      'the decrypt',
      {
        timeout: 10_000,
      },
    );
    setTimeout(async () => (m.el.script = await fixtureExport('email.script.json')));
    const event = await oneEvent(m.el, 'cx-egress-blocked');
    expect(event.detail).to.deep.equal({
      sink: 'openUrl',
      reason: 'plaintext',
      variables: ['Ssn'],
    });
    await m.el.updateComplete;
    expect(reopenButton(m.el)).to.equal(undefined);
    expect(m.text()).not.to.contain(ssn);
  });
});
