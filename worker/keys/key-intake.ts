/**
 * Adding keys to the key store: the checks of a new key's namespace and name, the raw AES key
 * importer (key-import.ts) and the key broker client (key-broker.ts).
 *
 * Stored keys survive reloads, so most starts never add one: the key store loads this module the
 * first time a key is added, and the build puts it, with the two modules it imports, in one chunk
 * beside the worker (dist/chunks/) instead of in every agent's download. It imports nothing of the
 * worker at run time: the key store hands it the helpers it shares ({@link KeyIdHelpers}). A
 * static import of the worker's modules would load a second copy of the worker (a second comlink
 * API, another `VaultError`) whenever the worker was started from another URL than the chunk
 * names, e.g. with a query string.
 */
import type { Bytes } from '../esdk/bytes.js';
import { brokerClient } from './key-broker.js';
import type { KeyIdHelpers } from './key-id.js';
import { keyImporter } from './key-import.js';

/** What the importer and the broker client use: the key store's helpers and the checks here. */
export interface KeyChecks extends Omit<KeyIdHelpers, 'fromBase64'> {
  checkKeyId(keyNamespace: unknown, keyName: unknown): void;
  decodeBase64(text: string, standard?: boolean): Bytes | undefined;
}

/** The code that adds keys, over the key store's helpers. */
export function keyIntake({ fromBase64, jwkAlg, keyError }: KeyIdHelpers) {
  const encoder = new TextEncoder();

  /**
   * Checks a key namespace and key name: non-empty, well-formed strings of at most 256 UTF-8 bytes,
   * and a namespace that does not start with `aws-kms` (which the AWS Encryption SDK reserves for its
   * KMS keyrings). Throws `VaultError('InvalidKey')` naming the key.
   */
  function checkKeyId(keyNamespace: unknown, keyName: unknown): void {
    for (const [field, value] of Object.entries({ keyNamespace, keyName })) {
      // Counted only for a well-formed string: anything else is refused before it is encoded.
      const bytes = typeof value === 'string' && value.isWellFormed() ? encoder.encode(value) : [];
      const why =
        typeof value !== 'string'
          ? 'must be a string'
          : !value
            ? 'must not be empty'
            : // A lone surrogate would be written as U+FFFD and never match the name on the wire.
              !value.isWellFormed()
              ? 'has a lone surrogate'
              : bytes.length > 256
                ? `is ${bytes.length} UTF-8 bytes (max 256)`
                : field === 'keyNamespace' && value.startsWith('aws-kms')
                  ? 'starts with aws-kms'
                  : '';
      if (why) throw keyError('InvalidKey', keyNamespace, keyName, `${field} ${why}`);
    }
  }

  /**
   * Decodes unpadded base64url (as JWK uses it), or with `standard` standard base64 (padding
   * optional); `undefined` when `text` is not that. One strict decoder: worker/esdk/bytes.ts.
   */
  function decodeBase64(text: string, standard?: boolean): Bytes | undefined {
    if (!standard && /[^\w-]/.test(text)) return undefined;
    try {
      return fromBase64(standard ? text : text.replace(/-/g, '+').replace(/_/g, '/'));
    } catch {
      return undefined;
    }
  }

  const checks: KeyChecks = { checkKeyId, decodeBase64, jwkAlg, keyError };
  return { checkKeyId, importRawAesKey: keyImporter(checks), ...brokerClient(checks) };
}
