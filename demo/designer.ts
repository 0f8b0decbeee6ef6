/**
 * The demo's script designer page (designer.html, `npm start`): gives `<cx-script-designer>` a
 * vault that holds the demo key (from the reference key broker, as the desktop does), so that the
 * designer's secured samples are encrypted and previewed for real, and the screen-pop policy of the
 * demo's sample script. The designer itself comes from ./cx-designer.js, the library from
 * ./cx-script.js (the build maps ../components/all.js to it). No inline script, no innerHTML.
 */
import { createSecuredClient } from '../components/all.js';
import type { ScreenPopPolicy, SecuredClient } from '../components/all.js';
import { addDemoKey } from './demo-key.js';
import { crmOriginFor, kbOriginFor } from './sample-script.js';

/** What the page uses of `<cx-script-designer>`. */
interface DesignerElement extends HTMLElement {
  secured: SecuredClient | undefined;
  screenPopPolicy: ScreenPopPolicy;
}

async function main(): Promise<void> {
  await customElements.whenDefined('cx-script-designer');
  const designer = document.querySelector<DesignerElement>('cx-script-designer');
  const status = document.querySelector<HTMLElement>('#designer-status');
  if (!designer) return;
  designer.screenPopPolicy = {
    allowedOrigins: [crmOriginFor(location.origin), kbOriginFor(location.origin)],
    allowHttpLoopback: true,
  };
  const vault = createSecuredClient();
  try {
    await addDemoKey(vault);
    designer.secured = vault;
    designer.dataset['ready'] = '';
  } catch (error) {
    if (status)
      status.textContent = `Could not add the demo key to the vault: ${error instanceof Error ? error.message : String(error)}; secured samples are off.`;
    designer.dataset['ready'] = '';
  }
}

void main();
