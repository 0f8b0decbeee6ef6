/**
 * Screen-pop hints (PEF_URLPop, SF_URLPop, PEF_SearchValue): a screenPop with neither url nor
 * searchString pops the hint, which is participant data and passes the same guard and policy.
 */
import { expect } from '@open-wc/testing';
import { screenPopHint } from '../../src/data/screen-pop-hint.js';
import type { Conversation } from '../../src/data/conversation.js';
import { SECRETS, button, harness, scriptJson } from './harness.js';

const withAttributes = (attributes: Record<string, string>): Conversation => ({
  id: 'c',
  organizationId: 'o',
  participants: [
    { id: 'a', purpose: 'agent', attributes: { PEF_URLPop: 'https://agent.example.com/' } },
    { id: 'p', purpose: 'customer', attributes },
  ],
});

describe('screenPopHint', () => {
  it('reads the customer: PEF_URLPop, then SF_URLPop, then PEF_SearchValue', () => {
    expect(
      screenPopHint(
        withAttributes({
          PEF_SearchValue: 'A-42',
          SF_URLPop: 'https://sf.example.com/001',
          PEF_URLPop: 'https://crm.example.com/a/42',
        }),
      ),
    ).to.deep.equal({ url: 'https://crm.example.com/a/42', attribute: 'PEF_URLPop' });
    expect(
      screenPopHint(
        withAttributes({ PEF_SearchValue: 'A-42', SF_URLPop: 'https://sf.example.com/001' }),
      ),
    ).to.deep.equal({ url: 'https://sf.example.com/001', attribute: 'SF_URLPop' });
    expect(screenPopHint(withAttributes({ PEF_SearchValue: ' A-42 ' }))).to.deep.equal({
      searchString: 'A-42',
      attribute: 'PEF_SearchValue',
    });
  });

  it('skips blank hints and other participants, and names are case-sensitive', () => {
    expect(
      screenPopHint(withAttributes({ PEF_URLPop: '  ', pef_urlpop: 'https://x.example.com/' })),
    ).to.equal(undefined);
  });

  it('reads through a lookup (a session: queued writes first)', () => {
    const data: Record<string, string> = { SF_URLPop: 'https://sf.example.com/9' };
    expect(screenPopHint((name) => data[name])).to.deep.equal({
      url: 'https://sf.example.com/9',
      attribute: 'SF_URLPop',
    });
  });
});

describe('screenPop step with neither url nor searchString', () => {
  it('pops the PEF_URLPop hint to the host, after the policy', async () => {
    const h = harness(scriptJson({ actions: { go: [{ do: 'screenPop' }] } }));
    await h.runtime.start();
    h.session.setConversationData('PEF_URLPop', 'https://crm.example.com/accounts/A-42?x={y}');
    expect(await h.runtime.run('go', button())).to.equal(true);
    // The hint is taken as it is: never expanded as a template.
    expect(h.hostPops).to.deep.equal([
      { interactionId: 'conv-1', url: 'https://crm.example.com/accounts/A-42?x={y}' },
    ]);
  });

  it('pops a URL hint into a window or frame target too', async () => {
    const h = harness(
      scriptJson({
        actions: {
          go: [
            { do: 'screenPop', target: 'window' },
            { do: 'screenPop', target: 'frame' },
          ],
        },
      }),
    );
    await h.runtime.start();
    h.session.setConversationData('SF_URLPop', 'https://crm.example.com/lightning/r/001/view');
    expect(await h.runtime.run('go', button())).to.equal(true);
    expect(h.windowPops.map((p) => p.url)).to.deep.equal([
      'https://crm.example.com/lightning/r/001/view',
    ]);
    expect(h.framePops.map((p) => p.url)).to.deep.equal([
      'https://crm.example.com/lightning/r/001/view',
    ]);
  });

  it('blocks a hint to an origin the policy does not allow, and runs onFailure', async () => {
    const h = harness(
      scriptJson({
        actions: {
          go: [
            {
              do: 'screenPop',
              onFailure: [{ do: 'setVariable', variable: 'Flag', value: 'failed' }],
            },
          ],
        },
      }),
    );
    await h.runtime.start();
    h.session.setConversationData('PEF_URLPop', 'https://evil.example.net/steal');
    expect(await h.runtime.run('go', button())).to.equal(false);
    expect(h.hostPops).to.deep.equal([]);
    expect(h.blocked.map((b) => b.sink)).to.deep.equal(['screenPop']);
    expect(h.runtime.get('Flag')).to.equal('failed');
  });

  it('blocks a hint that carries a secured plaintext (the vault scan)', async () => {
    const h = harness(scriptJson({ actions: { go: [{ do: 'screenPop' }] } }));
    await h.runtime.start();
    h.session.setConversationData(
      'PEF_URLPop',
      `https://crm.example.com/find?card=${encodeURIComponent(SECRETS.CardNumber!)}`,
    );
    expect(await h.runtime.run('go', button())).to.equal(false);
    expect([h.hostPops, h.windowPops, h.framePops]).to.deep.equal([[], [], []]);
    expect(
      h.blocked.map(({ sink, reason, variables }) => ({ sink, reason, variables })),
    ).to.deep.equal([{ sink: 'screenPop', reason: 'plaintext', variables: ['CardNumber'] }]);
  });

  it('pops a PEF_SearchValue hint to the host as a search, and scans it', async () => {
    const h = harness(scriptJson({ actions: { go: [{ do: 'screenPop' }] } }));
    await h.runtime.start();
    h.session.setConversationData('PEF_SearchValue', 'A-42');
    expect(await h.runtime.run('go', button())).to.equal(true);
    expect(h.hostPops).to.deep.equal([{ interactionId: 'conv-1', searchString: 'A-42' }]);
    h.session.setConversationData('PEF_SearchValue', SECRETS.Ssn!);
    expect(await h.runtime.run('go', button())).to.equal(false);
    expect(h.blocked.map((b) => b.reason)).to.deep.equal(['plaintext']);
  });

  it('refuses a search-value hint for a window target, saying why', async () => {
    const h = harness(scriptJson({ actions: { go: [{ do: 'screenPop', target: 'window' }] } }));
    await h.runtime.start();
    h.session.setConversationData('PEF_SearchValue', 'A-42');
    expect(await h.runtime.run('go', button())).to.equal(false);
    expect(h.errors.map((e) => e.code)).to.deep.equal(['search-needs-host']);
    expect(h.errors[0]!.message).to.contain('PEF_SearchValue');
  });

  it('fails with a clear error when there is no hint', async () => {
    const h = harness(scriptJson({ actions: { go: [{ do: 'screenPop' }] } }));
    await h.runtime.start();
    expect(await h.runtime.run('go', button())).to.equal(false);
    expect(h.errors.map((e) => e.code)).to.deep.equal(['missing-url']);
    expect(h.errors[0]!.message).to.contain('PEF_URLPop, SF_URLPop, PEF_SearchValue');
  });

  it('ignores the hint when the step has its own url', async () => {
    const h = harness(
      scriptJson({
        actions: { go: [{ do: 'screenPop', url: 'https://crm.example.com/a/{AccountId}' }] },
      }),
    );
    await h.runtime.start();
    h.session.setConversationData('PEF_URLPop', 'https://crm.example.com/other');
    expect(await h.runtime.run('go', button())).to.equal(true);
    expect(h.hostPops).to.deep.equal([
      { interactionId: 'conv-1', url: 'https://crm.example.com/a/A-42' },
    ]);
  });
});
