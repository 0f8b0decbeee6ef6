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
import { parseMessage } from '../../worker/esdk/format.js';
import { oracle } from '../esdk-oracle.js';

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
  const { messageBase64 } = await oracle<{ messageBase64: string }>('encrypt', {
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
  o: { extraKeys?: KeySpec[]; utf8Sorting?: boolean } = {},
): Promise<OfficialDecrypt> {
  return oracle<OfficialDecrypt>('decrypt', { ...spec, ...o, messageBase64: toBase64(message) });
}

/** The official SDK's plaintext and context, or a failed assertion. */
async function officialPlaintext(spec: KeySpec, message: Uint8Array, extraKeys?: KeySpec[]) {
  const out = await officialDecrypt(spec, message, { extraKeys });
  if ('error' in out) expect.fail(`the official SDK refused our message: ${out.error}`);
  return { plaintext: fromBase64(out.plaintextBase64), context: out.context };
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
  const { messageBase64, official } = await oracle<{
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
/** Keys whose UTF-8 byte order differs from localeCompare order, and non-ASCII keys and values. */
const UNICODE_CONTEXT = {
  'Zeta-key': 'Z',
  alpha: 'a',
  ключ: 'значение',
  鍵: '値 🔑',
  é: 'e\u0301',
  '😀': '\u{1F600}\u0000tab\there',
};

function unicodeText(chars: number): string {
  const alphabet = ['a', 'é', 'ß', 'Ж', '中', '文', '🙂', '𝄞', ' ', '\n', 'ع', 'ह'];
  let s = '';
  let n = 0;
  for (let i = 0; n < chars; i++) {
    const c = alphabet[(i * 7 + (i >> 3)) % alphabet.length]!;
    s += c;
    n += 1;
  }
  return s;
}

function bytesOf(text: string): Uint8Array {
  return enc.encode(text);
}

// ---------------------------------------------------------------------------------------------

describe('ESDK: messages from the official SDK decrypt with ours', () => {
  let spec: KeySpec;
  let keyring: Keyring;
  before(async () => {
    spec = randomKeySpec();
    keyring = await keyringOf(spec);
  });

  it('decrypts a small v2 0x0478 message and returns its encryption context and header', async () => {
    const plaintext = bytesOf('4111 1111 1111 1111');
    const message = await officialEncrypt(spec, { plaintext, context: CONTEXT });
    const out = await decryptMessage(message, keyring);
    expect(dec.decode(out.plaintext)).to.equal('4111 1111 1111 1111');
    expect({ ...out.encryptionContext }).to.deep.equal(CONTEXT);
    expect(out.header.version).to.equal(2);
    expect(out.header.suite.id).to.equal(0x0478);
    expect(out.header.contentType).to.equal(2); // framed
    expect(out.header.frameLength).to.equal(4096);
    expect(hex(out.header.messageId)).to.match(/^[0-9a-f]{64}$/);
    expect(out.header.encryptedDataKeys.map((k) => dec.decode(k.providerId))).to.deep.equal([
      'cx-script',
    ]);
  });

  const frameCases: [frameLength: number, size: number][] = [
    [1, 257],
    [16, 64],
    [16, 1000],
    [4096, 5000],
    [4096, 8192],
    [100_000, 5000],
    [100_000, 250_000],
    [4999, 5000],
    [5000, 5000],
    [5001, 5000],
    [5000, 4999],
    [5000, 5001],
  ];
  for (const [frameLength, size] of frameCases) {
    it(`decrypts frame length ${frameLength} with ${size} plaintext bytes`, async () => {
      const plaintext = randomBytes(size);
      const message = await officialEncrypt(spec, { plaintext, context: CONTEXT, frameLength });
      const out = await decryptMessage(message, keyring);
      expect(out.header.frameLength).to.equal(frameLength);
      expect(hex(out.plaintext)).to.equal(hex(plaintext));
    });
  }

  it('decrypts an empty plaintext', async () => {
    const message = await officialEncrypt(spec, { plaintext: new Uint8Array(0), context: CONTEXT });
    const out = await decryptMessage(message, keyring);
    expect(out.plaintext.byteLength).to.equal(0);
  });

  it('decrypts an empty plaintext with an empty encryption context', async () => {
    const message = await officialEncrypt(spec, { plaintext: new Uint8Array(0) });
    const out = await decryptMessage(message, keyring);
    expect(out.plaintext.byteLength).to.equal(0);
    expect(Object.keys(out.encryptionContext)).to.deep.equal([]);
  });

  it('decrypts a 32,000-character unicode plaintext', async () => {
    const text = unicodeText(32_000);
    const message = await officialEncrypt(spec, { plaintext: bytesOf(text), context: CONTEXT });
    const out = await decryptMessage(message, keyring);
    expect(dec.decode(out.plaintext)).to.equal(text);
  });

  it('decrypts unicode encryption context keys and values (spec order: UTF-8 bytes)', async () => {
    const message = await officialEncrypt(spec, {
      plaintext: bytesOf('x'),
      context: UNICODE_CONTEXT,
      utf8Sorting: true,
    });
    const out = await decryptMessage(message, keyring);
    expect({ ...out.encryptionContext }).to.deep.equal(UNICODE_CONTEXT);
  });

  it('reads every context key as an ordinary key, into a frozen object without a prototype', async () => {
    // JSON.parse makes "__proto__" an own key, as a message's context may carry it.
    const context = JSON.parse('{"__proto__":"p","toString":"t","attributeName":"a"}') as Record<
      string,
      string
    >;
    const message = await encryptMessage(bytesOf('x'), keyring, context);
    const { encryptionContext: out } = await decryptMessage(message, keyring);
    expect(Object.getPrototypeOf(out)).to.equal(null);
    expect(Object.isFrozen(out)).to.equal(true);
    expect(Object.entries(out)).to.deep.equal([
      ['__proto__', 'p'],
      ['attributeName', 'a'],
      ['toString', 't'],
    ]);
  });

  it("decrypts the JavaScript SDK's default raw-keyring order (localeCompare), which differs from UTF-8 order", async () => {
    const context = { CustomerId: 'c-1', attributeName: 'CardNumber', conversationId: 'conv-9' };
    const message = await officialEncrypt(spec, {
      plaintext: bytesOf('x'),
      context,
      utf8Sorting: false,
    });
    // The orders really differ: the official SDK set to UTF-8 order cannot unwrap this data key.
    const strict = await officialDecrypt(spec, message, { utf8Sorting: true });
    expect(strict).to.have.property('error');
    const out = await decryptMessage(message, keyring);
    expect(dec.decode(out.plaintext)).to.equal('x');
    expect({ ...out.encryptionContext }).to.deep.equal(context);
  });

  it('decrypts with either of two encrypted data keys (match first, match second)', async () => {
    const other = randomKeySpec('cx-script', 'second-key');
    const plaintext = bytesOf('two keys');
    const message = await officialEncrypt(spec, {
      plaintext,
      context: CONTEXT,
      extraKeys: [other],
    });
    const first = await decryptMessage(message, keyring);
    expect(first.header.encryptedDataKeys).to.have.length(2);
    expect(dec.decode(first.plaintext)).to.equal('two keys');
    const second = await decryptMessage(message, await keyringOf(other));
    expect(dec.decode(second.plaintext)).to.equal('two keys');
  });

  it('tries the keyrings of a list in order and the first that matches wins', async () => {
    const other = randomKeySpec('cx-script', 'second-key');
    const stranger = randomKeySpec('elsewhere', 'unrelated');
    const message = await officialEncrypt(spec, { plaintext: bytesOf('m'), extraKeys: [other] });
    const multi = new MultiKeyring([await keyringOf(stranger), await keyringOf(other)]);
    expect(dec.decode((await decryptMessage(message, multi)).plaintext)).to.equal('m');
    const list = [await keyringOf(stranger), await keyringOf(spec)];
    expect(dec.decode((await decryptMessage(message, list)).plaintext)).to.equal('m');
  });

  it('decrypts with a wrapping key that allows decrypt instead of unwrapKey', async () => {
    const message = await officialEncrypt(spec, { plaintext: bytesOf('usages'), context: CONTEXT });
    const out = await decryptMessage(message, await keyringOf(spec, ['decrypt']));
    expect(dec.decode(out.plaintext)).to.equal('usages');
  });

  it('decrypts legacy v1 0x0178 messages only with allowLegacyV1', async () => {
    for (const [frameLength, size] of [
      [4096, 100],
      [16, 100],
      [64, 128],
    ] as const) {
      const plaintext = randomBytes(size);
      const message = await officialEncrypt(spec, {
        plaintext,
        context: CONTEXT,
        suite: 'v1',
        frameLength,
      });
      expect(message[0]).to.equal(1);
      await expectCode(decryptMessage(message, keyring), 'LegacyFormatNotAllowed');
      const out = await decryptMessage(message, keyring, { allowLegacyV1: true });
      expect(out.header.version).to.equal(1);
      expect(out.header.suite.id).to.equal(0x0178);
      expect(hex(out.plaintext)).to.equal(hex(plaintext));
      expect({ ...out.encryptionContext }).to.deep.equal(CONTEXT);
    }
  });

  it('decrypts a non-framed body (built from the spec; the official SDK decrypts it too)', async () => {
    for (const size of [0, 1, 5000]) {
      const plaintext = randomBytes(size);
      const { message, official } = await craft(spec, {
        plaintext,
        context: CONTEXT,
        nonFramed: true,
      });
      expect(official, JSON.stringify(official)).to.have.property(
        'plaintextBase64',
        toBase64(plaintext),
      );
      const out = await decryptMessage(message, keyring);
      expect(out.header.contentType).to.equal(1); // non-framed
      expect(out.header.frameLength).to.equal(0);
      expect(hex(out.plaintext)).to.equal(hex(plaintext));
    }
  });

  it('decrypts an exact multiple of the frame length ending in an empty final frame', async () => {
    const plaintext = randomBytes(64);
    const { message, official } = await craft(spec, {
      plaintext,
      frameLength: 16,
      emptyFinalFrame: true,
    });
    expect(official, JSON.stringify(official)).to.have.property(
      'plaintextBase64',
      toBase64(plaintext),
    );
    const out = await decryptMessage(message, keyring);
    expect(hex(out.plaintext)).to.equal(hex(plaintext));
  });
});

describe('ESDK: our messages decrypt with the official SDK', () => {
  let spec: KeySpec;
  let keyring: Keyring;
  before(async () => {
    spec = randomKeySpec();
    keyring = await keyringOf(spec);
  });

  const cases: [frameLength: number | undefined, size: number, context: Record<string, string>][] =
    [
      [undefined, 0, {}],
      [undefined, 19, CONTEXT],
      [undefined, 4096, CONTEXT],
      [undefined, 10_000, UNICODE_CONTEXT],
      [1, 100, CONTEXT],
      [16, 64, {}],
      [16, 1000, UNICODE_CONTEXT],
      [100_000, 5000, CONTEXT],
      [5000, 4999, CONTEXT],
      [5000, 5001, CONTEXT],
    ];
  for (const [frameLength, size, context] of cases) {
    it(`encrypts ${size} bytes, frame length ${frameLength ?? 'default'}, ${Object.keys(context).length} context pairs`, async () => {
      const plaintext = randomBytes(size);
      const message = await encryptMessage(
        plaintext,
        keyring,
        context,
        frameLength ? { frameLength } : {},
      );
      expect(message[0]).to.equal(2);
      expect((message[1]! << 8) | message[2]!).to.equal(0x0478);
      const official = await officialPlaintext(spec, message);
      expect(hex(official.plaintext)).to.equal(hex(plaintext));
      expect(official.context).to.deep.equal(context);
      const ours = await decryptMessage(message, keyring);
      expect(hex(ours.plaintext)).to.equal(hex(plaintext));
    });
  }

  it('encrypts a 32,000-character unicode plaintext', async () => {
    const text = unicodeText(32_000);
    const message = await encryptMessage(bytesOf(text), keyring, CONTEXT);
    const official = await officialPlaintext(spec, message);
    expect(dec.decode(official.plaintext)).to.equal(text);
  });

  it('wraps the data key for every keyring of a list; the official SDK decrypts with either key', async () => {
    const other = randomKeySpec('cx-script', 'second-key');
    const message = await encryptMessage(
      bytesOf('both'),
      [keyring, await keyringOf(other)],
      CONTEXT,
    );
    expect(
      parseMessage(message as Uint8Array<ArrayBuffer>, {
        allowLegacyV1: false,
        maxEncryptedDataKeys: 2,
      }).header.encryptedDataKeys,
    ).to.have.length(2);
    expect(dec.decode((await officialPlaintext(spec, message)).plaintext)).to.equal('both');
    expect(dec.decode((await officialPlaintext(other, message)).plaintext)).to.equal('both');
  });

  it('encrypts with a wrapping key that allows encrypt instead of wrapKey', async () => {
    const message = await encryptMessage(
      bytesOf('usages'),
      await keyringOf(spec, ['encrypt']),
      CONTEXT,
    );
    expect(dec.decode((await officialPlaintext(spec, message)).plaintext)).to.equal('usages');
  });

  it('writes frame IVs as the big-endian sequence number and a fresh message id each time', async () => {
    const a = await encryptMessage(randomBytes(40), keyring, {}, { frameLength: 16 });
    const b = await encryptMessage(randomBytes(40), keyring, {}, { frameLength: 16 });
    const pa = parseMessage(a as Uint8Array<ArrayBuffer>, {
      allowLegacyV1: false,
      maxEncryptedDataKeys: 2,
    });
    const pb = parseMessage(b as Uint8Array<ArrayBuffer>, {
      allowLegacyV1: false,
      maxEncryptedDataKeys: 2,
    });
    expect(pa.body.map((f) => hex(f.iv))).to.deep.equal(
      [1, 2, 3].map((n) => '00'.repeat(11) + hex(Uint8Array.of(n))),
    );
    expect(pa.body.map((f) => f.kind)).to.deep.equal(['frame', 'frame', 'final']);
    expect(hex(pa.header.messageId)).not.to.equal(hex(pb.header.messageId));
  });

  it('refuses bad arguments', async () => {
    await expectCode(encryptMessage(bytesOf('x'), keyring, {}, { frameLength: 0 }), 'InvalidInput');
    await expectCode(
      encryptMessage(bytesOf('x'), keyring, {}, { frameLength: 1.5 }),
      'InvalidInput',
    );
    await expectCode(
      encryptMessage(bytesOf('x'), keyring, { 'aws-crypto-public-key': 'k' }),
      'InvalidInput',
    );
    await expectCode(
      encryptMessage(bytesOf('x'), keyring, { a: 1 as unknown as string }),
      'InvalidInput',
    );
  });
});

describe('ESDK: rejections', () => {
  let spec: KeySpec;
  let keyring: Keyring;
  let message: Uint8Array<ArrayBuffer>;
  before(async () => {
    spec = randomKeySpec();
    keyring = await keyringOf(spec);
    message = (await officialEncrypt(spec, {
      plaintext: bytesOf('secret 4111'),
      context: { attributeName: 'CardNumber', conversationId: 'c-1' },
    })) as Uint8Array<ArrayBuffer>;
    // A positive control: the untouched message decrypts.
    expect(dec.decode((await decryptMessage(message, keyring)).plaintext)).to.equal('secret 4111');
  });

  it('refuses every single-bit flip of every header byte (EDKs and commitment included) and of the body', async () => {
    const { header } = parseMessage(message, { allowLegacyV1: false, maxEncryptedDataKeys: 2 });
    const bodyStart = header.headerBody.byteLength + 16;
    const commitmentStart = header.headerBody.byteLength - 32;
    const attempts: Promise<{ at: number; bit: number; error: EsdkError }>[] = [];
    for (let at = 0; at < message.byteLength; at++) {
      const bits = at < bodyStart ? [0, 1, 2, 3, 4, 5, 6, 7] : [at % 8];
      for (const bit of bits) {
        const tampered = message.slice();
        tampered[at]! ^= 1 << bit;
        attempts.push(
          rejection(decryptMessage(tampered, keyring)).then((error) => ({ at, bit, error })),
        );
      }
    }
    const results = await Promise.all(attempts);
    expect(results.length).to.be.greaterThan(8 * 200);
    for (const { at, bit, error } of results) {
      const where = `byte ${at} bit ${bit}: ${error.message}`;
      if (at >= 3 && at < 35) expect(error.code, where).to.equal('CommitmentMismatch'); // message id = HKDF salt
      if (at >= commitmentStart && at < bodyStart - 16)
        expect(error.code, where).to.equal('CommitmentMismatch');
      if (at >= bodyStart - 16 && at < bodyStart)
        expect(error.code, where).to.equal('AuthenticationFailed');
      if (at === 0)
        expect(error.code, where).to.be.oneOf(['UnsupportedVersion', 'LegacyFormatNotAllowed']);
      if (at === 1 || at === 2) expect(error.code, where).to.equal('UnsupportedSuite');
    }
  });

  it('refuses every truncation as Truncated', async () => {
    const codes = await Promise.all(
      Array.from({ length: message.byteLength }, (_, n) =>
        rejection(decryptMessage(message.subarray(0, n), keyring)).then((e) => `${n}:${e.code}`),
      ),
    );
    expect(codes).to.deep.equal(
      Array.from({ length: message.byteLength }, (_, n) => `${n}:Truncated`),
    );
  });

  it('refuses trailing bytes', async () => {
    for (const extra of [Uint8Array.of(0), randomBytes(1), randomBytes(100)]) {
      const longer = new Uint8Array(message.byteLength + extra.byteLength);
      longer.set(message);
      longer.set(extra, message.byteLength);
      await expectCode(decryptMessage(longer, keyring), 'TrailingBytes');
    }
  });

  it('refuses a wrong key with the same namespace and name (KeyUnwrapFailed)', async () => {
    const wrong = await keyringOf({
      ...randomKeySpec(),
      keyNamespace: spec.keyNamespace,
      keyName: spec.keyName,
    });
    await expectCode(decryptMessage(message, wrong), 'KeyUnwrapFailed');
  });

  it('refuses a wrong key name or key namespace (KeyNotFound)', async () => {
    await expectCode(
      decryptMessage(message, await keyringOf({ ...spec, keyName: 'other-key' })),
      'KeyNotFound',
    );
    await expectCode(
      decryptMessage(message, await keyringOf({ ...spec, keyName: `${spec.keyName}x` })),
      'KeyNotFound',
    );
    await expectCode(
      decryptMessage(message, await keyringOf({ ...spec, keyName: spec.keyName.slice(0, -1) })),
      'KeyNotFound',
    );
    await expectCode(
      decryptMessage(message, await keyringOf({ ...spec, keyNamespace: 'other' })),
      'KeyNotFound',
    );
  });

  it('refuses a data key wrapped under a different encryption context than the header carries', async () => {
    const { message: crafted, official } = await craft(spec, {
      plaintext: bytesOf('swap'),
      context: { attributeName: 'CardNumber' },
      keyringContext: { attributeName: 'Ssn' },
    });
    expect(official).to.have.property('error');
    await expectCode(decryptMessage(crafted, keyring), 'KeyUnwrapFailed');
    // Control: the same construction with matching contexts decrypts.
    const { message: fine } = await craft(spec, {
      plaintext: bytesOf('swap'),
      context: { attributeName: 'CardNumber' },
    });
    expect(dec.decode((await decryptMessage(fine, keyring)).plaintext)).to.equal('swap');
  });

  it('refuses more encrypted data keys than allowed (3 > default 2)', async () => {
    const three = await officialEncrypt(spec, {
      plaintext: bytesOf('3'),
      extraKeys: [randomKeySpec('cx-script', 'k2'), randomKeySpec('cx-script', 'k3')],
    });
    await expectCode(decryptMessage(three, keyring), 'TooManyEncryptedDataKeys');
    const out = await decryptMessage(three, keyring, { maxEncryptedDataKeys: 3 });
    expect(dec.decode(out.plaintext)).to.equal('3');
  });

  it('refuses the signed suite 0x0578 as UnsupportedSuite', async () => {
    const signed = await officialEncrypt(spec, { plaintext: bytesOf('sig'), suite: 'signed' });
    expect((signed[1]! << 8) | signed[2]!).to.equal(0x0578);
    await expectCode(decryptMessage(signed, keyring), 'UnsupportedSuite');
  });

  it('refuses base64 text passed as bytes, with a hint', async () => {
    const e = await expectCode(
      decryptMessage(bytesOf(toBase64(message)), keyring),
      'UnsupportedVersion',
    );
    expect(e.message).to.contain('base64');
  });

  it('refuses an empty message and a non-Uint8Array', async () => {
    await expectCode(decryptMessage(new Uint8Array(0), keyring), 'Truncated');
    await expectCode(decryptMessage('AQID' as unknown as Uint8Array, keyring), 'InvalidInput');
  });
});

describe('ESDK: base64', () => {
  it('round-trips every length from 0 to 100 and agrees with btoa/atob', () => {
    for (let n = 0; n <= 100; n++) {
      const bytes = randomBytes(n);
      const text = toBase64(bytes);
      expect(text).to.equal(btoa(String.fromCharCode(...bytes)));
      expect(hex(fromBase64(text))).to.equal(hex(bytes));
      expect(hex(fromBase64(text.replace(/=+$/, '')))).to.equal(hex(bytes));
    }
  });

  it('decodes into a given buffer when the bytes fit, into a new one when not', () => {
    const into = new Uint8Array(64);
    for (let n = 0; n <= 100; n++) {
      const bytes = randomBytes(n);
      into.fill(0xee);
      const out = fromBase64(toBase64(bytes), into);
      expect(hex(out)).to.equal(hex(bytes));
      expect(out.buffer === into.buffer, `length ${n}`).to.equal(n <= 64);
    }
  });

  it('encodes large inputs in chunks without losing bytes', () => {
    const bytes = randomBytes(100_003);
    expect(hex(fromBase64(toBase64(bytes)))).to.equal(hex(bytes));
  });

  it('refuses base64url, whitespace, bad padding and impossible lengths with clear messages', () => {
    const code = (text: string) => {
      const refusal = (into?: Uint8Array<ArrayBuffer>) => {
        try {
          fromBase64(text, into);
        } catch (e) {
          expect(e).to.be.instanceOf(EsdkError);
          return (e as EsdkError).message;
        }
        return expect.fail(`accepted ${JSON.stringify(text)}${into ? ' into a buffer' : ''}`);
      };
      const message = refusal();
      expect(refusal(new Uint8Array(64)), 'decoding into a buffer').to.equal(message);
      return message;
    };
    expect(code('ab-_')).to.contain('base64url');
    expect(code('ab c')).to.contain('whitespace');
    // Whitespace in text of a padded length, which the native decoder would skip.
    expect(code('QU JD RE VG ')).to.contain('whitespace');
    expect(code('QUJD\nREVG\r\nRw==\n')).to.contain('whitespace');
    expect(code('QUJDREVGRx==')).to.contain('padding bits');
    expect(code('a=bc')).to.contain('padding');
    expect(code('abcde')).to.contain('length');
    expect(code('QR==')).to.contain('padding bits');
  });
});
