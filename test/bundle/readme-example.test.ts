/**
 * The README's "Use it in a page" example, run as written against the built bundle: the first
 * ```html block of README.md is put into this page (its module scripts recreated so that they run),
 * and the script it sets up must render with the conversation's participant data.
 */
import { expect, waitUntil } from '@open-wc/testing';

async function readmeExample(): Promise<string> {
  const readme = await (await fetch('/README.md')).text();
  const match = /```html\n([\s\S]*?)\n```/.exec(readme);
  if (!match) throw new Error('README.md has no ```html block');
  return match[1]!;
}

describe('README example', () => {
  it('renders the example script with the participant data it binds', async () => {
    const container = document.createElement('div');
    container.innerHTML = await readmeExample();
    document.body.append(container);
    for (const old of container.querySelectorAll('script')) {
      const script = document.createElement('script');
      script.type = old.type;
      if (old.src) script.src = old.getAttribute('src')!;
      else script.textContent = old.textContent;
      old.replaceWith(script);
    }
    const text = () => container.querySelector('cx-script')?.shadowRoot?.textContent ?? '';
    await waitUntil(() => text().includes('A-1001'), 'the example script did not render', {
      timeout: 10_000,
    });
    expect(text().replace(/\s+/g, ' ')).to.contain('Account A-1001, calling from tel:+13175550123');
    const table = container.querySelector('cx-participant-data')?.shadowRoot?.textContent ?? '';
    expect(table).to.contain('Card dispute');
  });
});
