/**
 * Test helpers for the Genesys importer: the two real Scripter exports (test/fixtures/
 * genesys-scripts, copied from the Genesys Terraform provider) and builders for the property shapes
 * Scripter writes (`{ typeName, value }`), to make exports with the components and actions the
 * fixtures do not contain.
 */

// A loose JSON type: tests edit exports freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const cache = new Map<string, string>();

/** A fixture export, parsed afresh on each call (tests may edit it). */
export async function fixtureExport(name: 'email.script.json' | 'test_script.json'): Promise<Json> {
  let text = cache.get(name);
  if (text === undefined) {
    const response = await fetch(new URL(`../fixtures/genesys-scripts/${name}`, import.meta.url));
    text = await response.text();
    cache.set(name, text);
  }
  return JSON.parse(text);
}

/** The variable ids of the email fixture. */
export const EMAIL_VARS = {
  screenPopUrl: 'f59cde71-8328-4ef6-ade0-8b98f535aa97',
  urlButtonVisible: '22705a34-0c7f-487b-87db-d346a5045f10',
  fName: '3f37d719-d387-438a-98bb-972ac23dcc07',
  lName: 'd70b3970-7f3c-49d5-a63d-f3966bdf7171',
  email: 'a24e4d8f-58b6-4bbf-b6cc-5b8cc85799b6',
  accNumber: '8ec79c43-aa70-4f46-b2b3-dfb1d24386f1',
  priority: 'd6987da8-f998-43c7-b59e-ae95c6be7a84',
} as const;

export const itext = (value: string) => ({ typeName: 'interpolatedText', value });
export const bool = (value: boolean) => ({ typeName: 'boolean', value });
export const varRef = (id?: string) =>
  id ? { typeName: 'variable', value: id } : { typeName: 'variable' };
export const action = (value: Json = {}) => ({ typeName: 'action', value });
export const step = (actionName: string, args: Json[] = []) => ({
  type: 'action',
  actionName,
  actionArgumentValues: args,
});

/** A component of `type` with `properties` (plus the layout every Scripter component carries). */
export function comp(type: string, properties: Json = {}, children?: Json[]): Json {
  const out: Json = {
    type,
    properties: {
      margin: { typeName: 'spacing', value: [5, 5, 5, 5] },
      width: { typeName: 'sizing', value: { sizeType: 'auto' } },
      visible: varRef(),
      ...properties,
    },
  };
  if (children) out.children = children;
  return out;
}

/** A one-page export whose root container holds `children`. */
export function exportWith(
  children: Json[],
  more: { variables?: Json[]; customActions?: Json[]; pages?: Json[] } = {},
): Json {
  return {
    id: 'e0000000-0000-4000-8000-000000000000',
    name: 'Built',
    startPageId: 'p0000000-0000-4000-8000-000000000001',
    pages: [
      {
        id: 'p0000000-0000-4000-8000-000000000001',
        name: 'Main',
        properties: { onLoadAction: action() },
        rootContainer: comp('verticalStackContainer', {}, children),
      },
      ...(more.pages ?? []),
    ],
    variables: more.variables ?? [],
    customActions: more.customActions ?? [],
    features: {},
  };
}

/** A Scripter variable. */
export function variable(
  id: string,
  name: string,
  type = 'string',
  value: Json = '',
  flags: { input?: boolean; output?: boolean; isList?: boolean; isDynamic?: boolean } = {},
): Json {
  return {
    id,
    name,
    description: '',
    type: { isDynamic: flags.isDynamic ?? false, isList: flags.isList ?? false, name: type },
    value,
    input: flags.input ?? false,
    output: flags.output ?? false,
  };
}
