/**
 * The vault API through a real worker (comlink), real IndexedDB and the official AWS Encryption SDK
 * as the oracle. Each test ends its worker and deletes its database.
 */
import { expect } from '@open-wc/testing';
import { VaultError } from '../../src/secured/client.js';
import { FULL_MASK, type DecryptOutcome } from '../../src/secured/types.js';
import {
  CONVERSATION,
  ORG,
  clientWithKey,
  contextOf,
  endClients,
  fromHex,
  newClient,
  officialDecrypt,
  officialEncrypt,
  randomKey,
  reachableText,
  readEveryRecord,
  rejection,
} from './helpers.js';

const CARD = '4111 1111 1111 1234';

function ok(outcome: DecryptOutcome | undefined): { handle: string; preview: string } {
  if (!outcome?.ok) throw new Error(`expected a handle, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function failed(outcome: DecryptOutcome | undefined): { code: string; message: string } {
  if (!outcome || outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

function batch(
  attributes: { name: string; ciphertext: string; mask?: 'full' | 'last4' | 'none' }[],
) {
  return { conversationId: CONVERSATION, organizationId: ORG, attributes };
}

afterEach(endClients);

describe('vault: decrypting official SDK messages into handles', () => {
  it('decrypts a batch of official messages in one call: handles, masked previews, reveal', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const values: Record<string, string> = {
      CardNumber: CARD,
      Pin: '8842',
      Note: 'Ünïcødé 😀 note',
      Big: 'x'.repeat(32_000),
      Empty: '',
    };
    const frameLengths = [4096, 1, 17, 4096, 128];
    const attributes = await Promise.all(
      Object.entries(values).map(async ([name, value], i) => ({
        name,
        ciphertext: await officialEncrypt(key, value, contextOf(name), {
          frameLength: frameLengths[i]!,
        }),
        mask: 'last4' as const,
      })),
    );
    const outcomes = await client.decrypt(batch(attributes));
    expect(outcomes.map((o) => o.name)).to.deep.equal(Object.keys(values));
    const card = ok(outcomes[0]);
    expect(card.preview).to.equal('•••• 1234');
    expect(ok(outcomes[1]).preview).to.equal(FULL_MASK, 'short values are masked in full');
    for (const [i, value] of Object.values(values).entries()) {
      const { handle, preview } = ok(outcomes[i]);
      expect(handle).to.match(/^h_[A-Za-z0-9_-]{22}$/);
      if (value.length >= 4) expect(handle).not.to.contain(value.slice(-4));
      expect(await client.reveal(handle)).to.equal(value);
      if (i !== 0) expect(preview.length).to.be.below(12);
    }
  });

  it('decrypts a unicode context and a message with two encrypted data keys of which one is ours', async () => {
    const ours = randomKey('cx-test', 'ours');
    const other = randomKey('elsewhere', 'theirs');
    const client = await clientWithKey(ours);
    const context = { ...contextOf('Ñame✓'), extra: 'värde 🌍' };
    const ciphertext = await officialEncrypt(other, 'secret ✓', context, { extraKeys: [ours] });
    const [outcome] = await client.decrypt(batch([{ name: 'Ñame✓', ciphertext }]));
    expect(await client.reveal(ok(outcome).handle)).to.equal('secret ✓');
  });

  it('answers the full mask for mask full and none, and never includes the value', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const ciphertext = await officialEncrypt(key, CARD, contextOf('CardNumber'));
    const outcomes = await client.decrypt(
      batch([
        { name: 'CardNumber', ciphertext, mask: 'full' },
        { name: 'CardNumber', ciphertext, mask: 'none' },
        { name: 'CardNumber', ciphertext },
      ]),
    );
    for (const o of outcomes) expect(ok(o).preview).to.equal(FULL_MASK);
  });

  it('accepts a context without conversationId and attributeName when the organization matches', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const ciphertext = await officialEncrypt(key, CARD, { 'genesys-cloud-organization-id': ORG });
    const [outcome] = await client.decrypt(batch([{ name: 'CardNumber', ciphertext }]));
    expect(await client.reveal(ok(outcome).handle)).to.equal(CARD);
  });
});

describe('vault: legacy data and the encrypted data key limit (createSecuredClient options)', () => {
  it('refuses format v1 (suite 0x0178, no key commitment) unless allowLegacyV1 is set', async () => {
    const key = randomKey();
    const legacy = await officialEncrypt(key, CARD, contextOf('CardNumber'), { suite: 'v1' });
    const strict = await clientWithKey(key);
    const [refused] = await strict.decrypt(batch([{ name: 'CardNumber', ciphertext: legacy }]));
    expect(failed(refused).code).to.equal('GeneralError');
    expect(failed(refused).message).to.match(/cannot decrypt CardNumber: .*legacy/i);

    const lenient = await clientWithKey(key, { allowLegacyV1: true });
    const current = await officialEncrypt(key, 'current', contextOf('Current'));
    const outcomes = await lenient.decrypt(
      batch([
        { name: 'CardNumber', ciphertext: legacy },
        { name: 'Current', ciphertext: current },
      ]),
    );
    expect(await lenient.reveal(ok(outcomes[0]).handle)).to.equal(CARD);
    expect(await lenient.reveal(ok(outcomes[1]).handle)).to.equal('current');
    // The context rule holds for legacy messages too.
    const copied = await lenient.decrypt(batch([{ name: 'Other', ciphertext: legacy }]));
    expect(failed(copied[0]).message).to.contain('copied from another attribute');
    // Encrypting stays on the committing suite: the official SDK in require-commitment mode reads it.
    const sealed = await lenient.encrypt({
      organizationId: ORG,
      conversationId: CONVERSATION,
      attributeName: 'Notes',
      plaintext: 'n',
    });
    expect((await officialDecrypt(key, sealed)).plaintext).to.equal('n');
  });

  it('refuses more encrypted data keys than maxEncryptedDataKeys (2 by default), before trying any', async () => {
    const ours = randomKey('cx-test', 'ours');
    const others = [randomKey('elsewhere', 'a'), randomKey('elsewhere', 'b')];
    const three = await officialEncrypt(others[0]!, CARD, contextOf('CardNumber'), {
      extraKeys: [others[1]!, ours],
    });
    const byDefault = await clientWithKey(ours);
    const [refused] = await byDefault.decrypt(batch([{ name: 'CardNumber', ciphertext: three }]));
    expect(failed(refused).message).to.match(/cannot decrypt CardNumber: .*3/);
    expect(failed(refused).message.toLowerCase()).to.contain('data keys');

    const withThree = await clientWithKey(ours, { maxEncryptedDataKeys: 3 });
    const [outcome] = await withThree.decrypt(batch([{ name: 'CardNumber', ciphertext: three }]));
    expect(await withThree.reveal(ok(outcome).handle)).to.equal(CARD);
  });

  it('rejects every call with a clear error when an option is invalid', async () => {
    for (const [options, needle] of [
      [{ maxEncryptedDataKeys: 0 }, 'maxEncryptedDataKeys must be a whole number from 1 to 65535'],
      [{ maxEncryptedDataKeys: 2.5 }, 'maxEncryptedDataKeys'],
      [{ allowLegacyV1: 'yes' as unknown as boolean }, 'allowLegacyV1 must be true or false'],
    ] as const) {
      const client = newClient(options);
      const error = await rejection(client.listKeys());
      expect(error).to.be.instanceOf(VaultError);
      expect((error as VaultError).code).to.equal('GeneralError');
      expect((error as VaultError).message).to.contain(needle);
    }
  });
});

describe('vault: the encryption context rule', () => {
  it('rejects another organization, a copy to another attribute or conversation, and a missing organization', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const [otherOrg, otherAttribute, otherConversation, noOrg] = await Promise.all([
      officialEncrypt(key, CARD, contextOf('CardNumber', CONVERSATION, 'org-evil')),
      officialEncrypt(key, CARD, contextOf('Ssn')),
      officialEncrypt(key, CARD, contextOf('CardNumber', 'conv-other')),
      officialEncrypt(key, CARD, { conversationId: CONVERSATION, attributeName: 'CardNumber' }),
    ]);
    const outcomes = await client.decrypt(
      batch([
        { name: 'CardNumber', ciphertext: otherOrg },
        { name: 'CardNumber', ciphertext: otherAttribute },
        { name: 'CardNumber', ciphertext: otherConversation },
        { name: 'CardNumber', ciphertext: noOrg },
      ]),
    );
    const errors = outcomes.map(failed);
    for (const e of errors) {
      expect(e.code).to.equal('GeneralError');
      expect(e.message).to.contain('cannot decrypt CardNumber');
      expect(e.message).not.to.contain(CARD);
    }
    expect(errors[0]!.message).to.contain('organization "org-evil"');
    expect(errors[1]!.message).to.contain('copied from another attribute');
    expect(errors[2]!.message).to.contain('copied from another conversation');
    expect(errors[3]!.message).to.contain('no genesys-cloud-organization-id');
    const held = await client.scan(CARD);
    expect(held).to.deep.equal({ clean: true, names: [] }, 'rejected plaintexts are not held');
  });
});

describe('vault: errors keep their codes across comlink', () => {
  it('CustomerKeyNotConfigured when no key is stored, for decrypt and encrypt', async () => {
    const key = randomKey();
    const client = newClient();
    const ciphertext = await officialEncrypt(key, CARD, contextOf('CardNumber'));
    const [outcome] = await client.decrypt(batch([{ name: 'CardNumber', ciphertext }]));
    expect(failed(outcome)).to.deep.equal({
      code: 'CustomerKeyNotConfigured',
      message: 'CustomerKeyNotConfigured: cannot decrypt CardNumber: no key is configured',
    });
    const error = await rejection(
      client.encrypt({
        conversationId: CONVERSATION,
        organizationId: ORG,
        attributeName: 'A',
        plaintext: 'x',
      }),
    );
    expect(error).to.be.instanceOf(VaultError);
    expect((error as VaultError).code).to.equal('CustomerKeyNotConfigured');
  });

  it('CustomerKeyNotFound for a message under another key; GeneralError for tampering and junk', async () => {
    const client = await clientWithKey(randomKey('cx-test', 'mine'));
    const stranger = randomKey('cx-test', 'not-mine');
    const ciphertext = await officialEncrypt(stranger, CARD, contextOf('CardNumber'));
    const bytes = Uint8Array.from(atob(ciphertext), (c) => c.charCodeAt(0));
    bytes[bytes.length - 5]! ^= 1;
    const tampered = btoa(String.fromCharCode(...bytes));
    const outcomes = await client.decrypt(
      batch([
        { name: 'CardNumber', ciphertext },
        { name: 'Junk', ciphertext: 'not base64!' },
        { name: 'Empty', ciphertext: '' },
      ]),
    );
    expect(failed(outcomes[0]).code).to.equal('CustomerKeyNotFound');
    expect(failed(outcomes[0]).message).to.contain(
      'Cannot decrypt CardNumber: key not found'.slice(7),
    );
    expect(failed(outcomes[1]).code).to.equal('GeneralError');
    expect(failed(outcomes[2]).code).to.equal('NoDataSupplied');

    const own = randomKey('cx-test', 'tamper');
    const c2 = await clientWithKey(own);
    const good = await officialEncrypt(own, CARD, contextOf('CardNumber'));
    const raw = Uint8Array.from(atob(good), (c) => c.charCodeAt(0));
    raw[raw.length - 5]! ^= 1;
    const [bad] = await c2.decrypt(
      batch([{ name: 'CardNumber', ciphertext: btoa(String.fromCharCode(...raw)) }]),
    );
    expect(failed(bad)).to.include({ code: 'GeneralError' });
    expect(failed(bad).message).to.contain('authentication');
    expect(tampered).to.not.equal(ciphertext);
  });

  it('rejects with VaultError instances: unknown handle, duplicate key, invalid key, sizes', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const codeOf = async (p: Promise<unknown>) => {
      const e = await rejection(p);
      expect(e).to.be.instanceOf(VaultError);
      return (e as VaultError).code;
    };
    expect(await codeOf(client.reveal('h_nope'))).to.equal('GeneralError');
    expect(
      await codeOf(
        client.addRawAesKey({
          keyNamespace: key.keyNamespace,
          keyName: key.keyName,
          key: fromHex(key.keyHex),
        }),
      ),
    ).to.equal('KeyAlreadyExists');
    expect(
      await codeOf(
        client.addRawAesKey({ keyNamespace: 'ns', keyName: 'short', key: new Uint8Array(5) }),
      ),
    ).to.equal('InvalidKey');
    const site = { conversationId: CONVERSATION, organizationId: ORG, attributeName: 'Note' };
    expect(await codeOf(client.encrypt({ ...site, plaintext: '' }))).to.equal('NoDataSupplied');
    expect(await codeOf(client.encrypt({ ...site, plaintext: 'y'.repeat(32_001) }))).to.equal(
      'MaximumDataSizeExceeded',
    );
    // 32,000 characters, counted as characters (code points), is allowed.
    const max = '😀'.repeat(32_000);
    const message = await client.encrypt({ ...site, plaintext: max });
    expect((await officialDecrypt(key, message)).plaintext).to.equal(max);
  });

  it('rejects calls after close() with a VaultError', async () => {
    const client = newClient();
    client.close();
    const error = await rejection(client.listKeys());
    expect(error).to.be.instanceOf(VaultError);
    expect((error as VaultError).message).to.contain('closed');
  });
});

describe('vault: reveal, forget, scan', () => {
  it('forgets one interaction only; its handles stop revealing and the scanner drops them', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const a = await officialEncrypt(key, CARD, contextOf('CardNumber', 'conv-a'));
    const b = await officialEncrypt(key, 'QZ-778812', contextOf('Account', 'conv-b'));
    const [ha] = await client.decrypt({
      conversationId: 'conv-a',
      organizationId: ORG,
      attributes: [{ name: 'CardNumber', ciphertext: a }],
    });
    const [hb] = await client.decrypt({
      conversationId: 'conv-b',
      organizationId: ORG,
      attributes: [{ name: 'Account', ciphertext: b }],
    });
    expect(
      await client.scan(`https://crm.example.com/?q=${encodeURIComponent(CARD)}`),
    ).to.deep.equal({
      clean: false,
      names: ['CardNumber'],
    });
    expect(await client.forget('conv-a')).to.equal(1);
    expect(await client.forget('conv-a')).to.equal(0);
    expect(await rejection(client.reveal(ok(ha).handle))).to.be.instanceOf(VaultError);
    expect(await client.reveal(ok(hb).handle)).to.equal('QZ-778812');
    expect(await client.scan(`card ${CARD}`)).to.deep.equal({ clean: true, names: [] });
    expect((await client.scan('acct QZ-778812')).names).to.deep.equal(['Account']);
  });

  it('gives the same handle when the same attribute is decrypted again, a new one per attribute', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const c1 = await officialEncrypt(key, CARD, contextOf('CardNumber'));
    const c2 = await officialEncrypt(key, CARD, contextOf('Other'));
    const first = await client.decrypt(batch([{ name: 'CardNumber', ciphertext: c1 }]));
    const again = await client.decrypt(
      batch([
        { name: 'CardNumber', ciphertext: c1 },
        { name: 'Other', ciphertext: c2 },
      ]),
    );
    expect(ok(again[0]).handle).to.equal(ok(first[0]).handle);
    expect(ok(again[1]).handle).not.to.equal(ok(first[0]).handle);
  });
});

describe('vault: encrypt for Set Secured Data', () => {
  it('encrypts a value the official SDK decrypts, with the attribute context; and decrypts it back', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const message = await client.encrypt({
      conversationId: CONVERSATION,
      organizationId: ORG,
      attributeName: 'CardNumber',
      plaintext: 'Grüße 4111',
    });
    const official = await officialDecrypt(key, message);
    expect(official.error).to.equal(undefined);
    expect(official.plaintext).to.equal('Grüße 4111');
    expect(official.context).to.deep.equal(contextOf('CardNumber'));
    const [outcome] = await client.decrypt(batch([{ name: 'CardNumber', ciphertext: message }]));
    expect(await client.reveal(ok(outcome).handle)).to.equal('Grüße 4111');
  });

  it('encrypts a copy of a held value by its handle, within its own conversation only', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const card = await officialEncrypt(key, '4000 0000 0000 0002', contextOf('Card'));
    const [outcome] = await client.decrypt(batch([{ name: 'Card', ciphertext: card }]));
    const { handle } = ok(outcome);
    const request = { conversationId: CONVERSATION, organizationId: ORG, attributeName: 'Copy' };
    const copy = await client.encrypt({ ...request, handle });
    const official = await officialDecrypt(key, copy);
    expect(official.plaintext).to.equal('4000 0000 0000 0002');
    expect(official.context).to.deep.equal(contextOf('Copy'));
    for (const [bad, why] of [
      [{ ...request, conversationId: 'conv-other', handle }, 'another conversation'],
      [{ ...request, handle, plaintext: 'x' }, 'a plaintext or a handle'],
      [{ ...request, handle: 'no-such-handle' }, 'no longer held'],
    ] as const) {
      const error = (await rejection(client.encrypt(bad))) as VaultError;
      expect(error, why).to.be.instanceOf(VaultError);
      expect(error.code).to.equal('GeneralError');
      expect(error.message).to.contain(why);
    }
    // After forget, the handle no longer copies anything.
    await client.forget(CONVERSATION);
    const gone = (await rejection(client.encrypt({ ...request, handle }))) as VaultError;
    expect(gone.message).to.contain('no longer held');
  });
});

describe('vault: keys', () => {
  it('adds a JWK and a broker key, lists and removes them; decrypts with the broker key', async () => {
    const client = newClient();
    const jwkKey = randomKey('cx-test', 'jwk');
    const bytes = fromHex(jwkKey.keyHex);
    const k = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    await client.addRawAesKey({ keyNamespace: 'cx-test', keyName: 'jwk', key: { kty: 'oct', k } });
    let tokenCalls = 0;
    const info = await client.addKeyBroker({
      url: '/__test/broker',
      keyNamespace: 'cx-demo',
      keyName: 'demo-key-1',
      getToken: () => {
        tokenCalls++;
        return 'cx-demo-token-development-only';
      },
    });
    expect(tokenCalls).to.equal(1);
    expect(info).to.include({ source: 'broker', keyNamespace: 'cx-demo', length: 256 });
    expect((await client.listKeys()).map((x) => x.keyName)).to.deep.equal(['demo-key-1', 'jwk']);

    const { keyHex } = (await (await fetch('/__test/broker/demo-key')).json()) as {
      keyHex: string;
    };
    const demo = { keyHex, keyNamespace: 'cx-demo', keyName: 'demo-key-1' };
    const [viaBroker, viaJwk] = await client.decrypt(
      batch([
        {
          name: 'CardNumber',
          ciphertext: await officialEncrypt(demo, CARD, contextOf('CardNumber')),
        },
        { name: 'Pin', ciphertext: await officialEncrypt(jwkKey, '1234', contextOf('Pin')) },
      ]),
    );
    expect(await client.reveal(ok(viaBroker).handle)).to.equal(CARD);
    expect(await client.reveal(ok(viaJwk).handle)).to.equal('1234');

    expect(await client.removeKey({ keyNamespace: 'cx-demo', keyName: 'demo-key-1' })).to.equal(
      true,
    );
    expect(await client.removeKey({ keyNamespace: 'cx-demo', keyName: 'demo-key-1' })).to.equal(
      false,
    );
    const [gone] = await client.decrypt(
      batch([{ name: 'Card2', ciphertext: await officialEncrypt(demo, CARD, contextOf('Card2')) }]),
    );
    expect(failed(gone).code).to.equal('CustomerKeyNotFound');
  });

  it('refuses a broker token the broker does not accept with BrokerError', async () => {
    const client = newClient();
    const error = await rejection(
      client.addKeyBroker({
        url: '/__test/broker',
        keyNamespace: 'cx-demo',
        keyName: 'demo-key-1',
        getToken: async () => 'wrong-token',
      }),
    );
    expect(error).to.be.instanceOf(VaultError);
    expect((error as VaultError).code).to.equal('BrokerError');
    expect((error as VaultError).message).not.to.contain('wrong-token');
  });

  it('copies raw key bytes for the transfer: the caller keeps its buffer', async () => {
    const client = newClient();
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const copy = bytes.slice();
    await client.addRawAesKey({ keyNamespace: 'cx-test', keyName: 'b', key: bytes });
    expect(bytes.byteLength).to.equal(32);
    expect(bytes).to.deep.equal(copy);
  });
});

describe('vault: IndexedDB read raw', () => {
  it('holds no plaintext and no key bytes after decrypts and encrypts', async () => {
    const key = randomKey();
    const client = await clientWithKey(key);
    const secret = `${CARD}-${crypto.randomUUID()}`;
    const ciphertext = await officialEncrypt(key, secret, contextOf('CardNumber'));
    const [outcome] = await client.decrypt(batch([{ name: 'CardNumber', ciphertext }]));
    expect(await client.reveal(ok(outcome).handle)).to.equal(secret);
    await client.encrypt({
      conversationId: CONVERSATION,
      organizationId: ORG,
      attributeName: 'Note',
      plaintext: secret,
    });

    const databases = (await indexedDB.databases()).map((d) => d.name!);
    expect(databases).to.include(client.dbName);
    const all: string[] = [];
    for (const name of databases) all.push(...reachableText(await readEveryRecord(name)));
    const text = all.join('\n');
    expect(text).to.contain(key.keyName, 'the search sees the stored records');
    expect(text).not.to.contain(secret);
    expect(text).not.to.contain(secret.slice(-36)); // the random part alone
    expect(text.toLowerCase()).not.to.contain(key.keyHex);
    // The search would find the key, spelled as the store would spell it, were it there.
    expect(reachableText({ k: fromHex(key.keyHex) }).join('\n')).to.contain(key.keyHex);
  });
});
