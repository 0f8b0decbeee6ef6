import { expect } from '@open-wc/testing';
import {
  CxEgressBlockedEvent,
  CxPageChangeEvent,
  CxScriptErrorEvent,
  CxScriptWarningEvent,
} from '../../components/events.js';

describe('cx-* events', () => {
  it('bubble out of a shadow root to the document, typed by name', () => {
    const host = document.createElement('div');
    const inner = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('span'));
    document.body.append(host);
    const seen: string[] = [];
    const onPage = (e: CxPageChangeEvent) =>
      seen.push(`${e.type} ${e.detail.from}->${e.detail.to}`);
    const onError = (e: CxScriptErrorEvent) => seen.push(`${e.type} ${e.detail.path}`);
    document.addEventListener('cx-page-change', onPage);
    document.addEventListener('cx-script-error', onError);
    try {
      inner.dispatchEvent(new CxPageChangeEvent({ from: null, to: 'verify' }));
      inner.dispatchEvent(new CxScriptErrorEvent({ code: 'x', message: 'm', path: 'pages[0]' }));
    } finally {
      document.removeEventListener('cx-page-change', onPage);
      document.removeEventListener('cx-script-error', onError);
      host.remove();
    }
    expect(seen).to.deep.equal(['cx-page-change null->verify', 'cx-script-error pages[0]']);
  });

  it('freeze their detail, and egress events carry names only', () => {
    const names = ['CardNumber'];
    const e = new CxEgressBlockedEvent({ sink: 'link', reason: 'secured-value', variables: names });
    names.push('Other');
    expect(e.detail.variables).to.deep.equal(['CardNumber']);
    expect(Object.isFrozen(e.detail)).to.equal(true);
    expect(new CxScriptWarningEvent({ code: 'c', message: 'm', path: undefined }).type).to.equal(
      'cx-script-warning',
    );
    expect(e.bubbles && e.composed && !e.cancelable).to.equal(true);
  });
});
