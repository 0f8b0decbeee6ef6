/**
 * Encrypt and decrypt whole AWS Encryption SDK messages with WebCrypto.
 *
 * Decrypt: parse and check the whole structure (format.ts), unwrap the data key with the
 * keyring(s) straight into a non-extractable HKDF key, derive the commitment and the
 * data-encryption key with HKDF (in parallel), compare the commitment in constant time, then
 * authenticate the header and decrypt every frame in parallel. Nothing is returned unless every
 * step succeeds, so running the header check beside the frames is equivalent to running it first.
 *
 * Encrypt: the code is in encrypt.ts, loaded on the first call (only Set Secured Data encrypts).
 *
 * Every failure is an `EsdkError`, and a function that answers a promise never throws
 * synchronously: they are async functions.
 */
import { type Bytes, constantTimeEqual } from './bytes.js';
import { type EsdkError, esdkError, need } from './errors.js';
import {
  type MessageHeader,
  COMMIT_KEY_LABEL,
  SUITE_COMMIT_KEY,
  type Suite,
  bodyAad,
  deriveKeyInfo,
  pack,
  parseMessage,
  serializeContextPairs,
} from './format.js';
import { onDemand } from '../on-demand.js';
import type { EncryptOptions } from './encrypt.js';
import { HKDF_USAGES, type Keyring, MultiKeyring, WRAPPING, gcm } from './keyring.js';

export type { EncryptOptions };

/** Options of `decryptMessage`. */
export interface DecryptOptions {
  /** Accept format v1 messages with suite 0x0178 (no key commitment). Default false. */
  allowLegacyV1?: boolean;
  /** Most encrypted data keys a message may carry. Default 2. */
  maxEncryptedDataKeys?: number;
}

/** The result of `decryptMessage`. */
export interface DecryptResult {
  readonly plaintext: Bytes;
  readonly encryptionContext: Readonly<Record<string, string>>;
  /** The parsed header (public facts: version, suite, message id, data keys...; views). */
  readonly header: MessageHeader;
}

const subtle = crypto.subtle;
const AES_256: AesKeyGenParams = { name: 'AES-GCM', length: 256 };

const asKeyring = (keyring: Keyring | readonly Keyring[]): Keyring =>
  Array.isArray(keyring) ? new MultiKeyring(keyring) : (keyring as Keyring);

/** HKDF parameters; v1 (no commitment) has an empty salt, which HKDF reads as zero bytes. */
const hkdf = (suite: Suite, messageId: Bytes, info: Bytes): HkdfParams => ({
  name: 'HKDF',
  hash: suite.hash,
  salt: suite.commitmentLength ? messageId : new Uint8Array(0),
  info,
});

/** The data-encryption key and the key commitment (v2), derived in parallel from the root key. */
const derive = (suite: Suite, root: CryptoKey, messageId: Bytes, usage: KeyUsage) =>
  Promise.all([
    subtle.deriveKey(
      hkdf(suite, messageId, deriveKeyInfo(suite, messageId)),
      root,
      AES_256,
      false,
      [usage],
    ),
    suite.commitmentLength
      ? subtle.deriveBits(hkdf(suite, messageId, COMMIT_KEY_LABEL), root, 256)
      : undefined,
  ]);

/**
 * Decrypts an AWS Encryption SDK message: format v2 with suite 0x0478, or format v1 with suite
 * 0x0178 when `allowLegacyV1` is set; framed or non-framed. Every failure is an `EsdkError`.
 *
 * The whole structure is parsed and checked first, synchronously (so a batch parses each message
 * right before issuing its first WebCrypto call); then the unwrap of the data key, the data key
 * and the commitment derived, the commitment compared in constant time, the header authenticated
 * and the frames decrypted.
 */
export async function decryptMessage(
  message: Uint8Array,
  keyring: Keyring | readonly Keyring[],
  options: DecryptOptions = {},
): Promise<DecryptResult> {
  need(message instanceof Uint8Array, 'InvalidInput', 'not a Uint8Array');
  const max = options.maxEncryptedDataKeys ?? 2;
  need(Number.isInteger(max) && max > 0, 'InvalidInput', 'maxEncryptedDataKeys');
  const { header, body } = parseMessage(message as Bytes, {
    allowLegacyV1: options.allowLegacyV1 === true,
    maxEncryptedDataKeys: max,
  });
  const { suite, messageId, encryptionContext } = header;
  // The header's own bytes are the spec serialization when already in UTF-8 key order.
  const primary = header.contextCanonical
    ? header.contextPairs
    : serializeContextPairs(encryptionContext);
  const root = await asKeyring(keyring).unwrap(header.encryptedDataKeys, {
    primary,
    // The JavaScript ESDK's raw keyrings sort the context with localeCompare unless utf8Sorting is
    // set (its issue #428). The same pairs in another order are the same context, so accept that
    // order too, computed only when the spec order fails.
    alternatives() {
      const legacy = serializeContextPairs(encryptionContext, true);
      return constantTimeEqual(legacy, primary) ? [] : [legacy];
    },
  });
  const [dataKey, expected] = await derive(suite, root, messageId, 'decrypt');
  if (expected && !constantTimeEqual(new Uint8Array(expected), header.suiteData))
    throw esdkError('CommitmentMismatch');
  // The header and every frame, issued at once, then awaited in turn (no allSettled and its
  // per-call reactions and result objects): none is left unhandled, the first failure is told.
  const pending = [
    subtle.decrypt(gcm(header.headerIv, header.headerBody), dataKey, header.headerTag),
    ...body.map((part) =>
      subtle.decrypt(gcm(part.iv, bodyAad(messageId, part, true)), dataKey, part.sealed),
    ),
  ];
  const frames: Uint8Array<ArrayBuffer>[] = [];
  let failure: EsdkError | undefined;
  for (let i = 0; i < pending.length; i++) {
    try {
      const clear = await pending[i]!;
      if (i) frames.push(new Uint8Array(clear));
    } catch (cause) {
      failure ??= esdkError('AuthenticationFailed', i ? `body frame ${i}` : 'the header', cause);
    }
  }
  if (failure) {
    // Frames of a message that fails are never returned: zeroed here.
    for (const frame of frames) frame.fill(0);
    throw failure;
  }
  // One frame (the usual case): the plaintext is that frame's buffer, not a copy. Several are
  // joined into one, and their own buffers zeroed: the caller zeroes the plaintext it gets.
  if (frames.length === 1) return { plaintext: frames[0]!, encryptionContext, header };
  const plaintext = pack(frames);
  for (const frame of frames) frame.fill(0);
  return { plaintext, encryptionContext, header };
}

/** The encrypt code (encrypt.ts), a chunk of its own in the build. */
const loadEncrypter = onDemand(() =>
  import('./encrypt.js').then((m) =>
    m.encrypter({
      need,
      esdkError,
      pack,
      bodyAad,
      serializeContextPairs,
      gcm,
      hkdfUsages: HKDF_USAGES,
      wrapping: WRAPPING,
      derive: (root, messageId, usage) => derive(SUITE_COMMIT_KEY, root, messageId, usage),
    }),
  ),
);

/**
 * Encrypts `plaintext` as an AWS Encryption SDK message, format v2, suite 0x0478, framed, with a
 * fresh data key wrapped by every keyring given. The encrypt code loads on the first call (see
 * encrypt.ts); when it cannot be loaded the call fails with `EncrypterUnavailable`, and the next
 * call tries again.
 */
export async function encryptMessage(
  plaintext: Uint8Array,
  keyring: Keyring | readonly Keyring[],
  encryptionContext: Readonly<Record<string, string>>,
  options: EncryptOptions = {},
): Promise<Bytes> {
  need(plaintext instanceof Uint8Array, 'InvalidInput', 'not a Uint8Array');
  const encrypt = await loadEncrypter().catch((cause: unknown) => {
    throw esdkError('EncrypterUnavailable', '', cause);
  });
  return encrypt(plaintext as Bytes, asKeyring(keyring), encryptionContext, options);
}
