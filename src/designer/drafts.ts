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
/** The drafts database, opened once (and again after a failed open). */
function open(): Promise<IDBPDatabase> {
  if (!db) {
    db = openDB(DB_NAME, 1, { upgrade: (d) => void d.createObjectStore(STORE) });
    db.catch(() => (db = undefined));
  }
  return db;
}

/** Saves the draft under `key` (one draft per designer key); resolves once committed. */
export async function saveDraft(key: string, draft: Draft): Promise<void> {
  await (await open()).put(STORE, draft, key);
}

/** The draft saved under `key`, or `undefined`. */
export async function loadDraft(key: string): Promise<Draft | undefined> {
  const draft = (await (await open()).get(STORE, key)) as Draft | undefined;
  return draft && typeof draft.source === 'string' ? draft : undefined;
}

/** Deletes the draft saved under `key`; resolves once committed. */
export async function deleteDraft(key: string): Promise<void> {
  await (await open()).delete(STORE, key);
}
