/**
 * The size report's `--check` (run by `npm run verify`): it fails exactly when a budgeted bundle is
 * over its DESIGN.md budget, and names it. Files it has no budget for (the designer, chunks) never
 * fail it, however large. Runs the real script on made-up files (test/server/index.mjs, `size-check`).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface SizeCheck {
  status: number;
  output: string;
}

const KB = 1024;
const check = (files: Record<string, number>) =>
  executeServerCommand<SizeCheck, { files: Record<string, number> }>('size-check', { files });

describe('size report --check', () => {
  it('passes when every budgeted bundle is within its budget, whatever the unbudgeted ones weigh', async () => {
    const result = await check({
      'cx-script.js': 20 * KB,
      'secured-worker.js': 8 * KB,
      'cx-designer.js': 200 * KB,
      'chunks/web-vitals-x.js': 40 * KB,
    });
    expect(result.output).not.to.contain('OVER BUDGET');
    expect(result.status, result.output).to.equal(0);
  });

  it("budgets the worker's entry file alone; its chunks are on demand", async () => {
    const result = await check({
      'cx-script.js': 20 * KB,
      'secured-worker.js': 11 * KB,
      'chunks/secured-worker-key-intake-x.js': 3 * KB,
      'chunks/secured-worker-encrypt-x.js': 2 * KB,
    });
    expect(result.status, result.output).to.equal(0);
    expect(result.output).to.match(
      /chunks\/secured-worker-key-intake-x\.js .*\[on demand: adding keys\]/,
    );
    expect(result.output).to.match(
      /chunks\/secured-worker-encrypt-x\.js .*\[on demand: encrypting\]/,
    );
  });

  it('fails when the library is over its budget, and names it', async () => {
    const result = await check({ 'cx-script.js': 31 * KB, 'secured-worker.js': 8 * KB });
    expect(result.status).to.equal(1);
    expect(result.output).to.match(/cx-script\.js .*OVER BUDGET/);
    expect(result.output).to.contain('1 file(s) over budget');
  });

  it('fails when the worker is over its budget', async () => {
    const result = await check({ 'cx-script.js': 20 * KB, 'secured-worker.js': 13 * KB });
    expect(result.status).to.equal(1);
    expect(result.output).to.match(/secured-worker\.js .*OVER BUDGET/);
  });
});
