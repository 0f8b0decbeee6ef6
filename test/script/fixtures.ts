/**
 * A valid script that uses every component type and every step type, for parseScript tests.
 * Body indexes of page 0: 0 text, 1 secured, 2 input, 3 textarea, 4 number, 5 date, 6 dropdown,
 * 7 checkbox, 8 radio, 9 button (named action), 10 button (inline steps), 11 link, 12 image,
 * 13 webPage, 14 stack (with a nested stack).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function fullScript(): Json {
  return {
    format: 'cx-script/1',
    name: 'Card dispute',
    description: 'Every component and every step',
    startPage: 'verify',
    variables: [
      { name: 'AccountId', type: 'string', input: true, description: 'From participant data' },
      { name: 'CardNumber', type: 'string', input: true, secured: true },
      { name: 'Notes', type: 'string', output: true },
      { name: 'Reason', type: 'string', default: '' },
      { name: 'Amount', type: 'number', default: 0 },
      { name: 'Agreed', type: 'boolean', default: false },
      { name: 'Since', type: 'date', default: '2024-01-31' },
      { name: 'SeenAt', type: 'datetime', default: '2024-05-01T09:30:00Z' },
      { name: 'Tags', type: 'list', default: ['a', 'b'] },
      { name: 'Channel', type: 'string' },
    ],
    pages: [
      {
        id: 'verify',
        title: 'Verify {{Call.Ani}}',
        onLoad: 'popCrm',
        body: [
          {
            type: 'text',
            id: 'intro',
            text: 'Account {{AccountId}}, agent {{Scripter.Agent Name}}, {{ scripter.queueName }}',
            variant: 'heading',
            style: {
              margin: [0, 0, 8, 0],
              padding: 4,
              width: 'stretch',
              height: 'auto',
              color: '#112233',
              backgroundColor: '#ffffff',
              fontSize: 14,
              fontWeight: 'bold',
              fontStyle: 'italic',
              textAlign: 'center',
              align: 'start',
              border: { width: 1, style: 'solid', color: '#000000' },
            },
          },
          { type: 'secured', variable: 'CardNumber', label: 'Card', mask: 'last4' },
          {
            type: 'input',
            variable: 'Notes',
            label: 'Notes',
            required: true,
            placeholder: 'Type…',
            hint: 'Free text',
            pattern: '^[A-Z].*$',
            patternMessage: 'Start with a capital',
            maxLength: 200,
          },
          { type: 'textarea', variable: 'Notes', label: 'More notes', rows: 4, maxLength: 2000 },
          { type: 'number', variable: 'Amount', label: 'Amount', min: 0, max: 10000, step: 0.01 },
          { type: 'date', variable: 'Since', label: 'Since', min: '2000-01-01', max: '2030-12-31' },
          {
            type: 'dropdown',
            variable: 'Reason',
            label: 'Reason',
            options: ['Fraud', { value: 'dup', label: 'Duplicate' }],
          },
          {
            type: 'checkbox',
            variable: 'Agreed',
            label: 'Customer agreed',
            disabled: true,
            disabledReason: 'Read only',
          },
          {
            type: 'radio',
            variable: 'Channel',
            label: 'Channel',
            options: ['Phone', 'Chat'],
            visible: { op: 'not', of: { op: 'isEmpty', value: '{{AccountId}}' } },
          },
          { type: 'button', label: 'Open account', action: 'popCrm' },
          {
            type: 'button',
            label: 'Inline',
            action: [{ do: 'alert', message: 'Hi {{Scripter.Agent Name}}' }],
          },
          {
            type: 'link',
            label: 'Policy',
            url: 'https://help.example.com/policy/{AccountId}{?Reason}',
          },
          { type: 'image', url: 'https://cdn.example.com/logo.png', alt: '' },
          { type: 'webPage', url: '{{Channel}}', title: 'Knowledge base' },
          {
            type: 'stack',
            direction: 'horizontal',
            gap: 8,
            children: [
              {
                type: 'stack',
                id: 'inner',
                direction: 'vertical',
                children: [{ type: 'text', text: 'Nested' }],
              },
            ],
          },
        ],
      },
      {
        id: 'wrap',
        title: 'Wrap up',
        body: [
          {
            type: 'text',
            text: 'Done',
            visible: {
              op: 'and',
              all: [
                { op: 'equal', left: '{{Reason}}', right: 'Fraud' },
                {
                  op: 'or',
                  all: [
                    { op: 'greaterThan', left: '{{Amount}}', right: '10' },
                    { op: 'lessThan', left: '{{Amount}}', right: '0' },
                    { op: 'contains', left: '{{Notes}}', right: 'x' },
                    { op: 'notEqual', left: 'a', right: 'b' },
                  ],
                },
              ],
            },
          },
        ],
      },
    ],
    actions: {
      popCrm: [
        {
          do: 'screenPop',
          url: 'https://crm.example.com/accounts/{AccountId}',
          target: 'host',
          onSuccess: [{ do: 'setVariable', variable: 'Reason', value: 'Fraud' }],
          onFailure: [{ do: 'alert', message: 'Could not open the account' }],
        },
      ],
      search: [{ do: 'screenPop', searchString: '{{Call.Ani}}', target: 'host' }],
      finish: [
        {
          do: 'if',
          condition: { op: 'equal', left: '{{Agreed}}', right: 'true' },
          then: [{ do: 'changePage', page: 'wrap' }],
          else: [{ do: 'openUrl', url: 'https://help.example.com/{+AccountId}', target: 'window' }],
        },
        { do: 'setConversationData', data: [{ name: 'Notes', value: '{{Notes}}' }] },
        { do: 'setSecuredData', data: [{ name: 'Card', value: '{{CardNumber}}' }] },
      ],
    },
    onConnect: 'search',
  };
}

/** A fresh full script changed by `change`. */
export function mutated(change: (s: Json) => void): Json {
  const s = fullScript();
  change(s);
  return s;
}
