/**
 * The step that takes back what a policy write granted, per write type:
 * attach → detach-policy, inline put → delete-inline-policy, a new default
 * version → revert-default-policy-version. Nothing when the record does not
 * name the exact target (never guess a target to act on).
 */
import type { PlannedStep } from '../../model/action-kinds.js';
import { step } from '../../actions/step.js';
import type { PolicyWrite } from './policy-write.js';

export function policyWriteRemediation(write: PolicyWrite): readonly PlannedStep[] {
  const { principal, policyArn, policyName } = write;
  switch (write.kind) {
    case 'attach':
      if (!principal || !policyArn) return [];
      return [step('detach-policy', { principalKind: principal.kind, principalName: principal.name, policyArn })];
    case 'put-inline':
      if (!principal || !policyName) return [];
      return [
        step('delete-inline-policy', { principalKind: principal.kind, principalName: principal.name, policyName }),
      ];
    case 'create-version':
    case 'set-default-version':
      if (!policyArn || !write.versionId || !write.setAsDefault) return [];
      return [
        step('revert-default-policy-version', {
          policyArn,
          newVersionId: write.versionId,
          ...(write.previousVersionId ? { previousVersionId: write.previousVersionId } : {}),
        }),
      ];
    default:
      return [];
  }
}
