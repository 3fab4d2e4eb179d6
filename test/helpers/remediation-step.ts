/** A finding's remediation step spelled out in full, as tests state them (tests only). */
import type { ActionKind, ActionParams, Mode, RemediationStep } from '../../shared/model/action-kinds.js';

export function remediationStep<K extends ActionKind>(
  kind: K,
  params: ActionParams[K],
  defaultMode: Mode,
  description: string,
  account?: string,
): RemediationStep {
  return { kind, params, defaultMode, description, account } as RemediationStep;
}
