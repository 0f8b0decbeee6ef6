import { expect } from '@open-wc/testing';
import { InteractionSession, type ConversationDataQueue } from '../../src/data/session.js';
import { SESSION_BUILTIN_NAMES, formatPhoneNumber } from '../../src/data/builtins.js';
import { BUILTIN_VARIABLES } from '../../src/script/builtins.js';
import type { Conversation, Participant } from '../../src/data/conversation.js';

function conversation(participants: Participant[]): Conversation {
  return { id: 'conv-42', organizationId: 'org-7', mediaType: 'call', participants };
}

const customer: Participant = {
  id: 'p-c',
  purpose: 'customer',
  name: 'Pat',
  ani: 'tel:+13175550123',
  dnis: 'tel:+18005550000',
  attributes: { AccountId: 'A-1', accountid: 'a-lower' },
};
const agent: Participant = { id: 'p-a', purpose: 'agent', name: 'Alex', attributes: {} };
const acd: Participant = { id: 'p-q', purpose: 'acd', queueName: 'Disputes', attributes: {} };

describe('InteractionSession', () => {
  it('exposes the conversation, its id and organization', () => {
    const c = conversation([customer]);
    const s = new InteractionSession({ conversation: c });
    expect(s.conversation).to.equal(c);
    expect(s.id).to.equal('conv-42');
    expect(s.organizationId).to.equal('org-7');
  });

  it('finds the customer (else the external participant) and the agent', () => {
    const external: Participant = { id: 'p-e', purpose: 'external', attributes: {} };
    expect(
      new InteractionSession({ conversation: conversation([agent, external, customer]) }).customer,
    ).to.equal(customer);
    const s = new InteractionSession({ conversation: conversation([acd, external, agent]) });
    expect(s.customer).to.equal(external);
    expect(s.agent).to.equal(agent);
    expect(new InteractionSession({ conversation: conversation([acd]) }).customer).to.equal(
      undefined,
    );
  });

  it('reads conversation data by exact, case-sensitive name', () => {
    const s = new InteractionSession({ conversation: conversation([customer]) });
    expect(s.getConversationData('AccountId')).to.equal('A-1');
    expect(s.getConversationData('accountid')).to.equal('a-lower');
    expect(s.getConversationData('ACCOUNTID')).to.equal(undefined);
    expect(s.getConversationData('toString')).to.equal(undefined);
  });

  it('reads a pending write before the attribute, and the last write wins', () => {
    const s = new InteractionSession({ conversation: conversation([customer]) });
    s.setConversationData('AccountId', 'B-2');
    s.setConversationData('Notes', 'n');
    s.setConversationData('AccountId', 'C-3');
    expect(s.getConversationData('AccountId')).to.equal('C-3');
    expect(s.getConversationData('accountid')).to.equal('a-lower');
    expect([...s.pendingWrites()]).to.deep.equal([
      ['Notes', 'n'],
      ['AccountId', 'C-3'],
    ]);
    // The attribute itself is untouched until the outbox flushes.
    expect(customer.attributes.AccountId).to.equal('A-1');
  });

  it('fires data-change with the names written', () => {
    const s = new InteractionSession({ conversation: conversation([customer]) });
    const seen: unknown[] = [];
    s.addEventListener('data-change', (e) => seen.push((e as CustomEvent).detail));
    s.setConversationData('Notes', 'x');
    expect(seen).to.deep.equal([{ names: ['Notes'] }]);
  });

  it('refuses blank names and non-string values with clear errors', () => {
    const s = new InteractionSession({ conversation: conversation([customer]) });
    expect(() => s.getConversationData('')).to.throw(Error, /must not be blank/);
    expect(() => s.setConversationData('  ', 'x')).to.throw(Error, /must not be blank/);
    expect(() => s.setConversationData('N', 3 as unknown as string)).to.throw(TypeError, /'N'/);
    expect(s.pendingWrites().size).to.equal(0);
  });

  it('queues writes through a replaceable queue', () => {
    const log: string[] = [];
    const writes: ConversationDataQueue = {
      set: (n, v) => void log.push(`${n}=${v}`),
      get: (n) => (n === 'X' ? 'queued' : undefined),
      entries: () => new Map([['X', 'queued']]),
    };
    const s = new InteractionSession({ conversation: conversation([customer]), writes });
    s.setConversationData('Y', 'y');
    expect(log).to.deep.equal(['Y=y']);
    expect(s.getConversationData('X')).to.equal('queued');
  });
});

describe('InteractionSession built-ins', () => {
  const session = new InteractionSession({
    conversation: conversation([acd, customer, agent]),
    agentEmail: 'alex@example.com',
  });
  const expected: Record<string, string> = {
    'Call.Ani': 'tel:+13175550123',
    'Call.Dnis': 'tel:+18005550000',
    'Call.ConversationId': 'conv-42',
    'Call.RemoteName': 'Pat',
    'Scripter.Interaction ID': 'conv-42',
    'Scripter.Interaction Type': 'call',
    'Scripter.Agent Name': 'Alex',
    'Scripter.Agent Email': 'alex@example.com',
    'Scripter.Queue Name': 'Disputes',
    'Scripter.Customer Formatted Number': '+1 317-555-0123',
    'Scripter.Raw Customer Number': 'tel:+13175550123',
    'call.ani': 'tel:+13175550123',
    'call.dnis': 'tel:+18005550000',
    'call.conversationId': 'conv-42',
    'call.remoteName': 'Pat',
    'scripter.interactionId': 'conv-42',
    'scripter.interactionType': 'call',
    'scripter.agentName': 'Alex',
    'scripter.agentEmail': 'alex@example.com',
    'scripter.queueName': 'Disputes',
    'scripter.customersFormattedNumber': '+1 317-555-0123',
    'scripter.customerFormattedNumber': '+1 317-555-0123',
    'scripter.rawCustomerNumber': 'tel:+13175550123',
  };

  it('resolves every built-in in both naming styles', () => {
    for (const [name, value] of Object.entries(expected)) {
      expect(session.builtin(name), name).to.equal(value);
    }
    expect([...SESSION_BUILTIN_NAMES].sort()).to.deep.equal(Object.keys(expected).sort());
  });

  it('resolves every name of the script format list BUILTIN_VARIABLES', () => {
    for (const name of BUILTIN_VARIABLES) {
      expect(session.builtin(name), name).to.be.a('string');
      expect(SESSION_BUILTIN_NAMES, name).to.include(name);
    }
  });

  it('is case-sensitive and undefined for other names', () => {
    expect(session.builtin('call.Ani')).to.equal(undefined);
    expect(session.builtin('Scripter.interaction ID')).to.equal(undefined);
    expect(session.builtin('constructor')).to.equal(undefined);
    expect(session.builtin('AccountId')).to.equal(undefined);
  });

  it('falls back to the agentName option and the agent queue, and to empty text', () => {
    const bare = new InteractionSession({
      conversation: conversation([
        { id: 'u', purpose: 'agent', queueName: 'Sales', attributes: {} },
      ]),
      agentName: 'Given Name',
    });
    expect(bare.builtin('Scripter.Agent Name')).to.equal('Given Name');
    expect(bare.builtin('Scripter.Queue Name')).to.equal('Sales');
    expect(bare.builtin('Call.Ani')).to.equal('');
    expect(bare.builtin('Scripter.Agent Email')).to.equal('');
    expect(bare.builtin('Scripter.Customer Formatted Number')).to.equal('');
  });
});

describe('formatPhoneNumber', () => {
  const cases: [string, string][] = [
    ['tel:+13175550123', '+1 317-555-0123'],
    ['+13175550123', '+1 317-555-0123'],
    ['13175550123', '+1 317-555-0123'],
    ['3175550123', '+1 317-555-0123'],
    ['+1 (317) 555-0123', '+1 317-555-0123'],
    ['sip:+13175550123@pbx.example.com;user=phone', '+1 317-555-0123'],
    ['tel:+442071234567', '+442071234567'],
    ['sip:alice@example.com', 'sip:alice@example.com'],
    ['alice@example.com', 'alice@example.com'],
    ['Anonymous', 'Anonymous'],
    ['12345', '12345'],
    ['', ''],
  ];
  for (const [input, output] of cases) {
    it(`formats '${input}' as '${output}'`, () => {
      expect(formatPhoneNumber(input)).to.equal(output);
    });
  }
});
