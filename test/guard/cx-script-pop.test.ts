/**
 * The screen pop and the guard in the elements: `<cx-interaction>.screenPopPolicy`, `cx-screen-pop`
 * for the host target, the CRM pane for the frame target, and a blocked pop's notice and event.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxScript } from '../../components/cx-script.js';
import type { Script } from '../../src/script/types.js';
import type { ScreenPopPolicy } from '../../src/guard/policy.js';
import type { CrmPaneShowDetail } from '../../src/screenpop/targets.js';
import { describeBlock } from '../../src/guard/egress.js';
import { parseScript } from '../../src/script/parse.js';

function conversation() {
  return {
    id: 'conv-9',
    organizationId: 'org-1',
    mediaType: 'call' as const,
    participants: [
      {
        id: 'c',
        purpose: 'customer' as const,
        attributes: { AccountId: 'A 42' },
        securedAttributes: { CardNumber: 'AYADeFAKEciphertextAAAA==' },
      },
    ],
  };
}

function script(): Script {
  return {
    format: 'cx-script/1',
    name: 'Pops',
    startPage: 'main',
    variables: [
      { name: 'AccountId', type: 'string', input: true },
      { name: 'CardNumber', type: 'string', input: true, secured: true },
    ],
    pages: [
      {
        id: 'main',
        title: 'Main',
        body: [
          { type: 'button', label: 'Open account', action: 'good' },
          { type: 'button', label: 'Leak', action: 'bad' },
          { type: 'button', label: 'Frame', action: 'frame' },
          { type: 'link', label: 'Elsewhere', url: 'https://elsewhere.example.net/{AccountId}' },
          { type: 'link', label: 'Account', url: 'https://crm.example.com/a/{AccountId}' },
        ],
      },
    ],
    actions: {
      good: [
        { do: 'screenPop', url: 'https://crm.example.com/accounts/{AccountId}', target: 'host' },
      ],
      bad: [
        {
          do: 'screenPop',
          url: 'https://crm.example.com.evil.example/{AccountId}',
          target: 'host',
        },
      ],
      frame: [{ do: 'screenPop', url: 'https://crm.example.com/f{?AccountId}', target: 'frame' }],
    },
  };
}

async function mount(policy: ScreenPopPolicy | undefined) {
  const host = await fixture<CxInteraction>(
    html`<cx-interaction .conversation=${conversation()} .screenPopPolicy=${policy}
      ><cx-script .script=${script()}></cx-script
    ></cx-interaction>`,
  );
  const el = host.querySelector('cx-script') as CxScript;
  for (let i = 0; i < 50 && !el.shadowRoot?.querySelector('button'); i++) {
    await new Promise((r) => setTimeout(r, 10));
    await el.updateComplete;
  }
  const button = (label: string) =>
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part="button"]')].find(
      (b) => b.textContent!.trim() === label,
    )!;
  return { host, el, button };
}

describe('describeBlock', () => {
  it('names the sink and the secured values, never a value', () => {
    expect(describeBlock('screenPop', 'secured-value', ['CardNumber'])).to.equal(
      'Screen pop blocked: it would have sent CardNumber',
    );
    expect(describeBlock('conversationData', 'plaintext', ['Ssn', 'Token'])).to.equal(
      'Participant data write blocked: it would have sent Ssn, Token',
    );
  });

  it('layer 1 refuses a script that pops a secured variable before it ever runs', async () => {
    const s = script();
    s.actions['bad'] = [{ do: 'screenPop', url: 'https://crm.example.com/c/{CardNumber}' }];
    expect(() => parseScript(s)).to.throw(/CardNumber/);
  });
});

describe('<cx-script> screen pops through the egress guard', () => {
  const policy = { allowedOrigins: ['https://crm.example.com'] };

  it('fires cx-screen-pop with the interaction id and the exact URL for a host pop', async () => {
    const { el, button } = await mount(policy);
    setTimeout(() => button('Open account').click());
    const event = await oneEvent(el, 'cx-screen-pop');
    expect(event.detail).to.deep.equal({
      interactionId: 'conv-9',
      url: 'https://crm.example.com/accounts/A%2042',
    });
    expect(event.bubbles && event.composed).to.equal(true);
  });

  it('blocks a pop to an unlisted origin: cx-egress-blocked and a dismissible alert', async () => {
    const { el, button } = await mount(policy);
    const pops: Event[] = [];
    el.addEventListener('cx-screen-pop', (e) => pops.push(e));
    setTimeout(() => button('Leak').click());
    const event = await oneEvent(el, 'cx-egress-blocked');
    expect(event.detail).to.deep.equal({
      sink: 'screenPop',
      reason: 'origin-not-allowed',
      variables: [],
    });
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain(
      'Screen pop blocked: its origin is not in the screen-pop policy',
    );
    await expect(el).to.be.accessible();
    alert.querySelector('button')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    expect(pops).to.deep.equal([]);
  });

  it('blocks every pop without a policy, and renders links only to allowed origins with one', async () => {
    const none = await mount(undefined);
    setTimeout(() => none.button('Open account').click());
    const event = await oneEvent(none.el, 'cx-egress-blocked');
    expect(event.detail.reason).to.equal('no-policy');
    const withPolicy = await mount(policy);
    const hrefs = [...withPolicy.el.shadowRoot!.querySelectorAll('a[part="link"]')].map((a) =>
      a.getAttribute('href'),
    );
    expect(hrefs).to.deep.equal(['https://crm.example.com/a/A%2042']);
    expect(withPolicy.el.shadowRoot!.textContent).to.contain(
      'origin is not in the screen-pop policy',
    );
  });

  it('shows a frame pop in the interaction CRM pane channel', async () => {
    const { host, button } = await mount(policy);
    const shown: CrmPaneShowDetail[] = [];
    const off = host.crmPane.subscribe((d) => shown.push(d));
    button('Frame').click();
    await new Promise((r) => setTimeout(r, 50));
    off();
    expect(shown).to.deep.equal([
      { interactionId: 'conv-9', url: 'https://crm.example.com/f?AccountId=A%2042' },
    ]);
    expect(host.crmPane.current('conv-9')).to.equal('https://crm.example.com/f?AccountId=A%2042');
  });

  it('<cx-crm-pane> frames the pop of its interaction', async () => {
    const host = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${conversation()} .screenPopPolicy=${policy}
        ><cx-script .script=${script()}></cx-script><cx-crm-pane></cx-crm-pane
      ></cx-interaction>`,
    );
    const el = host.querySelector('cx-script')!;
    const pane = host.querySelector('cx-crm-pane')!;
    await pane.updateComplete;
    expect(pane.shadowRoot!.querySelector('[part="empty"]')).to.not.equal(null);
    for (let i = 0; i < 50 && !el.shadowRoot?.querySelector('button'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent!.includes('Frame'))!
      .click();
    await new Promise((r) => setTimeout(r, 50));
    await pane.updateComplete;
    const frame = pane.shadowRoot!.querySelector('iframe')!;
    expect(frame.getAttribute('src')).to.equal('https://crm.example.com/f?AccountId=A%2042');
    expect(frame.getAttribute('referrerpolicy')).to.equal('no-referrer');
  });
});
