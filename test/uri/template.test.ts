import { expect } from '@open-wc/testing';
import {
  URI_TEMPLATE_CACHE_LIMIT,
  UriTemplate,
  UriTemplateError,
  expandUriTemplate,
  parseUriTemplate,
} from '../../src/uri/template.js';
import type { UriSpan, UriVariables } from '../../src/uri/template.js';
import { SecuredValue } from '../../src/guard/secured-value.js';

/** The UriTemplateError thrown by `fn`, or a failed assertion. */
function errorOf(fn: () => unknown): UriTemplateError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(UriTemplateError);
    return e as UriTemplateError;
  }
  expect.fail('expected a UriTemplateError');
}

describe('expandUriTemplate: template errors', () => {
  const cases: [template: string, message: string, position: number][] = [
    ['https://x/{id', 'unclosed expression starting at 10', 10],
    ['https://crm/{a b}', "invalid variable name 'a b' at 13", 13],
    ['{var:10001}', 'prefix modifier :10001 too large (max 9999) at 4', 4],
    ['/x/{id:0}', 'prefix modifier :0 must be 1 to 9999 without leading zeros at 6', 6],
    ['{id:}', "missing prefix length after 'id:' at 3", 3],
    ['{id:3*}', "prefix modifier and explode '*' cannot be combined on 'id' at 3", 3],
    ['{id*x}', "unexpected 'x' after explode modifier '*' at 4", 4],
    ['/a}', "unexpected '}' outside an expression at 2", 2],
    ['{a{b}', "nested '{' (the expression starting at 0 is not closed) at 2", 2],
    ['x{}', 'missing variable name at 2', 2],
    ['{a,}', 'missing variable name at 3', 3],
    ['{!a}', "operator '!' is reserved for future use at 1", 1],
    ['{', 'unclosed expression starting at 0', 0],
    ['{+', 'unclosed expression starting at 0', 0],
    ['{a*', 'unclosed expression starting at 0', 0],
    ['{a:12', 'unclosed expression starting at 0', 0],
  ];
  for (const [template, message, position] of cases) {
    it(`reports "${message}" for ${template}`, () => {
      const error = errorOf(() => parseUriTemplate(template));
      expect(error.message).to.equal(message);
      expect(error.position).to.equal(position);
      expect(error.template).to.equal(template);
      expect(error.name).to.equal('UriTemplateError');
      expect(error).to.be.instanceOf(Error);
    });
  }

  it('names the variable in a template error about one', () => {
    expect(errorOf(() => parseUriTemplate('{id:0}')).variable).to.equal('id');
    expect(errorOf(() => parseUriTemplate('{}')).variable).to.equal(undefined);
  });

  it('accepts the largest prefix, 9999', () => {
    expect(expandUriTemplate('{v:9999}', { v: 'abc' })).to.equal('abc');
  });

  it('does not cache a template that fails, and fails the same way again', () => {
    const first = errorOf(() => parseUriTemplate('{a b}'));
    const second = errorOf(() => parseUriTemplate('{a b}'));
    expect(second).to.not.equal(first);
    expect(second.message).to.equal(first.message);
  });

  it('rejects a template that is not a string', () => {
    expect(() => parseUriTemplate(42 as unknown as string)).to.throw(TypeError, /must be a string/);
  });
});

describe('expandUriTemplate: value errors', () => {
  it('reports a prefix modifier on a list, at the variable', () => {
    const error = errorOf(() => expandUriTemplate('/x{?a,tags:2}', { a: 1, tags: ['a', 'b'] }));
    expect(error.message).to.equal(
      "prefix modifier :2 cannot apply to the composite value of 'tags' at 6",
    );
    expect(error.variable).to.equal('tags');
  });

  it('reports a prefix modifier on an associative array, even an empty one', () => {
    expect(errorOf(() => expandUriTemplate('{m:1}', { m: {} })).position).to.equal(1);
  });

  it('refuses values that are neither scalars, lists nor plain objects', () => {
    const secured = new SecuredValue({ sources: ['CardNumber'], preview: '•••• 1111' });
    const error = errorOf(() => expandUriTemplate('/cards/{card}', { card: secured as never }));
    expect(error.message).to.equal(
      "variable 'card' has an unsupported value (a SecuredValue) at 8",
    );
    expect(error.message).to.not.contain('1111');
    expect(() => expandUriTemplate('{d}', { d: new Date(0) as never })).to.throw(
      UriTemplateError,
      /unsupported value \(a Date\)/,
    );
    expect(() => expandUriTemplate('{f}', { f: (() => 1) as never })).to.throw(
      UriTemplateError,
      /unsupported value \(function\)/,
    );
  });

  it('refuses nested composites', () => {
    expect(() => expandUriTemplate('{l}', { l: [['a']] as never })).to.throw(
      UriTemplateError,
      "list 'l' has a member that is not a string, number or boolean (a list) at 1",
    );
    expect(() => expandUriTemplate('{m}', { m: { k: { x: 1 } } as never })).to.throw(
      UriTemplateError,
      "key 'k' of 'm' is not a string, number or boolean (an object) at 1",
    );
  });
});

describe('expandUriTemplate: values', () => {
  it('expands numbers, booleans and bigints as text', () => {
    expect(
      expandUriTemplate('{?n,t,f,b}', { n: -1.5, t: true, f: false, b: 10n as never }),
    ).to.equal('?n=-1.5&t=true&f=false&b=10');
  });

  it('treats null, undefined and missing variables as undefined', () => {
    expect(expandUriTemplate('/a{/x}{?y,z}{&w}', { x: null, y: undefined })).to.equal('/a');
  });

  it('skips null members of lists and null values of objects', () => {
    expect(expandUriTemplate('{?l*}', { l: ['a', null, 'b', undefined] })).to.equal('?l=a&l=b');
    expect(expandUriTemplate('{?m*}', { m: { a: '1', b: null, c: 3 } })).to.equal('?a=1&c=3');
    expect(expandUriTemplate('x{?l,m}', { l: [null], m: { a: undefined } })).to.equal('x');
  });

  it('reads only own properties, never the prototype chain', () => {
    const vars: UriVariables = {};
    expect(expandUriTemplate('{constructor}{?toString,__proto__}', vars)).to.equal('');
    const inherited = Object.create({ id: 'inherited' }) as UriVariables;
    expect(expandUriTemplate('/a/{id}', inherited)).to.equal('/a/');
  });

  it('accepts objects without a prototype as associative arrays', () => {
    const m = Object.assign(Object.create(null) as Record<string, string>, { a: 'b' });
    expect(expandUriTemplate('{?m*}', { m })).to.equal('?a=b');
  });

  it('counts the prefix in code points, never splitting a surrogate pair', () => {
    expect(expandUriTemplate('{v:2}', { v: '😀😀😀' })).to.equal('%F0%9F%98%80%F0%9F%98%80');
  });

  it('encodes a lone surrogate as U+FFFD instead of throwing', () => {
    expect(expandUriTemplate('{v}', { v: 'a\uD800b' })).to.equal('a%EF%BF%BDb');
    expect(expandUriTemplate('{+v}', { v: '\uDC00' })).to.equal('%EF%BF%BD');
  });

  it('keeps reserved characters and valid pct-triplets only in reserved expansion', () => {
    const v = { v: 'a/b?c=d&e#f%41%zz é' };
    expect(expandUriTemplate('{v}', v)).to.equal('a%2Fb%3Fc%3Dd%26e%23f%2541%25zz%20%C3%A9');
    expect(expandUriTemplate('{+v}', v)).to.equal('a/b?c=d&e#f%41%25zz%20%C3%A9');
    expect(expandUriTemplate('{#v}', v)).to.equal('#a/b?c=d&e#f%41%25zz%20%C3%A9');
  });

  it('encodes literal characters that are not allowed in a URI', () => {
    expect(expandUriTemplate('/a b/"q"/<x>/%zz/%41/{v}', { v: 1 })).to.equal(
      '/a%20b/%22q%22/%3Cx%3E/%25zz/%41/1',
    );
  });

  it('uses ifemp for empty members of exploded lists and associative arrays', () => {
    expect(expandUriTemplate('{?l*}{;m*}', { l: ['', 'a'], m: { k: '', j: 'b' } })).to.equal(
      '?l=&l=a;k;j=b',
    );
    expect(expandUriTemplate('{;l*}{?m*}', { l: [''], m: { k: '' } })).to.equal(';l?k=');
    expect(expandUriTemplate('{m*}', { m: { k: '' } })).to.equal('k=');
  });

  it('expands an explode modifier on a scalar like a plain variable', () => {
    expect(expandUriTemplate('{/id*}{?q*}', { id: 'a b', q: 'x' })).to.equal('/a%20b?q=x');
  });

  it('expands a CRM screen-pop URL', () => {
    expect(
      expandUriTemplate(
        'https://crm.example.com/accounts/{AccountId}/cases{?caseId,ani,queue}#{tab}',
        {
          AccountId: 'ACC/1',
          caseId: '500Dn',
          ani: '+1 555 0100',
          queue: 'Card disputes',
          tab: 'a',
        },
      ),
    ).to.equal(
      'https://crm.example.com/accounts/ACC%2F1/cases?caseId=500Dn&ani=%2B1%20555%200100&queue=Card%20disputes#a',
    );
  });
});

describe('UriTemplate', () => {
  it('lists each variable once, in order of first appearance', () => {
    const t = parseUriTemplate('https://{host}/{+path}/{id}{?q,id,tags*}{&page}#{id}');
    expect([...t.variables]).to.deep.equal(['host', 'path', 'id', 'q', 'tags', 'page']);
    expect(Object.isFrozen(t.variables)).to.equal(true);
    expect(parseUriTemplate('https://example.com/').variables).to.deep.equal([]);
  });

  it('is immutable and prints as its template', () => {
    const t = parseUriTemplate('/a/{b}');
    expect(Object.isFrozen(t)).to.equal(true);
    expect(String(t)).to.equal('/a/{b}');
    expect(t.template).to.equal('/a/{b}');
  });

  it('expands the same template many times with different values', () => {
    const t = parseUriTemplate('/accounts/{id}{?tab}');
    expect(t.expand({ id: 'a' })).to.equal('/accounts/a');
    expect(t.expand({ id: 'b', tab: 'cases' })).to.equal('/accounts/b?tab=cases');
  });
});

describe('parseUriTemplate: cache', () => {
  it('returns the same parsed template for the same text', () => {
    const t = parseUriTemplate('/cache/{a}/same');
    expect(parseUriTemplate('/cache/{a}/same')).to.equal(t);
    expect(new UriTemplate('/cache/{a}/same')).to.not.equal(t);
  });

  it(`keeps at most ${URI_TEMPLATE_CACHE_LIMIT} templates, evicting the least recently used`, () => {
    const oldest = parseUriTemplate('/cache/oldest/{x}');
    const recent = parseUriTemplate('/cache/recent/{x}');
    for (let i = 0; i < URI_TEMPLATE_CACHE_LIMIT - 2; i++) parseUriTemplate(`/cache/fill/${i}/{x}`);
    // Touch `oldest` so that it becomes the most recently used; `recent` is now the oldest.
    expect(parseUriTemplate('/cache/oldest/{x}')).to.equal(oldest);
    parseUriTemplate('/cache/one-more/{x}');
    expect(parseUriTemplate('/cache/oldest/{x}')).to.equal(oldest);
    expect(parseUriTemplate('/cache/recent/{x}')).to.not.equal(recent);
  });

  it('does not keep very long templates', () => {
    const long = `/x/${'a'.repeat(10_000)}/{v}`;
    expect(parseUriTemplate(long)).to.not.equal(parseUriTemplate(long));
    expect(parseUriTemplate(long).expand({ v: 1 })).to.equal(long.replace('{v}', '1'));
  });

  it('parses a long hostile template in linear time', () => {
    const t0 = performance.now();
    const error = errorOf(() => parseUriTemplate(`{${'a.'.repeat(50_000)}`));
    expect(error.message).to.equal('unclosed expression starting at 0');
    const parsed = parseUriTemplate(`${'%'.repeat(50_000)}{${'a'.repeat(50_000)}}`);
    expect(parsed.expand({})).to.have.length(150_000);
    expect(performance.now() - t0).to.be.lessThan(1_000);
  });
});

describe('UriTemplate.expandWithSpans', () => {
  const template =
    'https://{tenant}.crm.example.com/accounts/{AccountId}/view{?tab,ani,tags*}{&empty}#{section}';
  const vars: UriVariables = {
    tenant: 'acme',
    AccountId: 'A/42',
    tab: 'cases',
    ani: '+1 555',
    tags: ['vip', 'fraud'],
    empty: '',
    section: 'notes 1',
    unused: 'x',
  };

  it('says which characters came from which variable, in which component', () => {
    const { url, spans } = parseUriTemplate(template).expandWithSpans(vars);
    expect(url).to.equal(
      'https://acme.crm.example.com/accounts/A%2F42/view?tab=cases&ani=%2B1%20555&tags=vip&tags=fraud&empty=#notes%201',
    );
    const seen = spans.map((s: UriSpan) => [s.variable, s.component, url.slice(s.start, s.end)]);
    expect(seen).to.deep.equal([
      ['tenant', 'authority', 'acme'],
      ['AccountId', 'path', 'A%2F42'],
      ['tab', 'query', 'cases'],
      ['ani', 'query', '%2B1%20555'],
      ['tags', 'query', 'vip&tags=fraud'],
      ['empty', 'query', ''],
      ['section', 'fragment', 'notes%201'],
    ]);
    expect(spans.map((s) => s.operator)).to.deep.equal(['', '', '?', '?', '?', '&', '']);
    expect(spans.find((s) => s.variable === 'empty')!.start).to.equal(url.indexOf('#'));
  });

  it('gives no span to an undefined variable', () => {
    const { spans } = parseUriTemplate(template).expandWithSpans({ AccountId: 'a' });
    expect(spans.map((s) => s.variable)).to.deep.equal(['AccountId']);
  });

  it('returns exactly the URL that expand returns', () => {
    const t = parseUriTemplate(template);
    expect(t.expandWithSpans(vars).url).to.equal(t.expand(vars));
  });

  const components: [string, Record<string, string>][] = [
    ['{+base}/accounts/{id}', { base: 'scheme', id: 'path' }],
    ['{scheme}://{host}/{p}', { scheme: 'scheme', host: 'authority', p: 'path' }],
    [
      'https://{user}@{host}:{port}/{p}',
      { user: 'authority', host: 'authority', port: 'authority', p: 'path' },
    ],
    ['https://{host}{/seg}{?q}', { host: 'authority', seg: 'path', q: 'query' }],
    ['https:{+rest}', { rest: 'authority' }],
    ['https:/{/host}/x', { host: 'authority' }],
    ['/{+x}', { x: 'authority' }],
    ['//{host}/p', { host: 'authority' }],
    ['mailto:{to}', { to: 'path' }],
    ['/a/{id}', { id: 'path' }],
    ['accounts/{id}', { id: 'path' }],
    ['/a?q={q}&r={+r}', { q: 'query', r: 'query' }],
    ['/a{&x}', { x: 'path' }],
    ['/a{#f}{g}{?h}', { f: 'fragment', g: 'fragment', h: 'fragment' }],
    ['/a#{f}?{g}', { f: 'fragment', g: 'fragment' }],
    ['https://h/%3F{p}%23{q}', { p: 'path', q: 'path' }],
  ];
  for (const [t, expected] of components) {
    it(`places the variables of ${t} by the template text before them`, () => {
      const vars = Object.fromEntries(Object.keys(expected).map((k) => [k, 'v']));
      const { spans } = parseUriTemplate(t).expandWithSpans(vars);
      expect(Object.fromEntries(spans.map((s) => [s.variable, s.component]))).to.deep.equal(
        expected,
      );
    });
  }
});
