/**
 * Binding script variables to the interaction: defaults, participant data and secured attributes.
 */
import { SecuredValue } from '../guard/secured-value.js';
import type { Value } from '../expr/scope.js';
import type { Script, VariableDef } from '../script/types.js';
import { convertToType } from './convert.js';
import type { InteractionSession } from './session.js';

/** A problem met while binding, for the runtime to report as a 'warning' event. */
export interface BindingWarning {
  /** `invalid-default`, `invalid-input` or `secured-attribute-ignored`. */
  code: string;
  message: string;
  /** JSON path of the variable definition (`variables[2]`). */
  path: string;
  /** The variable's name. */
  variable: string;
}

/** The result of `bindVariables`. */
export interface Binding {
  /** The initial value of every variable, by name (`null` when it has none). */
  values: Map<string, Value>;
  warnings: BindingWarning[];
}

/** The initial value of one variable from its default only (no interaction data). */
export function defaultValue(def: VariableDef): { value: Value; problem?: string } {
  if (def.secured || def.default === undefined) return { value: null };
  return convertToType(def.default, def.type);
}

/**
 * The initial value of every variable of `script`:
 * 1. its `default`, converted to its type (secured variables have no plain default);
 * 2. for `input: true` variables, the participant data of EXACTLY the same case-sensitive name (a
 *    queued write first, then the customer's attribute), converted to the type; an unconvertible value
 *    becomes `null` with an `invalid-input` warning. A variable `email` reads `context.email` (the
 *    Genesys web-chat prefix) when there is no attribute named exactly `email`;
 * 3. `secured: true` variables become `new SecuredValue({ sources: [name] })` when the customer has a
 *    secured attribute of that name (the vault decrypts it later), else `null`. Plain participant
 *    data never feeds a secured variable, and a secured attribute never feeds a plain variable (an
 *    input variable that only has a secured attribute gets a `secured-attribute-ignored` warning).
 */
export function bindVariables(script: Script, session: InteractionSession): Binding {
  const values = new Map<string, Value>();
  const warnings: BindingWarning[] = [];
  const customer = session.customer;
  const secured = customer?.securedAttributes ?? {};

  script.variables.forEach((def, index) => {
    const path = `variables[${index}]`;
    const name = def.name;
    if (def.secured) {
      // The session's value: a placeholder until the vault decrypts it, then handle + preview.
      const held = Object.hasOwn(secured, name);
      values.set(
        name,
        held ? (session.getSecuredData(name) ?? new SecuredValue({ sources: [name] })) : null,
      );
      return;
    }
    const initial = defaultValue(def);
    if (initial.problem) {
      warnings.push({
        code: 'invalid-default',
        message: `The default of variable '${name}' (${path}) ${initial.problem}; it starts empty`,
        path,
        variable: name,
      });
    }
    let value = initial.value;
    if (def.input && name.trim() !== '') {
      // Web chat puts the visitor's e-mail in `context.email`: `email` reads it when no attribute
      // is named exactly `email`.
      const raw =
        session.getConversationData(name) ??
        (name === 'email' ? session.getConversationData('context.email') : undefined);
      if (raw !== undefined) {
        const converted = convertToType(raw, def.type);
        value = converted.value;
        if (converted.problem) {
          warnings.push({
            code: 'invalid-input',
            message: `Participant data '${name}' ${converted.problem} (expected ${def.type} for ${path}); the variable is empty`,
            path,
            variable: name,
          });
        }
      } else if (Object.hasOwn(secured, name)) {
        warnings.push({
          code: 'secured-attribute-ignored',
          message: `Variable '${name}' (${path}) is not secured, so the secured attribute '${name}' was not read; mark it "secured": true`,
          path,
          variable: name,
        });
      }
    }
    values.set(name, value);
  });
  return { values, warnings };
}
