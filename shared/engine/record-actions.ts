import type { Mode, RemediationStep } from '../model/action-kinds.js';
import type { Finding } from '../model/finding.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { ActionRecord } from '../model/records.js';
import type { NewAction, WardenStore } from '../store/store.js';

export interface ActionPlan {
  readonly steps: readonly RemediationStep[];
  readonly mode: Mode;
  readonly dryRun: boolean;
  /** Who planned them (`warden`, `sweep`). */
  readonly by?: string;
}

/**
 * Records the planned actions of a finding, one per step, with ids derived
 * from the finding's (so a retried invocation finds the same records). Actions
 * waiting for a click are `pending-approval` with an expiry; automatic ones and
 * everything in dry-run are `planned`; alert mode records none.
 */
export async function recordActions(
  finding: Finding,
  plan: ActionPlan,
  deps: {
    readonly store: Pick<WardenStore, 'createAction'>;
    readonly clock: () => Date;
    readonly config: WardenConfig;
  },
): Promise<ActionRecord[]> {
  if (plan.mode === 'alert' || plan.mode === 'off') return [];
  const approval = plan.mode === 'approve';
  const expiry = new Date(deps.clock().getTime() + deps.config.approvalExpiryHours * 3600_000);
  const actions: ActionRecord[] = [];
  for (const [index, step] of plan.steps.entries()) {
    const { action } = await deps.store.createAction({
      id: `${finding.id}-${index + 1}`,
      findingId: finding.id,
      kind: step.kind,
      params: step.params,
      account: step.account ?? finding.account ?? '',
      status: approval && !plan.dryRun ? 'pending-approval' : 'planned',
      mode: plan.mode,
      ...(approval ? { approvalExpiresAt: expiry } : {}),
      ...(plan.by ? { by: plan.by } : {}),
    } as NewAction);
    actions.push(action);
  }
  return actions;
}
