import { expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { EditorView } from '@codemirror/view';
import '../../components/designer.js';
import type { CxScriptDesigner } from '../../components/cx-script-designer.js';
import { formatScript } from '../../src/designer/outline.js';

let n = 0;
/** A fresh draft key per test: drafts of other tests never leak in. */
const key = () => `test-${Date.now()}-${n++}`;

const SCRIPT = {
  format: 'cx-script/1',
  name: 'Card dispute',
  startPage: 'verify',
  variables: [
    { name: 'AccountId', type: 'string', input: true },
    { name: 'CardNumber', type: 'string', input: true, secured: true },
  ],
  pages: [
    {
      id: 'verify',
      title: 'Verify caller',
      body: [
        { type: 'text', text: 'Account {{AccountId}}' },
        { type: 'button', label: 'Next', action: [{ do: 'changePage', page: 'reason' }] },
      ],
    },
    { id: 'reason', title: 'Reason', body: [{ type: 'text', text: 'Why?' }] },
  ],
  actions: {},
};

async function mount(source = formatScript(SCRIPT), draftKey = key()): Promise<CxScriptDesigner> {
  const el = await fixture<CxScriptDesigner>(
    html`<cx-script-designer draft-key=${draftKey}></cx-script-designer>`,
  );
  await el.ready;
  el.source = source;
  await el.updateComplete;
  return el;
}

const shadow = (el: CxScriptDesigner) => el.shadowRoot!;
const previewText = (el: CxScriptDesigner): string => {
  const script = shadow(el).querySelector('cx-script');
  return script?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
};
const diagnosticRows = (el: CxScriptDesigner) =>
  [...shadow(el).querySelectorAll<HTMLLIElement>('.diagnostics li')].map((li) => ({
    code: li.dataset['code'],
    path: li.dataset['path'],
    severity: li.dataset['severity'],
  }));

describe('<cx-script-designer>', () => {
  it('renders the script on the sample data and lists no diagnostics for a clean script', async () => {
    const el = await mount();
    await waitUntil(() => previewText(el).includes('Account A-1001'), 'preview never rendered');
    expect(diagnosticRows(el).filter((d) => d.severity === 'error')).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('updates the preview and the diagnostics as the source is typed', async () => {
    const el = await mount();
    await waitUntil(() => previewText(el).includes('Account A-1001'));
    const content = shadow(el).querySelector<HTMLElement>('.cm-content')!;
    const at = el.source.indexOf('Account {{') + 'Account'.length;
    content.focus();
    // Put the cursor after "Account" through the editor, then type as a person would.
    el.revealPath('');
    const view = EditorView.findFromDOM(content)!;
    view.dispatch({ selection: { anchor: at } });
    await sendKeys({ type: ' number' });
    await waitUntil(
      () => previewText(el).includes('Account number A-1001'),
      'preview kept old text',
    );
    expect(el.source).to.include('Account number {{AccountId}}');

    // An unknown variable in a field is an error, listed with its path.
    el.source = el.source.replace('"Account number {{AccountId}}"', '"{{Nope}}"');
    await el.updateComplete;
    const rows = diagnosticRows(el);
    expect(
      rows.some((d) => d.code === 'unknown-variable' && d.path === 'pages[0].body[0].text'),
    ).to.equal(true);
  });

  it('selects the spot of a diagnostic when it is clicked', async () => {
    const source = formatScript({ ...SCRIPT, startPage: 'nowhere' });
    const el = await mount(source);
    const button = shadow(el).querySelector<HTMLButtonElement>(
      '.diagnostics li[data-path="startPage"] button',
    );
    expect(button, 'startPage diagnostic').not.to.equal(null);
    button!.click();
    const view = EditorView.findFromDOM(shadow(el).querySelector<HTMLElement>('.cm-editor')!)!;
    const { from, to } = view.state.selection.main;
    expect(view.state.sliceDoc(from, to)).to.equal('"startPage": "nowhere"');
  });

  it('reports a secured value routed to a URL as an error at the URL', async () => {
    const script = structuredClone(SCRIPT) as typeof SCRIPT & { pages: { body: object[] }[] };
    script.pages[0]!.body.push({
      type: 'link',
      label: 'Look up',
      url: 'https://crm.example.com/cards/{CardNumber}',
    });
    const el = await mount(formatScript(script));
    const rows = diagnosticRows(el);
    expect(rows).to.deep.include({
      code: 'secured-egress',
      path: 'pages[0].body[2].url',
      severity: 'error',
    });
    expect(rows[0]!.severity).to.equal('error');
  });

  it('adds, moves, edits and deletes components through the outline, and the source follows', async () => {
    const el = await mount();
    const root = shadow(el);
    // Add a link at the end of the first page.
    root.querySelector<HTMLSelectElement>('form.add select')!.value = 'link';
    root.querySelector<HTMLButtonElement>('form.add button[type=submit]')!.click();
    await el.updateComplete;
    expect(JSON.parse(el.source).pages[0].body[2]).to.deep.include({ type: 'link' });

    // Move it up with the keyboard (Alt+ArrowUp on its row).
    const item = root.querySelector<HTMLButtonElement>(
      '.outline li[data-path="pages[0].body[2]"] .item',
    )!;
    item.focus();
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ up: 'Alt' });
    await el.updateComplete;
    expect(JSON.parse(el.source).pages[0].body.map((c: { type: string }) => c.type)).to.deep.equal([
      'text',
      'link',
      'button',
    ]);

    // Edit its label in the properties form.
    root
      .querySelector<HTMLButtonElement>('.outline li[data-path="pages[0].body[1]"] .item')!
      .click();
    await el.updateComplete;
    const label = root.querySelector<HTMLInputElement>('form.properties input[name=label]')!;
    label.value = 'Help centre';
    root.querySelector<HTMLButtonElement>('form.properties button[type=submit]')!.click();
    await el.updateComplete;
    expect(JSON.parse(el.source).pages[0].body[1].label).to.equal('Help centre');

    // Delete it with its button.
    root
      .querySelector<HTMLButtonElement>(
        '.outline li[data-path="pages[0].body[1]"] button[aria-label^="Delete"]',
      )!
      .click();
    await el.updateComplete;
    expect(JSON.parse(el.source).pages[0].body).to.have.length(2);
    await expect(el).to.be.accessible();

    // The source edited by hand shows in the outline.
    el.source = el.source.replace('"Why?"', '"Why now?"');
    root.querySelectorAll<HTMLButtonElement>('.pages button')[1]!.click();
    await el.updateComplete;
    expect(root.querySelector('.outline')!.textContent).to.include('Why now?');
  });

  it('moves a component by dragging its grip in the outline, as one step of undo', async () => {
    const script = structuredClone(SCRIPT) as typeof SCRIPT & { pages: { body: object[] }[] };
    script.pages[0]!.body.push({ type: 'link', label: 'Help', url: 'https://example.com/' });
    const el = await mount(formatScript(script));
    await waitUntil(() => previewText(el).includes('Account A-1001'), 'preview never rendered');
    const before = el.source;
    const root = shadow(el);
    const types = () => JSON.parse(el.source).pages[0].body.map((c: { type: string }) => c.type);
    const row = (i: number) =>
      root.querySelector<HTMLLIElement>(`.outline li[data-path="pages[0].body[${i}]"]`)!;
    // The editor scrolls its cursor into view at its next frame: let it, then bring the outline in.
    await nextFrame();
    await nextFrame();
    row(2).scrollIntoView({ block: 'center' });
    const grip = row(2).querySelector('.grip')!.getBoundingClientRect();
    const first = row(0).getBoundingClientRect();
    try {
      await sendMouse({
        type: 'move',
        position: [Math.round(grip.x + grip.width / 2), Math.round(grip.y + grip.height / 2)],
      });
      await sendMouse({ type: 'down' });
      // Over the top quarter of the first row: the drop indicator shows above it.
      await sendMouse({
        type: 'move',
        position: [Math.round(first.x + 10), Math.round(first.y + first.height / 4)],
      });
      await el.updateComplete;
      expect(row(0).dataset['drop']).to.equal('before');
      await sendMouse({ type: 'up' });
    } finally {
      await resetMouse();
    }
    await el.updateComplete;
    expect(types()).to.deep.equal(['link', 'text', 'button']);
    expect(root.querySelector('.outline [data-drop]')).to.equal(null);
    expect(el.undo()).to.equal(true);
    expect(el.source).to.equal(before);
    await expect(el).to.be.accessible();
  });

  it('undoes and redoes typed and outline edits in one history', async () => {
    const el = await mount();
    const before = el.source;
    const root = shadow(el);
    root.querySelector<HTMLSelectElement>('form.add select')!.value = 'text';
    root.querySelector<HTMLButtonElement>('form.add button[type=submit]')!.click();
    await el.updateComplete;
    const added = el.source;
    expect(added).not.to.equal(before);
    expect(el.undo()).to.equal(true);
    expect(el.source).to.equal(before);
    expect(el.redo()).to.equal(true);
    expect(el.source).to.equal(added);
    // The toolbar's buttons do the same.
    root.querySelector<HTMLButtonElement>('.toolbar button')!.click();
    expect(el.source).to.equal(before);
  });

  it('keeps the draft across a reload', async () => {
    const draftKey = key();
    const first = await mount(formatScript(SCRIPT), draftKey);
    const edited = formatScript({ ...SCRIPT, name: 'Saved draft' });
    const saved = oneEvent(first, 'cx-draft-saved');
    first.source = edited;
    await saved;
    first.remove();
    const second = await fixture<CxScriptDesigner>(
      html`<cx-script-designer draft-key=${draftKey}></cx-script-designer>`,
    );
    await second.ready;
    expect(second.source).to.equal(edited);
    // A restored draft is not undone back to the starter script.
    expect(second.undo()).to.equal(false);
  });

  it('opens a native script file and saves one', async () => {
    const el = await mount();
    const other = formatScript({ ...SCRIPT, name: 'From file' });
    await el.openFile(new File([`\uFEFF${other}`], 'x.json', { type: 'application/json' }));
    expect(el.source).to.equal(other);
    const file = el.exportFile();
    expect(file.name).to.equal('From-file.cx-script.json');
    expect(await file.text()).to.equal(other);
    // Opening is one step of undo.
    el.undo();
    expect(el.source).to.equal(formatScript(SCRIPT));
  });
});
