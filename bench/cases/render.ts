/**
 * Rendering a 500-component script in `<cx-script>` (DESIGN.md budget: ≤ 30 ms), against a plain
 * Lit baseline in the same run: 500 minimal templates (a label and an input each) rendered by
 * lit-html's `render()`, the least any Lit-based renderer of 500 fields must pay.
 * Measured: first render (parse, runtime, template, DOM) and a re-render after one variable
 * changes, median of several rounds, each in a fresh element.
 */
import { html, render } from 'lit';
import '../../components/all.js';
import type { CxScript } from '../../components/cx-script.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { Script } from '../../src/script/types.js';
import { bigScript } from '../scripts.js';
import { median, type BenchCase } from '../types.js';

const COUNT = 500;
const ROUNDS = 9;

const conversation = {
  id: 'bench-1',
  organizationId: 'org-bench',
  participants: [{ id: 'c', purpose: 'customer', attributes: { AccountId: 'ACC-1' } }],
};

async function renderScript(script: Script): Promise<{ first: number; again: number }> {
  const host = document.createElement('cx-interaction') as CxInteraction;
  host.conversation = structuredClone(conversation);
  const el = document.createElement('cx-script') as CxScript;
  host.append(el);
  document.body.append(host);
  await host.updateComplete;
  const t0 = performance.now();
  el.script = script;
  await el.updateComplete;
  const first = performance.now() - t0;
  const t1 = performance.now();
  el.runtime!.set('Reason', 'Fraud');
  await el.updateComplete;
  const again = performance.now() - t1;
  host.remove();
  return { first, again };
}

async function renderBaseline(): Promise<number> {
  const div = document.createElement('div');
  document.body.append(div);
  const items = Array.from({ length: COUNT }, (_, i) => i);
  const t0 = performance.now();
  render(
    html`${items.map((i) => html`<label for=${`f${i}`}>Field ${i}</label><input id=${`f${i}`} .value=${String(i)} />`)}`,
    div,
  );
  const took = performance.now() - t0;
  div.remove();
  return took;
}

export const benchCase: BenchCase = {
  name: '500-component script render',
  async run() {
    const script = bigScript(COUNT);
    await renderScript(script); // warm-up: compile templates, JIT
    await renderBaseline();
    const first: number[] = [];
    const again: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t = await renderScript(script);
      first.push(t.first);
      again.push(t.again);
      base.push(await renderBaseline());
    }
    const firstMs = median(first);
    const baseMs = median(base);
    return {
      figures: [
        { label: 'first render, 500 components', value: firstMs, unit: 'ms', budget: { max: 30 } },
        { label: 're-render after one change', value: median(again), unit: 'ms' },
        { label: 'baseline: lit-html, 500 label+input templates', value: baseMs, unit: 'ms' },
        { label: 'first render / baseline', value: firstMs / baseMs, unit: 'x' },
      ],
      notes: [
        `median of ${ROUNDS} rounds, each in a fresh <cx-interaction>; parse and runtime included`,
      ],
    };
  },
};
