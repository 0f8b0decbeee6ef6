import { expect } from '@open-wc/testing';
import { parseScript } from '../../src/script/parse.js';
import { ScriptError } from '../../src/script/errors.js';
import { COMPONENT_TYPES } from '../../src/script/types.js';
import type { Component, Condition, Step } from '../../src/script/types.js';
import { crmOriginFor, kbOriginFor, sampleScript } from '../../demo/sample-script.js';
import { sampleConversations } from '../../demo/sample-conversations.js';

function components(list: readonly Component[]): Component[] {
  return list.flatMap((c) => (c.type === 'stack' ? [c, ...components(c.children)] : [c]));
}

function steps(list: readonly Step[]): Step[] {
  return list.flatMap((s) => [
    s,
    ...(s.do === 'if' ? [...steps(s.then), ...steps(s.else ?? [])] : []),
    ...steps(s.onSuccess ?? []),
    ...steps(s.onFailure ?? []),
  ]);
}

describe('demo sample script', () => {
  const script = sampleScript('http://localhost:8000');
  const all = script.pages.flatMap((p) => components(p.body));
  const allSteps = [
    ...Object.values(script.actions).flatMap(steps),
    ...all.flatMap((c) => (c.type === 'button' && Array.isArray(c.action) ? steps(c.action) : [])),
  ];

  it('parses as a valid cx-script/1 script', () => {
    expect(() => parseScript(script)).not.to.throw();
  });

  it('has three pages: verify the caller, the reason, wrap-up', () => {
    expect(script.pages.map((p) => p.id)).to.deep.equal(['verify', 'reason', 'wrapup']);
  });

  it('uses every v1 component type, every text variant and both stack directions', () => {
    expect([...new Set(all.map((c) => c.type))].sort()).to.deep.equal([...COMPONENT_TYPES].sort());
    const variants = new Set(
      all.flatMap((c) => (c.type === 'text' ? [c.variant ?? 'paragraph'] : [])),
    );
    expect([...variants].sort()).to.deep.equal(['heading', 'note', 'paragraph']);
    const directions = new Set(all.flatMap((c) => (c.type === 'stack' ? [c.direction] : [])));
    expect([...directions].sort()).to.deep.equal(['horizontal', 'vertical']);
    expect(all.some((c) => c.type === 'input' && c.pattern)).to.equal(true);
  });

  it('uses changePage, setVariable, if and setConversationData', () => {
    const used = new Set(allSteps.map((s) => s.do));
    for (const kind of ['changePage', 'setVariable', 'if', 'setConversationData'])
      expect(used.has(kind as Step['do']), kind).to.equal(true);
  });

  it('shows the fraud section only while Reason is Fraud', () => {
    const fraud = all.find(
      (c) =>
        c.type === 'stack' &&
        c.children.some((x) => x.type === 'text' && x.text === 'Suspected fraud'),
    );
    expect(fraud?.visible).to.deep.equal({
      op: 'equal',
      left: '{{Reason}}',
      right: 'Fraud',
    } satisfies Condition);
  });

  it('loads its image and web page from the demo server itself, never the network', () => {
    const urls = all.flatMap((c) =>
      c.type === 'image' || c.type === 'webPage' || c.type === 'link' ? [`${c.type} ${c.url}`] : [],
    );
    expect(urls).to.have.length(4);
    for (const url of urls)
      expect(url).to.match(
        /^(image http:\/\/localhost|(webPage|link) http:\/\/127\.0\.0\.1):8000\/demo\//,
      );
  });

  it('frames the knowledge base from the other loopback name, so that it is cross-origin', () => {
    expect(kbOriginFor('http://localhost:8000')).to.equal('http://127.0.0.1:8000');
    expect(kbOriginFor('http://127.0.0.1:8123')).to.equal('http://localhost:8123');
    expect(kbOriginFor('https://desk.example.com')).to.equal('https://desk.example.com');
  });

  it('reads participant data that every sample call carries, and the card as secured data', () => {
    const inputs = script.variables.filter((v) => v.input && !v.secured).map((v) => v.name);
    for (const conversation of sampleConversations()) {
      const customer = conversation.participants.find((p) => p.purpose === 'customer')!;
      for (const name of ['AccountId', 'CustomerTier', 'PreferredLanguage', 'Reason']) {
        expect(inputs).to.include(name);
        expect(customer.attributes).to.have.property(name);
      }
      expect(customer.securedAttributes)
        .to.have.property('CardNumber')
        .that.matches(/^AgR4[A-Za-z0-9+/]+=*$/);
    }
    expect(script.variables.find((v) => v.name === 'CardNumber')).to.include({ secured: true });
  });

  it('pops the CRM: the account into the pane on load and to the host, a window on demand', () => {
    const verify = script.pages[0]!;
    expect(verify.onLoad).to.equal('popAccount');
    const record = 'http://127.0.0.1:8000/demo/crm.html?account={AccountId}';
    expect(script.actions['popAccount']).to.deep.equal([
      { do: 'screenPop', url: record, target: 'frame' },
      { do: 'screenPop', url: record, target: 'host' },
    ]);
    expect(script.actions['openCrmWindow']).to.deep.equal([
      { do: 'screenPop', url: record, target: 'window' },
    ]);
    const buttons = components(verify.body).flatMap((c) => (c.type === 'button' ? [c] : []));
    expect(buttons.map((b) => [b.label, b.action])).to.deep.include.members([
      ['Open in CRM window', 'openCrmWindow'],
      ['Send to CRM host', 'popAccountToHost'],
      ['Search CRM by card number', 'searchCrmByCard'],
    ]);
    expect(crmOriginFor('http://localhost:8000')).to.equal('http://127.0.0.1:8000');
  });

  it('searches the CRM by a typed card number, a route only the run-time scan can stop', () => {
    const [search] = script.actions['searchCrmByCard']!;
    expect(search).to.include({
      do: 'screenPop',
      url: 'http://127.0.0.1:8000/demo/crm.html?card={CardSearch}',
      target: 'frame',
    });
    expect(script.variables.find((v) => v.name === 'CardSearch')).not.to.have.property('secured');
    expect(JSON.stringify(search!.onFailure)).to.contain('Pop blocked');
  });

  it('would not load with the secured CardNumber itself in that URL (layer 1)', () => {
    const unsafe = structuredClone(script);
    unsafe.actions['searchCrmByCard'] = [
      { do: 'screenPop', url: 'http://127.0.0.1:8000/demo/crm.html?card={CardNumber}' },
    ];
    let error: unknown;
    try {
      parseScript(unsafe);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ScriptError);
    const issues = (error as ScriptError).issues;
    expect(issues.map((i) => [i.code, i.path])).to.deep.include([
      'secured-egress',
      'actions.searchCrmByCard[0].url',
    ]);
  });
});
