/**
 * The demo key, DEVELOPMENT ONLY: the reference key broker that `npm start` serves at /broker/keys
 * hands it to the vault worker (wrapped to the worker's own RSA key), for this fixed token. A real
 * desktop asks the customer's KMS-backed broker with the agent's token. Used by the desktop
 * (demo/desktop.ts) and the designer page (demo/designer.ts).
 */
import type { SecuredClient } from '../components/all.js';

/** Where the demo broker answers, the key it hands out, and the token it accepts. */
export const DEMO_BROKER = {
  url: '/broker/keys',
  keyNamespace: 'cx-demo',
  keyName: 'demo-key-1',
  token: 'cx-demo-token-development-only',
} as const;

/** Makes sure the vault holds the demo key (kept in IndexedDB across reloads). */
export async function addDemoKey(vault: SecuredClient): Promise<void> {
  const keys = await vault.listKeys();
  const { url, keyNamespace, keyName, token } = DEMO_BROKER;
  if (keys.some((k) => k.keyNamespace === keyNamespace && k.keyName === keyName)) return;
  await vault.addKeyBroker({ url, keyNamespace, keyName, getToken: () => token });
}
