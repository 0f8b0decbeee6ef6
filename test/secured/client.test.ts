import { expect } from '@open-wc/testing';
import { createSecuredClient, type SecuredClient } from '../../src/secured/client.js';
import { VAULT_API_VERSION } from '../../src/secured/types.js';
import { VaultError } from '../../worker/errors.js';
import { rejection } from '../vault/helpers.js';

describe('createSecuredClient', () => {
  let client: SecuredClient | undefined;
  afterEach(() => {
    client?.close();
    client = undefined;
  });

  it('starts a real worker that answers a ping with its API version', async () => {
    client = createSecuredClient();
    expect(await client.ping()).to.deep.equal({ pong: true, apiVersion: VAULT_API_VERSION });
  });

  it('reports persistent storage, with the answer to navigator.storage.persist()', async () => {
    const dbName = `cx-test-vault-${crypto.randomUUID()}`;
    client = createSecuredClient({ dbName });
    const storage = await client.storage();
    expect(storage.persistent).to.equal(true);
    expect(storage.reason).to.equal(undefined);
    expect(storage.persisted).to.be.a('boolean');
    client.close();
    await new Promise((done) => (indexedDB.deleteDatabase(dbName).onsuccess = done));
  });

  it('falls back to session-only keys, and says why, when the worker cannot use IndexedDB', async () => {
    client = createSecuredClient({
      workerUrl: new URL('./blocked-storage.worker.ts', import.meta.url),
    });
    const storage = await client.storage();
    expect(storage.persistent).to.equal(false);
    expect(storage.reason).to.contain('SecurityError').and.to.contain('memory');
    const key = crypto.getRandomValues(new Uint8Array(32));
    await client.addRawAesKey({ keyNamespace: 'ns', keyName: 'mem', key });
    expect((await client.listKeys()).map((k) => k.keyName)).to.deep.equal(['mem']);
  });

  it('never fails because navigator.storage.persist() rejects', async () => {
    const persist = Object.getOwnPropertyDescriptor(StorageManager.prototype, 'persist')!;
    Object.defineProperty(StorageManager.prototype, 'persist', {
      configurable: true,
      value: () => Promise.reject(new DOMException('no', 'NotAllowedError')),
    });
    try {
      client = createSecuredClient({ persistent: false });
    } finally {
      Object.defineProperty(StorageManager.prototype, 'persist', persist);
    }
    expect(await client.storage()).to.deep.equal({
      persistent: false,
      reason: 'persistence was switched off',
      switchedOff: true,
    });
  });

  it('rejects every call, naming the URL, when the worker script cannot be loaded (404)', async () => {
    const workerUrl = new URL('./no-such.worker.js', import.meta.url);
    client = createSecuredClient({ workerUrl });
    const error = await rejection(client.ping());
    expect(error).to.be.instanceOf(VaultError);
    expect((error as VaultError).code).to.equal('GeneralError');
    expect((error as Error).message).to.equal(
      `GeneralError: The vault worker could not be loaded from ${workerUrl.href}: the file is missing or does not parse, or a Content-Security-Policy leaves it out of worker-src`,
    );
    // Later calls reject at once with the same error, and none of them hangs.
    const batch = { conversationId: 'c', organizationId: 'o', attributes: [] };
    expect(await rejection(client.decrypt(batch))).to.equal(error);
    expect(await rejection(client.reveal('h_x'))).to.equal(error);
  });

  it('rejects the calls in flight when the worker throws before it listens', async () => {
    client = createSecuredClient({
      workerUrl: new URL('./broken.worker.ts', import.meta.url),
      dbName: `cx-test-vault-${crypto.randomUUID()}`, // a configure call waits as well
    });
    const calls = [client.ping(), client.listKeys()];
    for (const call of calls) {
      const error = (await rejection(call)) as VaultError;
      expect(error).to.be.instanceOf(VaultError);
      expect(error.message).to.match(
        /^GeneralError: The vault worker failed to start: .*broken on purpose/,
      );
    }
  });

  it('rejects calls after close()', async () => {
    client = createSecuredClient();
    await client.ping();
    client.close();
    let error: unknown;
    try {
      await client.ping();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.contain('closed');
  });
});
