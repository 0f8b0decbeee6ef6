/** Shared fixtures of the element tests: a conversation, a script using every component type, and mounting. */
import { fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Conversation } from '../../src/data/conversation.js';
import type { Script } from '../../src/script/types.js';
import '../../components/all.js';
import type { CxInteraction } from '../../components/cx-interaction.js';
import type { CxScript } from '../../components/cx-script.js';

export function conversation(): Conversation {
  return {
    id: 'conv-1',
    organizationId: 'org-1',
    mediaType: 'call',
    participants: [
      {
        id: 'p-customer',
        purpose: 'customer',
        name: 'Ada Lovelace',
        ani: 'tel:+13175550123',
        attributes: { AccountId: 'A-42', accountid: 'lower-7', Tier: 'Gold' },
        securedAttributes: { CardNumber: 'AYADeFAKEciphertextAAAA==' },
      },
      { id: 'p-acd', purpose: 'acd', queueName: 'Card Services', attributes: {} },
      { id: 'p-agent', purpose: 'agent', name: 'Grace Hopper', attributes: {} },
    ],
  };
}

/** A script whose first page has every component type; three pages in all. */
export function fullScript(): Script {
  return {
    format: 'cx-script/1',
    name: 'Card dispute',
    startPage: 'verify',
    variables: [
      { name: 'AccountId', type: 'string', input: true },
      { name: 'accountid', type: 'string', input: true },
      { name: 'CardNumber', type: 'string', input: true, secured: true },
      { name: 'Notes', type: 'string', output: true },
      { name: 'Details', type: 'string' },
      { name: 'Amount', type: 'number' },
      { name: 'When', type: 'date' },
      { name: 'Reason', type: 'string', default: '' },
      { name: 'Agree', type: 'boolean', default: false },
      { name: 'Channel', type: 'string' },
      { name: 'Site', type: 'string', default: 'https://crm.example.com/home' },
    ],
    pages: [
      {
        id: 'verify',
        title: 'Verify caller',
        body: [
          { type: 'text', variant: 'heading', text: 'Account {{AccountId}}' },
          { type: 'text', text: 'Caller {{Call.Ani}} waiting in {{Scripter.Queue Name}}' },
          { type: 'text', variant: 'note', text: 'Legacy id {{accountid}}' },
          { type: 'secured', variable: 'CardNumber', label: 'Card', mask: 'last4' },
          {
            type: 'input',
            variable: 'Notes',
            label: 'Notes',
            required: true,
            pattern: '[A-Z].*',
            patternMessage: 'Start with a capital letter',
            hint: 'What the caller said',
          },
          { type: 'text', id: 'echo', text: 'Notes: {{Notes}}' },
          { type: 'textarea', variable: 'Details', label: 'Details', rows: 3 },
          { type: 'number', variable: 'Amount', label: 'Amount', min: 0 },
          { type: 'date', variable: 'When', label: 'Date of purchase' },
          {
            type: 'dropdown',
            variable: 'Reason',
            label: 'Reason',
            options: ['Fraud', { value: 'dup', label: 'Duplicate' }],
          },
          { type: 'checkbox', variable: 'Agree', label: 'Caller agrees' },
          { type: 'radio', variable: 'Channel', label: 'Contact by', options: ['Phone', 'Email'] },
          {
            type: 'text',
            id: 'state',
            text: 'Amount={{Amount}} When={{When}} Reason={{Reason}} Agree={{Agree}} Channel={{Channel}} Details={{Details}}',
          },
          {
            type: 'text',
            id: 'fraud-only',
            text: 'Fraud team notified',
            visible: { op: 'equal', left: '{{Reason}}', right: 'Fraud' },
          },
          {
            type: 'stack',
            direction: 'horizontal',
            gap: 8,
            children: [
              { type: 'button', label: 'Next', action: 'next' },
              {
                type: 'button',
                label: 'Escalate',
                action: 'next',
                disabled: true,
                disabledReason: 'Needs a supervisor',
              },
            ],
          },
          {
            type: 'link',
            label: 'Account in CRM',
            url: 'https://crm.example.com/accounts/{AccountId}',
          },
          { type: 'link', label: 'Unsafe', url: 'javascript:alert(1)' },
          { type: 'image', url: 'https://img.example.com/logo.png', alt: 'Bank logo' },
          { type: 'webPage', url: '{{Site}}', title: 'CRM home' },
        ],
      },
      {
        id: 'details',
        title: 'Dispute details',
        body: [
          { type: 'text', text: 'Details for {{AccountId}}' },
          { type: 'button', label: 'Finish', action: [{ do: 'changePage', page: 'done' }] },
        ],
      },
      { id: 'done', title: 'Done', body: [{ type: 'text', text: 'Thank you' }] },
    ],
    actions: { next: [{ do: 'changePage', page: 'details' }] },
  };
}

/** Waits until the interaction, its session and the script's runtime have all rendered. */
export async function settle(...elements: { updateComplete: Promise<unknown> }[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    for (const el of elements) await el.updateComplete;
  }
}

/** `<cx-interaction>` with the conversation, and a `<cx-script>` inside it. */
export async function mount(
  script: unknown = fullScript(),
  conv: Conversation = conversation(),
  page?: string,
) {
  const host = await fixture<CxInteraction>(
    html`<cx-interaction .conversation=${conv}
      ><cx-script .script=${script} page=${ifDefined(page)}></cx-script
    ></cx-interaction>`,
  );
  const el = host.querySelector('cx-script') as CxScript;
  await settle(host, el);
  const root = el.shadowRoot!;
  const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);
  const $$ = <E extends Element = HTMLElement>(selector: string) => [
    ...root.querySelectorAll<E>(selector),
  ];
  /** The labelled control of a field, found through its <label for>. */
  const control = <E extends HTMLElement = HTMLInputElement>(label: string): E => {
    const l = $$<HTMLLabelElement>('label[for]').find(
      (x) => x.textContent!.replace('*', '').trim() === label,
    );
    if (!l) throw new Error(`no label '${label}'`);
    return root.getElementById(l.htmlFor) as E;
  };
  const text = () => root.textContent!.replace(/\s+/g, ' ');
  return { host, el, root, $, $$, control, text };
}

/** Types `value` into a text-like control as a user would (sets the value and fires `input`). */
export function typeInto(control: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
