/**
 * The browser side of the ESDK oracle (test/server/esdk-oracle.mjs): POSTs to its routes, where
 * the official @aws-crypto/client-node encrypts and decrypts.
 */

/** POSTs `body` to the oracle route `path` and returns its JSON answer; throws on any failure. */
export async function oracle<T>(path: string, body: unknown): Promise<T> {
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
