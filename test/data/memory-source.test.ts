import { expect } from '@open-wc/testing';
import { MemorySource } from '../../src/data/memory-source.js';
import type { Conversation } from '../../src/data/conversation.js';

const conv = (): Conversation => ({
  id: 'c1',
  organizationId: 'org',
  participants: [{ id: 'p1', purpose: 'customer', attributes: { AccountId: 'A-1' } }],
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('MemorySource', () => {
  it('loads a deep copy that callers cannot use to change the store', async () => {
    const source = new MemorySource([conv()]);
    const a = await source.load('c1');
    a.participants[0]!.attributes.AccountId = 'changed';
    a.participants.push({ id: 'x', purpose: 'agent', attributes: {} });
    const b = await source.load('c1');
    expect(b).to.deep.equal(conv());
    expect(b).not.to.equal(a);
  });

  it('copies conversations on the way in', async () => {
    const original = conv();
    const source = new MemorySource([original]);
    original.participants[0]!.attributes.AccountId = 'mutated';
    source.add(original);
    original.participants[0]!.attributes.AccountId = 'mutated again';
    expect((await source.load('c1')).participants[0]!.attributes.AccountId).to.equal('mutated');
  });

  it('lists deep copies', async () => {
    const source = new MemorySource([conv()]);
    source.list()[0]!.participants[0]!.attributes.AccountId = 'x';
    expect(source.list()).to.deep.equal([conv()]);
  });

  it('rejects an unknown conversation, naming it', async () => {
    const e = await rejection(new MemorySource([]).load('nope'));
    expect(e).to.be.instanceOf(Error);
    expect(e.message).to.equal("Conversation 'nope' not found");
  });

  it('merges patched attributes case-sensitively', async () => {
    const source = new MemorySource([conv()]);
    await source.patchAttributes('c1', 'p1', { accountid: 'lower', Notes: 'n' });
    const attributes = (await source.load('c1')).participants[0]!.attributes;
    expect(attributes).to.deep.equal({ AccountId: 'A-1', accountid: 'lower', Notes: 'n' });
  });

  it('does not keep a reference to the patch object', async () => {
    const source = new MemorySource([conv()]);
    const patch = { Notes: 'n' };
    await source.patchAttributes('c1', 'p1', patch);
    patch.Notes = 'later';
    expect((await source.load('c1')).participants[0]!.attributes.Notes).to.equal('n');
  });

  it('rejects patches for an unknown conversation or participant, and non-string values', async () => {
    const source = new MemorySource([conv()]);
    expect((await rejection(source.patchAttributes('c2', 'p1', {}))).message).to.equal(
      "Conversation 'c2' not found",
    );
    expect((await rejection(source.patchAttributes('c1', 'p9', {}))).message).to.equal(
      "Participant 'p9' not found in conversation 'c1'",
    );
    const bad = { Count: 3 } as unknown as Record<string, string>;
    expect((await rejection(source.patchAttributes('c1', 'p1', bad))).message).to.contain(
      "'Count'",
    );
    expect((await source.load('c1')).participants[0]!.attributes).to.deep.equal({
      AccountId: 'A-1',
    });
  });
});
