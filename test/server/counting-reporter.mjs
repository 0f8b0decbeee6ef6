// @ts-check
/**
 * A web-test-runner reporter that counts passed and failed tests across every session and writes
 * the totals to .wtr-cache/results.json, so that scripts/test.mjs can print the closing line
 * `N passed, N failed`. A test file that fails to load counts as one failure, so a broken file can
 * never hide behind a green count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';

/** @param {any} suite @param {{passed:number,failed:number,skipped:number,failures:string[]}} acc @param {string} prefix */
function walk(suite, acc, prefix) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) acc.skipped += 1;
    else if (test.passed) acc.passed += 1;
    else {
      acc.failed += 1;
      acc.failures.push(`${prefix}${test.name}`);
    }
  }
  for (const child of suite.suites ?? []) walk(child, acc, `${prefix}${child.name} > `);
}

export function countingReporter() {
  return {
    /** @param {{ sessions: any[] }} args */
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0, failures: /** @type {string[]} */ ([]) };
      for (const session of sessions) {
        const before = acc.failed;
        if (session.testResults) walk(session.testResults, acc, `${session.testFile}: `);
        const fileFailed = (session.errors?.length ?? 0) > 0 || session.passed === false;
        if (fileFailed && acc.failed === before) {
          acc.failed += 1;
          acc.failures.push(
            `${session.testFile}: file failed (${session.errors?.[0]?.message ?? 'unknown error'})`,
          );
        }
      }
      mkdirSync('.wtr-cache', { recursive: true });
      writeFileSync('.wtr-cache/results.json', JSON.stringify(acc, null, 2));
    },
  };
}
