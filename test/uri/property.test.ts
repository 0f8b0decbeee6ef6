import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { expandUriTemplate, parseUriTemplate } from '../../src/uri/template.js';

const RUNS = 2_500;

/** Random well-formed Unicode text, with URL delimiters and `%` made frequent. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom(...':/?#[]@!$&\'()*+,;= %{}<>"\\^`|~-._', '%41', '%zz', 'é', '😀', '\0'),
    maxLength: 30,
  }),
);

/** Only unreserved characters and upper-case pct-triplets. */
const ENCODED = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/;

/** The reference encoding of RFC 6570 simple expansion: encodeURIComponent plus !'()*. */
function reference(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

describe('URI template expansion: properties', () => {
  it(`round-trips any Unicode value through {var} (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(text, (value) => {
        const url = expandUriTemplate('{var}', { var: value });
        expect(url).to.match(ENCODED);
        expect(decodeURIComponent(url)).to.equal(value);
        expect(url).to.equal(reference(value));
      }),
      { numRuns: RUNS },
    );
  });

  it(`round-trips any Unicode value through {?var} (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(text, (value) => {
        const url = expandUriTemplate('{?var}', { var: value });
        expect(url.startsWith('?var=')).to.equal(true);
        const part = url.slice('?var='.length);
        expect(part).to.match(ENCODED);
        expect(decodeURIComponent(part)).to.equal(value);
        expect(new URLSearchParams(url).get('var')).to.equal(value);
      }),
      { numRuns: RUNS },
    );
  });

  it(`keeps each value inside its span, decodable to the value (${RUNS} runs)`, () => {
    const template = parseUriTemplate('https://crm.example.com/a/{id}/b{?q,list}{&m*}#{f}');
    fc.assert(
      fc.property(
        text,
        text,
        fc.array(text, { minLength: 1, maxLength: 3 }),
        text,
        (id, q, list, f) => {
          const { url, spans } = template.expandWithSpans({ id, q, list, m: { k: q }, f });
          const byName = new Map(spans.map((s) => [s.variable, url.slice(s.start, s.end)]));
          expect(decodeURIComponent(byName.get('id')!)).to.equal(id);
          expect(decodeURIComponent(byName.get('q')!)).to.equal(q);
          expect(byName.get('list')!.split(',').map(decodeURIComponent)).to.deep.equal(list);
          expect(byName.get('m')).to.equal(`k=${reference(q)}`);
          expect(decodeURIComponent(byName.get('f')!)).to.equal(f);
          // The template's own delimiters stay where the template put them.
          expect(new URL(url).host).to.equal('crm.example.com');
          expect(url.indexOf('?')).to.equal(url.indexOf('/b?') + 2);
          expect(url.indexOf('#')).to.equal(url.length - byName.get('f')!.length - 1);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`keeps reserved characters in {+var} and decodes back when there is no % (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        text.filter((v) => !v.includes('%')),
        (value) => {
          expect(decodeURIComponent(expandUriTemplate('{+var}', { var: value }))).to.equal(value);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`cuts {var:n} after n code points (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 50 }), (value, n) => {
        const url = expandUriTemplate(`{var:${n}}`, { var: value });
        expect(decodeURIComponent(url)).to.equal([...value].slice(0, n).join(''));
      }),
      { numRuns: RUNS },
    );
  });
});
