import { expect, fixture, html } from '@open-wc/testing';
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { MemorySource } from '../../src/data/memory-source.js';
import type { Conversation, ConversationSource } from '../../src/data/conversation.js';
import type { InteractionSession } from '../../src/data/session.js';
import { sessionContext } from '../../components/contexts.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import { conversation, settle } from './fixtures.js';

/** A plain consumer of the session context, to prove what <cx-interaction> provides. */
class SessionProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sessionContext, subscribe: true });
  get session(): InteractionSession | undefined {
    return this.consumer.value;
  }
}
customElements.define('cx-test-session-probe', SessionProbe);

/** A source whose load the test resolves or rejects. */
function deferredSource() {
  let resolve!: (c: Conversation) => void;
  let reject!: (e: Error) => void;
  const source: ConversationSource = {
    load: () =>
      new Promise<Conversation>((res, rej) => {
        resolve = res;
        reject = rej;
      }),
    patchAttributes: async () => {},
  };
  return { source, resolve: (c: Conversation) => resolve(c), reject: (e: Error) => reject(e) };
}

describe('<cx-interaction>', () => {
  it('provides a session for .conversation to the elements inside it', async () => {
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${conversation()}
        ><cx-test-session-probe></cx-test-session-probe
      ></cx-interaction>`,
    );
    const probe = el.querySelector<SessionProbe>('cx-test-session-probe')!;
    await settle(el);
    expect(el.session).not.to.equal(undefined);
    expect(el.session!.id).to.equal('conv-1');
    expect(probe.session).to.equal(el.session);
    expect(el.session!.builtin('Call.Ani')).to.equal('tel:+13175550123');
  });

  it('replaces the session when the conversation changes, and the consumers see the new one', async () => {
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .conversation=${conversation()}
        ><cx-test-session-probe></cx-test-session-probe
      ></cx-interaction>`,
    );
    await settle(el);
    const first = el.session;
    el.conversation = { ...conversation(), id: 'conv-2' };
    await settle(el);
    expect(el.session).not.to.equal(first);
    expect(el.session!.id).to.equal('conv-2');
    expect(el.querySelector<SessionProbe>('cx-test-session-probe')!.session).to.equal(el.session);
  });

  it('loads conversation-id through the source, showing a pending state first', async () => {
    const { source, resolve } = deferredSource();
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .source=${source} conversation-id="conv-1"></cx-interaction>`,
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim()).to.equal(
      'Loading conversation conv-1…',
    );
    expect(el.session).to.equal(undefined);
    resolve(conversation());
    await new Promise((r) => setTimeout(r));
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="status"]')).to.equal(null);
    expect(el.session!.id).to.equal('conv-1');
    expect(el.session!.source).to.equal(source);
  });

  it('says which conversation could not be loaded and why, accessibly', async () => {
    const source = new MemorySource([conversation()]);
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .source=${source} conversation-id="missing"></cx-interaction>`,
    );
    await new Promise((r) => setTimeout(r));
    await settle(el);
    const error = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent!.trim()).to.equal(
      "Could not load conversation missing: Conversation 'missing' not found",
    );
    expect(el.session).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('reloads when conversation-id changes', async () => {
    const other = { ...conversation(), id: 'conv-9' };
    const source = new MemorySource([conversation(), other]);
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .source=${source} conversation-id="conv-1"></cx-interaction>`,
    );
    await new Promise((r) => setTimeout(r));
    await settle(el);
    expect(el.session!.id).to.equal('conv-1');
    el.conversationId = 'conv-9';
    await settle(el);
    await new Promise((r) => setTimeout(r));
    await settle(el);
    expect(el.session!.id).to.equal('conv-9');
  });

  it('is accessible while loading', async () => {
    const { source } = deferredSource();
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .source=${source} conversation-id="conv-1"></cx-interaction>`,
    );
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
