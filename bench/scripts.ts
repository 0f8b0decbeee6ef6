/**
 * Scripts the bench cases share.
 */
import type { Component, Script } from '../src/script/types.js';

/**
 * A script of `count` components on one page: text with interpolation, inputs, dropdowns,
 * checkboxes and buttons with an action, in turn (what the 500-component budget renders).
 */
export function bigScript(count: number): Script {
  const body: Component[] = [];
  for (let i = 0; body.length < count; i++) {
    body.push(
      { type: 'text', text: `Row ${i}: account {{AccountId}}, note {{Note${i % 10}}}` },
      { type: 'input', variable: `Note${i % 10}`, label: `Note ${i}` },
      { type: 'dropdown', variable: 'Reason', label: `Reason ${i}`, options: ['Fraud', 'Billing'] },
      { type: 'checkbox', variable: 'Verified', label: `Verified ${i}` },
      {
        type: 'button',
        label: `Go ${i}`,
        action: [{ do: 'setVariable', variable: 'Reason', value: 'Fraud' }],
      },
    );
  }
  body.length = count;
  return {
    format: 'cx-script/1',
    name: 'Render bench',
    startPage: 'p',
    variables: [
      { name: 'AccountId', type: 'string', input: true },
      { name: 'Reason', type: 'string', default: 'Billing' },
      { name: 'Verified', type: 'boolean', default: false },
      ...Array.from({ length: 10 }, (_, i) => ({ name: `Note${i}`, type: 'string' as const })),
    ],
    pages: [{ id: 'p', title: 'Five hundred components', body }],
    actions: {},
  };
}
