/**
 * HostBridge against real cross-origin frames: the test page is the desktop, the CRM host page is
 * framed from another origin (see ./harness.ts) and records everything it receives.
 */
import { expect } from '@open-wc/testing';
import { HostBridge, type HostBridgeOptions } from '../../src/host/bridge.js';
import { HOST_PROTOCOL } from '../../src/host/protocol.js';
import { SecuredValue } from '../../src/guard/secured-value.js';
import { reportMetric } from '../../src/telemetry/metrics.js';
import { createSecuredClient, type SecuredClient } from '../../src/secured/client.js';
import { SECRETS } from '../guard/harness.js';
import {
  CONNECT,
  HOST_ORIGIN,
  countMessages,
  openHost,
  removeHosts,
  until,
  type HostFrame,
} from './harness.js';

const bridges: HostBridge[] = [];
function bridge(options: HostBridgeOptions): HostBridge {
  const b = new HostBridge(options);
  bridges.push(b);
  return b;
}

/** Every event of `types` the bridge fires, as `[type, detail]`. */
function events(b: HostBridge, types: string[]): [string, unknown][] {
  const seen: [string, unknown][] = [];
  for (const t of types) b.addEventListener(t, (e) => seen.push([t, (e as CustomEvent).detail]));
  return seen;
}
const INCOMING = ['connect', 'setConversation', 'setScript', 'setTheme', 'endInteraction'];
const msg = (type: string, payload?: unknown) => ({
  protocol: HOST_PROTOCOL,
  type,
  ...(payload !== undefined && { payload }),
});
const ready = { origin: location.origin, fromParent: true, data: msg('ready') };

/** Handshake: the host connects and has received `ready`. */
async function connect(b: HostBridge, host: HostFrame): Promise<void> {
  const connected = new Promise((r) => b.addEventListener('connect', r, { once: true }));
  await host.post([CONNECT]);
  await connected;
  await until(
    () => host.record(),
    (r) => r.some((m) => (m.data as { type?: string }).type === 'ready'),
  );
}

const noDrops = { origin: 0, source: 0, shape: 0, size: 0, beforeHandshake: 0 };

describe('HostBridge across origins', () => {
  afterEach(() => {
    for (const b of bridges.splice(0)) b.dispose();
    removeHosts();
  });

  it('sends nothing before the handshake, then answers ready and delivers a screen pop to the exact host origin', async () => {
    const host = await openHost();
    expect(host.origin).to.not.equal(location.origin);
    const b = bridge({ allowedOrigins: [`${HOST_ORIGIN}/`], target: host.window });
    expect(await b.send('screenPop', { interactionId: 'conv-0', searchString: 'early' })).to.equal(
      false,
    );
    const seen = events(b, INCOMING);
    await connect(b, host);
    expect(b.origin).to.equal(HOST_ORIGIN);
    expect(
      await b.send('screenPop', { interactionId: 'conv-1', url: 'https://crm.example.com/a/42' }),
    ).to.equal(true);
    const record = await until(
      () => host.record(),
      (r) => r.length >= 2,
    );
    expect(record).to.deep.equal([
      ready,
      {
        origin: location.origin,
        fromParent: true,
        data: msg('screenPop', { interactionId: 'conv-1', url: 'https://crm.example.com/a/42' }),
      },
    ]);
    expect(seen).to.deep.equal([['connect', { origin: HOST_ORIGIN }]]);
    expect(b.stats).to.deep.equal({ received: 1, accepted: 1, dropped: noDrops });
  });

  it('refuses the handshake from an origin not allowed: dropped, counted, never answered', async () => {
    const host = await openHost();
    const refusing = bridge({ allowedOrigins: ['https://crm.example.com'], target: host.window });
    const seen = events(refusing, INCOMING);
    const counter = countMessages();
    await host.post([CONNECT, msg('setConversation', { conversationId: 'c-1' })]);
    // The test page itself (its own origin, not allowed either).
    window.postMessage(CONNECT, location.origin);
    await counter.reached(3);
    counter.stop();
    expect(refusing.stats).to.deep.equal({
      received: 3,
      accepted: 0,
      dropped: { ...noDrops, origin: 3 },
    });
    expect(refusing.origin).to.equal(undefined);
    expect(seen).to.deep.equal([]);
    expect(await refusing.send('metric', { name: 'x', value: 1 })).to.equal(false);
    // A bridge that allows the host answers it: exactly one ready arrives, from that bridge.
    const accepting = bridge({ allowedOrigins: [HOST_ORIGIN], target: host.window });
    await connect(accepting, host);
    expect(await host.record()).to.deep.equal([ready]);
    expect(refusing.stats.dropped.origin).to.equal(4);
  });

  it('drops a message from the allowed origin but another window', async () => {
    const host = await openHost();
    const other = await openHost();
    const b = bridge({ allowedOrigins: [HOST_ORIGIN], target: host.window });
    const seen = events(b, INCOMING);
    const counter = countMessages();
    await other.post([CONNECT, msg('setTheme', { colorScheme: 'dark' })]);
    await counter.reached(2);
    counter.stop();
    expect(b.stats).to.deep.equal({ received: 2, accepted: 0, dropped: { ...noDrops, source: 2 } });
    expect(b.origin).to.equal(undefined);
    expect(seen).to.deep.equal([]);
    await connect(b, host);
    await b.send('metric', { name: 'fcp', value: 120 });
    await until(
      () => host.record(),
      (r) => r.length >= 2,
    );
    expect(await other.record()).to.deep.equal([]);
  });

  it('drops messages before the handshake, malformed and oversized ones; dispatches valid ones', async () => {
    const host = await openHost();
    const b = bridge({ allowedOrigins: [HOST_ORIGIN], target: host.window, maxMessageBytes: 4096 });
    const seen = events(b, INCOMING);
    const counter = countMessages();
    await host.post([msg('setConversation', { conversationId: 'too-early' })]);
    await counter.reached(1);
    expect(b.stats.dropped.beforeHandshake).to.equal(1);
    await connect(b, host);
    const malformed = [
      'connect',
      null,
      [CONNECT],
      { ...CONNECT, protocol: 'cx-host/2' },
      msg('unknownType', {}),
      msg('ready'),
      msg('setConversation', { conversationId: 42 }),
      msg('setConversation', { conversationId: 'c', extra: 1 }),
      { ...msg('setConversation', { conversationId: 'c' }), extra: true },
      msg('setConversation'),
      msg('setTheme', { tokens: { '--cx-color-text': 'url(https://evil.example/x)' } }),
      msg('setTheme', { tokens: { color: 'red' } }),
      msg('setTheme', { colorScheme: 'neon' }),
      msg('setScript', { script: 'not an object' }),
      msg('endInteraction', { id: 7 }),
    ];
    const oversized = [
      msg('setScript', { script: { name: 'x'.repeat(5000) } }),
      msg('setTheme', {
        tokens: Object.fromEntries([...Array(300)].map((_, i) => [`--cx-t${i}`, 'red'])),
      }),
    ];
    const valid = [
      msg('setTheme', { colorScheme: 'dark', tokens: { '--cx-color-text': '#222' } }),
      msg('setScript', { script: { format: 'cx-script/1', name: 'S' } }),
      msg('endInteraction', {}),
      msg('setConversation', { conversationId: 'conv-2' }),
    ];
    await host.post([...malformed, ...oversized, ...valid]);
    await counter.reached(2 + malformed.length + oversized.length + valid.length);
    counter.stop();
    expect(b.stats).to.deep.equal({
      received: 2 + malformed.length + oversized.length + valid.length,
      accepted: 1 + valid.length,
      dropped: { ...noDrops, beforeHandshake: 1, shape: malformed.length, size: oversized.length },
    });
    expect(seen).to.deep.equal([
      ['connect', { origin: HOST_ORIGIN }],
      ['setTheme', { colorScheme: 'dark', tokens: { '--cx-color-text': '#222' } }],
      ['setScript', { script: { format: 'cx-script/1', name: 'S' } }],
      ['endInteraction', {}],
      ['setConversation', { conversationId: 'conv-2' }],
    ]);
  });

  it('posts only with the exact origin as targetOrigin, never *', async () => {
    // A same-origin frame: its postMessage can be wrapped to see the bridge's targetOrigin argument.
    const host = await openHost(location.origin);
    const calls: unknown[][] = [];
    const win = host.window as Window & { postMessage: (...a: unknown[]) => void };
    const original = win.postMessage;
    win.postMessage = (...args: unknown[]) => {
      calls.push(args.slice(1));
      return original.apply(win, args as Parameters<Window['postMessage']>);
    };
    const b = bridge({ allowedOrigins: [location.origin], target: host.window });
    await connect(b, host);
    await b.send('screenPop', { interactionId: 'c', searchString: 'A-42' });
    await b.send('interactionChanged', { id: 'c', state: 'active' });
    await b.send('dataChanged', { names: ['Notes'] });
    await b.send('metric', { name: 'lcp', value: 900 });
    expect(calls).to.deep.equal(Array(5).fill([location.origin]));
    expect(
      (
        await until(
          () => host.record(),
          (r) => r.length >= 5,
        )
      ).length,
    ).to.equal(5);
  });

  it('sends to the handshake origin only: a frame navigated to another origin receives nothing', async () => {
    const host = await openHost();
    const b = bridge({ allowedOrigins: [HOST_ORIGIN], target: host.window });
    await connect(b, host);
    await host.navigate(location.origin);
    expect(await b.send('screenPop', { interactionId: 'c', searchString: 'A-42' })).to.equal(true);
    // A message to '*' from this page after it does arrive (messages from one page arrive in order).
    host.window.postMessage({ probe: 1 }, '*');
    const record = await until(
      () => host.record(),
      (r) => r.length >= 1,
    );
    expect(record).to.deep.equal([
      { origin: location.origin, fromParent: true, data: { probe: 1 } },
    ]);
  });

  it('stops listening and sending on dispose', async () => {
    const host = await openHost();
    const b = bridge({ allowedOrigins: [HOST_ORIGIN], target: host.window });
    await connect(b, host);
    b.dispose();
    const counter = countMessages();
    await host.post([CONNECT]);
    await counter.reached(1);
    counter.stop();
    expect(b.stats.received).to.equal(1);
    expect(await b.send('metric', { name: 'x', value: 1 })).to.equal(false);
  });

  it('forwards the metrics it is asked to, by name and value only, after the handshake', async () => {
    const [all, some, none] = [await openHost(), await openHost(), await openHost()];
    const bAll = bridge({ allowedOrigins: [HOST_ORIGIN], target: all.window, metrics: true });
    const bSome = bridge({
      allowedOrigins: [HOST_ORIGIN],
      target: some.window,
      metrics: ['script-render'],
    });
    const bNone = bridge({ allowedOrigins: [HOST_ORIGIN], target: none.window });
    reportMetric({ name: 'script-render', value: 1 }); // before any handshake: dropped
    for (const [b, host] of [
      [bAll, all],
      [bSome, some],
      [bNone, none],
    ] as const)
      await connect(b, host);
    reportMetric({ name: 'script-render', value: 12.5, detail: { components: 3 } });
    reportMetric({ name: 'custom.timing', value: 3 });
    const metricsOf = async (host: HostFrame, n: number) =>
      (
        await until(
          () => host.record(),
          (r) => r.filter((m) => (m.data as { type?: string }).type === 'metric').length >= n,
        )
      )
        .map((m) => m.data as { type: string; payload?: unknown })
        .filter((d) => d.type === 'metric')
        .map((d) => d.payload);
    // `true` forwards everything: ours, and the page's web vitals (TTFB …) as they come.
    const ours = (list: unknown[]) =>
      list.filter((m) => ['script-render', 'custom.timing'].includes((m as { name: string }).name));
    expect(ours(await metricsOf(all, 2))).to.deep.equal([
      { name: 'script-render', value: 12.5 },
      { name: 'custom.timing', value: 3 },
    ]);
    expect(await metricsOf(some, 1)).to.deep.equal([{ name: 'script-render', value: 12.5 }]);
    // The default bridge forwards none: a message sent after the metrics arrives alone.
    await bNone.send('dataChanged', { names: ['X'] });
    const types = (
      await until(
        () => none.record(),
        (r) => r.length >= 2,
      )
    ).map((m) => (m.data as { type: string }).type);
    expect(types).to.deep.equal(['ready', 'dataChanged']);
    // After dispose, no more metrics.
    bAll.dispose();
    reportMetric({ name: 'custom.timing', value: 4 });
    await bSome.send('dataChanged', { names: ['Y'] });
    await until(
      () => some.record(),
      (r) => r.some((m) => (m.data as { type?: string }).type === 'dataChanged'),
    );
    expect(ours(await metricsOf(all, 2))).to.have.length(2);
  });

  it('rejects allowed origins that are not exact http(s) origins', () => {
    for (const o of [
      '*',
      'null',
      'crm.example.com',
      'https://crm.example.com/app',
      'https://u:p@crm.example.com',
      'file:///x',
    ])
      expect(() => new HostBridge({ allowedOrigins: [o] }), o).to.throw(TypeError);
  });
});

describe('HostBridge egress guard with the real vault', function () {
  this.timeout(60_000);
  let client: SecuredClient;
  const dbName = `cx-test-host-${crypto.randomUUID()}`;

  before(async () => {
    client = createSecuredClient({ dbName });
    await client.addRawAesKey({
      keyNamespace: 'cx-test',
      keyName: 'host-key',
      key: crypto.getRandomValues(new Uint8Array(32)),
    });
    const site = { conversationId: 'conv-1', organizationId: 'org-1' };
    const attributes = [];
    for (const [name, plaintext] of Object.entries(SECRETS))
      attributes.push({
        name,
        ciphertext: await client.encrypt({ ...site, attributeName: name, plaintext }),
      });
    const outcomes = await client.decrypt({ ...site, attributes });
    expect(outcomes.every((o) => o.ok)).to.equal(true);
  });

  after(async () => {
    removeHosts();
    for (const b of bridges.splice(0)) b.dispose();
    client.close();
    await new Promise<void>((resolve) => {
      const r = indexedDB.deleteDatabase(dbName);
      r.onsuccess = r.onerror = r.onblocked = () => resolve();
    });
  });

  it('no secured value, and no plaintext the vault holds, reaches the host', async () => {
    const host = await openHost();
    const b = bridge({ allowedOrigins: [HOST_ORIGIN], target: host.window, scanner: () => client });
    const blocked: unknown[] = [];
    b.addEventListener('egress-blocked', (e) => blocked.push(e.detail));
    await connect(b, host);
    const card = new SecuredValue({ sources: ['CardNumber'], preview: '•••• 1111' });
    const secured = card as unknown as string;
    const attempts: [boolean, string[]][] = [];
    const attempt = async (p: Promise<boolean>, names: string[]) => attempts.push([await p, names]);
    await attempt(b.send('screenPop', { interactionId: 'conv-1', searchString: secured }), [
      'CardNumber',
    ]);
    await attempt(b.send('dataChanged', { names: ['Notes', secured] }), ['CardNumber']);
    await attempt(b.send('interactionChanged', { id: secured, state: 'active' }), ['CardNumber']);
    await attempt(
      b.send('screenPop', { interactionId: 'conv-1', searchString: SECRETS.CardNumber! }),
      ['CardNumber'],
    );
    await attempt(
      b.send('screenPop', { interactionId: 'conv-1', searchString: '4111111111111111' }),
      ['CardNumber'],
    );
    await attempt(
      b.send('screenPop', {
        interactionId: 'conv-1',
        url: `https://crm.example.com/s?q=${encodeURIComponent(SECRETS.Ssn!)}`,
      }),
      ['Ssn'],
    );
    await attempt(b.send('dataChanged', { names: [btoa(SECRETS.Token!)] }), ['Token']);
    await attempt(b.send('metric', { name: 'x', value: 4111111111111111 }), ['CardNumber']);
    // The channel works: a clean message goes through.
    expect(await b.send('screenPop', { interactionId: 'conv-1', searchString: 'A-42' })).to.equal(
      true,
    );

    expect(attempts.map(([sent]) => sent)).to.deep.equal(Array(attempts.length).fill(false));
    expect(blocked.map((d) => (d as { variables: string[] }).variables)).to.deep.equal(
      attempts.map(([, names]) => names),
    );
    expect(blocked.every((d) => (d as { sink: string }).sink === 'hostMessage')).to.equal(true);
    const record = await until(
      () => host.record(),
      (r) => r.length >= 2,
    );
    expect(record).to.deep.equal([
      ready,
      {
        origin: location.origin,
        fromParent: true,
        data: msg('screenPop', { interactionId: 'conv-1', searchString: 'A-42' }),
      },
    ]);
    // The blocked events carry names, never a value.
    const told = JSON.stringify(blocked);
    for (const secret of Object.values(SECRETS)) expect(told).to.not.include(secret);
    expect(told).to.not.include('4111');
  });
});
