import { expect } from '@open-wc/testing';
import {
  AttributeSchemaError,
  parseAttributeSchema,
  parseAttributeSchemas,
  type AttributeSchemaKind,
} from '../../src/genesys/index.js';

const ref = (type: string, extra: Record<string, unknown> = {}) => ({
  allOf: [{ $ref: `#/definitions/${type}` }],
  ...extra,
});

const draft04 = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'Test schema',
  description: 'For tests',
  properties,
  ...extra,
});

/** Formatted text with the spaces ICU puts around symbols and AM/PM made plain. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** The codes and limits of the issues of `value`. */
function problems(schema: ReturnType<typeof parseAttributeSchema>, name: string, value: unknown) {
  return schema.validate(name, value).map((i) => [i.code, i.limit ?? null]);
}

const conversation = parseAttributeSchema(
  draft04(
    {
      Approved: ref('boolean', { title: 'Approved' }),
      Estimate: ref('currency', { minimum: 0, maximum: 1_000_000 }),
      IncidentDate: ref('date'),
      ReportedAt: ref('datetime'),
      Severity: ref('enum', {
        enum: ['low', 'high', 'retired'],
        _enumProperties: {
          low: { title: 'Low', _disabled: false },
          high: { title: 'High', _disabled: false },
          retired: { title: 'Retired', _disabled: true },
        },
      }),
      Items: ref('integer', { minimum: 0, maximum: 100 }),
      Count: ref('integer'),
      Ratio: ref('number', { minimum: 0, maximum: 1 }),
      Amount: ref('number'),
      ClaimRef: ref('text', { minLength: 3, maxLength: 12 }),
      Portal: ref('url', { maxLength: 40 }),
    },
    { required: ['ClaimRef'] },
  ),
  'conversation',
  { timeZone: 'UTC' },
);

describe('parseAttributeSchema: conversation attribute types', () => {
  it('reads the title, description, and each attribute with its type', () => {
    expect(conversation.title).to.equal('Test schema');
    expect(conversation.description).to.equal('For tests');
    expect([...conversation.attributes.values()].map((a) => [a.name, a.type])).to.deep.equal([
      ['Approved', 'boolean'],
      ['Estimate', 'currency'],
      ['IncidentDate', 'date'],
      ['ReportedAt', 'datetime'],
      ['Severity', 'enum'],
      ['Items', 'integer'],
      ['Count', 'integer'],
      ['Ratio', 'number'],
      ['Amount', 'number'],
      ['ClaimRef', 'text'],
      ['Portal', 'url'],
    ]);
    expect(conversation.attributes.get('ClaimRef')!.required).to.equal(true);
  });

  describe('boolean', () => {
    it('accepts true and false, typed or as text', () => {
      for (const v of [true, false, 'true', 'FALSE', ' true '])
        expect(conversation.validate('Approved', v), String(v)).to.deep.equal([]);
    });
    it('rejects anything else, naming the attribute', () => {
      const [issue] = conversation.validate('Approved', 'yes');
      expect(issue).to.deep.equal({
        attribute: 'Approved',
        code: 'not-boolean',
        message: "Attribute 'Approved' (boolean): 'yes' is not true or false",
      });
      expect(problems(conversation, 'Approved', 1)).to.deep.equal([['not-boolean', null]]);
    });
    it('displays Yes / No', () => {
      expect(conversation.format('Approved', 'true')).to.equal('Yes');
      expect(conversation.format('Approved', false)).to.equal('No');
    });
  });

  describe('currency', () => {
    it('accepts an amount with its ISO 4217 code in each documented form', () => {
      for (const v of [
        '1234.50 EUR',
        'EUR 1234.50',
        { amount: '1234.50', currencyCode: 'EUR' },
        '{"amount":"0.5","currencyCode":"USD"}',
        '5 USDC', // five letters
      ])
        expect(conversation.validate('Estimate', v), JSON.stringify(v)).to.deep.equal([]);
    });
    it('rejects a value that is no amount', () => {
      expect(problems(conversation, 'Estimate', 'lots EUR')).to.deep.equal([['not-amount', null]]);
      expect(problems(conversation, 'Estimate', '1,234.50 EUR')).to.deep.equal([
        ['not-amount', null],
      ]);
    });
    it('accepts an amount of 17 characters and rejects one over 17', () => {
      const fee = parseAttributeSchema(draft04({ Fee: ref('currency') }), 'conversation');
      expect(fee.validate('Fee', '12345678901234.50 USD')).to.deep.equal([]);
      const [issue] = conversation.validate('Estimate', '123456789012345.50 EUR');
      expect(issue!.code).to.equal('too-long');
      expect(issue!.limit).to.equal('17 characters');
      expect(issue!.message).to.equal(
        "Attribute 'Estimate' (currency): the amount 123456789012345.50 has 18 characters, more than allowed",
      );
    });
    it('rejects a code that is not 3–5 capital letters, and an amount without code', () => {
      expect(problems(conversation, 'Estimate', '10 eu')).to.deep.equal([
        ['not-currency-code', '3–5 capital letters'],
      ]);
      expect(problems(conversation, 'Estimate', '10 EURODOL')).to.deep.equal([
        ['not-currency-code', '3–5 capital letters'],
      ]);
      expect(problems(conversation, 'Estimate', '10')).to.deep.equal([['missing-currency', null]]);
    });
    it('rejects an amount outside the schema minimum and maximum', () => {
      expect(problems(conversation, 'Estimate', '-1 EUR')).to.deep.equal([['below-minimum', '0']]);
      expect(problems(conversation, 'Estimate', '1000000.01 EUR')).to.deep.equal([
        ['above-maximum', '1,000,000'],
      ]);
    });
    it('takes the default code of the options for a bare amount', () => {
      const s = parseAttributeSchema(draft04({ Fee: ref('currency') }), 'conversation', {
        currency: 'GBP',
      });
      expect(s.validate('Fee', '12.5')).to.deep.equal([]);
      expect(plain(s.format('Fee', '12.5', 'en-GB'))).to.equal('£12.50');
    });
    it('displays with the locale and the currency’s symbol and decimals, keeping every digit', () => {
      expect(plain(conversation.format('Estimate', '1234.5 EUR', 'en-US'))).to.equal('€1,234.50');
      expect(plain(conversation.format('Estimate', '1234.5 EUR', 'de-DE'))).to.equal('1.234,50 €');
      expect(plain(conversation.format('Estimate', '1500 JPY', 'en-US'))).to.equal('¥1,500');
      expect(plain(conversation.format('Estimate', '0.125 USD', 'en-US'))).to.equal('$0.125');
      expect(plain(conversation.format('Estimate', 'lots EUR', 'en-US'))).to.equal('lots EUR');
    });
  });

  describe('date', () => {
    it('accepts YYYY-MM-DD days that exist', () => {
      for (const v of ['2026-03-01', '2024-02-29'])
        expect(conversation.validate('IncidentDate', v)).to.deep.equal([]);
    });
    it('rejects other forms and days that do not exist', () => {
      for (const v of ['2026-3-1', '01/03/2026', '2026-02-30', '2026-03-01T00:00:00Z', 20260301])
        expect(problems(conversation, 'IncidentDate', v), String(v)).to.deep.equal([
          ['not-date', 'YYYY-MM-DD'],
        ]);
    });
    it('displays the day as written, in the locale', () => {
      expect(conversation.format('IncidentDate', '2026-03-01', 'en-US')).to.equal('Mar 1, 2026');
      expect(conversation.format('IncidentDate', '2026-03-01', 'de-DE')).to.equal('01.03.2026');
    });
  });

  describe('date and time', () => {
    it('accepts ISO date-times in UTC', () => {
      for (const v of ['2026-03-01T09:30:00.000Z', '2026-03-01T09:30Z', '2026-03-01T23:59:59Z'])
        expect(conversation.validate('ReportedAt', v), v).to.deep.equal([]);
    });
    it('rejects a date-time that is not UTC, not ISO, or not a real time', () => {
      for (const v of [
        '2026-03-01T09:30:00+01:00',
        '2026-03-01 09:30:00Z',
        '2026-03-01',
        '2026-02-30T09:30:00Z',
        '2026-03-01T24:00:00Z',
      ])
        expect(problems(conversation, 'ReportedAt', v), v).to.deep.equal([
          ['not-datetime', 'YYYY-MM-DDTHH:mm:ss.sssZ'],
        ]);
    });
    it('displays in the locale and the configured time zone', () => {
      expect(
        plain(conversation.format('ReportedAt', '2026-03-01T09:30:00.000Z', 'en-US')),
      ).to.equal('Mar 1, 2026, 9:30 AM');
      expect(conversation.format('ReportedAt', '2026-03-01T09:30:00.000Z', 'de-DE')).to.equal(
        '01.03.2026, 09:30',
      );
    });
  });

  describe('enum', () => {
    it('accepts its values (case-sensitive), rejects others listing the options', () => {
      expect(conversation.validate('Severity', 'high')).to.deep.equal([]);
      expect(problems(conversation, 'Severity', 'High')).to.deep.equal([
        ['not-option', 'low, high, retired'],
      ]);
    });
    it('displays the _enumProperties title', () => {
      expect(conversation.format('Severity', 'high')).to.equal('High');
    });
  });

  describe('integer', () => {
    it('accepts whole numbers up to ±(2^53 − 1)', () => {
      for (const v of [0, '42', '-9007199254740991', '9007199254740991', 17])
        expect(conversation.validate('Count', v), String(v)).to.deep.equal([]);
    });
    it('rejects fractions, text, and numbers beyond ±(2^53 − 1)', () => {
      expect(problems(conversation, 'Count', '1.5')).to.deep.equal([['not-integer', null]]);
      expect(problems(conversation, 'Count', 'ten')).to.deep.equal([['not-integer', null]]);
      expect(problems(conversation, 'Count', '9007199254740992')).to.deep.equal([
        ['out-of-range', '±9,007,199,254,740,991'],
      ]);
    });
    it('rejects values outside the schema bounds', () => {
      expect(problems(conversation, 'Items', '101')).to.deep.equal([['above-maximum', '100']]);
      expect(problems(conversation, 'Items', -1)).to.deep.equal([['below-minimum', '0']]);
    });
    it('displays with the locale’s grouping', () => {
      expect(conversation.format('Count', '1234567', 'en-US')).to.equal('1,234,567');
      expect(conversation.format('Count', '9007199254740991', 'de-DE')).to.equal(
        '9.007.199.254.740.991',
      );
    });
  });

  describe('number', () => {
    it('accepts decimals and exponents', () => {
      for (const v of ['0.25', '-3', '1e3', 2.5, '.5'])
        expect(conversation.validate('Amount', v), String(v)).to.deep.equal([]);
    });
    it('rejects text, NaN and Infinity, and values outside the bounds', () => {
      expect(problems(conversation, 'Amount', '1,5')).to.deep.equal([['not-number', null]]);
      expect(problems(conversation, 'Amount', NaN)).to.deep.equal([['not-number', null]]);
      expect(problems(conversation, 'Amount', 'Infinity')).to.deep.equal([['not-number', null]]);
      expect(problems(conversation, 'Ratio', '1.5')).to.deep.equal([['above-maximum', '1']]);
    });
    it('displays with the locale’s decimal separator, every digit kept', () => {
      expect(conversation.format('Amount', '1234.125', 'en-US')).to.equal('1,234.125');
      expect(conversation.format('Amount', '1234.125', 'de-DE')).to.equal('1.234,125');
    });
  });

  describe('text', () => {
    it('accepts text within the schema lengths, and is required', () => {
      expect(conversation.validate('ClaimRef', 'CL-123')).to.deep.equal([]);
      expect(problems(conversation, 'ClaimRef', '')).to.deep.equal([['required', null]]);
      expect(problems(conversation, 'ClaimRef', undefined)).to.deep.equal([['required', null]]);
    });
    it('rejects text too long or too short, counting characters (not UTF-16 units)', () => {
      expect(problems(conversation, 'ClaimRef', 'CL-1234567890')).to.deep.equal([
        ['too-long', '12 characters'],
      ]);
      expect(problems(conversation, 'ClaimRef', 'CL')).to.deep.equal([
        ['too-short', '3 characters'],
      ]);
      expect(conversation.validate('ClaimRef', '😀😀😀😀😀😀😀😀😀😀😀😀')).to.deep.equal([]);
    });
    it('displays the text as it is', () => {
      expect(conversation.format('ClaimRef', 'CL-123')).to.equal('CL-123');
    });
  });

  describe('URL', () => {
    it('accepts absolute http(s) URLs within the length', () => {
      expect(conversation.validate('Portal', 'https://claims.example.com/c/1')).to.deep.equal([]);
    });
    it('rejects other schemes, relative URLs and URLs too long', () => {
      expect(problems(conversation, 'Portal', 'javascript:alert(1)')).to.deep.equal([
        ['not-url', null],
      ]);
      expect(problems(conversation, 'Portal', '/c/1')).to.deep.equal([['not-url', null]]);
      expect(
        problems(conversation, 'Portal', `https://claims.example.com/${'x'.repeat(20)}`),
      ).to.deep.equal([['too-long', '40 characters']]);
    });
    it('displays the URL as it is', () => {
      expect(conversation.format('Portal', 'https://claims.example.com/c/1')).to.equal(
        'https://claims.example.com/c/1',
      );
    });
  });

  it('reports an attribute the schema does not have', () => {
    expect(conversation.validate('Nope', 'x')).to.deep.equal([
      {
        attribute: 'Nope',
        code: 'unknown-attribute',
        message: "Attribute 'Nope': the schema has no attribute of that name",
      },
    ]);
    expect(conversation.format('Nope', 'x')).to.equal('x');
  });
});

/** A schema of every external-contact or work-item type, with the documented default limits. */
function everyType(kind: AttributeSchemaKind) {
  return parseAttributeSchema(
    draft04({
      Vip: ref('checkbox'),
      Birthday: ref('date'),
      LastSeen: ref('datetime'),
      Tier: ref('enum', { enum: ['gold', 'silver'], _enumProperties: { gold: { title: 'Gold' } } }),
      MemberId: ref('identifier'),
      Visits: ref('integer'),
      Notes: ref('longtext'),
      Score: ref('number'),
      Tags: ref('tag', { uniqueItems: true }),
      Nickname: ref('text'),
      Homepage: ref('url'),
    }),
    kind,
    { timeZone: 'UTC' },
  );
}

for (const kind of ['externalContact', 'workitem'] as const) {
  describe(`parseAttributeSchema: ${kind} types and documented limits`, () => {
    const s = everyType(kind);

    it('checkbox: true / false, displayed Yes / No', () => {
      expect(s.validate('Vip', 'true')).to.deep.equal([]);
      expect(problems(s, 'Vip', 'maybe')).to.deep.equal([['not-boolean', null]]);
      expect(s.format('Vip', 'false')).to.equal('No');
    });

    it('date and date time: ISO forms, displayed in the locale', () => {
      expect(s.validate('Birthday', '1990-12-31')).to.deep.equal([]);
      expect(problems(s, 'Birthday', '31.12.1990')).to.deep.equal([['not-date', 'YYYY-MM-DD']]);
      expect(s.format('Birthday', '1990-12-31', 'en-GB')).to.equal('31 Dec 1990');
      expect(s.validate('LastSeen', '2026-01-02T03:04:05.000Z')).to.deep.equal([]);
      expect(problems(s, 'LastSeen', 'yesterday')).to.deep.equal([
        ['not-datetime', 'YYYY-MM-DDTHH:mm:ss.sssZ'],
      ]);
      expect(s.format('LastSeen', '2026-01-02T03:04:05.000Z', 'en-GB')).to.equal(
        '2 Jan 2026, 03:04',
      );
    });

    it('dropdown (enum): one of its options, shown by title (or value without one)', () => {
      expect(s.validate('Tier', 'silver')).to.deep.equal([]);
      expect(problems(s, 'Tier', 'bronze')).to.deep.equal([['not-option', 'gold, silver']]);
      expect(s.format('Tier', 'gold')).to.equal('Gold');
      expect(s.format('Tier', 'silver')).to.equal('silver');
    });

    it('identifier and text: 100 characters at most', () => {
      for (const name of ['MemberId', 'Nickname']) {
        expect(s.validate(name, 'x'.repeat(100))).to.deep.equal([]);
        expect(problems(s, name, 'x'.repeat(101))).to.deep.equal([['too-long', '100 characters']]);
      }
    });

    it('text area (longtext): 1000 characters at most', () => {
      expect(s.validate('Notes', 'x'.repeat(1000))).to.deep.equal([]);
      expect(problems(s, 'Notes', 'x'.repeat(1001))).to.deep.equal([
        ['too-long', '1000 characters'],
      ]);
    });

    it('URL: 200 characters at most, absolute http(s)', () => {
      const base = 'https://example.com/';
      expect(s.validate('Homepage', base + 'x'.repeat(200 - base.length))).to.deep.equal([]);
      expect(problems(s, 'Homepage', base + 'x'.repeat(201 - base.length))).to.deep.equal([
        ['too-long', '200 characters'],
      ]);
      expect(problems(s, 'Homepage', 'ftp://example.com/')).to.deep.equal([['not-url', null]]);
    });

    it('integer and number, displayed in the locale', () => {
      expect(s.validate('Visits', '12')).to.deep.equal([]);
      expect(problems(s, 'Visits', '12.5')).to.deep.equal([['not-integer', null]]);
      expect(s.validate('Score', '12.5')).to.deep.equal([]);
      expect(problems(s, 'Score', 'high')).to.deep.equal([['not-number', null]]);
      expect(s.format('Visits', 12000, 'fr-FR').replace(/\s/g, ' ')).to.equal('12 000');
      expect(s.format('Score', '12.5', 'fr-FR')).to.equal('12,5');
    });

    it('tag: at most 10 tags of at most 100 characters, unique, shown as a list', () => {
      expect(s.validate('Tags', ['a', 'b'])).to.deep.equal([]);
      expect(s.validate('Tags', 'a, b')).to.deep.equal([]);
      expect(s.validate('Tags', '["a","b"]')).to.deep.equal([]);
      const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`);
      expect(problems(s, 'Tags', eleven)).to.deep.equal([['too-many', '10 tags']]);
      expect(problems(s, 'Tags', ['x'.repeat(101)])).to.deep.equal([
        ['too-long', '100 characters'],
      ]);
      expect(problems(s, 'Tags', 'a, a')).to.deep.equal([['duplicate', 'unique tags']]);
      expect(problems(s, 'Tags', [1, 2])).to.deep.equal([['not-tags', null]]);
      expect(s.format('Tags', ['vip', 'fraud-watch', 'new'], 'en-US')).to.equal(
        'vip, fraud-watch, new',
      );
    });

    it('rejects a conversation-only type (currency), naming the path and the allowed types', () => {
      try {
        parseAttributeSchema(draft04({ Fee: ref('currency') }), kind);
        expect.fail('no error');
      } catch (e) {
        expect(e).to.be.instanceOf(AttributeSchemaError);
        expect((e as AttributeSchemaError).issues[0]!.path).to.equal(
          'properties.Fee.allOf[0].$ref',
        );
        expect((e as AttributeSchemaError).issues[0]!.message).to.contain("'currency' is not a");
      }
    });
  });
}

/** The issues of parsing `json` as `kind`. */
function schemaIssues(json: unknown, kind: AttributeSchemaKind) {
  try {
    parseAttributeSchema(json, kind);
  } catch (e) {
    expect(e).to.be.instanceOf(AttributeSchemaError);
    return (e as AttributeSchemaError).issues;
  }
  return [];
}

describe('parseAttributeSchema: schema limits and errors with JSON paths', () => {
  it('refuses a maxLength over the documented limit of the type', () => {
    expect(
      schemaIssues(draft04({ N: ref('text', { maxLength: 101 }) }), 'externalContact'),
    ).to.deep.equal([
      { path: 'properties.N.maxLength', message: '101 is over the limit of 100 for text' },
    ]);
    expect(
      schemaIssues(draft04({ N: ref('longtext', { maxLength: 1001 }) }), 'workitem'),
    ).to.deep.equal([
      { path: 'properties.N.maxLength', message: '1001 is over the limit of 1000 for longtext' },
    ]);
    expect(schemaIssues(draft04({ T: ref('tag', { maxItems: 11 }) }), 'workitem')).to.deep.equal([
      { path: 'properties.T.maxItems', message: '11 is over the limit of 10 for tag' },
    ]);
  });

  it('refuses more than 50 enum options, options over 100 characters, and repeats', () => {
    const many = Array.from({ length: 51 }, (_, i) => `o${i}`);
    expect(schemaIssues(draft04({ E: ref('enum', { enum: many }) }), 'conversation')).to.deep.equal(
      [{ path: 'properties.E.enum', message: 'has 51 options; at most 50 are allowed' }],
    );
    const issues = schemaIssues(
      draft04({
        E: ref('enum', {
          enum: ['a', 'x'.repeat(101), 'a', 'b'],
          _enumProperties: { a: { title: 'Same' }, b: { title: 'Same' } },
        }),
      }),
      'externalContact',
    );
    expect(issues.map((i) => i.path)).to.deep.equal([
      'properties.E.enum[1]',
      'properties.E.enum[2]',
      'properties.E._enumProperties.b',
    ]);
    expect(issues[0]!.message).to.equal(
      `'${'x'.repeat(101)}' has 101 characters; an option has at most 100`,
    );
  });

  it('refuses a work-item schema over 50 attributes, and more than 100 schemas', () => {
    const props = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, ref('text')]));
    expect(schemaIssues(draft04(props), 'workitem')).to.deep.equal([
      { path: 'properties', message: 'has 51 attributes; a work-item schema has at most 50' },
    ]);
    expect(() => parseAttributeSchema(draft04(props), 'externalContact')).not.to.throw();
    const schemas = Array.from({ length: 101 }, () => draft04({ A: ref('text') }));
    expect(() => parseAttributeSchemas(schemas, 'workitem')).to.throw(
      AttributeSchemaError,
      'has 101 work-item schemas; an organization has at most 100',
    );
    expect(parseAttributeSchemas(schemas.slice(1), 'workitem')).to.have.length(100);
  });

  it('prefixes the index of the schema in a list', () => {
    try {
      parseAttributeSchemas([draft04({}), draft04({ A: ref('nope') })], 'workitem');
      expect.fail('no error');
    } catch (e) {
      expect((e as AttributeSchemaError).issues[0]!.path).to.equal(
        '[1].properties.A.allOf[0].$ref',
      );
    }
  });

  it('reads a Genesys DataSchema ({ jsonSchema }) with paths under jsonSchema', () => {
    const wrapped = {
      id: 's1',
      name: 'Claims',
      version: 2,
      jsonSchema: draft04({ A: ref('text', { maxLength: -1 }) }),
    };
    expect(schemaIssues(wrapped, 'workitem')).to.deep.equal([
      { path: 'jsonSchema.properties.A.maxLength', message: 'must be a whole number, 0 or more' },
    ]);
    expect(
      parseAttributeSchema(
        { ...wrapped, jsonSchema: draft04({ A: ref('text') }) },
        'workitem',
      ).attributes.has('A'),
    ).to.equal(true);
  });

  it('reports a required name that is not a property, bad bounds and a malformed allOf', () => {
    const issues = schemaIssues(
      draft04(
        {
          'Odd name': ref('integer', { minimum: 5, maximum: 1 }),
          B: { allOf: 'text' },
          C: 'text',
        },
        { required: ['Missing'] },
      ),
      'conversation',
    );
    expect(issues).to.deep.equal([
      { path: 'required[0]', message: "'Missing' is not a property of the schema" },
      { path: 'properties["Odd name"].minimum', message: '5 is more than maximum 1' },
      { path: 'properties.B.allOf', message: 'must be [{ "$ref": "#/definitions/<type>" }]' },
      { path: 'properties.C', message: 'must be an object' },
    ]);
  });

  it('types plain draft-04 properties from type, format and enum', () => {
    const s = parseAttributeSchema(
      draft04({
        A: { type: 'boolean' },
        B: { type: 'string', format: 'date-time' },
        C: { type: 'string', enum: ['x'] },
        D: { type: 'integer' },
        E: { type: 'string', format: 'uri' },
      }),
      'conversation',
    );
    expect([...s.attributes.values()].map((a) => a.type)).to.deep.equal([
      'boolean',
      'datetime',
      'enum',
      'integer',
      'url',
    ]);
  });

  it('refuses a schema that is not an object', () => {
    expect(() => parseAttributeSchema('[]', 'conversation')).to.throw(
      AttributeSchemaError,
      'must be an object',
    );
  });
});

describe('GenesysAttributeSchema.field: how a script edits each type', () => {
  it('gives the matching input, options, bounds and limits', () => {
    const f = (name: string) => conversation.field(name)!;
    expect(f('Severity').input).to.equal('select');
    expect(f('Severity').options).to.deep.equal([
      { value: 'low', label: 'Low' },
      { value: 'high', label: 'High' },
    ]);
    expect(f('IncidentDate').input).to.equal('date');
    expect(f('ReportedAt').input).to.equal('datetime-local');
    expect(f('Approved').input).to.equal('checkbox');
    expect([f('Items').input, f('Items').min, f('Items').max, f('Items').step]).to.deep.equal([
      'number',
      0,
      100,
      1,
    ]);
    expect(f('Estimate').input).to.equal('currency');
    expect([f('ClaimRef').input, f('ClaimRef').maxLength]).to.deep.equal(['text', 12]);
    expect(f('Portal').input).to.equal('url');
    expect(everyType('workitem').field('Notes')!.input).to.equal('textarea');
    expect(conversation.field('Nope')).to.equal(undefined);
  });

  it('edits a currency amount and keeps its code', () => {
    const f = conversation.field('Estimate')!;
    expect(f.toInput!('1234.50 EUR')).to.equal('1234.50');
    expect(f.suffix!('1234.50 EUR')).to.equal('EUR');
    expect(f.fromInput!('99.90', '1234.50 EUR')).to.equal('99.90 EUR');
    expect(f.validate('99.90 EUR')).to.equal(undefined);
    expect(f.validate('-5 EUR')).to.equal(
      "Attribute 'Estimate' (currency): -5 is less than the minimum",
    );
  });

  it('edits a UTC date-time in a datetime-local input', () => {
    const f = conversation.field('ReportedAt')!;
    expect(f.toInput!('2026-03-01T09:30:00.000Z')).to.equal('2026-03-01T09:30');
    expect(f.toInput!('2026-03-01T09:30:15.000Z')).to.equal('2026-03-01T09:30:15');
    expect(f.fromInput!('2026-03-01T10:45', '')).to.equal('2026-03-01T10:45:00.000Z');
    expect(f.suffix!('')).to.equal('UTC');
  });
});
