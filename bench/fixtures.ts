/** The fixtures scripts/bench.mjs prepares Node-side (with the official @aws-crypto/client-node). */
import { createSecuredClient, type SecuredClient } from '../src/secured/client.js';

/** 1,000 secured attributes of one conversation, encrypted by the official SDK under one raw AES key. */
export interface MessagesFixture {
  keyHex: string;
  keyNamespace: string;
  keyName: string;
  organizationId: string;
  conversationId: string;
  /** Attribute name → base64 message (context: organization, conversation, attribute name). */
  attributes: { name: string; ciphertext: string }[];
}

export function bytesOfHex(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function bytesOfBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A vault client on the built worker, in a database of its own, holding the fixture's key. */
export async function vaultWithKey(f: MessagesFixture, workerUrl: string): Promise<SecuredClient> {
  const client = createSecuredClient({ workerUrl, dbName: `cx-bench-${crypto.randomUUID()}` });
  await client.addRawAesKey({
    keyNamespace: f.keyNamespace,
    keyName: f.keyName,
    key: bytesOfHex(f.keyHex),
  });
  return client;
}
