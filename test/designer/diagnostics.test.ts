import { expect } from '@open-wc/testing';
import { diagnoseScript } from '../../src/designer/diagnostics.js';
import { formatScript } from '../../src/designer/outline.js';
import { locatePath, mapJsonPaths } from '../../src/designer/json-source.js';

const base = () => ({
  format: 'cx-script/1',
  name: 'S',
  startPage: 'a',
  variables: [
    { name: 'AccountId', type: 'string', input: true },
    { name: 'Card', type: 'string', input: true, secured: true },
  ],
  pages: [
    {
      id: 'a',
      title: 'A',
      body: [
        { type: 'link', label: 'CRM', url: 'https://crm.example.com/a/{AccountId}' },
        { type: 'link', label: 'Old', url: 'http://old.example.com/{AccountId}' },
        { type: 'link', label: 'Other', url: 'https://evil.example.net/{AccountId}' },
      ],
    },
    { id: 'b', title: 'B', body: [] },
  ],
  actions: {},
});

const codes = (text: string, options = {}) =>
  diagnoseScript(text, options).diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`);

describe('diagnoseScript', () => {
  it('adds unreachable pages, missing samples and URL checks to the parser issues', () => {
    const found = codes(formatScript(base()), {
      sampleNames: ['AccountId'],
      policy: { allowedOrigins: ['https://crm.example.com'] },
    });
    expect(found).to.include.members([
      'warning unreachable-page pages[1].id',
      'warning missing-sample variables[1]',
      'warning insecure-url pages[0].body[1].url',
      'warning origin-not-allowed pages[0].body[2].url',
    ]);
    expect(found.some((c) => c.endsWith('pages[0].body[0].url'))).to.equal(false);
  });

  it('counts a page reached through a named action as reachable', () => {
    const s = base();
    (s.actions as Record<string, unknown>).next = [{ do: 'changePage', page: 'b' }];
    (s.pages[0]!.body as object[]).push({ type: 'button', label: 'Go', action: 'next' });
    expect(codes(formatScript(s)).some((c) => c.includes('unreachable-page'))).to.equal(false);
  });

  it('lists errors before warnings and reports invalid JSON at the root', () => {
    const d = diagnoseScript('{"format": ').diagnostics;
    expect(d[0]).to.include({ code: 'invalid-json', path: '', severity: 'error' });
  });
});

describe('mapJsonPaths', () => {
  it('finds values, keys and the nearest ancestor of a missing path', () => {
    const text = '{ "pages": [ { "id": "a", "body": [1, {"x y": true}] } ] }';
    const spans = mapJsonPaths(text);
    const id = spans.get('pages[0].id')!;
    expect(text.slice(id.from, id.to)).to.equal('"a"');
    expect(text.slice(id.keyFrom, id.to)).to.equal('"id": "a"');
    const odd = spans.get('pages[0].body[1]["x y"]')!;
    expect(text.slice(odd.from, odd.to)).to.equal('true');
    const missing = locatePath(spans, 'pages[0].title')!;
    expect(text.slice(missing.from, missing.to)).to.match(/^\{ "id".*\] \}$/);
  });
});
