/**
 * The page the reload tests frame and reload: a `<cx-interaction>` with a durable outbox, a real
 * vault worker and the HTTP platform, all named by the query (`db`, `vault`, `conversation`).
 * Exposes them as `window.cx` to the test in the parent page.
 */
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import { Outbox } from '../../src/data/outbox.js';
import { createSecuredClient } from '../../src/secured/client.js';
import { HttpSource } from './helpers.js';

const query = new URLSearchParams(location.search);
const outbox = new Outbox({ dbName: query.get('db')!, retry: { baseMs: 20, capMs: 100 } });
const vault = createSecuredClient({ dbName: query.get('vault')! });
const el = document.createElement('cx-interaction');
el.outbox = outbox;
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
    vault.addRawAesKey({
      keyNamespace: 'cx-test',
      keyName: 'attribute-key',
      key: Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16)),
    }),
};
