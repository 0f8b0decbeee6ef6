/**
 * Every @lit/context key of cx-script, in one module. Providers and consumers import the key from
 * here and nowhere else, so that two copies of a key can never disagree.
 */
import { createContext } from '@lit/context';
import type { InteractionSession } from '../src/data/session.js';
import type { ScreenPopPolicy } from '../src/guard/policy.js';
import type { CrmPaneChannel } from '../src/screenpop/targets.js';
import type { AttributeSchemaLike } from '../src/data/attribute-schema.js';

/**
 * The interaction session. `<cx-interaction>` provides it to the elements inside it
 * (`<cx-script>`, `<cx-participant-data>` …); it is `undefined` until a conversation is loaded.
 * Read it with `@consume({ context: sessionContext, subscribe: true })`.
 */
export const sessionContext = createContext<InteractionSession | undefined>(Symbol('cx-session'));

/**
 * The screen-pop policy (`{ allowedOrigins, allowHttpLoopback }`) of `<cx-interaction>`'s
 * `.screenPopPolicy`: which origins pops, `openUrl`, links, images and embedded pages may reach.
 */
export const screenPopPolicyContext = createContext<ScreenPopPolicy | undefined>(
  Symbol('cx-screen-pop-policy'),
);

/** The CRM pane channel of an interaction: `frame` pops show in `<cx-crm-pane>` through it. */
export const crmPaneContext = createContext<CrmPaneChannel | undefined>(Symbol('cx-crm-pane'));

/**
 * The attribute schema of `<cx-interaction>`'s `.attributeSchema`: `<cx-script>` edits schema-typed
 * attributes with a matching control, `<cx-participant-data>` formats their values.
 */
export const attributeSchemaContext = createContext<AttributeSchemaLike | undefined>(
  Symbol('cx-attribute-schema'),
);
