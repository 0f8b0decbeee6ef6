/**
 * Loading a conversation on the desktop (DESIGN.md budget: no long task over 50 ms while a
 * conversation loads). `<cx-interaction>`, with a vault client, is given at once a conversation
 * whose customer carries the decrypt case's 1,000 secured attributes and 50 attributes of
 * participant data, and a script with ten secured fields; the load lasts until the script has
 * rendered and every secured attribute is decrypted. Twice: with a 10-component script (what the
 * vault and the session add to a load) and with the 500-component script (the render as well).
 *
 * Two measures of the page's main thread during each load:
 * - Chromium's `longtask` entries (PerformanceObserver): the tasks over 50 ms, the budget's own
 *   definition; the figure is how many there were (budget 0);
 * - the longest task, over 50 ms or not: a message loop on a MessageChannel runs between tasks,
 *   so the longest gap between two of its turns bounds the longest task (and shows the margin
 *   under the budget). The same loop over an idle page, in the same run, is the baseline.
 */
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxScript } from '../../components/cx-script.js';
import type { Script } from '../../src/script/types.js';
import { type MessagesFixture, vaultWithKey } from '../fixtures.js';
import { bigScript } from '../scripts.js';
import { median, type BenchCase, type BenchFigure } from '../types.js';

const ROUNDS = 7;
const SECURED_FIELDS = 10;

/** A script of `count` components, with `names` as secured variables shown in secured fields. */
function scriptWithSecured(count: number, names: readonly string[]): Script {
  const script = bigScript(count);
  script.variables.push(
    ...names.map((name) => ({ name, type: 'string' as const, input: true, secured: true })),
  );
  script.pages[0]!.body.unshift(
    ...names.map((variable, i) => ({
      type: 'secured' as const,
      variable,
      label: `Card ${i}`,
      mask: 'last4' as const,
    })),
  );
  return script;
}

/**
 * Watches the main thread until `done()` holds: the longest gap between two turns of a message
 * loop (which runs between any other tasks), and the `longtask` entries seen meanwhile.
 */
function watchMainThread(done: () => boolean): Promise<{ longest: number; longTasks: number }> {
  return new Promise((resolve) => {
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
    observer.observe({ type: 'longtask' });
    const channel = new MessageChannel();
    let last = performance.now();
    let longest = 0;
    channel.port1.onmessage = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (!done()) return channel.port2.postMessage(0);
      // Entries of the last task are delivered in a later task: let the observer catch up.
      setTimeout(() => {
        longTasks += observer.takeRecords().length;
        observer.disconnect();
        channel.port1.close();
        resolve({ longest, longTasks });
      }, 100);
    };
    channel.port2.postMessage(0);
  });
}

export const benchCase: BenchCase = {
  name: 'load a conversation with 1,000 secured attributes',
  async run({ fixture, workerUrl }) {
    const f = await fixture<MessagesFixture>('messages');
    const client = await vaultWithKey(f, workerUrl);
    const shown = f.attributes.slice(0, SECURED_FIELDS).map((a) => a.name);
    const attributes: Record<string, string> = { AccountId: 'ACC-1' };
    for (let i = 0; i < 49; i++) attributes[`Detail${i}`] = `value ${i}`;
    const conversation = () => ({
      id: f.conversationId,
      organizationId: f.organizationId,
      participants: [
        {
          id: 'customer-1',
          purpose: 'customer',
          attributes: { ...attributes },
          securedAttributes: Object.fromEntries(f.attributes.map((a) => [a.name, a.ciphertext])),
        },
      ],
    });

    /** One load in a fresh element; resolves with what the main thread went through. */
    async function load(script: Script) {
      const host = document.createElement('cx-interaction') as CxInteraction;
      host.secured = client;
      const el = document.createElement('cx-script') as CxScript;
      host.append(el);
      document.body.append(host);
      await host.updateComplete;
      // Checked between tasks: cheap until the first and the last attribute are ready (one batch
      // answers them all at once), then every attribute once.
      const [first, last] = [f.attributes[0]!.name, f.attributes.at(-1)!.name];
      const loaded = () => {
        const secured = host.session?.secured;
        return (
          !!secured &&
          el.runtime !== undefined &&
          !el.isUpdatePending &&
          secured.state(first)?.status === 'ready' &&
          secured.state(last)?.status === 'ready' &&
          f.attributes.every(({ name }) => secured.state(name)?.status === 'ready')
        );
      };
      const t0 = performance.now();
      const watched = watchMainThread(loaded);
      host.conversation = conversation();
      el.script = script;
      const result = await watched;
      const took = performance.now() - t0;
      host.remove(); // the binding forgets the conversation's plaintexts
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { ...result, took };
    }

    /** The same loop over the idle page for as long as a load took: the baseline. */
    const idle = (ms: number) => {
      const end = performance.now() + ms;
      return watchMainThread(() => performance.now() >= end);
    };

    const figures: BenchFigure[] = [];
    for (const [what, count] of [
      ['a 10-component script', 10],
      ['the 500-component script', 500],
    ] as const) {
      const script = scriptWithSecured(count, shown);
      await load(script); // warm-up: templates compiled, code optimised
      const longest: number[] = [];
      const idleLongest: number[] = [];
      const took: number[] = [];
      let longTasks = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const r = await load(script);
        longest.push(r.longest);
        took.push(r.took);
        longTasks += r.longTasks;
        idleLongest.push((await idle(r.took)).longest);
      }
      figures.push(
        {
          label: `${what}: long tasks (over 50 ms)`,
          value: longTasks,
          unit: 'tasks',
          budget: { max: 0 },
        },
        { label: `${what}: longest task, worst load`, value: Math.max(...longest), unit: 'ms' },
        { label: `${what}: longest task, median load`, value: median(longest), unit: 'ms' },
        { label: `${what}: longest gap, idle page`, value: median(idleLongest), unit: 'ms' },
        { label: `${what}: load until all decrypted`, value: median(took), unit: 'ms' },
      );
    }
    client.close();

    return {
      figures,
      notes: [
        `${ROUNDS} loads after a warm-up, each in a fresh <cx-interaction>; long tasks summed over all loads`,
        `${f.attributes.length} secured attributes decrypted in one batch, ${SECURED_FIELDS} of them shown in secured fields`,
      ],
    };
  },
};
