/**
 * Key identity as the ESDK raw AES keyring writes it on the wire: a key namespace (the provider ID)
 * and a key name, and the errors about a key. The checks of a new key's namespace and name are in
 * key-intake.ts.
 */
import { VaultError, type VaultErrorCode } from '../errors.js';
import type { fromBase64 } from '../esdk/bytes.js';

/** AES key lengths, in bits, that the ESDK raw AES keyring wraps data keys with. */
export type AesKeyLength = 128 | 192 | 256;

/** The JWK `alg` of an AES-GCM key of `bits` bits (`A256GCM`...); `undefined` for other lengths. */
export const jwkAlg = (bits: number): string | undefined =>
  bits === 128 || bits === 192 || bits === 256 ? `A${bits}GCM` : undefined;

/** A short, readable name of a key for error messages: `namespace/name`. */
export const keyLabel = (keyNamespace: unknown, keyName: unknown): string =>
  [keyNamespace, keyName]
    .map((v) =>
      typeof v === 'string' ? (v.length > 80 ? `${v.slice(0, 77)}...` : v) : `<${typeof v}>`,
    )
    .join('/');

/** A `VaultError` about key `keyNamespace/keyName`: the message names it, the error carries it. */
export function keyError(
  code: VaultErrorCode,
  keyNamespace: unknown,
  keyName: unknown,
  message: string,
  extra?: { cause?: unknown; status?: number },
): VaultError {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return new VaultError(code, `key ${keyLabel(keyNamespace, keyName)}: ${message}`, {
    ...extra,
    keyNamespace: text(keyNamespace),
    keyName: text(keyName),
  });
}

/**
 * What the key store hands the code that adds keys (key-intake.ts), which imports nothing of the
 * worker at run time.
 */
export interface KeyIdHelpers {
  fromBase64: typeof fromBase64;
  jwkAlg: typeof jwkAlg;
  keyError: typeof keyError;
}
