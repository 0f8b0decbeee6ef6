/**
 * The ESDK message format on WebCrypto, proved against the official AWS Encryption SDK
 * (@aws-crypto/client-node, served by test/server/esdk-oracle.mjs) in real Chromium.
 */
import { expect } from '@open-wc/testing';
import {
  EsdkError,
  type EsdkErrorCode,
  type Keyring,
  MultiKeyring,
  RawAesKeyring,
  decryptMessage,
  encryptMessage,
  fromBase64,
  toBase64,
} from '../../worker/esdk/index.js';

// ---------------------------------------------------------------------------------------------
// Helpers

interface KeySpec {
  keyHex: string;
  keyNamespace: string;
  keyName: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomKeySpec(keyNamespace = 'cx-script', keyName = 'attribute-key'): KeySpec {
  return { keyHex: hex(crypto.getRandomValues(new Uint8Array(32))), keyNamespace, keyName };
}

async function keyringOf(
  spec: KeySpec,
  usages: KeyUsage[] = ['wrapKey', 'unwrapKey'],
): Promise<RawAesKeyring> {
  const raw = Uint8Array.from(spec.keyHex.match(/../g)!, (h) => parseInt(h, 16));
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, usages);
  return new RawAesKeyring({ keyNamespace: spec.keyNamespace, keyName: spec.keyName, key });
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`/__test/esdk/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T & { serverError?: string };
  if (!res.ok || json.serverError)
    throw new Error(`oracle ${path} failed (${res.status}): ${json.serverError}`);
  return json;
}

interface OfficialEncrypt {
  plaintext: Uint8Array;
  context?: Record<string, string>;
  frameLength?: number;
  suite?: 'v2' | 'v1' | 'signed';
  extraKeys?: KeySpec[];
  utf8Sorting?: boolean;
}

/** A message made by the official SDK. */
async function officialEncrypt(spec: KeySpec, o: OfficialEncrypt): Promise<Uint8Array> {
  const { messageBase64 } = await post<{ messageBase64: string }>('encrypt', {
    ...spec,
    plaintextBase64: toBase64(o.plaintext),
    context: o.context ?? {},
    frameLength: o.frameLength,
    suite: o.suite,
    extraKeys: o.extraKeys,
    utf8Sorting: o.utf8Sorting,
  });
  return fromBase64(messageBase64);
}

type OfficialDecrypt =
  { plaintextBase64: string; context: Record<string, string> } | { error: string };

/** What the official SDK makes of a message. */
async function officialDecrypt(
  spec: KeySpec,
  message: Uint8Array,
  extraKeys?: KeySpec[],
): Promise<OfficialDecrypt> {
  return post<OfficialDecrypt>('decrypt', { ...spec, extraKeys, messageBase64: toBase64(message) });
}

interface Craft {
  plaintext: Uint8Array;
  context?: Record<string, string>;
  keyringContext?: Record<string, string>;
  nonFramed?: boolean;
  frameLength?: number;
  emptyFinalFrame?: boolean;
}

/** A message built by the oracle from the spec with Node's crypto, and the official SDK's verdict. */
async function craft(
  spec: KeySpec,
  o: Craft,
): Promise<{ message: Uint8Array; official: OfficialDecrypt }> {
  const { messageBase64, official } = await post<{
    messageBase64: string;
    official: OfficialDecrypt;
  }>('craft', {
    ...spec,
    plaintextBase64: toBase64(o.plaintext),
    context: o.context ?? {},
    keyringContext: o.keyringContext,
    nonFramed: o.nonFramed,
    frameLength: o.frameLength,
    emptyFinalFrame: o.emptyFinalFrame,
  });
  return { message: fromBase64(messageBase64), official };
}

async function rejection(promise: Promise<unknown>): Promise<EsdkError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof EsdkError) return e;
    throw new Error(`expected an EsdkError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a rejection, but it resolved');
}

async function expectCode(promise: Promise<unknown>, code: EsdkErrorCode): Promise<EsdkError> {
  const e = await rejection(promise);
  expect(e.code, e.message).to.equal(code);
  return e;
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

const CONTEXT = {
  'genesys-cloud-organization-id': 'org-1',
  conversationId: 'conv-9',
  attributeName: 'CardNumber',
};

// ---------------------------------------------------------------------------------------------

describe('ESDK: messages from the official SDK decrypt with ours', () => {
  let spec: KeySpec;
  let keyring: Keyring;
  before(async () => {
    spec = randomKeySpec();
    keyring = await keyringOf(spec);
  });

  it('decrypts a small v2 0x0478 message and returns its encryption context', async () => {
    const plaintext = enc.encode('4111 1111 1111 1111');
    const message = await officialEncrypt(spec, { plaintext, context: CONTEXT });
    const out = await decryptMessage(message, keyring);
    expect(dec.decode(out.plaintext)).to.equal('4111 1111 1111 1111');
    expect({ ...out.encryptionContext }).to.deep.equal(CONTEXT);
    expect(out.header.version).to.equal(2);
    expect(out.header.suiteId).to.equal(0x0478);
    expect(out.header.framed).to.equal(true);
    expect(out.header.frameLength).to.equal(4096);
  });
});
