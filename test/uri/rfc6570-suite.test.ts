/**
 * The official RFC 6570 test suite (uri-templates/uritemplate-test, vendored in
 * test/fixtures/uritemplate-test/), one `it` per test case.
 */
import { expect } from '@open-wc/testing';
import { UriTemplateError, expandUriTemplate, parseUriTemplate } from '../../src/uri/template.js';
import type { UriVariables } from '../../src/uri/template.js';

type Expected = string | string[] | false;
interface Group {
  level?: number;
  variables: UriVariables;
  testcases: [string, Expected][];
}
type Suite = Record<string, Group>;

const FILES = [
  'spec-examples.json',
  'spec-examples-by-section.json',
  'extended-tests.json',
  'negative-tests.json',
];

const suites = await Promise.all(
  FILES.map(async (file) => {
    const response = await fetch(new URL(`../fixtures/uritemplate-test/${file}`, import.meta.url));
    if (!response.ok) throw new Error(`cannot load ${file}: ${response.status}`);
    return { file, suite: (await response.json()) as Suite };
  }),
);

describe('RFC 6570 test suite', () => {
  it('loads every fixture file with test cases', () => {
    for (const { file, suite } of suites) {
      const cases = Object.values(suite).reduce((n, group) => n + group.testcases.length, 0);
      expect(cases, file).to.be.greaterThan(10);
    }
  });

  for (const { file, suite } of suites) {
    describe(file, () => {
      for (const [groupName, group] of Object.entries(suite)) {
        describe(groupName, () => {
          group.testcases.forEach(([template, expected], index) => {
            it(`#${index + 1} ${template}`, () => {
              if (expected === false) {
                let error: unknown;
                try {
                  expandUriTemplate(template, group.variables);
                } catch (e) {
                  error = e;
                }
                expect(error).to.be.instanceOf(UriTemplateError);
                const { position, message } = error as UriTemplateError;
                expect(position).to.be.within(0, template.length - 1);
                expect(message).to.match(new RegExp(` at ${position}$`));
                return;
              }
              const url = expandUriTemplate(template, group.variables);
              if (typeof expected === 'string') expect(url).to.equal(expected);
              else expect(expected).to.include(url);
              // The span-recording path must produce the very same URL.
              expect(parseUriTemplate(template).expandWithSpans(group.variables).url).to.equal(url);
            });
          });
        });
      }
    });
  }
});
