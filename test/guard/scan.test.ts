import { expect } from '@open-wc/testing';
import { MIN_SCANNED_LENGTH, PlaintextScanner } from '../../worker/scan.js';

const enc = new TextEncoder();
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const b64url = (bytes: Uint8Array) =>
  b64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hex = (s: string) => [...enc.encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('');

function scannerWith(entries: Record<string, string>): PlaintextScanner {
  const s = new PlaintextScanner();
  for (const [name, value] of Object.entries(entries)) s.add(`id-${name}`, name, value);
  return s;
}

/** A deterministic random source, so that a failure is reproducible. */
function random(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((seed ^ (seed >>> 13)) >>> 0) / 2 ** 32;
  };
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

describe('PlaintextScanner', () => {
  const token = 'Zq9-Secret-Token';
  const card = '4111 1111 1111 1111';
  const s = scannerWith({ Token: token, CardNumber: card, Name: 'Zoë Ünicode' });
  const found = (text: string) => s.scan(text).names;

  it('finds a plaintext raw and case-folded', () => {
    expect(found(`https://x.test/a/${token}`)).to.deep.equal(['Token']);
    expect(found(`https://x.test/a/${token.toUpperCase()}`)).to.deep.equal(['Token']);
    expect(found(`https://x.test/a/${token.toLowerCase()}?q=1`)).to.deep.equal(['Token']);
  });

  it('finds a plaintext percent-encoded once, twice and five times, and with + as space', () => {
    let t = token;
    for (let i = 1; i <= 5; i++) {
      t = encodeURIComponent(t).replace(/-/g, '%2D');
      expect(found(`https://x.test/?q=${t}`), `${i} layers`).to.deep.equal(['Token']);
    }
    expect(found('https://x.test/?q=4111+1111+1111+1111')).to.include('CardNumber');
    expect(found(`https://x.test/${encodeURIComponent('Zoë Ünicode')}`)).to.deep.equal(['Name']);
  });

  it('finds base64 and base64url of the secret at each of the 3 alignments inside a longer string', () => {
    for (let pad = 0; pad < 6; pad++) {
      const bytes = enc.encode(`${'x'.repeat(pad)}${token}${'y'.repeat(pad % 3)}`);
      expect(found(`https://x.test/?d=${b64(bytes)}`), `base64, ${pad} bytes before`).to.deep.equal(
        ['Token'],
      );
      expect(
        found(`https://x.test/${b64url(bytes)}/z`),
        `base64url, ${pad} bytes before`,
      ).to.deep.equal(['Token']);
    }
    expect(
      found(`data=${b64(enc.encode(token.toUpperCase()))}`),
      'base64 of the upper-cased secret',
    ).to.deep.equal(['Token']);
    expect(
      found(`d=${b64(enc.encode(`q=${encodeURIComponent(token)}`))}`),
      'base64 of a percent-encoded secret',
    ).to.deep.equal(['Token']);
    expect(
      found(`d=${encodeURIComponent(b64(enc.encode(`--${token}`)))}`),
      'percent-encoded base64',
    ).to.deep.equal(['Token']);
  });

  it('finds hex in both cases, at either nibble alignment', () => {
    expect(found(`https://x.test/${hex(token)}`)).to.deep.equal(['Token']);
    expect(found(`https://x.test/${hex(token).toUpperCase()}`)).to.deep.equal(['Token']);
    expect(found(`https://x.test/f${hex(token)}`)).to.deep.equal(['Token']);
  });

  it('finds a numeric secret by its digits, whatever the separators, and in the text digit runs', () => {
    for (const t of [
      '4111111111111111',
      '4111-1111-1111-1111',
      '4111.1111.1111.1111',
      '4111%201111%201111%201111',
      'x=4111 - 1111 - 1111 - 1111',
    ]) {
      expect(found(`https://x.test/?n=${t}`), t).to.deep.equal(['CardNumber']);
    }
    expect(found('https://x.test/?n=99941111111111111111000')).to.deep.equal(['CardNumber']);
    expect(found(`d=${b64(enc.encode('4111111111111111'))}`), 'base64 of the digits').to.deep.equal(
      ['CardNumber'],
    );
  });

  it('finds HTML character references and JavaScript escapes', () => {
    const entities = [...token].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('');
    expect(found(`<a href="/x?${entities}">`)).to.deep.equal(['Token']);
    const escapes = [...token]
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('');
    expect(found(`{"q":"${escapes}"}`)).to.deep.equal(['Token']);
    expect(found(`q=${token.replace(/-/g, '&amp;#45;')}`), 'double-escaped').to.deep.equal([
      'Token',
    ]);
  });

  it('reports every secret found, each once, sorted, and never a value', () => {
    const r = s.scan(`${token} ${card} ${token} ${b64(enc.encode(token))}`);
    expect(r).to.deep.equal({ clean: false, names: ['CardNumber', 'Token'] });
    expect(JSON.stringify(r)).not.to.contain('4111');
  });

  it('removes, replaces and clears what it holds', () => {
    const t = scannerWith({ A: 'alpha-secret', B: 'bravo-secret' });
    expect(t.size).to.equal(2);
    t.remove('id-A');
    expect(t.scan('alpha-secret bravo-secret').names).to.deep.equal(['B']);
    t.add('id-B', 'B', 'charlie-secret');
    expect(t.scan('bravo-secret').clean).to.equal(true);
    expect(t.scan('CHARLIE-SECRET').names).to.deep.equal(['B']);
    t.clear();
    expect(t.size).to.equal(0);
    expect(t.scan('charlie-secret').clean).to.equal(true);
  });

  it('finds a 32,000-character secret of 4-byte characters, raw and in base64', () => {
    const big = '\u{1F511}'.repeat(32_000);
    const t = scannerWith({ Big: big });
    expect(t.scan(`https://x.test/?v=${big}`).names).to.deep.equal(['Big']);
    const bytes = Array.from(enc.encode(big), (b) => String.fromCharCode(b)).join('');
    expect(t.scan(`https://x.test/?v=${btoa(bytes)}`).names).to.deep.equal(['Big']);
  });

  it(`holds but does not scan plaintexts shorter than ${MIN_SCANNED_LENGTH} characters`, () => {
    const t = scannerWith({ Cvv: '123', Pin: '4321', Short: 'ab' });
    expect(t.size).to.equal(3);
    expect(t.scan('https://x.test/123/ab').clean).to.equal(true);
    expect(t.scan('https://x.test/?pin=4321').names).to.deep.equal(['Pin']);
  });

  it('answers clean for ordinary CRM URLs with 1,000 random secrets held', () => {
    const rnd = random(42);
    const t = new PlaintextScanner();
    for (let i = 0; i < 1000; i++) {
      let v = '';
      if (i % 3 === 0) for (let j = 0; j < 16; j++) v += Math.floor(rnd() * 10);
      else
        for (let j = 0, n = 8 + Math.floor(rnd() * 16); j < n; j++)
          v += ALNUM[Math.floor(rnd() * ALNUM.length)];
      t.add(`h${i}`, `S${i}`, v);
    }
    const urls = [
      'https://crm.example.com/accounts/1234567890/contacts?customer=Jane%20Doe&ani=%2B15551234567&queue=Billing#summary',
      'https://crm.example.com/lightning/r/Account/001Dn00000ABCDEFGH/view',
      'https://support.example.com/agent/tickets/48213?interaction=3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
      'https://crm.example.com/search?q=Pat+Caller&phone=%2B1%20317%20555%200123&date=2024-05-17T10%3A30%3A00Z',
    ];
    for (const url of urls) expect(t.scan(url), url).to.deep.equal({ clean: true, names: [] });
  });
});
