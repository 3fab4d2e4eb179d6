import type { ActionDefinition, ActionEnv, ApplyResult } from './action.js';
import type { PriorState } from '../model/records.js';
import type { ActionKind, ActionParams } from '../model/action-kinds.js';

/**
 * Inspect then change in one go, for callers with nothing to record the prior
 * state in between (the CLI, action tests). The executor runs the two steps
 * itself and records the prior state before the change (execute-action.ts).
 */
export async function applyAction<K extends ActionKind, S extends PriorState>(
  action: ActionDefinition<K, S>,
  params: ActionParams[K],
  env: ActionEnv,
): Promise<ApplyResult<S>> {
  const inspection = await action.inspect(params, env);
  if (inspection.status !== 'ready') return inspection;
  return action.change(params, inspection.priorState, env);
}
