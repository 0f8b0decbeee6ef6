/**
 * `<cx-secured-value>`, the `secured` component of `<cx-script>` and `<cx-interaction>.secured`,
 * against a real vault worker (terminated after each test) holding a key the official SDK used.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxScript } from '../../components/cx-script.js';
import type { CxSecuredValue } from '../../components/cx-secured-value.js';
import type { CxSecuredRevealEvent } from '../../components/events.js';
import type { Conversation } from '../../src/data/conversation.js';
import { isSecured } from '../../src/guard/secured-value.js';
import { createSecuredClient, type SecuredClient } from '../../src/secured/client.js';
import {
  ORG,
  clientWithKey,
  contextOf,
  endClients,
  officialEncrypt,
  randomKey,
  type KeySpec,
} from '../vault/helpers.js';

const CARD = '4111 1111 1111 1234';

async function conversationWith(
  key: KeySpec,
  id: string,
  secured: Record<string, string>,
  encryptFor: (name: string) => Record<string, string> = (name) => contextOf(name, id),
): Promise<Conversation> {
  const securedAttributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(secured))
    securedAttributes[name] = await officialEncrypt(key, value, encryptFor(name));
  return {
    id,
    organizationId: ORG,
    participants: [
      { id: 'p1', purpose: 'customer', name: 'Ada', attributes: {}, securedAttributes },
      { id: 'p2', purpose: 'agent', name: 'Grace', attributes: {} },
    ],
  };
}

/** Polls until `check` holds (the worker answers asynchronously). */
async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function mountValue(
  client: SecuredClient,
  conversation: Conversation,
  attrs: { name?: string; mask?: string; timeout?: number } = {},
) {
  const host = await fixture<CxInteraction>(html`
    <cx-interaction .conversation=${conversation} .secured=${client}>
      <cx-secured-value
        name=${attrs.name ?? 'CardNumber'}
        mask=${attrs.mask ?? 'last4'}
        reveal-timeout=${attrs.timeout ?? 30_000}
      ></cx-secured-value>
    </cx-interaction>
  `);
  const el = host.querySelector('cx-secured-value')!;
  const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
  const live = () => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
  const shown = () => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
  return { host, el, part, live, shown };
}

async function ready(el: CxSecuredValue, part: (n: string) => HTMLElement | null) {
  await until(() => part('toggle') !== null || part('error') !== null, 'the decrypt');
  await el.updateComplete;
}

afterEach(endClients);

describe('<cx-secured-value> with a real vault', () => {
  it('is masked by default: the last four only, no plaintext in the DOM, accessible', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const conv = await conversationWith(key, 'conv-1', { CardNumber: CARD });
    const { el, part, shown } = await mountValue(client, conv);
    await ready(el, part);
    expect(part('mask')!.textContent).to.equal('•••• 1234');
    expect(part('mask')!.getAttribute('aria-label')).to.equal(
      'Card number, hidden, ending in 1234',
    );
    expect(part('toggle')!.getAttribute('aria-pressed')).to.equal('false');
    expect(part('value')!.hidden).to.equal(true);
    expect(shown()).not.to.contain(CARD);
    expect(el.revealed).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('shows the full mask for mask="full"', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const conv = await conversationWith(key, 'conv-1', { CardNumber: CARD });
    const { el, part } = await mountValue(client, conv, { mask: 'full' });
    await ready(el, part);
    expect(part('mask')!.textContent).to.equal('••••••');
    expect(part('mask')!.getAttribute('aria-label')).to.equal('Card number, hidden');
  });

  it('reveals and hides by keyboard, announces it, fires cx-secured-reveal with the name only', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const conv = await conversationWith(key, 'conv-1', { CardNumber: CARD });
    const { el, part, live, shown } = await mountValue(client, conv);
    await ready(el, part);
    part('toggle')!.focus();
    const revealed = oneEvent(el, 'cx-secured-reveal') as Promise<CxSecuredRevealEvent>;
    await sendKeys({ press: 'Enter' });
    const event = await revealed;
    expect(event.detail).to.deep.equal({ name: 'CardNumber' });
    expect(event.bubbles && event.composed).to.equal(true);
    await until(() => el.revealed, 'the reveal');
    await el.updateComplete;
    expect(part('value')!.textContent).to.equal(CARD);
    expect(part('value')!.hidden).to.equal(false);
    expect(part('mask')!.hidden).to.equal(true);
    expect(part('toggle')!.getAttribute('aria-pressed')).to.equal('true');
    expect(live()).to.equal('Card number shown');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(el.revealed).to.equal(false);
    expect(part('value')!.childNodes.length).to.equal(0);
    expect(shown()).not.to.contain(CARD);
    expect(part('toggle')!.getAttribute('aria-pressed')).to.equal('false');
    expect(live()).to.equal('Card number hidden');
    expect(el.shadowRoot!.activeElement).to.equal(part('toggle'), 'focus stays on the toggle');

    await sendKeys({ press: 'Enter' });
    await until(() => el.revealed, 'the second reveal');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.revealed).to.equal(false);
  });

  it('hides again after reveal-timeout', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const conv = await conversationWith(key, 'conv-1', { CardNumber: CARD });
    const { el, part, live } = await mountValue(client, conv, { timeout: 150 });
    await ready(el, part);
    part('toggle')!.click();
    await until(() => el.revealed, 'the reveal');
    expect(part('value')!.textContent).to.equal(CARD);
    await until(() => !el.revealed, 'the auto-hide', 2_000);
    await el.updateComplete;
    expect(part('value')!.textContent).to.equal('');
    expect(live()).to.equal('Card number hidden');
  });

  it('says why inline when the key is not found, and stays accessible', async () => {
    const client = await clientWithKey(randomKey('cx-test', 'ours'));
    const conv = await conversationWith(randomKey('cx-test', 'theirs'), 'conv-1', {
      CardNumber: CARD,
    });
    const { el, part } = await mountValue(client, conv);
    await ready(el, part);
    expect(part('error')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Cannot decrypt CardNumber: key not found',
    );
    expect(part('toggle')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('says why inline when the vault worker cannot start, instead of waiting for ever', async () => {
    const conv = await conversationWith(randomKey(), 'conv-1', { CardNumber: CARD });
    const client = createSecuredClient({
      workerUrl: new URL('./no-such.worker.js', import.meta.url),
    });
    try {
      const { el, part } = await mountValue(client, conv);
      await ready(el, part);
      expect(part('error')!.textContent!.replace(/\s+/g, ' ').trim()).to.match(
        /^Cannot decrypt CardNumber: The vault worker could not be loaded from http/,
      );
      expect(part('toggle')).to.equal(null);
      await expect(el).to.be.accessible();
    } finally {
      client.close();
    }
  });

  it('says why inline when the ciphertext was copied from another conversation', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const conv = await conversationWith(key, 'conv-1', { CardNumber: CARD }, (name) =>
      contextOf(name, 'conv-other'),
    );
    const { el, part } = await mountValue(client, conv);
    await ready(el, part);
    expect(part('error')!.textContent).to.contain('Cannot decrypt CardNumber:');
    expect(part('error')!.textContent).to.contain('copied from another conversation');
  });
});

describe('<cx-interaction>.secured and the script', () => {
  it('decrypts in one batch into script variables with handles; the secured component reveals', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const conv = await conversationWith(key, 'conv-1', { CardNumber: CARD, Pin: '9931' });
    const script = {
      format: 'cx-script/1',
      name: 'S',
      startPage: 'p',
      variables: [{ name: 'CardNumber', type: 'string', input: true, secured: true }],
      pages: [
        {
          id: 'p',
          title: 'P',
          body: [
            { type: 'text', text: 'Card {{CardNumber}}' },
            { type: 'secured', variable: 'CardNumber', label: 'Card', mask: 'last4' },
          ],
        },
      ],
    };
    const host = await fixture<CxInteraction>(html`
      <cx-interaction .conversation=${conv} .secured=${client}>
        <cx-script .script=${script}></cx-script>
      </cx-interaction>
    `);
    const scriptEl = host.querySelector('cx-script') as CxScript;
    await until(() => {
      const v = scriptEl.runtime?.get('CardNumber');
      return isSecured(v) && v.handle !== undefined;
    }, 'the runtime variable to get its handle');
    const value = scriptEl.runtime!.get('CardNumber');
    expect(isSecured(value) && value.preview).to.equal('•••• 1234');
    expect(host.session!.secured.state('Pin')!.status).to.equal('ready');
    await scriptEl.updateComplete;
    expect(scriptEl.shadowRoot!.textContent).to.contain('Card •••• 1234');
    expect(scriptEl.shadowRoot!.textContent).not.to.contain(CARD);

    const secured = scriptEl.shadowRoot!.querySelector('cx-secured-value')!;
    await until(() => secured.shadowRoot!.querySelector('[part="toggle"]') !== null, 'toggle');
    secured.shadowRoot!.querySelector<HTMLButtonElement>('[part="toggle"]')!.click();
    await until(() => secured.revealed, 'the reveal');
    expect(secured.shadowRoot!.querySelector('[part="value"]')!.textContent).to.equal(CARD);
  });

  it('forgets the previous conversation when the conversation changes, and on disconnect', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const first = await conversationWith(key, 'conv-1', { CardNumber: CARD });
    const second = await conversationWith(key, 'conv-2', { CardNumber: '5500 0000 0000 0004' });
    const { host, el, part } = await mountValue(client, first);
    await ready(el, part);
    const firstHandle = host.session!.secured.value('CardNumber')!.handle!;
    expect(await client.reveal(firstHandle)).to.equal(CARD);
    part('toggle')!.click();
    await until(() => el.revealed, 'the reveal');

    host.conversation = second;
    await host.updateComplete;
    expect(host.session!.id).to.equal('conv-2');
    await until(() => host.session!.secured.state('CardNumber')!.status === 'ready', 'conv-2');
    await el.updateComplete;
    expect(el.revealed).to.equal(false, 'a new conversation hides the value');
    expect(el.shadowRoot!.textContent).not.to.contain(CARD);
    let error: unknown;
    await client.reveal(firstHandle).catch((e: unknown) => (error = e));
    expect(error, 'conv-1 was forgotten').to.be.instanceOf(Error);
    const secondHandle = host.session!.secured.value('CardNumber')!.handle!;
    expect(await client.reveal(secondHandle)).to.equal('5500 0000 0000 0004');

    host.remove();
    await until(() => host.session!.secured.state('CardNumber')!.status === 'pending', 'reset');
    error = undefined;
    await client.reveal(secondHandle).catch((e: unknown) => (error = e));
    expect(error, 'conv-2 was forgotten on disconnect').to.be.instanceOf(Error);
    expect(await client.scan(`pan=5500000000000004`)).to.deep.equal({ clean: true, names: [] });
  });
});
