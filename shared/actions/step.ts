/**
 * How rules and hygiene checks plan remediation: `step(kind, params)`. The
 * words come from the kind's own `describe`; the mode and the account from
 * the rule (its one `defaultMode`) and the event, added by `inMode`.
 */
import type { ActionKind, ActionParams, Mode, PlannedStep, RemediationStep } from '../model/action-kinds.js';
import { specFor } from './registry.js';

export function step<K extends ActionKind>(kind: K, params: ActionParams[K]): PlannedStep {
  return { kind, params, description: specFor(kind).describe(params) } as PlannedStep;
}

/** The planned steps as a finding carries them: in the rule's default mode, in `account`. */
export function inMode(
  steps: readonly PlannedStep[],
  defaultMode: Mode,
  account: string | undefined,
): readonly RemediationStep[] {
  return steps.map(
    (planned) =>
      ({
        kind: planned.kind,
        params: planned.params,
        defaultMode,
        description: planned.description,
        account,
      }) as RemediationStep,
  );
}
