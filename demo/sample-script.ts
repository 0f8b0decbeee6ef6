/**
 * The demo's agent script (format v1): three pages, verify the caller → the reason → wrap-up. It uses
 * every v1 component type (text as heading, paragraph and note; secured; input with a pattern;
 * textarea; number; date; dropdown; checkbox; radio; button; link; image; webPage; horizontal and
 * vertical stacks), the actions changePage, setVariable, if and setConversationData, and `visible`
 * conditions (the fraud section shows only while Reason is Fraud).
 *
 * Screen pops, through the egress guard: the first page's `onLoad` opens the caller's account in the
 * desktop's CRM pane (`frame`) and tells the host (`host`: a `cx-screen-pop` event, which the
 * desktop logs); a button opens the record in the CRM window (`window`). "Search CRM by card
 * number" is unsafe on purpose: the agent types the card number the caller reads out, a plain
 * variable that parsing cannot tell from any other (a script that put the secured `{CardNumber}`
 * itself in a URL would not even load: `parseScript` reports `secured-egress`), so it is the vault's
 * scan that blocks the pop at run time; the pop then takes its failure path.
 *
 * Links, the image, the web page and the CRM point at the demo's own pages, so the demo needs no
 * network.
 */
import type { Condition, Script } from '../src/script/types.js';

/**
 * The knowledge base's origin for a demo served at `origin`: the same server under its other
 * loopback name (localhost <-> 127.0.0.1), so that the framed page is cross-origin, as a real one is.
 * Elsewhere (an origin not on loopback) the knowledge base is served by the same origin.
 */
export function kbOriginFor(origin: string): string {
  const url = new URL(origin);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  else if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  return url.origin;
}

const reasonIs = (reason: string): Condition => ({
  op: 'equal',
  left: '{{Reason}}',
  right: reason,
});

/**
 * The sample CRM's origin for a demo served at `origin`: like the knowledge base, the server's other
 * loopback name, so that the CRM pane and window show a page of another origin, as a real CRM is.
 */
export const crmOriginFor = kbOriginFor;

/** The sample CRM's record page for an account: the URI template the screen pops expand. */
export function crmRecordTemplate(crmOrigin: string): string {
  return `${crmOrigin}/demo/crm.html?account={AccountId}`;
}

/**
 * The sample script. URLs in a script are absolute: `origin` is where the demo is served
 * (`location.origin`, for the illustration), `kbOrigin` where the knowledge base lives and
 * `crmOrigin` the CRM. A real knowledge base and CRM are other sites, so the demo frames them from
 * another origin (see `kbOriginFor`).
 */
export function sampleScript(
  origin: string,
  kbOrigin: string = kbOriginFor(origin),
  crmOrigin: string = crmOriginFor(origin),
): Script {
  const kb = `${kbOrigin}/demo/kb.html`;
  const crmRecord = crmRecordTemplate(crmOrigin);
  return {
    format: 'cx-script/1',
    name: 'Northwind Care: inbound service',
    description: 'Verify the caller, capture the reason for the call, then wrap up.',
    startPage: 'verify',
    variables: [
      { name: 'AccountId', type: 'string', input: true },
      { name: 'CustomerTier', type: 'string', input: true },
      { name: 'PreferredLanguage', type: 'string', input: true },
      { name: 'IvrAuthLevel', type: 'string', input: true },
      { name: 'Reason', type: 'string', input: true, output: true, default: '' },
      { name: 'InvoiceNumber', type: 'string', input: true, default: '' },
      { name: 'CardNumber', type: 'string', input: true, secured: true },
      { name: 'VerifiedBy', type: 'string', default: '' },
      { name: 'DateOfBirth', type: 'date' },
      { name: 'Postcode', type: 'string', default: '' },
      { name: 'Verified', type: 'boolean', default: false },
      { name: 'VerificationStatus', type: 'string', output: true, default: 'Not verified yet' },
      { name: 'TransactionDate', type: 'date' },
      { name: 'DisputedAmount', type: 'number' },
      { name: 'CardBlocked', type: 'boolean', output: true, default: false },
      { name: 'NewAddress', type: 'string', default: '' },
      { name: 'Notes', type: 'string', output: true, default: '' },
      { name: 'Outcome', type: 'string', output: true, default: '' },
      { name: 'FollowUpDate', type: 'date' },
      { name: 'SurveyOffered', type: 'boolean', default: false },
      { name: 'WrapUpSaved', type: 'string', default: '' },
      { name: 'CardSearch', type: 'string', default: '' },
      { name: 'CrmSearchStatus', type: 'string', default: '' },
    ],
    pages: [
      {
        id: 'verify',
        title: 'Verify the caller',
        onLoad: 'popAccount',
        body: [
          { type: 'text', variant: 'heading', text: 'Greet and verify' },
          {
            type: 'text',
            text: '“Thank you for calling Northwind, this is {{Scripter.Agent Name}}. Am I speaking with {{Call.RemoteName}}?”',
          },
          {
            type: 'stack',
            direction: 'horizontal',
            gap: 24,
            children: [
              { type: 'text', variant: 'note', text: 'Account {{AccountId}}' },
              { type: 'text', variant: 'note', text: 'Tier {{CustomerTier}}' },
              { type: 'text', variant: 'note', text: 'Language {{PreferredLanguage}}' },
              { type: 'text', variant: 'note', text: 'IVR verification {{IvrAuthLevel}}' },
            ],
          },
          { type: 'secured', variable: 'CardNumber', label: 'Card on file', mask: 'last4' },
          {
            type: 'radio',
            variable: 'VerifiedBy',
            label: 'Verified with',
            options: ['Date of birth', 'Security question', 'One-time passcode'],
            required: true,
          },
          {
            type: 'date',
            variable: 'DateOfBirth',
            label: 'Date of birth, as stated',
            max: '2010-12-31',
            visible: { op: 'equal', left: '{{VerifiedBy}}', right: 'Date of birth' },
          },
          {
            type: 'input',
            variable: 'Postcode',
            label: 'Billing ZIP or postal code',
            placeholder: '46204 or H2X 1Y4',
            pattern: '^(\\d{5}(-\\d{4})?|[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d)$',
            patternMessage: 'Enter a US ZIP code (46204) or a Canadian postal code (H2X 1Y4).',
          },
          { type: 'checkbox', variable: 'Verified', label: 'The caller passed verification' },
          {
            type: 'stack',
            direction: 'horizontal',
            children: [
              { type: 'button', label: 'Continue', action: 'continueFromVerify' },
              { type: 'link', label: 'Verification policy', url: `${kb}#verification` },
            ],
          },
          { type: 'text', variant: 'note', text: 'Status: {{VerificationStatus}}' },
          { type: 'text', variant: 'heading', text: 'Account in the CRM' },
          {
            type: 'text',
            variant: 'note',
            text: 'The account opened in the CRM pane when the call connected.',
          },
          {
            type: 'stack',
            direction: 'horizontal',
            children: [
              { type: 'button', label: 'Open in CRM window', action: 'openCrmWindow' },
              { type: 'button', label: 'Send to CRM host', action: 'popAccountToHost' },
            ],
          },
          {
            type: 'input',
            variable: 'CardSearch',
            label: 'Card number, as the caller reads it',
            hint: 'Unsafe on purpose: the CRM search puts the number in its URL. Type the card on file (Show it above) and the egress guard blocks the pop.',
          },
          {
            type: 'stack',
            direction: 'horizontal',
            children: [
              { type: 'button', label: 'Search CRM by card number', action: 'searchCrmByCard' },
            ],
          },
          {
            type: 'text',
            variant: 'note',
            text: 'CRM search: {{CrmSearchStatus}}',
            visible: { op: 'not', of: { op: 'isEmpty', value: '{{CrmSearchStatus}}' } },
          },
          {
            type: 'image',
            url: `${origin}/demo/card-security.svg`,
            alt: 'The back of a payment card: the security code is the three digits beside the signature strip.',
            style: { width: 280 },
          },
        ],
      },
      {
        id: 'reason',
        title: 'The reason for the call',
        body: [
          { type: 'text', variant: 'heading', text: 'How can we help, {{Call.RemoteName}}?' },
          {
            type: 'dropdown',
            variable: 'Reason',
            label: 'Reason for the call',
            options: ['Fraud', 'Billing', 'Address change', 'Other'],
            hint: 'Pre-filled from the IVR; change it if the caller says otherwise.',
          },
          {
            type: 'stack',
            direction: 'vertical',
            visible: reasonIs('Fraud'),
            children: [
              { type: 'text', variant: 'heading', text: 'Suspected fraud' },
              {
                type: 'text',
                variant: 'note',
                text: 'Block the card before anything else, then record the first transaction the caller does not recognise.',
              },
              {
                type: 'stack',
                direction: 'horizontal',
                children: [
                  {
                    type: 'date',
                    variable: 'TransactionDate',
                    label: 'First unrecognised transaction',
                  },
                  {
                    type: 'number',
                    variable: 'DisputedAmount',
                    label: 'Amount (USD)',
                    min: 0,
                    step: 0.01,
                  },
                ],
              },
              { type: 'checkbox', variable: 'CardBlocked', label: 'Card blocked' },
              { type: 'button', label: 'Block card now', action: 'blockCard' },
            ],
          },
          {
            type: 'stack',
            direction: 'vertical',
            visible: reasonIs('Billing'),
            children: [
              { type: 'text', variant: 'heading', text: 'Billing dispute' },
              {
                type: 'stack',
                direction: 'horizontal',
                children: [
                  {
                    type: 'input',
                    variable: 'InvoiceNumber',
                    label: 'Invoice number',
                    pattern: '^INV-\\d{6}$',
                    patternMessage: 'Invoice numbers look like INV-204417.',
                  },
                  {
                    type: 'number',
                    variable: 'DisputedAmount',
                    label: 'Disputed amount (USD)',
                    min: 0,
                    step: 0.01,
                  },
                ],
              },
            ],
          },
          {
            type: 'textarea',
            variable: 'NewAddress',
            label: 'New address',
            rows: 3,
            visible: reasonIs('Address change'),
          },
          {
            type: 'webPage',
            url: kb,
            title: 'Knowledge base: handling guide',
            style: { height: 220 },
          },
          {
            type: 'textarea',
            variable: 'Notes',
            label: 'Call notes',
            rows: 3,
            maxLength: 2000,
            hint: 'Saved to participant data at wrap-up.',
          },
          {
            type: 'stack',
            direction: 'horizontal',
            children: [
              {
                type: 'button',
                label: 'Back',
                action: [{ do: 'changePage', page: 'verify' }],
              },
              { type: 'button', label: 'Continue to wrap-up', action: 'toWrapUp' },
            ],
          },
        ],
      },
      {
        id: 'wrapup',
        title: 'Wrap-up',
        body: [
          { type: 'text', variant: 'heading', text: 'Close the interaction' },
          {
            type: 'text',
            text: '{{Call.RemoteName}}, account {{AccountId}}: {{Reason}}. {{VerificationStatus}}.',
          },
          {
            type: 'radio',
            variable: 'Outcome',
            label: 'Outcome',
            options: ['Resolved', 'Escalated', 'Callback scheduled'],
            required: true,
          },
          {
            type: 'date',
            variable: 'FollowUpDate',
            label: 'Callback date',
            visible: { op: 'equal', left: '{{Outcome}}', right: 'Callback scheduled' },
          },
          { type: 'checkbox', variable: 'SurveyOffered', label: 'Offered the post-call survey' },
          {
            type: 'stack',
            direction: 'horizontal',
            children: [
              {
                type: 'button',
                label: 'Back',
                action: [{ do: 'changePage', page: 'reason' }],
              },
              { type: 'button', label: 'Save wrap-up', action: 'saveWrapUp' },
              { type: 'link', label: 'Wrap-up codes', url: `${kb}#wrap-up` },
            ],
          },
          {
            type: 'text',
            variant: 'note',
            text: 'Wrap-up saved to participant data.',
            visible: { op: 'equal', left: '{{WrapUpSaved}}', right: 'yes' },
          },
        ],
      },
    ],
    actions: {
      popAccount: [
        { do: 'screenPop', url: crmRecord, target: 'frame' },
        { do: 'screenPop', url: crmRecord, target: 'host' },
      ],
      popAccountToHost: [{ do: 'screenPop', url: crmRecord, target: 'host' }],
      openCrmWindow: [{ do: 'screenPop', url: crmRecord, target: 'window' }],
      // Unsafe on purpose (see the top of this file): blocked at run time by the vault's scan when
      // the typed number is the card on file, whatever its spacing or encoding.
      searchCrmByCard: [
        {
          do: 'screenPop',
          url: `${crmOrigin}/demo/crm.html?card={CardSearch}`,
          target: 'frame',
          onSuccess: [{ do: 'setVariable', variable: 'CrmSearchStatus', value: 'Searched' }],
          onFailure: [
            {
              do: 'setVariable',
              variable: 'CrmSearchStatus',
              value: 'Pop blocked. Find the account by its number or the caller’s phone instead.',
            },
          ],
        },
      ],
      continueFromVerify: [
        {
          do: 'if',
          condition: { op: 'equal', left: '{{Verified}}', right: 'true' },
          then: [
            {
              do: 'setVariable',
              variable: 'VerificationStatus',
              value: 'Verified by {{VerifiedBy}}',
            },
            {
              do: 'setConversationData',
              data: [{ name: 'VerificationStatus', value: '{{VerificationStatus}}' }],
            },
            { do: 'changePage', page: 'reason' },
          ],
          else: [
            {
              do: 'setVariable',
              variable: 'VerificationStatus',
              value: 'Not verified: confirm the caller’s identity before you continue',
            },
          ],
        },
      ],
      blockCard: [
        { do: 'setVariable', variable: 'CardBlocked', value: 'true' },
        { do: 'setConversationData', data: [{ name: 'CardBlocked', value: 'true' }] },
      ],
      toWrapUp: [
        { do: 'setConversationData', data: [{ name: 'Reason', value: '{{Reason}}' }] },
        { do: 'changePage', page: 'wrapup' },
      ],
      saveWrapUp: [
        {
          do: 'setConversationData',
          data: [
            { name: 'Outcome', value: '{{Outcome}}' },
            { name: 'WrapUpNotes', value: '{{Notes}}' },
          ],
        },
        { do: 'setVariable', variable: 'WrapUpSaved', value: 'yes' },
      ],
    },
  };
}
