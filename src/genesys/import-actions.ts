/**
 * Genesys actions to native steps: custom actions (`customActions[].action.block`), inline
 * component actions (`{ actionName, actionArgumentValues }`), `if` blocks and their conditions.
 *
 * Supported: `scripter.webPage` (a guarded `openUrl`), `scripter.setVariable`,
 * `scripter.changePage`, `scripter.alert`, and `if` / else with the standard comparisons. Anything
 * else (data actions `bridge.bridge`, transfers, callbacks …) is left out and named, so that the
 * caller can disable what would run it.
 */
import type { ActionRef, Condition, Step } from '../index.js';
import {
  at,
  convertText,
  convertUrl,
  isObj,
  own,
  quote,
  valueOf,
  type ImportContext,
} from './import-values.js';

/** How deeply `if` blocks may nest in an import (the format allows 64 levels of steps). */
const MAX_DEPTH = 32;

/** Steps converted from a Genesys block, and the first unsupported thing met (for a message). */
export interface ConvertedSteps {
  steps: Step[];
  /** What could not be converted, e.g. "data action 'bridge.bridge'"; `undefined` when all was. */
  unsupported: string | undefined;
}

/** A converted action property: a reference to run, and what in it is unsupported. */
export interface ConvertedAction {
  /** `undefined` when the property names no action (`{}`). */
  ref: ActionRef | undefined;
  unsupported: string | undefined;
}

/** What a Genesys action name is, for messages: data actions by their prefix. */
function kindOf(actionName: string): string {
  return actionName.startsWith('bridge.') ? 'data action' : 'action';
}

/**
 * Converts an action property (`clickAction`, `onLoadAction` …). A custom action is referenced by
 * its native name; an inline action becomes inline steps. `consequence` ends the warning of an
 * unsupported inline step ("the button is disabled").
 */
export function convertActionProperty(
  ctx: ImportContext,
  property: unknown,
  path: string,
  consequence: string,
): ConvertedAction {
  const value = valueOf(property);
  const name = own(value, 'actionName');
  if (name === undefined || name === '') return { ref: undefined, unsupported: undefined };
  const valuePath = at(path, 'value');
  const custom = typeof name === 'string' ? ctx.actionsById.get(name) : undefined;
  if (custom) {
    if (custom.unsupported)
      ctx.warn(
        path,
        'unsupported-action',
        `custom action ${quote(custom.name)} uses ${custom.unsupported}, which is not supported; ${consequence}`,
      );
    return { ref: custom.name, unsupported: custom.unsupported };
  }
  const converted = convertSteps(ctx, [value], valuePath, 0, consequence, undefined, true);
  return { ref: converted.steps, unsupported: converted.unsupported };
}

/**
 * Converts a block of Genesys steps. Unsupported steps are left out, each with a warning that ends
 * with `consequence`; `label` (a custom action's name) is named in it.
 */
export function convertSteps(
  ctx: ImportContext,
  block: unknown,
  path: string,
  depth: number,
  consequence: string,
  label?: string,
  inline = false,
): ConvertedSteps {
  const out: ConvertedSteps = { steps: [], unsupported: undefined };
  if (!Array.isArray(block)) {
    if (block !== undefined)
      ctx.warn(
        path,
        'invalid-type',
        `expected a list of steps, got ${quote(block)}; it is ignored`,
      );
    return out;
  }
  block.forEach((raw, i) => {
    // An inline action is the one step itself, at the property's path.
    const p = inline ? path : at(path, i);
    const unsupported = (what: string) => {
      ctx.warn(
        p,
        'unsupported-action',
        `${what}${label ? ` (${label})` : ''} is not supported; ${consequence}`,
      );
      out.unsupported ??= what;
    };
    if (!isObj(raw)) return unsupported(`the step ${quote(raw)}`);
    if (raw.type === 'if') {
      if (depth >= MAX_DEPTH)
        return unsupported(`an 'if' nested more than ${MAX_DEPTH} levels deep`);
      const condition = convertCondition(ctx, raw.condition, at(p, 'condition'));
      if (!condition)
        return unsupported(
          `the condition ${quote(own(raw.condition, 'operator') ?? own(raw.condition, 'type') ?? raw.condition)}`,
        );
      const then = convertSteps(ctx, raw.ifBlock, at(p, 'ifBlock'), depth + 1, consequence, label);
      const otherwise = convertSteps(
        ctx,
        raw.elseBlock ?? [],
        at(p, 'elseBlock'),
        depth + 1,
        consequence,
        label,
      );
      out.unsupported ??= then.unsupported ?? otherwise.unsupported;
      const step: Step = { do: 'if', condition, then: then.steps };
      if (otherwise.steps.length) step.else = otherwise.steps;
      out.steps.push(step);
      return;
    }
    const name = raw.actionName;
    if (typeof name !== 'string' || (raw.type !== undefined && raw.type !== 'action'))
      return unsupported(`the step of type ${quote(raw.type)}`);
    const args = Array.isArray(raw.actionArgumentValues) ? raw.actionArgumentValues : [];
    const argPath = at(p, 'actionArgumentValues', 0);
    const first = args[0];
    switch (name) {
      case 'scripter.webPage': {
        const url =
          typeof valueOf(first) === 'string'
            ? convertUrl(ctx, valueOf(first) as string, argPath)
            : undefined;
        if (url === undefined || url === '')
          return unsupported(`action 'scripter.webPage' without a usable URL`);
        out.steps.push({ do: 'openUrl', url });
        return;
      }
      case 'scripter.setVariable': {
        const spec = valueOf(first);
        const target = ctx.variable(
          valueOf(own(spec, 'variable')),
          at(argPath, 'value', 'variable'),
          "'scripter.setVariable'",
        );
        if (!target)
          return unsupported(
            `action 'scripter.setVariable' of a variable the export does not declare`,
          );
        ctx.assigned.add(target.def.name);
        const value = operand(
          ctx,
          own(spec, 'valueOfVariableProperty'),
          at(argPath, 'value', 'valueOfVariableProperty'),
        );
        out.steps.push({ do: 'setVariable', variable: target.def.name, value });
        return;
      }
      case 'scripter.changePage': {
        const id = valueOf(first);
        const page = typeof id === 'string' ? ctx.pagesById.get(id) : undefined;
        if (page === undefined)
          return unsupported(
            `action 'scripter.changePage' to page ${quote(id)}, which the export does not have,`,
          );
        out.steps.push({ do: 'changePage', page });
        return;
      }
      case 'scripter.alert': {
        const text = valueOf(first);
        out.steps.push({
          do: 'alert',
          message: typeof text === 'string' ? convertText(ctx, text, argPath) : '',
        });
        return;
      }
      default: {
        const custom = ctx.actionsById.get(name);
        if (custom)
          return unsupported(`a call of custom action ${quote(custom.name)} from another action`);
        return unsupported(`${kindOf(name)} ${quote(name)}`);
      }
    }
  });
  return out;
}

/** A condition operand as native text: a variable as `{{Name}}`, text converted, scalars as text. */
function operand(ctx: ImportContext, property: unknown, path: string): string {
  const type = own(property, 'typeName');
  const value = valueOf(property);
  if (type === 'variable') {
    const v = ctx.variable(value, at(path, 'value'), 'the operand');
    return v ? `{{${v.def.name}}}` : '';
  }
  if (typeof value === 'string') return convertText(ctx, value, at(path, 'value'));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

const COMPARE = new Map<
  unknown,
  [op: 'equal' | 'notEqual' | 'contains' | 'greaterThan' | 'lessThan', negate: boolean]
>([
  ['equal', ['equal', false]],
  ['equals', ['equal', false]],
  ['notEqual', ['notEqual', false]],
  ['notEquals', ['notEqual', false]],
  ['contains', ['contains', false]],
  ['notContains', ['contains', true]],
  ['doesNotContain', ['contains', true]],
  ['greaterThan', ['greaterThan', false]],
  ['lessThan', ['lessThan', false]],
  ['greaterThanOrEqual', ['lessThan', true]],
  ['greaterThanOrEqualTo', ['lessThan', true]],
  ['lessThanOrEqual', ['greaterThan', true]],
  ['lessThanOrEqualTo', ['greaterThan', true]],
]);

/** A Genesys condition (`type: 'standard'`) as a native one; `undefined` when it has no equivalent. */
export function convertCondition(
  ctx: ImportContext,
  raw: unknown,
  path: string,
): Condition | undefined {
  if (!isObj(raw) || (raw.type !== undefined && raw.type !== 'standard')) return undefined;
  const compare = COMPARE.get(raw.operator);
  if (!compare) return undefined;
  const left = operand(ctx, raw.leftHandSide, at(path, 'leftHandSide'));
  const right = operand(ctx, raw.rightHandSide, at(path, 'rightHandSide'));
  const condition: Condition = { op: compare[0], left, right };
  return compare[1] ? { op: 'not', of: condition } : condition;
}
