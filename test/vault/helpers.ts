/**
 * Helpers of the vault tests: a real vault worker per test (terminated after it, on a database of
 * its own), keys shared with the official AWS Encryption SDK oracle (test/server/esdk-oracle.mjs),
 * and a raw reader of IndexedDB.
 */
import {
  createSecuredClient,
  type SecuredClient,
  type SecuredClientOptions,
} from '../../src/secured/client.js';
import { oracle } from '../esdk-oracle.js';

export interface KeySpec {
  keyHex: string;
  keyNamespace: string;
  keyName: string;
}

export const ORG = 'org-6f1c2d9a';
export const CONVERSATION = 'conv-0001';

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function randomKey(keyNamespace = 'cx-test', keyName = 'attribute-key'): KeySpec {
  return { keyHex: hex(crypto.getRandomValues(new Uint8Array(32))), keyNamespace, keyName };
}

/** The context a Genesys secured attribute carries. */
export function contextOf(
  name: string,
  conversationId = CONVERSATION,
  organizationId = ORG,
): Record<string, string> {
  return {
    'genesys-cloud-organization-id': organizationId,
    conversationId,
    attributeName: name,
  };
}

/**
 * A base64 message made by the official @aws-crypto/client-node: suite 0x0478, or with
 * `suite: 'v1'` the legacy format v1 suite 0x0178.
 */
export async function officialEncrypt(
  key: KeySpec,
  plaintext: string,
  context: Record<string, string>,
  options: { frameLength?: number; extraKeys?: KeySpec[]; suite?: 'v1' } = {},
): Promise<string> {
  const { messageBase64 } = await oracle<{ messageBase64: string }>('encrypt', {
    ...key,
    plaintextBase64: toBase64(new TextEncoder().encode(plaintext)),
    context,
    ...options,
  });
  return messageBase64;
}

/** What the official SDK makes of a base64 message. */
export async function officialDecrypt(
  key: KeySpec,
  messageBase64: string,
): Promise<{ plaintext?: string; context?: Record<string, string>; error?: string }> {
  const out = await oracle<{
    plaintextBase64?: string;
    context?: Record<string, string>;
    error?: string;
  }>('decrypt', { ...key, messageBase64 });
  if (out.error !== undefined) return { error: out.error };
  const bytes = Uint8Array.from(atob(out.plaintextBase64!), (c) => c.charCodeAt(0));
  return { plaintext: new TextDecoder().decode(bytes), context: out.context! };
}

/** Clients and databases of the current test, ended by `endClients()` (in afterEach). */
const open: { client: SecuredClient; dbName: string }[] = [];

/** A real vault worker on a database of its own. */
export function newClient(options: SecuredClientOptions = {}): SecuredClient & { dbName: string } {
  const dbName = `cx-test-vault-${crypto.randomUUID()}`;
  const client = createSecuredClient({ ...options, dbName });
  open.push({ client, dbName });
  return Object.assign(client, { dbName });
}

/** Terminates the workers of the test and deletes their databases. */
export async function endClients(): Promise<void> {
  const ending = open.splice(0);
  for (const { client } of ending) client.close();
  await Promise.all(
    ending.map(
      ({ dbName }) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(dbName);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}

/** A client with `key` stored as raw bytes. */
export async function clientWithKey(
  key: KeySpec,
  options?: SecuredClientOptions,
): Promise<SecuredClient & { dbName: string }> {
  const client = newClient(options);
  await client.addRawAesKey({
    keyNamespace: key.keyNamespace,
    keyName: key.keyName,
    key: fromHex(key.keyHex),
  });
  return client;
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a value');
}

/** Every record of every object store of a database, read with the plain IndexedDB API. */
export async function readEveryRecord(dbName: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const records: unknown[] = [];
    for (const name of db.objectStoreNames) {
      await new Promise<void>((resolve, reject) => {
        const cursor = db.transaction(name, 'readonly').objectStore(name).openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return resolve();
          records.push({ store: name, primaryKey: c.primaryKey, value: c.value });
          c.continue();
        };
        cursor.onerror = () => reject(cursor.error);
      });
    }
    return records;
  } finally {
    db.close();
  }
}

/** Every string reachable from `value`, with byte sequences spelled as hex and base64. */
export function reachableText(
  value: unknown,
  out: string[] = [],
  seen = new Set<unknown>(),
): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') out.push(value);
  else if (typeof value !== 'object') out.push(String(value));
  else if (!seen.has(value)) {
    seen.add(value);
    if (value instanceof CryptoKey) {
      reachableText({ ...value.algorithm, usages: value.usages }, out, seen);
    } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes =
        value instanceof ArrayBuffer
          ? new Uint8Array(value)
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      out.push(hex(bytes), toBase64(bytes), new TextDecoder().decode(bytes));
    } else {
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key === 'string') out.push(key);
        reachableText((value as Record<PropertyKey, unknown>)[key], out, seen);
      }
    }
  }
  return out;
}
