import { expect } from '@open-wc/testing';
import * as api from '../../src/index.js';
import {
  UriTemplate,
  UriTemplateError,
  expandUriTemplate,
  parseUriTemplate,
} from '../../src/uri/template.js';

describe('public API: URI templates', () => {
  it('re-exports the URI template API from src/index.ts', () => {
    expect(api.expandUriTemplate).to.equal(expandUriTemplate);
    expect(api.parseUriTemplate).to.equal(parseUriTemplate);
    expect(api.UriTemplateError).to.equal(UriTemplateError);
    expect(api.UriTemplate).to.equal(UriTemplate);
  });
});
