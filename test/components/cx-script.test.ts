import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { CxScriptWarningEvent, type CxScriptErrorEvent } from '../../components/events.js';
import type { CxScript } from '../../components/cx-script.js';
import type { Script } from '../../src/script/types.js';
import { conversation, fullScript, mount, settle, typeInto } from './fixtures.js';
import { onMetric } from '../../src/telemetry/metrics.js';

describe('<cx-script>', () => {
  describe('rendering every component type', () => {
    it('renders the page title, "Page 1 of 3" and text with participant data and built-ins', async () => {
      const { $, $$, text } = await mount();
      expect($('[part="title"]')!.tagName).to.equal('H2');
      expect($('[part="title"]')!.textContent).to.equal('Verify caller');
      expect($('[part="page-status"]')!.textContent!.trim()).to.equal('Page 1 of 3');
      expect($('h3[part~="heading"]')!.textContent).to.equal('Account A-42');
      expect(text()).to.contain('Caller tel:+13175550123 waiting in Card Services');
      expect($$('p[part~="note"]')[0]!.textContent).to.equal('Legacy id lower-7');
    });

    it('binds case-sensitively: AccountId and accountid read their own attributes', async () => {
      const { $, $$ } = await mount();
      expect($('h3[part~="heading"]')!.textContent).to.equal('Account A-42');
      expect($$('p[part~="note"]')[0]!.textContent).to.equal('Legacy id lower-7');
    });

    it('renders a secured value as a masked placeholder labelled "Card, hidden", never the ciphertext', async () => {
      const { $, root } = await mount();
      const value = $('cx-secured-value')!;
      expect(value.getAttribute('name')).to.equal('CardNumber');
      await (value as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const mask = value.shadowRoot!.querySelector('[part="mask"]')!;
      expect(mask.getAttribute('aria-label')).to.equal('Card, hidden');
      expect(mask.getAttribute('role')).to.equal('img');
      expect(mask.textContent).to.match(/^•+/);
      expect(root.innerHTML).not.to.contain('AYADeFAKE');
    });

    it('renders native form controls, each with a real <label for>', async () => {
      const { control, $ } = await mount();
      expect(control('Notes').type).to.equal('text');
      expect(control<HTMLTextAreaElement>('Details').tagName).to.equal('TEXTAREA');
      expect(control<HTMLTextAreaElement>('Details').rows).to.equal(3);
      expect(control('Amount').type).to.equal('number');
      expect(control('Amount').min).to.equal('0');
      expect(control('Date of purchase').type).to.equal('date');
      expect(control<HTMLSelectElement>('Reason').tagName).to.equal('SELECT');
      expect(control('Caller agrees').type).to.equal('checkbox');
      const fieldset = $('fieldset')!;
      expect(fieldset.querySelector('legend')!.textContent!.trim()).to.equal('Contact by');
      expect(fieldset.querySelectorAll('input[type="radio"]').length).to.equal(2);
    });

    it('renders a stack as a horizontal flex container with its gap', async () => {
      const { $ } = await mount();
      const stack = $('[part="stack"]')!;
      expect(getComputedStyle(stack).flexDirection).to.equal('row');
      expect(stack.style.gap).to.equal('8px');
      expect(stack.querySelectorAll('button').length).to.equal(2);
    });

    it('renders a disabled button with its reason as title and description', async () => {
      const { $$, root } = await mount();
      const escalate = $$<HTMLButtonElement>('button').find(
        (b) => b.textContent!.trim() === 'Escalate',
      )!;
      expect(escalate.disabled).to.equal(true);
      expect(escalate.title).to.equal('Needs a supervisor');
      const described = root.getElementById(escalate.getAttribute('aria-describedby')!)!;
      expect(described.textContent).to.equal('Needs a supervisor');
    });

    it('renders an http(s) link with its template expanded, and a javascript: URL as plain text', async () => {
      const { $$, text } = await mount();
      const links = $$<HTMLAnchorElement>('a[part="link"]');
      expect(links.length).to.equal(1);
      expect(links[0]!.href).to.equal('https://crm.example.com/accounts/A-42');
      expect(links[0]!.rel).to.contain('noopener');
      expect(text()).to.contain('Unsafe (not a link');
    });

    it('renders an image with alt text and an embedded page in a sandboxed, titled iframe', async () => {
      const { $ } = await mount();
      const img = $<HTMLImageElement>('img')!;
      expect(img.alt).to.equal('Bank logo');
      expect(img.getAttribute('src')).to.equal('https://img.example.com/logo.png');
      const frame = $<HTMLIFrameElement>('iframe')!;
      expect(frame.title).to.equal('CRM home');
      expect(frame.getAttribute('src')).to.equal('https://crm.example.com/home');
      expect(frame.getAttribute('sandbox')).to.equal(
        'allow-scripts allow-same-origin allow-forms allow-popups',
      );
      expect(frame.getAttribute('referrerpolicy')).to.equal('no-referrer');
    });

    it('never gives a same-origin embedded page allow-same-origin with scripts', async () => {
      const script = fullScript();
      script.pages[0]!.body = [
        { type: 'webPage', url: `${location.origin}/kb.html`, title: 'Knowledge base' },
      ];
      const { $ } = await mount(script);
      const sandbox = $<HTMLIFrameElement>('iframe')!.getAttribute('sandbox')!.split(' ');
      expect(sandbox).to.include('allow-scripts');
      expect(sandbox).not.to.include('allow-same-origin');
    });

    it('reports each render as a script-render metric', async () => {
      const metrics: { name: string; value: number }[] = [];
      const stop = onMetric((m) => metrics.push(m));
      try {
        await mount();
      } finally {
        stop();
      }
      const renders = metrics.filter((m) => m.name === 'script-render');
      expect(renders.length).to.be.greaterThan(0);
      expect(renders.every((m) => Number.isFinite(m.value) && m.value >= 0)).to.equal(true);
    });

    it('applies valid style hints as inline styles', async () => {
      const script = fullScript();
      script.pages[0]!.body = [
        {
          type: 'text',
          text: 'styled',
          style: { color: '#ff0000', padding: 4, fontWeight: 'bold', textAlign: 'center' },
        },
        { type: 'text', text: 'plain' },
      ];
      const { $$ } = await mount(script);
      const [styled, plain] = $$('p[part~="text"]');
      expect(styled!.style.color).to.equal('rgb(255, 0, 0)');
      expect(styled!.style.padding).to.equal('4px');
      expect(styled!.style.fontWeight).to.equal('bold');
      expect(styled!.style.textAlign).to.equal('center');
      expect(plain!.getAttribute('style') ?? '').to.equal('');
    });

    it('is accessible', async () => {
      const { el } = await mount();
      await expect(el).to.be.accessible();
    });
  });

  describe('two-way binding', () => {
    it('typing into an input updates the variable and the text that interpolates it', async () => {
      const { el, control, $$ } = await mount();
      typeInto(control('Notes'), 'Lost card');
      await el.updateComplete;
      expect(el.runtime!.get('Notes')).to.equal('Lost card');
      expect($$('p[part~="text"]').some((p) => p.textContent === 'Notes: Lost card')).to.equal(
        true,
      );
    });

    it('writes an output variable through to the session as participant data', async () => {
      const { el, host, control } = await mount();
      typeInto(control('Notes'), 'Lost card');
      await el.updateComplete;
      expect(host.session!.getConversationData('Notes')).to.equal('Lost card');
    });

    it('binds textarea, number, date, dropdown, checkbox and radio', async () => {
      const { el, control, $$ } = await mount();
      typeInto(control<HTMLTextAreaElement>('Details'), 'Two charges');
      typeInto(control('Amount'), '12.5');
      const date = control('Date of purchase');
      date.value = '2024-03-01';
      date.dispatchEvent(new Event('change', { bubbles: true }));
      const select = control<HTMLSelectElement>('Reason');
      select.value = 'dup';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      control('Caller agrees').click();
      $$<HTMLInputElement>('input[type="radio"]')[1]!.click();
      await el.updateComplete;
      const rt = el.runtime!;
      expect(rt.get('Details')).to.equal('Two charges');
      expect(rt.get('Amount')).to.equal(12.5);
      expect(rt.get('When')).to.equal('2024-03-01');
      expect(rt.get('Reason')).to.equal('dup');
      expect(rt.get('Agree')).to.equal(true);
      expect(rt.get('Channel')).to.equal('Email');
      expect($$('p[part~="text"]').map((p) => p.textContent)).to.include(
        'Amount=12.5 When=2024-03-01 Reason=dup Agree=true Channel=Email Details=Two charges',
      );
    });

    it('shows a variable changed by the runtime in the controls', async () => {
      const { el, control } = await mount();
      el.runtime!.set('Reason', 'Fraud');
      el.runtime!.set('Amount', 7);
      el.runtime!.set('Agree', true);
      el.runtime!.set('Channel', 'Phone');
      await el.updateComplete;
      expect(control<HTMLSelectElement>('Reason').value).to.equal('Fraud');
      expect(control('Amount').value).to.equal('7');
      expect(control('Caller agrees').checked).to.equal(true);
      expect(
        el.shadowRoot!.querySelector<HTMLInputElement>('input[value="Phone"]')!.checked,
      ).to.equal(true);
    });
  });

  describe('validation', () => {
    it('shows the required message inline with aria-invalid and aria-describedby after editing', async () => {
      const { el, control, root } = await mount();
      const notes = control('Notes');
      expect(notes.hasAttribute('aria-invalid')).to.equal(false);
      expect(notes.required).to.equal(true);
      typeInto(notes, '');
      await el.updateComplete;
      expect(notes.getAttribute('aria-invalid')).to.equal('true');
      const ids = notes.getAttribute('aria-describedby')!.split(' ');
      const messages = ids.map((id) => root.getElementById(id)!.textContent!.trim());
      expect(messages).to.deep.equal(['What the caller said', 'Notes is required.']);
    });

    it('shows the pattern message when the value does not match, and clears it when it does', async () => {
      const { el, control, root } = await mount();
      const notes = control('Notes');
      typeInto(notes, 'lower case');
      await el.updateComplete;
      expect(root.querySelector('[part="invalid"]')!.textContent).to.equal(
        'Start with a capital letter',
      );
      typeInto(notes, 'Upper case');
      await el.updateComplete;
      expect(root.querySelector('[part="invalid"]')).to.equal(null);
      expect(notes.hasAttribute('aria-invalid')).to.equal(false);
    });

    it('is accessible with a validation message shown', async () => {
      const { el, control } = await mount();
      typeInto(control('Notes'), 'bad');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });

  describe('visibility', () => {
    it('shows a component only while its condition holds, and toggles as the variable changes', async () => {
      const { el, control, text } = await mount();
      expect(text()).not.to.contain('Fraud team notified');
      const select = control<HTMLSelectElement>('Reason');
      select.value = 'Fraud';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      expect(text()).to.contain('Fraud team notified');
      el.runtime!.set('Reason', 'dup');
      await el.updateComplete;
      expect(text()).not.to.contain('Fraud team notified');
    });
  });

  describe('pages', () => {
    it('changes page when a button runs changePage, fires cx-page-change and reflects page', async () => {
      const { el, $$, $ } = await mount();
      expect(el.getAttribute('page')).to.equal('verify');
      const next = $$<HTMLButtonElement>('button').find((b) => b.textContent!.trim() === 'Next')!;
      setTimeout(() => next.click());
      const event = await oneEvent(el, 'cx-page-change');
      expect(event.detail).to.deep.equal({ from: 'verify', to: 'details' });
      expect(event.bubbles && event.composed).to.equal(true);
      await el.updateComplete;
      expect(el.page).to.equal('details');
      expect(el.getAttribute('page')).to.equal('details');
      expect($('[part="title"]')!.textContent).to.equal('Dispute details');
      expect($('[part="page-status"]')!.textContent!.trim()).to.equal('Page 2 of 3');
    });

    it('navigates when page is set, and runs inline actions of the new page', async () => {
      const { el, $, $$ } = await mount();
      el.page = 'details';
      await el.updateComplete;
      expect($('[part="title"]')!.textContent).to.equal('Dispute details');
      $$<HTMLButtonElement>('button')[0]!.click();
      await oneEvent(el, 'cx-page-change');
      await el.updateComplete;
      expect($('[part="title"]')!.textContent).to.equal('Done');
      expect(el.getAttribute('page')).to.equal('done');
    });

    it('navigates when the page attribute is set', async () => {
      const { el, $ } = await mount();
      el.setAttribute('page', 'done');
      await settle(el);
      expect($('[part="title"]')!.textContent).to.equal('Done');
    });

    it('starts on the page given in the page attribute', async () => {
      const { el, $ } = await mount(fullScript(), conversation(), 'details');
      expect(el.page).to.equal('details');
      expect($('[part="title"]')!.textContent).to.equal('Dispute details');
    });

    it('stays on the page and reports cx-script-error for an unknown page', async () => {
      const { el, $ } = await mount();
      const errors: CxScriptErrorEvent[] = [];
      el.addEventListener('cx-script-error', (e) => errors.push(e));
      el.page = 'nowhere';
      await settle(el);
      expect(el.page).to.equal('verify');
      expect($('[part="title"]')!.textContent).to.equal('Verify caller');
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['unknown-page']);
    });
  });

  describe('runtime events', () => {
    it('renders an unknown variable as empty text and fires one cx-script-warning', async () => {
      const script = fullScript();
      script.pages[0]!.body = [{ type: 'text', text: 'Hello [{{Nobody}}]' }];
      const warnings: CxScriptWarningEvent[] = [];
      const listener = (e: Event) => warnings.push(e as CxScriptWarningEvent);
      document.addEventListener('cx-script-warning', listener);
      try {
        const { el, $ } = await mount(script);
        el.requestUpdate();
        await el.updateComplete;
        expect($('p[part~="text"]')!.textContent).to.equal('Hello []');
        const unknown = warnings.filter((w) => w.detail.code === 'unknown-variable');
        expect(unknown.length).to.equal(1);
        expect(unknown[0]).to.be.instanceOf(CxScriptWarningEvent);
        expect(unknown[0]!.detail.message).to.contain('Nobody');
        expect(unknown[0]!.detail.path).to.equal('pages[0].body[0].text');
      } finally {
        document.removeEventListener('cx-script-warning', listener);
      }
    });

    it('shows an alert action inline (role="alert"), dismissible, and accessible', async () => {
      const script = fullScript();
      script.pages[0]!.body = [
        {
          type: 'button',
          label: 'Warn',
          action: [{ do: 'alert', message: 'Verify {{AccountId}} first' }],
        },
      ];
      const { el, $ } = await mount(script);
      $('button')!.click();
      await settle(el);
      const alert = $('[part="alert"]')!;
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(alert.textContent).to.contain('Verify A-42 first');
      await expect(el).to.be.accessible();
      $('[part="alert-dismiss"]')!.click();
      await el.updateComplete;
      expect($('[part="alert"]')).to.equal(null);
    });

    it('does not link a URL that carries a secured value: plain text, a notice and cx-egress-blocked', async () => {
      const script = fullScript();
      script.variables.push({
        name: 'Target',
        type: 'string',
        default: 'https://crm.example.com/x',
      });
      script.pages[0]!.body = [{ type: 'link', label: 'Open', url: '{{Target}}' }];
      const { el, $, text } = await mount(script);
      expect($('a')!.getAttribute('href')).to.equal('https://crm.example.com/x');
      // Run-time taint (the parser rejects such flows statically; this proves the second layer).
      const blocked = oneEvent(el, 'cx-egress-blocked');
      await el.runtime!.run(
        [{ do: 'setVariable', variable: 'Target', value: 'https://x.test/{{CardNumber}}' }],
        {
          kind: 'button',
          path: 'test',
        },
      );
      const event = await blocked;
      expect(event.detail).to.deep.equal({
        sink: 'link',
        reason: 'secured-value',
        variables: ['CardNumber'],
      });
      await el.updateComplete;
      expect($('a')).to.equal(null);
      expect(text()).to.contain(
        'Open (not opened as a link: its address would contain secured data)',
      );
    });
  });

  describe('a script that does not parse', () => {
    const bad = {
      format: 'cx-script/1',
      name: 'Broken',
      startPage: 'a',
      variables: [],
      pages: [{ id: 'a', title: 'A', body: [{ type: 'input', label: 'No variable' }] }],
      actions: {},
    };

    it('renders an error panel listing each issue path and message, and fires cx-script-error per issue', async () => {
      const errors: CxScriptErrorEvent[] = [];
      const listener = (e: Event) => errors.push(e as CxScriptErrorEvent);
      document.addEventListener('cx-script-error', listener);
      try {
        const { $, text } = await mount(bad);
        const panel = $('[part="error-panel"]')!;
        expect(panel).not.to.equal(null);
        expect(errors.length).to.be.greaterThan(0);
        const paths = errors.map((e) => e.detail.path);
        expect(paths).to.include('pages[0].body[0].variable');
        for (const e of errors) expect(text()).to.contain(`${e.detail.path}: ${e.detail.message}`);
        expect(panel.querySelectorAll('li').length).to.equal(errors.length);
      } finally {
        document.removeEventListener('cx-script-error', listener);
      }
    });

    it('reports JSON text that is not JSON at the root, without throwing', async () => {
      const { $, text } = await mount('{"format": ');
      expect($('[part="error-panel"]')).not.to.equal(null);
      expect(text()).to.contain('(root)');
    });

    it('is accessible with the error panel shown', async () => {
      const { el } = await mount(bad);
      await expect(el).to.be.accessible();
    });

    it('renders the script once a valid one replaces it', async () => {
      const { el, $ } = await mount(bad);
      el.script = fullScript();
      await settle(el);
      expect($('[part="error-panel"]')).to.equal(null);
      expect($('[part="title"]')!.textContent).to.equal('Verify caller');
    });
  });

  describe('keyboard', () => {
    it('Tab reaches the controls in order and Enter activates a button', async () => {
      const { el, root, control } = await mount();
      const active = () => root.activeElement as HTMLElement | null;
      const reached: (HTMLElement | null)[] = [];
      for (let i = 0; i < 30; i++) {
        await sendKeys({ press: 'Tab' });
        const a = active();
        reached.push(a);
        if (a?.tagName === 'BUTTON' && a.textContent!.trim() === 'Next') break;
      }
      const expected = [
        control('Notes'),
        control('Details'),
        control('Amount'),
        control('Date of purchase'),
        control('Reason'),
        control('Caller agrees'),
      ];
      // A date input takes one Tab per part (month, day, year): count each control once.
      expect([...new Set(reached)].slice(0, 6)).to.deep.equal(expected);
      expect(active()!.textContent!.trim()).to.equal('Next');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(el.page).to.equal('details');
      // Focus moves to the new page's title so keyboard users continue from there.
      expect(active()!.getAttribute('part')).to.equal('title');
    });

    it('Space activates a button', async () => {
      const { el, $$ } = await mount();
      $$<HTMLButtonElement>('button')
        .find((b) => b.textContent!.trim() === 'Next')!
        .focus();
      await sendKeys({ press: 'Space' });
      await settle(el);
      expect(el.page).to.equal('details');
    });
  });

  describe('lifecycle', () => {
    it('disposes the runtime on disconnect and stops relaying its events', async () => {
      const { el, $ } = await mount();
      const runtime = el.runtime!;
      el.remove();
      expect(runtime.disposed).to.equal(true);
      expect(el.runtime).to.equal(undefined);
      let relayed = false;
      el.addEventListener('cx-page-change', () => (relayed = true));
      runtime.dispatchEvent(
        new CustomEvent('page-change', { detail: { from: 'verify', to: 'done' } }),
      );
      expect(relayed).to.equal(false);
      expect($('[part="title"]')).not.to.equal(null);
    });

    it('builds a new runtime when reconnected', async () => {
      const { el, host } = await mount();
      const first = el.runtime!;
      el.remove();
      host.append(el);
      await settle(host, el);
      expect(el.runtime).not.to.equal(undefined);
      expect(el.runtime).not.to.equal(first);
      expect(el.runtime!.disposed).to.equal(false);
    });

    it('disposes the old runtime and builds a new one when the session changes', async () => {
      const { el, host, $ } = await mount();
      const first = el.runtime!;
      const next = conversation();
      next.participants[0]!.attributes['AccountId'] = 'B-7';
      host.conversation = next;
      await settle(host, el);
      expect(first.disposed).to.equal(true);
      expect(el.runtime).not.to.equal(first);
      expect($('h3')!.textContent).to.equal('Account B-7');
    });

    it('starts a new interaction on the start page, and keeps the page when moved in the DOM', async () => {
      const { el, host, $ } = await mount();
      el.page = 'details';
      await settle(el);
      el.remove();
      host.append(el);
      await settle(host, el);
      expect($('[part="title"]')!.textContent).to.equal('Dispute details');
      host.conversation = { ...conversation(), id: 'conv-2' };
      await settle(host, el);
      expect(el.page).to.equal('verify');
      expect($('[part="title"]')!.textContent).to.equal('Verify caller');
    });

    it('waits for an interaction when there is no session', async () => {
      const el = await fixture<CxScript>(html`<cx-script .script=${fullScript()}></cx-script>`);
      expect(el.runtime).to.equal(undefined);
      expect(el.shadowRoot!.textContent).to.contain('Waiting for an interaction');
    });
  });

  describe('performance', () => {
    it('renders a 500-component page (time printed, not asserted)', async () => {
      const script: Script = fullScript();
      const body: Script['pages'][number]['body'] = [];
      for (let i = 0; i < 500; i++) {
        const kind = i % 5;
        if (kind === 0) body.push({ type: 'text', text: `Row ${i}: {{AccountId}} {{Call.Ani}}` });
        else if (kind === 1) body.push({ type: 'input', variable: 'Notes', label: `Notes ${i}` });
        else if (kind === 2) body.push({ type: 'button', label: `Go ${i}`, action: 'next' });
        else if (kind === 3)
          body.push({
            type: 'dropdown',
            variable: 'Reason',
            label: `Reason ${i}`,
            options: ['Fraud', 'Other'],
          });
        else
          body.push({
            type: 'text',
            variant: 'note',
            text: 'Note {{Reason}}',
            visible: { op: 'isEmpty', value: '{{Notes}}' },
          });
      }
      script.pages[0]!.body = body;
      const { el } = await mount(fullScript());
      const t0 = performance.now();
      el.script = script;
      await settle(el);
      const first = performance.now() - t0;
      const t1 = performance.now();
      el.runtime!.set('Reason', 'Fraud');
      await el.updateComplete;
      const again = performance.now() - t1;
      console.log(
        `cx-script 500 components: first render ${first.toFixed(1)} ms, re-render ${again.toFixed(1)} ms`,
      );
      expect(el.shadowRoot!.querySelectorAll('button').length).to.equal(100);
    });
  });
});
