import { expect } from '@open-wc/testing';
import {
  fromGenesysConversation,
  isGenesysConversation,
  toConversation,
} from '../../src/genesys/index.js';
import { genesysConversation } from './fixtures.js';

describe('fromGenesysConversation', () => {
  it('converts the Platform API conversation: ids, participants, attributes exactly as given', () => {
    const c = fromGenesysConversation(genesysConversation('conv-1'), { organizationId: 'org-9' });
    expect(c).to.deep.equal({
      id: 'conv-1',
      organizationId: 'org-9',
      mediaType: 'chat',
      startTime: '2026-03-01T09:30:00.000Z',
      participants: [
        {
          id: 'p-customer',
          purpose: 'customer',
          name: 'Ada Lovelace',
          ani: 'tel:+15551234567',
          dnis: 'tel:+18005550100',
          attributes: {
            AccountId: 'A-42',
            accountid: 'lower-case twin',
            'context.email': 'ada@example.com',
            'context.firstName': 'Ada',
            PEF_URLPop: 'https://crm.example.com/accounts/A-42',
          },
        },
        { id: 'p-acd', purpose: 'acd', name: 'Cards', queueName: 'Cards', attributes: {} },
        {
          id: 'p-agent',
          purpose: 'agent',
          name: 'Grace Hopper',
          queueName: 'Cards',
          attributes: {},
        },
      ],
    });
  });

  it('takes the organization id from the JSON when it has one, else the option, else empty', () => {
    const json = genesysConversation('c');
    expect(fromGenesysConversation(json).organizationId).to.equal('');
    expect(
      fromGenesysConversation({ ...json, organizationId: 'org-in-json' }, { organizationId: 'x' })
        .organizationId,
    ).to.equal('org-in-json');
  });

  it('copies secured attributes when a participant carries them, and does not alias the input', () => {
    const json = genesysConversation('c');
    const customer = json.participants[0] as Record<string, unknown>;
    customer.securedAttributes = { CardNumber: 'AYADeJ…' };
    const c = fromGenesysConversation(json);
    expect(c.participants[0]!.securedAttributes).to.deep.equal({ CardNumber: 'AYADeJ…' });
    c.participants[0]!.attributes.AccountId = 'changed';
    expect(json.participants[0]!.attributes!.AccountId).to.equal('A-42');
  });

  it('puts the secureAttributes option on the customer, and names a bad value', () => {
    const c = fromGenesysConversation(genesysConversation('c'), {
      secureAttributes: { CardNumber: 'AYADeJ…' },
    });
    expect(c.participants.map((p) => p.securedAttributes)).to.deep.equal([
      { CardNumber: 'AYADeJ…' },
      undefined,
      undefined,
    ]);
    expect(() =>
      fromGenesysConversation(genesysConversation('c'), {
        secureAttributes: { Pin: 1234 } as unknown as Record<string, string>,
      }),
    ).to.throw(TypeError, 'secureAttributes (option).Pin must be a string');
  });

  it('gives the media type of a call, an email or a message', () => {
    for (const [list, type] of [
      ['calls', 'call'],
      ['emails', 'email'],
      ['messages', 'message'],
      ['callbacks', 'callback'],
    ]) {
      const json = { id: 'c', participants: [{ id: 'p', purpose: 'customer', [list!]: [{}] }] };
      expect(fromGenesysConversation(json).mediaType).to.equal(type);
    }
  });

  const bad: [string, (j: ReturnType<typeof genesysConversation>) => unknown, string][] = [
    ['not an object', () => [], 'the value must be an object'],
    ['no id', (j) => ({ ...j, id: undefined }), 'id must be a non-empty string'],
    [
      'participants not an array',
      (j) => ({ ...j, participants: {} }),
      'participants must be an array',
    ],
    [
      'a participant that is not an object',
      (j) => ({ ...j, participants: [j.participants[0], 7] }),
      'participants[1] must be an object',
    ],
    [
      'a participant without id',
      (j) => ({ ...j, participants: [{ ...j.participants[0], id: '' }] }),
      'participants[0].id must be a non-empty string',
    ],
    [
      'a participant without purpose',
      (j) => ({ ...j, participants: [{ ...j.participants[0], purpose: 3 }] }),
      'participants[0].purpose must be a non-empty string',
    ],
    [
      'a name that is not a string',
      (j) => ({ ...j, participants: [{ ...j.participants[0], name: { first: 'Ada' } }] }),
      'participants[0].name must be a string',
    ],
    [
      'attributes that are not an object',
      (j) => ({ ...j, participants: [{ ...j.participants[0], attributes: ['a'] }] }),
      'participants[0].attributes must be an object of strings',
    ],
    [
      'an attribute that is not a string',
      (j) => ({
        ...j,
        participants: [
          j.participants[0],
          { ...j.participants[1], attributes: { 'Tier level': 3 } },
        ],
      }),
      'participants[1].attributes["Tier level"] must be a string',
    ],
  ];
  for (const [name, make, message] of bad)
    it(`rejects ${name}, naming the JSON path`, () => {
      expect(() => fromGenesysConversation(make(genesysConversation('c')))).to.throw(
        TypeError,
        message,
      );
    });
});

describe('isGenesysConversation / toConversation', () => {
  it('tells the Platform API JSON from our model', () => {
    const ours = fromGenesysConversation(genesysConversation('c'), { organizationId: 'o' });
    expect(isGenesysConversation(genesysConversation('c'))).to.equal(true);
    expect(isGenesysConversation(ours)).to.equal(false);
    expect(isGenesysConversation({ id: 'c' })).to.equal(false);
    expect(toConversation(ours)).to.equal(ours);
    expect(toConversation(genesysConversation('c'))!.participants[0]!.name).to.equal(
      'Ada Lovelace',
    );
    expect(toConversation(undefined)).to.equal(undefined);
  });
});
