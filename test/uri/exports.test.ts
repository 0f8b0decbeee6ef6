import { expect } from '@open-wc/testing';
import * as api from '../../src/index.js';
import {
  UriTemplate,
  UriTemplateError,
  expandUriTemplate,
  parseUriTemplate,
} from '../../src/uri/template.js';

// web-test-runner provides mocha's globals; the repository has no mocha type package (tsconfig
// `types: []`), so they are declared here, module-scoped.
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => unknown) => void;

describe('public API: URI templates', () => {
  it('re-exports the URI template API from src/index.ts', () => {
    expect(api.expandUriTemplate).to.equal(expandUriTemplate);
    expect(api.parseUriTemplate).to.equal(parseUriTemplate);
    expect(api.UriTemplateError).to.equal(UriTemplateError);
    expect(api.UriTemplate).to.equal(UriTemplate);
  });
});
