/** `<cx-interaction>.host`: what the element tells a connected CRM host page (framed cross-origin). */
import { expect, fixture, html } from '@open-wc/testing';
import { HostBridge } from '../../src/host/bridge.js';
import { HOST_PROTOCOL } from '../../src/host/protocol.js';
import { CxScreenPopEvent } from '../../components/events.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import { conversation, fullScript } from '../components/fixtures.js';
import { MemorySource } from '../../src/data/memory-source.js';
import type { CxScript } from '../../components/cx-script.js';
import '../../components/cx-script.js';
import { CONNECT, HOST_ORIGIN, openHost, removeHosts, until } from './harness.js';

describe('<cx-interaction> with a host bridge', () => {
  let bridge: HostBridge | undefined;
  afterEach(() => {
    bridge?.dispose();
    removeHosts();
  });

  it('sends the interaction (also on connect), host screen pops and participant-data names', async () => {
    const host = await openHost();
    bridge = new HostBridge({ allowedOrigins: [HOST_ORIGIN], target: host.window });
    const el = await fixture<CxInteraction>(
      html`<cx-interaction .host=${bridge} .conversation=${conversation()}
        ><div id="inner"></div
      ></cx-interaction>`,
    );
    // Before the handshake nothing leaves; on connect the host learns the current interaction.
    const connected = new Promise((r) => bridge!.addEventListener('connect', r, { once: true }));
    await host.post([CONNECT]);
    await connected;
    const types = async (n: number) =>
      (
        await until(
          () => host.record(),
          (r) => r.length >= n,
        )
      ).map((m) => m.data);
    el.querySelector('#inner')!.dispatchEvent(
      new CxScreenPopEvent({ interactionId: 'conv-1', searchString: 'A-42' }),
    );
    el.session!.setConversationData('Notes', 'called back');
    el.conversation = { ...conversation(), id: 'conv-2' };
    await el.updateComplete;
    const m = (type: string, payload?: unknown) => ({
      protocol: HOST_PROTOCOL,
      type,
      ...(payload !== undefined && { payload }),
    });
    expect(await types(6)).to.deep.equal([
      m('ready'),
      m('interactionChanged', { id: 'conv-1', state: 'active' }),
      m('screenPop', { interactionId: 'conv-1', searchString: 'A-42' }),
      m('dataChanged', { names: ['Notes'] }),
      m('interactionChanged', { id: 'conv-1', state: 'released' }),
      m('interactionChanged', { id: 'conv-2', state: 'active' }),
    ]);
    el.remove();
    expect(await types(7)).to.deep.equal([
      ...(await types(6)).slice(0, 6),
      m('interactionChanged', { id: 'conv-2', state: 'released' }),
    ]);
  });

  it("applies the host's setTheme, setScript, setConversation and endInteraction", async () => {
    const host = await openHost();
    bridge = new HostBridge({ allowedOrigins: [HOST_ORIGIN], target: host.window });
    const second = { ...conversation(), id: 'conv-2' };
    const el = await fixture<CxInteraction>(
      html`<cx-interaction
        .host=${bridge}
        .source=${new MemorySource([conversation(), second])}
        conversation-id="conv-1"
        ><cx-script></cx-script
      ></cx-interaction>`,
    );
    const connected = new Promise((r) => bridge!.addEventListener('connect', r, { once: true }));
    await host.post([CONNECT]);
    await connected;
    const script = fullScript();
    await host.post([
      {
        protocol: HOST_PROTOCOL,
        type: 'setTheme',
        payload: { colorScheme: 'dark', tokens: { '--cx-color-accent': '#7a3cff' } },
      },
      { protocol: HOST_PROTOCOL, type: 'setScript', payload: { script } },
      { protocol: HOST_PROTOCOL, type: 'setConversation', payload: { conversationId: 'conv-2' } },
    ]);
    await until(
      () => el.session?.id,
      (id) => id === 'conv-2',
    );
    expect(el.style.colorScheme).to.equal('dark');
    expect(el.style.getPropertyValue('--cx-color-accent')).to.equal('#7a3cff');
    expect((el.querySelector('cx-script') as CxScript).script).to.deep.equal(script);
    await host.post([
      { protocol: HOST_PROTOCOL, type: 'endInteraction', payload: { id: 'conv-2' } },
    ]);
    await until(
      () => el.session,
      (session) => session === undefined,
    );
    expect(el.conversationId).to.equal(undefined);
  });
});
