import { expect } from '@open-wc/testing';
import { createSecuredClient, type SecuredClient } from '../../src/secured/client.js';
import { VAULT_API_VERSION } from '../../src/secured/types.js';

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
