/**
 * Every @lit/context key of cx-script, in one module. Providers and consumers import the key from
 * here and nowhere else, so that two copies of a key can never disagree.
 */
import { createContext } from '@lit/context';
import type { InteractionSession } from '../src/data/session.js';

/**
 * The interaction session. `<cx-interaction>` provides it to the elements inside it
 * (`<cx-script>`, `<cx-participant-data>` …); it is `undefined` until a conversation is loaded.
 * Read it with `@consume({ context: sessionContext, subscribe: true })`.
 */
export const sessionContext = createContext<InteractionSession | undefined>(Symbol('cx-session'));
