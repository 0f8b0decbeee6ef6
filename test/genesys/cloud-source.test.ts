/**
 * GenesysCloudSource over real HTTP: the dev server's stand-in for the Platform API routes
 * (test/server/genesys-cloud.mjs), one tenant per test.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import { GenesysCloudError, GenesysCloudSource, parseRetryAfter } from '../../src/genesys/index.js';
import { genesysConversation } from './fixtures.js';
import { InteractionOutbox } from '../../src/data/outbox.js';
import {
  clientWithKey,
  contextOf,
  endClients,
  officialDecrypt,
  officialEncrypt,
  randomKey,
} from '../vault/helpers.js';

let seq = 0;

interface Tenant {
  baseUrl: string;
  control(body: unknown): Promise<void>;
  requests(): Promise<
    {
      method: string;
      path: string;
      authorization?: string;
      body: unknown;
      batchId?: string;
      applied?: boolean;
    }[]
  >;
}

async function tenant(
  setup: { token?: string; conversations?: Record<string, unknown> } = {},
): Promise<Tenant> {
  const name = `t${Date.now().toString(36)}-${++seq}`;
  const baseUrl = `${location.origin}/__test/genesys/${name}`;
  const control = async (body: unknown) => {
    const res = await fetch(`${baseUrl}/__control`, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).to.equal(204);
  };
  await control({ token: 'tok-1', ...setup });
  return {
    baseUrl,
    control,
    requests: async () => (await fetch(`${baseUrl}/__requests`)).json(),
  };
}

/** The rejection of `promise` (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<GenesysCloudError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(GenesysCloudError);
    return error as GenesysCloudError;
  }
  throw new Error('expected a rejection');
}

/** The Platform API path of conversation `c`, the one most tests load. */
const CONVERSATION = '/api/v2/conversations/c';

describe('GenesysCloudSource over HTTP', () => {
  it('loads a conversation with the bearer token from getToken()', async () => {
    const t = await tenant({ conversations: { 'conv-1': genesysConversation('conv-1') } });
    const source = new GenesysCloudSource({
      baseUrl: `${t.baseUrl}/`,
      getToken: async () => 'tok-1',
      organizationId: 'org-1',
    });
    const c = await source.load('conv-1');
    expect(c.id).to.equal('conv-1');
    expect(c.organizationId).to.equal('org-1');
    expect(c.participants[0]!.attributes).to.include({
      AccountId: 'A-42',
      accountid: 'lower-case twin',
    });
    // The conversation and its secure attributes, asked for together.
    expect(await t.requests()).to.have.deep.members([
      { method: 'GET', path: '/api/v2/conversations/conv-1', authorization: 'Bearer tok-1' },
      {
        method: 'GET',
        path: '/api/v2/conversations/conv-1/secureattributes',
        authorization: 'Bearer tok-1',
      },
    ]);
  });

  it('patches participant attributes (merged by the platform, names case-sensitive) and reads them back', async () => {
    const t = await tenant({ conversations: { 'conv-1': genesysConversation('conv-1') } });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    await source.patchAttributes('conv-1', 'p-customer', { Notes: 'called back', accountid: 'x' });
    const requests = await t.requests();
    expect(requests[0]).to.deep.equal({
      method: 'PATCH',
      path: '/api/v2/conversations/conv-1/participants/p-customer/attributes',
      authorization: 'Bearer tok-1',
      body: { attributes: { Notes: 'called back', accountid: 'x' } },
    });
    const attributes = (await source.load('conv-1')).participants[0]!.attributes;
    expect(attributes).to.include({ Notes: 'called back', accountid: 'x', AccountId: 'A-42' });
  });

  it('encodes ids into the path', async () => {
    const t = await tenant({ conversations: { 'a/b c': genesysConversation('a/b c') } });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    expect((await source.load('a/b c')).id).to.equal('a/b c');
    expect((await t.requests()).map((r) => r.path)).to.have.members([
      '/api/v2/conversations/a%2Fb%20c',
      '/api/v2/conversations/a%2Fb%20c/secureattributes',
    ]);
  });

  it('asks getToken() before every request, so a refreshed token is used', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    let token = 'tok-1';
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => token });
    await source.load('c');
    await t.control({ token: 'tok-2' });
    token = 'tok-2';
    await source.load('c');
    expect((await t.requests()).map((r) => r.authorization)).to.deep.equal([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
      'Bearer tok-2',
    ]);
  });

  it('401: says the token was rejected', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'expired' });
    const e = await rejection(source.load('c'));
    expect(e.status).to.equal(401);
    expect(e.call).to.equal('GET /api/v2/conversations/c');
    expect(e.message).to.equal(
      'GET /api/v2/conversations/c: the token was rejected (401 Unauthorized); getToken() must return a valid OAuth access token: Invalid login credentials.',
    );
  });

  it('404: says which conversation (or participant) was not found', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    const e = await rejection(source.load('missing'));
    expect(e.status).to.equal(404);
    expect(e.message).to.contain("conversation 'missing' not found (404)");
    const p = await rejection(source.patchAttributes('c', 'nobody', { A: '1' }));
    expect(p.status).to.equal(404);
    expect(p.message).to.contain("conversation 'c' or its participant 'nobody' not found (404)");
  });

  it('429 with retries off: rate limited, retry after N s, retryAfter in ms', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    await t.control({ faults: [{ status: 429, retryAfter: '7', path: CONVERSATION }] });
    const source = new GenesysCloudSource({
      baseUrl: t.baseUrl,
      getToken: () => 'tok-1',
      maxRetries: 0,
    });
    const e = await rejection(source.load('c'));
    expect(e.status).to.equal(429);
    expect(e.retryAfter).to.equal(7000);
    expect(e.message).to.contain('rate limited (429), retry after 7 s');
    // Not retried: the conversation once, its secure attributes once.
    expect(await t.requests()).to.have.length(2);
  });

  it('429: retries after Retry-After (bounded) and then succeeds', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    await t.control({
      faults: [
        { status: 429, retryAfter: '0', path: CONVERSATION },
        { status: 429, retryAfter: '0', path: CONVERSATION },
      ],
    });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    expect((await source.load('c')).id).to.equal('c');
    expect((await t.requests()).filter((r) => r.path === CONVERSATION)).to.have.length(3);
  });

  it('429: gives up after maxRetries, saying how many retries it made', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    await t.control({ faults: [0, 1, 2].map(() => ({ status: 429, retryAfter: '0' })) });
    const source = new GenesysCloudSource({
      baseUrl: t.baseUrl,
      getToken: () => 'tok-1',
      maxRetries: 2,
    });
    const e = await rejection(source.patchAttributes('c', 'p-customer', { A: '1' }));
    expect(e.status).to.equal(429);
    expect(e.retryAfter).to.equal(0);
    expect(e.message).to.contain('rate limited (429), retry after 0 s (after 2 retries)');
    expect(await t.requests()).to.have.length(3);
  });

  it('429: does not wait longer than maxRetryAfter; the error carries the wait', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    await t.control({ faults: [{ status: 429, retryAfter: '120', path: CONVERSATION }] });
    const source = new GenesysCloudSource({
      baseUrl: t.baseUrl,
      getToken: () => 'tok-1',
      maxRetryAfter: 60_000,
    });
    const e = await rejection(source.load('c'));
    expect(e.retryAfter).to.equal(120_000);
    expect((await t.requests()).filter((r) => r.path === CONVERSATION)).to.have.length(1);
  });

  it('500: says what the platform answered, and is not retried', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    await t.control({ faults: [{ status: 500 }] });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    const e = await rejection(source.patchAttributes('c', 'p-customer', { A: '1' }));
    expect(e.status).to.equal(500);
    expect(e.message).to.contain('the platform answered 500');
    expect(await t.requests()).to.have.length(1);
  });

  it('a dropped connection: unreachable baseUrl, no status', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    await t.control({ drop: true });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    const e = await rejection(source.load('c'));
    expect(e.status).to.equal(undefined);
    expect(e.message).to.contain(`could not reach ${t.baseUrl} (network error`);
    const p = await rejection(source.patchAttributes('c', 'p-customer', { A: '1' }));
    expect(p.status).to.equal(undefined);
    expect(p.message).to.contain(
      'PATCH /api/v2/conversations/c/participants/p-customer/attributes: could not reach',
    );
    await t.control({ drop: false });
    expect((await source.load('c')).id).to.equal('c');
  });

  it('a server that is not there: unreachable baseUrl', async () => {
    const source = new GenesysCloudSource({
      baseUrl: 'http://127.0.0.1:9/',
      getToken: () => 'tok-1',
    });
    const e = await rejection(source.load('c'));
    expect(e.message).to.contain('could not reach http://127.0.0.1:9 (network error');
  });

  it('an answer that is not a conversation names the JSON path', async () => {
    const t = await tenant({ conversations: { c: { id: 'c', participants: [{ id: 'p' }] } } });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    const e = await rejection(source.load('c'));
    expect(e.status).to.equal(200);
    expect(e.message).to.contain('participants[0].purpose must be a non-empty string');
  });

  it('getToken() failing is reported, and nothing is sent', async () => {
    const t = await tenant();
    const source = new GenesysCloudSource({
      baseUrl: t.baseUrl,
      getToken: () => Promise.reject(new Error('login expired')),
    });
    const e = await rejection(source.load('c'));
    expect(e.message).to.equal('GET /api/v2/conversations/c: getToken() failed: login expired');
    expect(await t.requests()).to.deep.equal([]);
  });

  it('rejects a value that is not a string before any request', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    let error: unknown;
    try {
      await source.patchAttributes('c', 'p-customer', { Count: 3 as unknown as string });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message).to.equal(
      "Attribute 'Count' of participant 'p-customer' must be a string, not number",
    );
    expect(await t.requests()).to.deep.equal([]);
  });

  it('sends the batch id with the write, so a resent batch is applied once', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    await source.patchAttributes('c', 'p-customer', { Notes: 'first' }, { batchId: 'b-1' });
    // Another writer after ours: applying our batch a second time would undo its write.
    await source.patchAttributes('c', 'p-customer', { Notes: 'later' }, { batchId: 'b-2' });
    await source.patchAttributes('c', 'p-customer', { Notes: 'first' }, { batchId: 'b-1' });
    const requests = await t.requests();
    expect(requests.map((r) => [r.batchId, r.applied])).to.deep.equal([
      ['b-1', true],
      ['b-2', true],
      ['b-1', false],
    ]);
    expect((await source.load('c')).participants[0]!.attributes.Notes).to.equal('later');
  });

  it('an outbox batch that failed is resent under its id through the source, and applied once', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    await t.control({ faults: [{ status: 503 }] });
    const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
    const queue = new InteractionOutbox('c', undefined, { baseMs: 20, capMs: 20 });
    queue.bind({ source, participantId: 'p-customer' });
    await queue.set('Notes', 'from the script');
    const failed = await queue.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).to.be.instanceOf(GenesysCloudError);
    await queue.flush();
    const requests = await t.requests();
    expect(requests).to.have.length(2);
    expect(requests[0]!.batchId).to.be.a('string').and.equal(requests[1]!.batchId);
    expect(requests[1]!.applied).to.equal(true);
    expect((await source.load('c')).participants[0]!.attributes.Notes).to.equal('from the script');
    expect(queue.size).to.equal(0);
  });

  it('batchIdHeader: false sends no batch id', async () => {
    const t = await tenant({ conversations: { c: genesysConversation('c') } });
    const source = new GenesysCloudSource({
      baseUrl: t.baseUrl,
      getToken: () => 'tok-1',
      batchIdHeader: false,
    });
    await source.patchAttributes('c', 'p-customer', { Notes: 'x' }, { batchId: 'b-1' });
    expect((await t.requests())[0]).not.to.have.property('batchId');
  });

  describe('secured writes', () => {
    afterEach(endClients);
    const CARD = '4111 1111 1111 1234';

    it('sends secured values as ciphertext only, to the conversation secure attributes; a load reads them back', async () => {
      const key = randomKey();
      const vault = await clientWithKey(key);
      const t = await tenant({ conversations: { c: genesysConversation('c') } });
      const source = new GenesysCloudSource({
        baseUrl: t.baseUrl,
        getToken: () => 'tok-1',
        organizationId: 'org-1',
      });
      const ciphertext = await vault.encrypt({
        conversationId: 'c',
        organizationId: 'org-1',
        attributeName: 'CardNumber',
        plaintext: CARD,
      });
      await source.patchAttributes(
        'c',
        'p-customer',
        { Notes: 'card replaced' },
        { batchId: 'b-9', securedAttributes: { CardNumber: ciphertext } },
      );
      const requests = await t.requests();
      expect(requests.map((r) => [r.method, r.path, r.batchId])).to.have.deep.members([
        ['PATCH', '/api/v2/conversations/c/participants/p-customer/attributes', 'b-9'],
        ['PATCH', '/api/v2/conversations/c/secureattributes', 'b-9'],
      ]);
      const wire = JSON.stringify(requests);
      expect(wire).to.contain(ciphertext);
      for (const needle of [CARD, CARD.replace(/ /g, ''), '1234'])
        expect(wire).not.to.contain(needle);
      // On the server: the ciphertext, which the official SDK decrypts to the card number.
      const stored = await (
        await fetch(`${t.baseUrl}/api/v2/conversations/c/secureattributes`, {
          headers: { Authorization: 'Bearer tok-1' },
        })
      ).json();
      expect(stored.attributes).to.deep.equal({ CardNumber: ciphertext });
      expect(JSON.stringify(stored)).not.to.contain(CARD);
      expect((await officialDecrypt(key, stored.attributes.CardNumber)).plaintext).to.equal(CARD);
      // Resent under the same id: neither route applies it again.
      await source.patchAttributes(
        'c',
        'p-customer',
        { Notes: 'card replaced' },
        { batchId: 'b-9', securedAttributes: { CardNumber: ciphertext } },
      );
      const resent = (await t.requests()).filter((r) => r.method === 'PATCH').slice(2);
      expect(resent.map((r) => r.applied)).to.deep.equal([false, false]);
      // Loaded again: on the customer, and the vault decrypts it.
      const loaded = await source.load('c');
      const secured = loaded.participants[0]!.securedAttributes!;
      expect(secured).to.deep.equal({ CardNumber: ciphertext });
      const [outcome] = await vault.decrypt({
        conversationId: 'c',
        organizationId: loaded.organizationId,
        attributes: [{ name: 'CardNumber', ciphertext: secured.CardNumber!, mask: 'last4' }],
      });
      expect(outcome).to.include({ ok: true, preview: '•••• 1234' });
    });

    it('refuses a secured value that cannot be ciphertext, before any request', async () => {
      const t = await tenant({ conversations: { c: genesysConversation('c') } });
      const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
      let error: unknown;
      try {
        await source.patchAttributes(
          'c',
          'p-customer',
          {},
          { securedAttributes: { CardNumber: CARD } },
        );
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(TypeError);
      expect((error as Error).message)
        .to.contain("Secured attribute 'CardNumber' of conversation 'c'")
        .and.not.to.contain(CARD);
      expect(await t.requests()).to.deep.equal([]);
    });
  });

  describe('secure attributes on load', () => {
    afterEach(endClients);
    const CARD = '4111 1111 1111 1234';
    const SECURE = `${CONVERSATION}/secureattributes`;

    it("puts the conversation's secure attributes on the customer, over its own, as they are", async () => {
      const conversation = genesysConversation('c') as { participants: Record<string, unknown>[] };
      conversation.participants[0]!.securedAttributes = { Pin: 'old', Dob: 'kept' };
      const t = await tenant({ conversations: { c: conversation } });
      await t.control({ secure: { c: { Pin: 'AAAA', CardNumber: 'BBBB' } } });
      const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
      const loaded = await source.load('c');
      const customer = loaded.participants.find((p) => p.purpose === 'customer')!;
      expect(customer.securedAttributes).to.deep.equal({
        Pin: 'AAAA',
        CardNumber: 'BBBB',
        Dob: 'kept',
      });
      for (const p of loaded.participants.filter((p) => p !== customer))
        expect(p).not.to.have.property('securedAttributes');
      // The first 'external' participant is the customer when no 'customer' takes part.
      conversation.participants[0]!.purpose = 'external';
      await t.control({ conversations: { c: conversation } });
      const external = (await source.load('c')).participants[0]!;
      expect(external.securedAttributes).to.include({ CardNumber: 'BBBB' });
    });

    it('shows in <cx-interaction> loaded through the source: masked, revealed by the vault', async () => {
      const key = randomKey();
      const vault = await clientWithKey(key);
      const t = await tenant({ conversations: { c: genesysConversation('c') } });
      await t.control({
        secure: {
          c: {
            CardNumber: await officialEncrypt(key, CARD, contextOf('CardNumber', 'c', 'org-1')),
          },
        },
      });
      const source = new GenesysCloudSource({
        baseUrl: t.baseUrl,
        getToken: () => 'tok-1',
        organizationId: 'org-1',
      });
      const host = await fixture<CxInteraction>(html`
        <cx-interaction .source=${source} conversation-id="c" .secured=${vault}>
          <cx-secured-value name="CardNumber" mask="last4"></cx-secured-value>
        </cx-interaction>
      `);
      const value = host.querySelector('cx-secured-value')!;
      const toggle = () => value.shadowRoot!.querySelector<HTMLButtonElement>('[part="toggle"]');
      await waitUntil(() => toggle(), 'the decrypt', { timeout: 5_000 });
      await value.updateComplete;
      expect(value.shadowRoot!.textContent).to.contain('•••• 1234').and.not.to.contain(CARD);
      toggle()!.click();
      await waitUntil(() => value.revealed, 'the reveal', { timeout: 5_000 });
      await value.updateComplete;
      expect(value.shadowRoot!.querySelector('[part="value"]')!.textContent).to.equal(CARD);
    });

    it('a 404 of the secure attributes alone: the conversation loads without any', async () => {
      const t = await tenant({ conversations: { c: genesysConversation('c') } });
      await t.control({ faults: [{ status: 404, path: SECURE }] });
      const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
      const loaded = await source.load('c');
      expect(loaded.participants[0]).not.to.have.property('securedAttributes');
    });

    it('any other failure of the secure attributes rejects the load, naming their call', async () => {
      const t = await tenant({ conversations: { c: genesysConversation('c') } });
      await t.control({ faults: [{ status: 403, path: SECURE }] });
      const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
      const e = await rejection(source.load('c'));
      expect(e.status).to.equal(403);
      expect(e.call).to.equal(`GET ${SECURE}`);
      // Both failing: the conversation's own failure is the one reported.
      await t.control({
        faults: [
          { status: 503, path: SECURE },
          { status: 500, path: CONVERSATION },
        ],
      });
      const both = await rejection(source.load('c'));
      expect([both.call, both.status]).to.deep.equal([`GET ${CONVERSATION}`, 500]);
    });

    it('an answer that is not secure attributes names the value', async () => {
      const t = await tenant({ conversations: { c: genesysConversation('c') } });
      const source = new GenesysCloudSource({ baseUrl: t.baseUrl, getToken: () => 'tok-1' });
      await t.control({ secure: { c: { CardNumber: 42 } } });
      const e = await rejection(source.load('c'));
      expect(e.call).to.equal(`GET ${SECURE}`);
      expect(e.message).to.contain(
        'the answer is not secure attributes (attributes.CardNumber must be a string)',
      );
      await t.control({ faults: [{ status: 200, path: SECURE, body: '[1]' }] });
      expect((await rejection(source.load('c'))).message).to.contain('it must be an object');
      await t.control({ faults: [{ status: 200, path: SECURE, body: 'not json' }] });
      expect((await rejection(source.load('c'))).message).to.contain(
        `GET ${SECURE}: the answer is not JSON`,
      );
    });

    it('readSecureAttributes: false asks for the conversation only', async () => {
      const t = await tenant({ conversations: { c: genesysConversation('c') } });
      await t.control({ secure: { c: { CardNumber: 'BBBB' } } });
      const source = new GenesysCloudSource({
        baseUrl: t.baseUrl,
        getToken: () => 'tok-1',
        readSecureAttributes: false,
      });
      expect((await source.load('c')).participants[0]).not.to.have.property('securedAttributes');
      expect((await t.requests()).map((r) => r.path)).to.deep.equal([CONVERSATION]);
    });
  });

  it('refuses a baseUrl that is not a URL', () => {
    expect(() => new GenesysCloudSource({ baseUrl: 'api.example', getToken: () => '' })).to.throw(
      TypeError,
      "baseUrl 'api.example' is not a URL",
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('30', now)).to.equal(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:45 GMT', now)).to.equal(45_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
  });
});
