/**
 * The designer's drafts in IndexedDB (database `cx-designer`, store `drafts`): the script source and
 * the sample data, saved as the designer types and restored on load. Secured sample values are kept
 * only as the vault's ciphertexts, never as plaintext.
 */

/** One saved draft. */
export interface Draft {
  /** The script source, as typed (valid JSON or not). */
  source: string;
  /** Sample participant data: name → value. */
  sample: Record<string, string>;
  /** Sample secured attributes: name → ciphertext (base64 ESDK message). */
  securedSample: Record<string, string>;
  /** When it was saved (ms since the epoch). */
  savedAt: number;
}

const DB_NAME = 'cx-designer';
const STORE = 'drafts';

/** A request's result, or its error. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB ${DB_NAME} failed`));
  });
}

// Plain IndexedDB (no wrapper library): three calls do not need one, and the bundle is smaller.
let db: Promise<IDBDatabase> | undefined;
function open(): Promise<IDBDatabase> {
  if (!db) {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    db = done(request);
    db.catch(() => (db = undefined));
  }
  return db;
}

/** Runs `fn` on the drafts store and resolves with its request's result once committed. */
async function inStore<T>(
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const tx = (await open()).transaction(STORE, mode);
  const result = done(fn(tx.objectStore(STORE)));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error(`IndexedDB ${DB_NAME} aborted`));
  });
  return result;
}

/** Saves the draft under `key` (one draft per designer key). */
export async function saveDraft(key: string, draft: Draft): Promise<void> {
  await inStore('readwrite', (store) => store.put(draft, key));
}

/** The draft saved under `key`, or `undefined`. */
export async function loadDraft(key: string): Promise<Draft | undefined> {
  const draft = (await inStore('readonly', (store) => store.get(key))) as Draft | undefined;
  return draft && typeof draft.source === 'string' ? draft : undefined;
}

/** Deletes the draft saved under `key`. */
export async function deleteDraft(key: string): Promise<void> {
  await inStore('readwrite', (store) => store.delete(key));
}
