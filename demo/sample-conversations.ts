/**
 * The demo's calls: three conversations with different customers and participant data, shaped as a
 * Genesys Cloud conversation would be after an Architect inbound flow has set participant data.
 *
 * The `securedAttributes` values are placeholders: base64 text that starts like an AWS Encryption
 * SDK v2 message (`AgR4` = 0x02 0x04 0x78) but is not one. The vault issue replaces them with real
 * ciphertext; until then the secured component shows the masked state only.
 */
import type { Conversation } from '../src/data/conversation.js';

/** The demo organization (the encryption context's `genesys-cloud-organization-id`). */
export const DEMO_ORGANIZATION_ID = '3b6a1f0e-5c2d-4e8f-9a71-2d4c6b8e0f13';

/** The agent signed in to the demo desktop. */
export const DEMO_AGENT = { id: 'agent-maya-chen', name: 'Maya Chen' } as const;

/** `AgR4` + base64("placeholder ciphertext: <name>"); not an ESDK message. */
function placeholderCiphertext(label: string): string {
  const bytes = new TextEncoder().encode(`placeholder ciphertext: ${label}`);
  return `AgR4${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * The demo's calls, in the order "Next call" offers them. They carry no `startTime`: the desktop
 * stamps it when the agent connects.
 */
export function sampleConversations(): Conversation[] {
  return [
    {
      id: 'c0a1e7d2-51b4-4d0b-9f3e-7a2c18e94f01',
      organizationId: DEMO_ORGANIZATION_ID,
      mediaType: 'call',
      participants: [
        {
          id: 'p-customer-1',
          purpose: 'customer',
          name: 'Dana Whitfield',
          ani: 'tel:+13175550142',
          dnis: 'tel:+18005550100',
          attributes: {
            AccountId: 'ACC-48213907',
            CustomerTier: 'Platinum',
            PreferredLanguage: 'en-US',
            Reason: 'Fraud',
            IvrIntent: 'ReportLostOrStolenCard',
            IvrAuthLevel: 'Partial',
            IvrPath: 'Main>Cards>LostStolen',
            CallbackNumber: '+13175550142',
            OpenCaseCount: '1',
            LastContactDate: '2026-10-30',
            'Genesys.Skill': 'CardServices',
          },
          securedAttributes: { CardNumber: placeholderCiphertext('CardNumber, Dana Whitfield') },
        },
        { id: 'p-ivr-1', purpose: 'ivr', name: 'Northwind Main IVR', attributes: {} },
        { id: 'p-acd-1', purpose: 'acd', queueName: 'Card Services – Fraud', attributes: {} },
        { ...DEMO_AGENT, id: 'p-agent-1', purpose: 'agent', attributes: {} },
      ],
    },
    {
      id: 'c0a1e7d2-51b4-4d0b-9f3e-7a2c18e94f02',
      organizationId: DEMO_ORGANIZATION_ID,
      mediaType: 'call',
      participants: [
        {
          id: 'p-customer-2',
          purpose: 'customer',
          name: 'Luis Ortega Ramírez',
          ani: 'tel:+15125550187',
          dnis: 'tel:+18005550123',
          attributes: {
            AccountId: 'ACC-30572214',
            CustomerTier: 'Gold',
            PreferredLanguage: 'es-US',
            Reason: 'Billing',
            IvrIntent: 'DisputeCharge',
            IvrAuthLevel: 'Full',
            IvrPath: 'Main>Billing>Dispute',
            InvoiceNumber: 'INV-204417',
            CallbackNumber: '+15125550187',
            OpenCaseCount: '0',
            LastContactDate: '2026-09-12',
            'Genesys.Skill': 'Billing;Spanish',
          },
          securedAttributes: { CardNumber: placeholderCiphertext('CardNumber, Luis Ortega') },
        },
        { id: 'p-ivr-2', purpose: 'ivr', name: 'Northwind Main IVR', attributes: {} },
        { id: 'p-acd-2', purpose: 'acd', queueName: 'Billing – Spanish', attributes: {} },
        { ...DEMO_AGENT, id: 'p-agent-2', purpose: 'agent', attributes: {} },
      ],
    },
    {
      id: 'c0a1e7d2-51b4-4d0b-9f3e-7a2c18e94f03',
      organizationId: DEMO_ORGANIZATION_ID,
      mediaType: 'callback',
      participants: [
        {
          id: 'p-customer-3',
          purpose: 'customer',
          name: 'Émilie Tremblay',
          ani: 'tel:+15145550199',
          dnis: 'tel:+18005550100',
          attributes: {
            AccountId: 'ACC-77104562',
            CustomerTier: 'Standard',
            PreferredLanguage: 'fr-CA',
            Reason: 'Address change',
            IvrIntent: 'UpdateAddress',
            IvrAuthLevel: 'None',
            IvrPath: 'Main>Account>Profile',
            CallbackNumber: '+15145550199',
            CallbackRequestedAt: '2026-11-21T09:40:00-05:00',
            OpenCaseCount: '2',
            LastContactDate: '2026-11-02',
            'Genesys.Skill': 'AccountMaintenance;French',
          },
          securedAttributes: { CardNumber: placeholderCiphertext('CardNumber, Emilie Tremblay') },
        },
        { id: 'p-acd-3', purpose: 'acd', queueName: 'Account Maintenance', attributes: {} },
        { ...DEMO_AGENT, id: 'p-agent-3', purpose: 'agent', attributes: {} },
      ],
    },
  ];
}
