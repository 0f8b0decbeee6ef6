/**
 * The `window` target in real Chromium windows, with the CRM page on a second origin
 * (test/screenpop/pop-page.html from 127.0.0.1): one window per interaction, reused by later pops,
 * and no way for the CRM page to navigate the desktop (reverse tabnabbing). The pop page reports
 * what it sees to its opener with postMessage.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxScript } from '../../components/cx-script.js';
import { openNewWindow, openPopWindow, popWindowOf } from '../../src/screenpop/targets.js';

/** What pop-page.html reports. */
interface PopReport {
  n: string | null;
  href: string;
  hasOpener: boolean;
  openerIsTop?: boolean;
  parent?: string;
  top?: string;
}

const crmPage = `${location.protocol}//127.0.0.1:${location.port}/test/screenpop/pop-page.html`;
const hijackTarget = `${location.href.split('#')[0]}#hijacked`;
const opened = new Set<Window>();

/** Collects every report of a pop page, from whichever window of ours it was posted to. */
function reports() {
  const got: { report: PopReport; source: MessageEventSource | null }[] = [];
  const listener = (e: MessageEvent) => {
    const report = (e.data as { cxPopTest?: PopReport } | null)?.cxPopTest;
    if (!report) return;
    got.push({ report, source: e.source });
    if (e.source) opened.add(e.source as Window);
  };
  const windows = new Set<Window>([window]);
  const watch = () => {
    for (const frame of document.querySelectorAll('iframe'))
      if (frame.contentWindow && !windows.has(frame.contentWindow)) {
        windows.add(frame.contentWindow);
        frame.contentWindow.addEventListener('message', listener);
      }
  };
  window.addEventListener('message', listener);
  return {
    got,
    /** Waits for the report of pop `n`. */
    async next(n: string): Promise<{ report: PopReport; source: MessageEventSource | null }> {
      for (let i = 0; i < 500; i++) {
        watch();
        const hit = got.find((g) => g.report.n === n);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`pop page ${n} never reported (reports: ${JSON.stringify(got)})`);
    },
  };
}

/** Resolves true when the desktop's location changes to #hijacked within a second. */
function hijacked(): Promise<boolean> {
  return new Promise((resolve) => {
    if (location.hash === '#hijacked') return resolve(true);
    const done = () => resolve(location.hash === '#hijacked');
    window.addEventListener('hashchange', done, { once: true });
    setTimeout(done, 1000);
  });
}

afterEach(() => {
  for (const w of opened) w.close();
  opened.clear();
  if (location.hash) history.replaceState(null, '', location.href.split('#')[0]);
});

describe('the window target', () => {
  it('reuses one window per interaction while it shows a cross-origin CRM page', async () => {
    const r = reports();
    expect(openPopWindow(new URL(`${crmPage}?n=1`), 'conv-reuse')).to.equal(true);
    const first = await r.next('1');
    expect(openPopWindow(new URL(`${crmPage}?n=2`), 'conv-reuse')).to.equal(true);
    const second = await r.next('2');
    expect(second.source, 'the second pop navigated the same window').to.equal(first.source);
    expect(popWindowOf('conv-reuse'), 'popWindowOf').to.equal(first.source);
    expect((first.source as Window).closed).to.equal(false);
    expect(second.report.href).to.equal(`${crmPage}?n=2`);
  });

  it('gives each interaction a window of its own', async () => {
    const r = reports();
    openPopWindow(new URL(`${crmPage}?n=a`), 'conv-a');
    openPopWindow(new URL(`${crmPage}?n=b`), 'conv-b');
    const [a, b] = [await r.next('a'), await r.next('b')];
    expect(a.source).not.to.equal(b.source);
  });

  it('leaves the CRM page no handle that navigates the desktop', async () => {
    const r = reports();
    const url = new URL(crmPage);
    url.search = new URLSearchParams({ n: 'h', hijack: hijackTarget }).toString();
    openPopWindow(url, 'conv-hijack');
    const { report } = await r.next('h');
    expect(report.hasOpener, 'the opener is the relay frame').to.equal(true);
    expect(report.openerIsTop, 'the opener is not the desktop').to.equal(false);
    expect(report.parent).to.equal('SecurityError');
    expect(report.top).to.equal('SecurityError');
    expect(await hijacked()).to.equal(false);
  });

  it('control: a window the desktop opens itself, opener kept, can navigate it', async () => {
    // The attack of the test above is real: without the relay it succeeds.
    const r = reports();
    const url = new URL(crmPage);
    url.search = new URLSearchParams({ n: 'c', hijack: hijackTarget }).toString();
    const popped = window.open(url.href, 'cx-test-control');
    expect(popped).not.to.equal(null);
    const { report } = await r.next('c');
    expect(report.openerIsTop).to.equal(true);
    expect(report.top).to.equal('no exception');
    expect(await hijacked()).to.equal(true);
  });

  it('opens openUrl pages in new windows of their own, opener cut', async () => {
    // With no opener the page cannot report: check from our side that two windows opened.
    const windows: Window[] = [];
    const recorder = {
      open: (url?: string | URL, target?: string) => {
        const w = window.open(url, target);
        if (w) {
          windows.push(w);
          opened.add(w);
        }
        return w;
      },
    };
    expect(openNewWindow(new URL(`${crmPage}?n=u1`), recorder)).to.equal(true);
    expect(openNewWindow(new URL(`${crmPage}?n=u2`), recorder)).to.equal(true);
    expect(windows).to.have.length(2);
    expect(windows[0]).not.to.equal(windows[1]);
    expect(windows.every((w) => !w.closed && w.opener === null)).to.equal(true);
  });

  it('pops from <cx-script>: two clicks, one window', async () => {
    const r = reports();
    const host = await fixture<CxInteraction>(html`
      <cx-interaction
        .conversation=${{
          id: 'conv-el',
          organizationId: 'org-1',
          participants: [{ id: 'c', purpose: 'customer', attributes: { Account: 'A 1' } }],
        }}
        .screenPopPolicy=${{ allowedOrigins: [new URL(crmPage).origin], allowHttpLoopback: true }}
      >
        <cx-script
          .script=${{
            format: 'cx-script/1',
            name: 'Window pops',
            startPage: 'p',
            variables: [{ name: 'Account', type: 'string', input: true }],
            pages: [
              {
                id: 'p',
                title: 'Pops',
                body: [{ type: 'button', label: 'Open record', action: 'open' }],
              },
            ],
            actions: {
              open: [{ do: 'screenPop', url: `${crmPage}?n={Account}`, target: 'window' }],
            },
          }}
        ></cx-script>
      </cx-interaction>
    `);
    const el = host.querySelector('cx-script') as CxScript;
    let button: HTMLButtonElement | null | undefined;
    for (let i = 0; i < 100 && !button; i++) {
      await new Promise((res) => setTimeout(res, 10));
      button = el.shadowRoot?.querySelector('button');
    }
    button!.click();
    const first = await r.next('A 1');
    r.got.length = 0;
    button!.click();
    const second = await r.next('A 1');
    expect(second.source).to.equal(first.source);
  });
});
