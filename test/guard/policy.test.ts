import { expect } from '@open-wc/testing';
import {
  checkUrl,
  isLoopbackHost,
  normalizePolicy,
  type ScreenPopPolicy,
} from '../../src/guard/policy.js';

const policy = {
  allowedOrigins: [
    'https://crm.example.com',
    'https://*.support.example.com',
    'https://crm.example.com:8443',
  ],
};
const reason = (url: string, p: ScreenPopPolicy = policy) => {
  const r = checkUrl(url, p);
  return r.ok ? 'ok' : r.reason;
};

describe('checkUrl', () => {
  it('allows https to a listed origin and answers the normalised URL', () => {
    const r = checkUrl('HTTPS://CRM.EXAMPLE.COM:443/Accounts/A-42?x=1#f', policy);
    expect(r.ok).to.equal(true);
    if (r.ok) expect(r.url.href).to.equal('https://crm.example.com/Accounts/A-42?x=1#f');
    expect(reason('https://crm.example.com:8443/a')).to.equal('ok');
    expect(reason('  https://crm.example.com/a\n')).to.equal('ok');
  });

  it('refuses javascript:, data:, blob:, file: and other schemes', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<b>x',
      `blob:https://crm.example.com/0f1e`,
      'file:///etc/passwd',
      'ftp://crm.example.com/',
      'ws://crm.example.com/',
      'mailto:a@crm.example.com',
    ]) {
      expect(reason(url), url).to.equal('scheme');
    }
  });

  it('refuses what is not an absolute URL', () => {
    for (const url of ['', '/accounts/1', 'crm.example.com/a', 'https://', 'https://[::1'])
      expect(reason(url), url).to.equal('invalid-url');
  });

  it('refuses credentials, however written', () => {
    for (const url of [
      'https://user@crm.example.com/',
      'https://user:pw@crm.example.com/',
      'https://:pw@crm.example.com/',
      'https://crm.example.com%2f@evil.com/',
      'https://crm.example.com@evil.com/',
    ]) {
      expect(reason(url), url).to.equal('credentials');
    }
  });

  it('refuses unlisted origins and look-alikes', () => {
    for (const url of [
      'https://crm.example.com.evil.com/',
      'https://evil.com\\@crm.example.com',
      'https://evil.com/crm.example.com',
      'https://crm.example.com:444/',
      'https://crm.example.com./',
      'https://example.com/',
      'https://xn--crm-example-com.evil/',
      'https://crm。example。com.evil.com/',
    ]) {
      expect(reason(url), url).to.equal('origin-not-allowed');
    }
  });

  it('compares IDN hosts in their punycode form', () => {
    const idn = { allowedOrigins: ['https://bücher.example'] };
    expect(reason('https://BÜCHER.example/x', idn)).to.equal('ok');
    expect(reason('https://xn--bcher-kva.example/x', idn)).to.equal('ok');
    expect(reason('https://bucher.example/x', idn)).to.equal('origin-not-allowed');
    expect(normalizePolicy(idn).origins.has('https://xn--bcher-kva.example')).to.equal(true);
  });

  it('understands one leading wildcard label, and nothing looser', () => {
    expect(reason('https://eu.support.example.com/t/1')).to.equal('ok');
    expect(reason('https://a.b.support.example.com/')).to.equal('ok');
    expect(reason('https://support.example.com/')).to.equal('origin-not-allowed');
    expect(reason('https://evilsupport.example.com/')).to.equal('origin-not-allowed');
    expect(reason('https://eu.support.example.com:8443/')).to.equal('origin-not-allowed');
    expect(reason('https://eu.support.example.com.evil.com/')).to.equal('origin-not-allowed');
    const loose = normalizePolicy({
      allowedOrigins: [
        'https://*.com',
        'https://a.*.example.com',
        '*',
        'https://*',
        'https://crm.example.com/path',
        'https://*.127.0.0.1',
      ],
    });
    expect(loose.origins.size + loose.wildcards.length).to.equal(0);
    expect(loose.ignored.length).to.equal(6);
  });

  it('allows http only to loopback, and only when asked', () => {
    const dev = {
      allowedOrigins: [
        'http://localhost:8000',
        'http://127.0.0.1:8000',
        'http://[::1]:8000',
        'http://crm.example.com',
      ],
      allowHttpLoopback: true,
    };
    expect(reason('http://localhost:8000/x', dev)).to.equal('ok');
    expect(reason('http://127.0.0.1:8000/x', dev)).to.equal('ok');
    expect(reason('http://127.1:8000/x', dev), 'short IPv4 form normalised').to.equal('ok');
    expect(reason('http://[::1]:8000/x', dev)).to.equal('ok');
    expect(reason('http://crm.example.com/x', dev)).to.equal('http-not-loopback');
    expect(reason('http://localhost:8000/x', { ...dev, allowHttpLoopback: false })).to.equal(
      'http-not-loopback',
    );
    expect(reason('http://localhost:9999/x', dev)).to.equal('origin-not-allowed');
    expect(isLoopbackHost('127.255.0.1')).to.equal(true);
    expect(isLoopbackHost('128.0.0.1')).to.equal(false);
    expect(isLoopbackHost('localhost.evil.com')).to.equal(false);
  });

  it('never quotes the URL in its message', () => {
    const r = checkUrl('https://evil.com/4111111111111111', policy);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.message).not.to.contain('4111');
  });

  it('sees a policy changed in place', () => {
    const p = { allowedOrigins: ['https://a.example.com'] };
    expect(reason('https://b.example.com/', p)).to.equal('origin-not-allowed');
    p.allowedOrigins.push('https://b.example.com');
    expect(reason('https://b.example.com/', p)).to.equal('ok');
  });
});
