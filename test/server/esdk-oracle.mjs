// @ts-check
/**
 * The official AWS Encryption SDK (@aws-crypto/client-node) as a test oracle, mounted in the
 * web-test-runner dev server. Browser tests POST JSON and get JSON back:
 *
 * - POST /__test/esdk/encrypt
 *   { keyHex, keyNamespace, keyName, plaintextBase64, context, frameLength?, suite?: 'v2' | 'v1',
 *     extraKeys?: [{ keyHex, keyNamespace, keyName }], utf8Sorting?: boolean }
 *   → { messageBase64 } made by the official SDK (v2: suite 0x0478, REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
 *   v1: suite 0x0178, FORBID_ENCRYPT_ALLOW_DECRYPT). Several keys → a MultiKeyringNode, first key
 *   generates. `utf8Sorting` is the raw keyrings' option (the SDK's default is false: localeCompare).
 * - POST /__test/esdk/decrypt
 *   { keyHex, keyNamespace, keyName, extraKeys?, messageBase64, utf8Sorting? (default true) }
 *   → { plaintextBase64, context } or { error } from the official SDK (any commitment policy
 *   that reads v2; v1 only decrypts under FORBID_ENCRYPT_ALLOW_DECRYPT, which is not used here).
 * - POST /__test/esdk/craft
 *   { keyHex, keyNamespace, keyName, plaintextBase64, context, keyringContext?, nonFramed?,
 *     frameLength?, emptyFinalFrame? }
 *   → { messageBase64, official: { plaintextBase64, context } | { error } }: a v2 0x0478 message
 *   built here from the spec with Node's crypto, for shapes the official SDK does not write
 *   (non-framed bodies, an empty final frame) or must refuse (an encrypted data key wrapped under a
 *   different encryption context than the header's). `official` is what the official SDK makes of it.
 */
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  MultiKeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  buildClient,
} from '@aws-crypto/client-node';

const v2Client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const v1Client = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);

/**
 * @typedef {{ keyHex: string, keyNamespace: string, keyName: string }} KeySpec
 * @param {KeySpec} spec @param {boolean | undefined} utf8Sorting
 */
function rawAesKeyring({ keyHex, keyNamespace, keyName }, utf8Sorting) {
  return new RawAesKeyringNode({
    keyName,
    keyNamespace,
    // An isolated buffer: the SDK refuses a key that sits inside Node's shared Buffer pool.
    unencryptedMasterKey: new Uint8Array(Buffer.from(keyHex, 'hex')),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    ...(utf8Sorting === undefined ? {} : { utf8Sorting }),
  });
}

/** @param {any} body @param {boolean | undefined} utf8Sorting */
function keyringFor(body, utf8Sorting) {
  /** @type {KeySpec[]} */
  const extra = body.extraKeys ?? [];
  const first = rawAesKeyring(body, utf8Sorting);
  if (!extra.length) return first;
  return new MultiKeyringNode({
    generator: first,
    children: extra.map((k) => rawAesKeyring(k, utf8Sorting)),
  });
}

/** @param {any} body */
async function officialEncrypt(body) {
  const keyring = keyringFor(body, body.utf8Sorting);
  const plaintext = Buffer.from(body.plaintextBase64, 'base64');
  const legacy = body.suite === 'v1';
  const client = legacy ? v1Client : v2Client;
  const { result } = await client.encrypt(keyring, plaintext, {
    encryptionContext: body.context ?? {},
    suiteId: legacy
      ? AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256
      : body.suite === 'signed'
        ? AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
        : AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    ...(body.frameLength ? { frameLength: body.frameLength } : {}),
  });
  return { messageBase64: Buffer.from(result).toString('base64') };
}

/** @param {any} body */
async function officialDecrypt(body) {
  const keyring = keyringFor(body, body.utf8Sorting ?? true);
  try {
    const { plaintext, messageHeader } = await v2Client.decrypt(
      keyring,
      Buffer.from(body.messageBase64, 'base64'),
    );
    return {
      plaintextBase64: Buffer.from(plaintext).toString('base64'),
      context: { ...messageHeader.encryptionContext },
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

// ---- A spec-built v2 message (message-header.md, message-body.md, key-derivation.md) -----------

/** @param {number} v */
const u16 = (v) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};
/** @param {number} v */
const u32 = (v) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};
/** @param {number} v */
const u64 = (v) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(v));
  return b;
};

/** Encryption context pairs sorted by UTF-8 key bytes; empty context → empty. @param {Record<string,string>} ctx */
function contextPairs(ctx) {
  const entries = Object.entries(ctx).map(([k, v]) => [
    Buffer.from(k, 'utf8'),
    Buffer.from(v, 'utf8'),
  ]);
  if (!entries.length) return Buffer.alloc(0);
  entries.sort(([a], [b]) => Buffer.compare(a, b));
  return Buffer.concat([
    u16(entries.length),
    ...entries.flatMap(([k, v]) => [u16(k.length), k, u16(v.length), v]),
  ]);
}

/** @param {Buffer} key @param {Buffer} iv @param {Buffer} aad @param {Buffer} data */
function gcm(key, iv, aad, data) {
  const c = createCipheriv(key.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm', key, iv).setAAD(aad);
  const ct = Buffer.concat([c.update(data), c.final()]);
  return { ct, tag: c.getAuthTag() };
}

/** @param {number} seq */
function seqIv(seq) {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(seq, 8);
  return iv;
}

/** @param {Buffer} messageId @param {string} label @param {number} seq @param {number} len */
const bodyAad = (messageId, label, seq, len) =>
  Buffer.concat([messageId, Buffer.from(label, 'utf8'), u32(seq), u64(len)]);

/** @param {any} body */
function craft(body) {
  const plaintext = Buffer.from(body.plaintextBase64, 'base64');
  const context = body.context ?? {};
  const dataKey = randomBytes(32);
  const messageId = randomBytes(32);
  const wrapIv = randomBytes(12);
  const wrapped = gcm(
    Buffer.from(body.keyHex, 'hex'),
    wrapIv,
    contextPairs(body.keyringContext ?? context),
    dataKey,
  );
  const edk = {
    id: Buffer.from(body.keyNamespace, 'utf8'),
    info: Buffer.concat([Buffer.from(body.keyName, 'utf8'), u32(128), u32(12), wrapIv]),
    key: Buffer.concat([wrapped.ct, wrapped.tag]),
  };
  const deriveInfo = Buffer.concat([u16(0x0478), Buffer.from('DERIVEKEY', 'utf8')]);
  const key = Buffer.from(hkdfSync('sha512', dataKey, messageId, deriveInfo, 32));
  const commitment = Buffer.from(
    hkdfSync('sha512', dataKey, messageId, Buffer.from('COMMITKEY', 'utf8'), 32),
  );
  const pairs = contextPairs(context);
  const nonFramed = body.nonFramed === true;
  const frameLength = nonFramed ? 0 : (body.frameLength ?? 4096);
  const header = Buffer.concat([
    Buffer.from([2]),
    u16(0x0478),
    messageId,
    u16(pairs.length),
    pairs,
    u16(1),
    u16(edk.id.length),
    edk.id,
    u16(edk.info.length),
    edk.info,
    u16(edk.key.length),
    edk.key,
    Buffer.from([nonFramed ? 1 : 2]),
    u32(frameLength),
    commitment,
  ]);
  const parts = [header, gcm(key, Buffer.alloc(12), header, Buffer.alloc(0)).tag];
  if (nonFramed) {
    const iv = seqIv(1);
    const { ct, tag } = gcm(
      key,
      iv,
      bodyAad(messageId, 'AWSKMSEncryptionClient Single Block', 1, plaintext.length),
      plaintext,
    );
    parts.push(iv, u64(plaintext.length), ct, tag);
  } else {
    let seq = 1;
    let at = 0;
    // Regular frames while more than a frame remains (or, with emptyFinalFrame, while a whole frame remains).
    while (
      body.emptyFinalFrame
        ? plaintext.length - at >= frameLength
        : plaintext.length - at > frameLength
    ) {
      const iv = seqIv(seq);
      const chunk = plaintext.subarray(at, at + frameLength);
      const { ct, tag } = gcm(
        key,
        iv,
        bodyAad(messageId, 'AWSKMSEncryptionClient Frame', seq, frameLength),
        chunk,
      );
      parts.push(u32(seq), iv, ct, tag);
      seq += 1;
      at += frameLength;
    }
    const rest = plaintext.subarray(at);
    const iv = seqIv(seq);
    const { ct, tag } = gcm(
      key,
      iv,
      bodyAad(messageId, 'AWSKMSEncryptionClient Final Frame', seq, rest.length),
      rest,
    );
    parts.push(u32(0xffffffff), u32(seq), iv, u32(rest.length), ct, tag);
  }
  return Buffer.concat(parts);
}

/** @param {import('node:http').IncomingMessage} req */
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** @type {Record<string, (body: any) => Promise<unknown>>} */
const routes = {
  '/__test/esdk/encrypt': officialEncrypt,
  '/__test/esdk/decrypt': officialDecrypt,
  '/__test/esdk/craft': async (body) => {
    const message = craft(body);
    const messageBase64 = message.toString('base64');
    return { messageBase64, official: await officialDecrypt({ ...body, messageBase64 }) };
  },
};

/**
 * Dev-server plugins that serve the ESDK oracle routes. They use the `serve` hook, which runs
 * before the dev server's static files (middleware added in `serverStart` runs after them and
 * never sees these paths). Failures come back as `{ serverError }` with status 200.
 */
export function esdkOraclePlugins() {
  return [
    {
      name: 'esdk-oracle',
      /** @param {import('koa').Context} ctx */
      async serve(ctx) {
        const route = ctx.method === 'POST' ? routes[ctx.path] : undefined;
        if (!route) return undefined;
        let result;
        try {
          result = await route(await readJson(ctx.req));
        } catch (e) {
          result = { serverError: e instanceof Error ? e.stack : String(e) };
        }
        return {
          body: JSON.stringify(result),
          type: 'application/json',
          headers: { 'cache-control': 'no-store' },
        };
      },
    },
  ];
}
