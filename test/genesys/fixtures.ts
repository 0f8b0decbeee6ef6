/**
 * A Genesys Cloud Platform API conversation (`GET /api/v2/conversations/{id}`), trimmed to the
 * fields of the documented `Conversation` model that a desktop reads, with a web-chat customer.
 */
export function genesysConversation(id = 'c0a8f1e2-7b1d-4c55-9e0f-2d6a1b3c4d5e') {
  return {
    id,
    name: 'Card dispute',
    startTime: '2026-03-01T09:30:00.000Z',
    participants: [
      {
        id: 'p-customer',
        startTime: '2026-03-01T09:30:00.000Z',
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
        chats: [{ state: 'connected', id: 'chat-1' }],
      },
      {
        id: 'p-acd',
        purpose: 'acd',
        name: 'Cards',
        queueId: 'q-1',
        queueName: 'Cards',
        attributes: {},
        chats: [{ state: 'disconnected', id: 'chat-2' }],
      },
      {
        id: 'p-agent',
        purpose: 'agent',
        name: 'Grace Hopper',
        userId: 'u-1',
        queueName: 'Cards',
        chats: [{ state: 'connected', id: 'chat-3' }],
      },
    ],
    recordingState: 'none',
    divisions: [{ division: { id: 'd-1', selfUri: '/api/v2/authorization/divisions/d-1' } }],
    selfUri: `/api/v2/conversations/${id}`,
  };
}
