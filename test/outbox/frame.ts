/**
 * The page the reload tests frame and reload: a `<cx-interaction>` with a durable outbox, a real
 * vault worker and the HTTP platform, all named by the query (`db`, `vault`, `conversation`).
 * Without `db` the element keeps its default, the shared outbox (database `cx-outbox`); without
 * `vault` there is no vault. Exposes them as `window.cx` to the test in the parent page.
 */
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import { Outbox, sharedOutbox } from '../../src/data/outbox.js';
import { createSecuredClient } from '../../src/secured/client.js';
import { HttpSource } from './helpers.js';

const query = new URLSearchParams(location.search);
const db = query.get('db');
const outbox = db ? new Outbox({ dbName: db, retry: { baseMs: 20, capMs: 100 } }) : sharedOutbox();
const vaultDb = query.get('vault');
const vault = vaultDb ? createSecuredClient({ dbName: vaultDb }) : undefined;
const el = document.createElement('cx-interaction');
if (db) el.outbox = outbox;
el.secured = vault;
el.source = new HttpSource();
el.conversationId = query.get('conversation')!;
document.body.append(el);

/** What the parent test drives. */
export interface FramedDesktop {
  el: CxInteraction;
  outbox: Outbox;
  /** Stores a 256-bit raw AES key (hex) in the vault; it survives the reload. */
  addKey(hex: string): Promise<unknown>;
}

(window as unknown as { cx: FramedDesktop }).cx = {
  el,
  outbox,
  addKey: (hex) =>
    vault!.addRawAesKey({
      keyNamespace: 'cx-test',
      keyName: 'attribute-key',
      key: Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16)),
    }),
};
