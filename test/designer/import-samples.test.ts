/**
 * `<cx-script-designer>`: opening the two real Genesys Scripter exports (file and paste) converts
 * them to native JSON in the editor as one undoable change and lists their import warnings; the
 * sample participant data is edited in a table and the preview follows; secured samples are
 * encrypted by a real vault worker, shown masked, and never stored as plaintext in the draft.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/designer.js';
import type { CxScriptDesigner } from '../../components/cx-script-designer.js';
import { formatScript } from '../../src/designer/outline.js';
import type { CxScript } from '../../components/cx-script.js';
import type { SecuredValue } from '../../src/guard/secured-value.js';
import type { SecuredClient } from '../../src/secured/client.js';
import { fixtureExport } from '../genesys/helpers.js';
import { ORG, clientWithKey, endClients, randomKey, readEveryRecord } from '../vault/helpers.js';

let n = 0;
const key = () => `test-import-${Date.now()}-${n++}`;

async function mount(secured?: SecuredClient): Promise<CxScriptDesigner> {
  const el = await fixture<CxScriptDesigner>(
    html`<cx-script-designer
      draft-key=${key()}
      organization-id=${ORG}
      .secured=${secured}
    ></cx-script-designer>`,
  );
  await el.ready;
  return el;
}

const shadow = (el: CxScriptDesigner) => el.shadowRoot!;
const previewText = (el: CxScriptDesigner): string =>
  (shadow(el).querySelector('cx-script')?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
const importRows = (el: CxScriptDesigner) =>
  [...shadow(el).querySelectorAll<HTMLLIElement>('.import-warnings li')].map((li) => ({
    code: li.dataset['code'],
    path: li.dataset['path'],
    text: li.textContent!.replace(/\s+/g, ' ').trim(),
  }));
/** The text under `node`, shadow roots included. */
const deepText = (node: Node): string =>
  [
    ...(node instanceof Element && node.shadowRoot ? node.shadowRoot.childNodes : []),
    ...node.childNodes,
  ]
    .map((c) => (c.nodeType === Node.TEXT_NODE ? c.textContent! : deepText(c)))
    .join('');
/** How long to wait for the importer's first load and the vault worker on a busy machine. */
const SLOW = { timeout: 10_000 };
const errorsOf = (el: CxScriptDesigner) => el.diagnostics.filter((d) => d.severity === 'error');

afterEach(endClients);

describe('<cx-script-designer> imports Genesys Scripter exports', () => {
  it('opens the email export (pasted) as native JSON, with no import warning, in one undo step', async () => {
    const el = await mount();
    el.sampleData = { FName: 'Ada', LName: 'Lovelace', Email: 'ada@example.com' };
    const before = el.source;
    const exported = JSON.stringify(await fixtureExport('email.script.json'));
    const root = shadow(el);
    root.querySelector('details')!.open = true;
    root.querySelector<HTMLTextAreaElement>('textarea[name=paste]')!.value = exported;
    const pasteButton = [...root.querySelectorAll<HTMLButtonElement>('details button')].find((b) =>
      b.textContent!.includes('Open pasted'),
    )!;
    pasteButton.click();
    await waitUntil(() => el.source !== before, 'the export never opened', SLOW);
    const native = JSON.parse(el.source) as { format: string; pages: unknown[] };
    expect(native.format).to.equal('cx-script/1');
    expect(native.pages.length).to.be.greaterThan(0);
    expect(el.source).not.to.include('rootContainer');
    expect(errorsOf(el)).to.deep.equal([]);
    expect(el.importWarnings).to.deep.equal([]);
    expect(root.querySelector('.import-warnings')).to.equal(null);
    await waitUntil(
      () => previewText(el).includes('Lovelace'),
      'the preview never showed it',
      SLOW,
    );
    await expect(el).to.be.accessible();
    // The conversion was one change: one undo is back to the starter script.
    expect(el.undo()).to.equal(true);
    expect(el.source).to.equal(before);
  });

  it('opens the test export (a file) and lists its one warning, about MyCheckBox, with its export path', async () => {
    const el = await mount();
    const exported = JSON.stringify(await fixtureExport('test_script.json'));
    await el.openFile(new File([exported], 'test_script.json', { type: 'application/json' }));
    expect(JSON.parse(el.source).format).to.equal('cx-script/1');
    expect(errorsOf(el)).to.deep.equal([]);
    expect(el.importWarnings).to.deep.equal([
      {
        code: 'unknown-variable',
        path: 'pages[0].rootContainer.children[1].properties.value.value',
        message:
          "the checkbox field names variable 'MyCheckBox', which the export does not declare; it edits a new variable 'MyCheckBox', neither input nor output",
      },
    ]);
    await el.updateComplete;
    const rows = importRows(el);
    expect(rows).to.have.length(1);
    expect(rows[0]!.path).to.equal('pages[0].rootContainer.children[1].properties.value.value');
    expect(rows[0]!.text).to.contain('MyCheckBox');
    expect(shadow(el).querySelector('#import-h')!.textContent).to.contain('test_script.json');
    await waitUntil(
      () => previewText(el).includes('Hello, world.'),
      'the preview never showed it',
      SLOW,
    );
    await expect(el).to.be.accessible();

    // A native script opened next clears the import warnings.
    await el.openText(formatScript(JSON.parse(el.source)));
    await el.updateComplete;
    expect(importRows(el)).to.deep.equal([]);
  });
});

const SECURED_SCRIPT = formatScript({
  format: 'cx-script/1',
  name: 'Samples',
  startPage: 'p',
  variables: [
    { name: 'AccountId', type: 'string', input: true },
    { name: 'Reason', type: 'string', input: true },
    { name: 'CardNumber', type: 'string', input: true, secured: true },
  ],
  pages: [
    {
      id: 'p',
      title: 'P',
      body: [
        { type: 'text', text: 'Account {{AccountId}} reason {{Reason}}' },
        { type: 'text', text: 'Card {{CardNumber}}' },
      ],
    },
  ],
  actions: {},
});

describe('<cx-script-designer> sample data', () => {
  it('adds, edits and removes sample participant data in its table, and the preview follows', async () => {
    const el = await mount();
    el.source = SECURED_SCRIPT;
    await waitUntil(() => previewText(el).includes('Account A-1001'), undefined, SLOW);
    const root = shadow(el);

    // Add a row through the form.
    const add = root.querySelector<HTMLFormElement>('form.sample-add')!;
    (add.elements.namedItem('name') as HTMLInputElement).value = 'Reason';
    (add.elements.namedItem('value') as HTMLInputElement).value = 'Lost card';
    add.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(
      () => previewText(el).includes('reason Lost card'),
      'added row not shown',
      SLOW,
    );
    expect(el.sampleData).to.deep.equal({ AccountId: 'A-1001', Reason: 'Lost card' });

    // Edit a value in its row.
    const input = root.querySelector<HTMLInputElement>(
      '.sample-data tr[data-name="AccountId"] input',
    )!;
    expect(input.labels?.length ?? 0, 'labelled by aria-label').to.equal(0);
    expect(input.getAttribute('aria-label')).to.equal('Value of AccountId');
    input.value = 'B-2002';
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => previewText(el).includes('Account B-2002'), 'edited row not shown', SLOW);
    await expect(el).to.be.accessible();

    // Remove a row: the variable has no sample any more, and the diagnostics say so.
    root.querySelector<HTMLButtonElement>('.sample-data tr[data-name="Reason"] button')!.click();
    await waitUntil(() => !previewText(el).includes('Lost card'), 'removed row still shown', SLOW);
    expect(
      el.diagnostics.some((d) => d.code === 'missing-sample' && d.message.includes('Reason')),
    ).to.equal(true);

    // The sample data is part of the draft.
    const saved = oneEvent(el, 'cx-draft-saved');
    await el.saveDraft();
    await saved;
    const records = (await readEveryRecord('cx-designer')) as {
      primaryKey: string;
      value: { sample: Record<string, string> };
    }[];
    const draft = records.find((r) => r.primaryKey === el.draftKey)!.value;
    expect(draft.sample).to.deep.equal({ AccountId: 'B-2002' });
  });

  it('encrypts a secured sample through the vault, shows it masked, and stores only ciphertext', async () => {
    const vault = await clientWithKey(randomKey());
    const el = await mount(vault);
    el.source = SECURED_SCRIPT;
    await waitUntil(() => previewText(el).includes('Account A-1001'), undefined, SLOW);
    const root = shadow(el);
    const plaintext = '4111 1111 1111 1111';

    const form = root.querySelector<HTMLFormElement>('form.secured-add')!;
    (form.elements.namedItem('name') as HTMLInputElement).value = 'CardNumber';
    (form.elements.namedItem('value') as HTMLInputElement).value = plaintext;
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => 'CardNumber' in el.securedSample, 'never encrypted', SLOW);
    // The form forgets what was typed.
    expect((form.elements.namedItem('value') as HTMLInputElement).value).to.equal('');
    const ciphertext = el.securedSample['CardNumber']!;
    expect(ciphertext).to.match(/^[A-Za-z0-9+/]+=*$/);
    expect(atob(ciphertext)).not.to.include(plaintext);

    // The preview decrypts it in the worker: the runtime holds a handle, never the plaintext.
    const preview = root.querySelector<CxScript>('cx-script')!;
    const value = () => preview.runtime?.get('CardNumber') as SecuredValue | undefined;
    await waitUntil(() => value()?.handle !== undefined, 'never decrypted', SLOW);
    await el.updateComplete;
    const row = root.querySelector('.variables tr[data-name="CardNumber"] td')!.textContent!;
    expect(row).to.equal(value()!.preview);
    const digits = plaintext.replace(/\D/g, '');
    expect(row.replace(/\D/g, '')).not.to.include(digits);
    expect(deepText(preview)).to.contain('Card');
    expect(deepText(preview).replace(/\D/g, '')).not.to.include(digits);
    expect(
      root.querySelector('.variables tr[data-name="CardNumber"]')!.hasAttribute('data-secured'),
    ).to.equal(true);
    expect(
      el.diagnostics.some((d) => d.code === 'missing-sample' && d.message.includes('CardNumber')),
    ).to.equal(false);
    await expect(el).to.be.accessible();

    // The draft holds the ciphertext, never the plaintext (raw IndexedDB read).
    await el.saveDraft();
    const records = await readEveryRecord('cx-designer');
    const dump = JSON.stringify(records);
    expect(dump).to.include(ciphertext);
    expect(dump.replace(/\D/g, '')).not.to.include(digits);
    expect(dump).not.to.include(plaintext);
  });

  it('says why a secured sample cannot be added without a vault', async () => {
    const el = await mount();
    let error: unknown;
    await el.addSecuredSample('CardNumber', '4111').catch((e: unknown) => (error = e));
    expect((error as Error).message).to.contain('vault');
    expect(el.securedSample).to.deep.equal({});
  });
});
