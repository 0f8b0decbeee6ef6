/**
 * The designer's drafts in IndexedDB (database `cx-designer`, store `drafts`): the script source and
 * the sample data, saved as the designer types and restored on load. Secured sample values are kept
 * only as the vault's ciphertexts, never as plaintext.
 */
import { openDB, type IDBPDatabase } from 'idb';

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

let db: Promise<IDBPDatabase> | undefined;
function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore(STORE);
    },
  });
  return db;
}

/** Saves the draft under `key` (one draft per designer key). */
export async function saveDraft(key: string, draft: Draft): Promise<void> {
  await (await open()).put(STORE, draft, key);
}

/** The draft saved under `key`, or `undefined`. */
export async function loadDraft(key: string): Promise<Draft | undefined> {
  const draft = (await (await open()).get(STORE, key)) as Draft | undefined;
  return draft && typeof draft.source === 'string' ? draft : undefined;
}

/** Deletes the draft saved under `key`. */
export async function deleteDraft(key: string): Promise<void> {
  await (await open()).delete(STORE, key);
}
