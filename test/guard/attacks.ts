/**
 * The attacks of the adversarial suite, shared by the scanner-backed run (adversarial.test.ts) and
 * the run against the real vault worker (vault-backed.test.ts).
 */
import { expect } from '@open-wc/testing';
import type { Step } from '../../src/script/types.js';
import type { PlaintextScan } from '../../src/guard/egress.js';
import { SECRETS, button, harness, heldScanner, scriptJson, type Harness } from './harness.js';

export const failed: Step = { do: 'setVariable', variable: 'Flag', value: 'failed' };
/** A step with the failure path every attack must take. */
export const f = <S extends Step>(step: S): S => ({ ...step, onFailure: [failed] });

export const b64 = (s: string) => btoa(s);
const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hex = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('');

export interface Attack {
  name: string;
  steps?: Step[];
  pages?: Parameters<typeof scriptJson>[0]['pages'];
  onConnect?: Step[];
  /** What the agent types into Notes before the action runs (a revealed plaintext, re-typed). */
  typed?: string;
  sink: string;
  variables: string[];
  /** How the attempt runs: a button (default) or the script's start (onConnect / onLoad). */
  via?: 'button' | 'start';
}

export const pop = (url: string, target: 'host' | 'window' | 'frame' = 'host'): Step =>
  f({ do: 'screenPop', url, target });
export const base = 'https://crm.example.com';
export const T = SECRETS['Token']!;
export const CARD = SECRETS['CardNumber']!;

export const attacks: Attack[] = [
  // Direct, in each part of the URL and each target.
  {
    name: 'direct in the path, host target',
    steps: [pop(`${base}/accounts/{CardNumber}`)],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'direct in the query, window target',
    steps: [pop(`${base}/search{?CardNumber}`, 'window')],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'direct in the fragment, frame target',
    steps: [pop(`${base}/a{#CardNumber}`, 'frame')],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'in the host name',
    steps: [pop('https://{CardNumber}.crm.example.com/')],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'as the whole authority',
    steps: [pop('https://{Token}/x')],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'reserved expansion in the path',
    steps: [pop(`${base}{+Token}`)],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'reserved expansion as the whole URL',
    steps: [pop('{+Token}')],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'label expansion',
    steps: [pop(`${base}/x{.Token}`)],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'path-parameter expansion',
    steps: [pop(`${base}/x{;Ssn}`)],
    sink: 'screenPop',
    variables: ['Ssn'],
  },
  {
    name: 'query continuation',
    steps: [pop(`${base}/x?a=1{&Ssn}`)],
    sink: 'screenPop',
    variables: ['Ssn'],
  },
  {
    name: 'prefix modifier (first 4 characters)',
    steps: [pop(`${base}/x/{CardNumber:4}`)],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'whole-URL {{Var}}',
    steps: [pop('{{CardNumber}}')],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: '{{Var}} interpolated inside a URL',
    steps: [pop(`${base}/a/{{CardNumber}}`)],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'a search string',
    steps: [f({ do: 'screenPop', searchString: '{{CardNumber}}', target: 'host' })],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'a search string mixing plain and secured',
    steps: [f({ do: 'screenPop', searchString: '{{Name}} {{Ssn}}' })],
    sink: 'screenPop',
    variables: ['Ssn'],
  },
  {
    name: 'openUrl in a window',
    steps: [f({ do: 'openUrl', url: `${base}/x/{Token}`, target: 'window' })],
    sink: 'openUrl',
    variables: ['Token'],
  },
  {
    name: 'openUrl in the CRM frame',
    steps: [f({ do: 'openUrl', url: `${base}/x{?Token}`, target: 'frame' })],
    sink: 'openUrl',
    variables: ['Token'],
  },
  {
    name: 'openUrl with a whole-URL {{Var}}',
    steps: [f({ do: 'openUrl', url: '{{Token}}' })],
    sink: 'openUrl',
    variables: ['Token'],
  },
  // Copied, concatenated, split.
  {
    name: 'copied through setVariable',
    steps: [
      { do: 'setVariable', variable: 'Copy', value: '{{CardNumber}}' },
      pop(`${base}/a/{Copy}`),
    ],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'copied twice',
    steps: [
      { do: 'setVariable', variable: 'Copy', value: '{{Token}}' },
      { do: 'setVariable', variable: 'Copy2', value: '{{Copy}}' },
      pop(`${base}/a/{Copy2}`),
    ],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'concatenated with text',
    steps: [
      { do: 'setVariable', variable: 'Copy', value: 'x-{{CardNumber}}-y' },
      pop(`${base}/a/{Copy}`),
    ],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'concatenated with plain data into a whole URL',
    steps: [
      { do: 'setVariable', variable: 'Copy', value: '{{CrmUrl}}?c={{CardNumber}}' },
      pop('{{Copy}}'),
    ],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'split across two variables',
    steps: [
      { do: 'setVariable', variable: 'Part1', value: '{{CardNumber}}' },
      { do: 'setVariable', variable: 'Part2', value: '{{Ssn}}' },
      pop(`${base}/a/{Part1}{Part2}`),
    ],
    sink: 'screenPop',
    variables: ['CardNumber', 'Ssn'],
  },
  {
    name: 'split across query parameters',
    steps: [
      { do: 'setVariable', variable: 'Part1', value: '{{Token}}' },
      pop(`${base}/s{?AccountId,Part1}`),
    ],
    sink: 'screenPop',
    variables: ['Token'],
  },
  // Control flow.
  {
    name: 'inside an if branch',
    steps: [
      {
        do: 'if',
        condition: { op: 'equal', left: '{{AccountId}}', right: 'A-42' },
        then: [pop(`${base}/a/{Ssn}`)],
      },
    ],
    sink: 'screenPop',
    variables: ['Ssn'],
  },
  {
    name: 'inside an else branch',
    steps: [
      {
        do: 'if',
        condition: { op: 'equal', left: '{{AccountId}}', right: 'nope' },
        then: [],
        else: [pop(`${base}/a/{Ssn}`)],
      },
    ],
    sink: 'screenPop',
    variables: ['Ssn'],
  },
  {
    name: 'in the else branch of a condition on the secret',
    steps: [
      {
        do: 'if',
        condition: { op: 'contains', left: '{{CardNumber}}', right: '4111' },
        then: [],
        else: [pop(`${base}/a/{CardNumber}`)],
      },
    ],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'in onSuccess of a plain step',
    steps: [
      { do: 'setVariable', variable: 'Copy', value: 'x', onSuccess: [pop(`${base}/a/{Token}`)] },
    ],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'in onFailure of a failing step',
    steps: [{ do: 'changePage', page: 'nowhere', onFailure: [pop(`${base}/a/{Token}`)] }],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: "from the script's onConnect",
    onConnect: [pop(`${base}/a/{CardNumber}`, 'window')],
    via: 'start',
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: "from a page's onLoad",
    pages: [{ id: 'main', title: 'Main', body: [], onLoad: [pop(`${base}/a/{Ssn}`, 'frame')] }],
    via: 'start',
    sink: 'screenPop',
    variables: ['Ssn'],
  },
  {
    name: 'from the onLoad of a page reached by changePage',
    pages: [
      { id: 'main', title: 'Main', body: [] },
      { id: 'two', title: 'Two', body: [], onLoad: [pop(`${base}/a/{Token}`)] },
    ],
    steps: [{ do: 'changePage', page: 'two' }],
    sink: 'screenPop',
    variables: ['Token'],
  },
  // Participant data.
  {
    name: 'a plain participant-data write',
    steps: [f({ do: 'setConversationData', data: [{ name: 'Card', value: '{{CardNumber}}' }] })],
    sink: 'conversationData',
    variables: ['CardNumber'],
  },
  {
    name: 'a participant-data write of a copy, among plain writes',
    steps: [
      { do: 'setVariable', variable: 'Copy', value: 'ssn {{Ssn}}' },
      f({
        do: 'setConversationData',
        data: [
          { name: 'A', value: '{{AccountId}}' },
          { name: 'B', value: '{{Copy}}' },
        ],
      }),
    ],
    sink: 'conversationData',
    variables: ['Ssn'],
  },
  // Plaintext typed back by the agent: only the scan can tell.
  {
    name: 'typed plaintext, raw, in the path',
    typed: CARD,
    steps: [pop(`${base}/notes/{Notes}`)],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'typed plaintext with dashes, in the query',
    typed: '4111-1111-1111-1111',
    steps: [pop(`${base}/n{?Notes}`, 'window')],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'typed digits only, in a search string',
    typed: '4111111111111111',
    steps: [f({ do: 'screenPop', searchString: 'card {{Notes}}' })],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'typed in upper case',
    typed: T.toUpperCase(),
    steps: [pop(`${base}/n/{Notes}`)],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'typed as base64, in the fragment',
    typed: b64(T),
    steps: [pop(`${base}/n{#Notes}`, 'frame')],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'typed as base64url inside a longer token',
    typed: b64url(`id:${T}`),
    steps: [pop(`${base}/n/{Notes}`)],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'typed as hex',
    typed: hex(T).toUpperCase(),
    steps: [pop(`${base}/n/{Notes}`)],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'typed percent-encoded twice (the template encodes a third time)',
    typed: encodeURIComponent(encodeURIComponent(T)),
    steps: [pop(`${base}/n/{Notes}`)],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'typed as HTML character references',
    typed: [...T].map((c) => `&#${c.charCodeAt(0)};`).join(''),
    steps: [pop(`${base}/n/{Notes}`)],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'typed SSN without dashes',
    typed: '078051120',
    steps: [pop(`${base}/n/{Notes}`)],
    sink: 'screenPop',
    variables: ['Ssn'],
  },
  {
    name: 'typed as a whole URL',
    typed: `${base}/?c=${encodeURIComponent(CARD)}`,
    steps: [pop('{{Notes}}')],
    sink: 'screenPop',
    variables: ['CardNumber'],
  },
  {
    name: 'typed as a host name label',
    typed: T.toLowerCase(),
    steps: [pop('https://{Notes}.crm.example.com/')],
    sink: 'screenPop',
    variables: ['Token'],
  },
  {
    name: 'typed, then openUrl',
    typed: CARD,
    steps: [f({ do: 'openUrl', url: `${base}/n/{Notes}` })],
    sink: 'openUrl',
    variables: ['CardNumber'],
  },
  {
    name: 'typed, then written as participant data',
    typed: `card ${CARD}`,
    steps: [f({ do: 'setConversationData', data: [{ name: 'Notes', value: '{{Notes}}' }] })],
    sink: 'conversationData',
    variables: ['CardNumber'],
  },
  {
    name: 'typed, copied and concatenated',
    typed: T,
    steps: [
      { do: 'setVariable', variable: 'Copy', value: 'pre {{Notes}} post' },
      pop(`${base}/n{?Copy}`),
    ],
    sink: 'screenPop',
    variables: ['Token'],
  },
];

/** Runs one attack; `scanner` replaces the harness's in-memory scanner (e.g. the vault client). */
export async function attempt(a: Attack, scanner?: PlaintextScan): Promise<Harness> {
  const script = scriptJson({
    actions: a.steps ? { go: a.steps } : {},
    ...(a.pages && { pages: a.pages }),
    ...(a.onConnect && { onConnect: a.onConnect }),
  });
  const h = harness(script, scanner ? { scanner } : {});
  await h.runtime.start();
  if (a.typed !== undefined) h.runtime.set('Notes', a.typed);
  if (a.via !== 'start') await h.runtime.run('go', button());
  return h;
}

/** Asserts that the attack was blocked: nothing delivered, the right sink and names, the failure path. */
export function expectBlocked(a: Attack, h: Harness): void {
  expect(h.delivered(), 'nothing reached a target').to.deep.equal([]);
  expect(h.blocked.length, 'cx-egress-blocked').to.be.at.least(1);
  const block = h.blocked[0]!;
  expect(block.sink).to.equal(a.sink);
  expect([...block.variables].sort()).to.deep.equal(a.variables);
  expect(h.runtime.get('Flag'), 'the failure path ran').to.equal('failed');
  const scanner = heldScanner();
  for (const event of h.blocked) {
    expect(scanner.scan(JSON.stringify(event)).clean, 'the event holds no secret').to.equal(true);
  }
}
