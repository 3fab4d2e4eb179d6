/**
 * The step that takes back what a policy write granted, per write type:
 * attach → detach-policy, inline put → delete-inline-policy, a new default
 * version → revert-default-policy-version. Nothing when the record does not
 * name the exact target (never guess a target to act on).
 */
import { step, type Mode, type RemediationStep } from '../../model/action-kinds.js';
import { policyLabel, principalPhrase, type PolicyWrite } from './policy-write.js';

export function policyWriteRemediation(
  write: PolicyWrite,
  mode: Mode,
  account: string | undefined,
): readonly RemediationStep[] {
  const { principal, policyArn, policyName } = write;
  switch (write.kind) {
    case 'attach':
      if (!principal || !policyArn) return [];
      return [
        step(
          'detach-policy',
          { principalKind: principal.kind, principalName: principal.name, policyArn },
          mode,
          `Detach ${policyLabel(write)} from ${principalPhrase(write)}`,
          account,
        ),
      ];
    case 'put-inline':
      if (!principal || !policyName) return [];
      return [
        step(
          'delete-inline-policy',
          { principalKind: principal.kind, principalName: principal.name, policyName },
          mode,
          `Delete inline policy ${policyName} from ${principalPhrase(write)} (the document is saved for undo)`,
          account,
        ),
      ];
    case 'create-version':
    case 'set-default-version':
      if (!policyArn || !write.versionId || !write.setAsDefault) return [];
      return [
        step(
          'revert-default-policy-version',
          {
            policyArn,
            newVersionId: write.versionId,
            ...(write.previousVersionId ? { previousVersionId: write.previousVersionId } : {}),
          },
          mode,
          write.previousVersionId
            ? `Make ${write.previousVersionId} the default version of ${policyLabel(write)} again (keep ${write.versionId})`
            : `Make the previous default version of ${policyLabel(write)} the default again (keep ${write.versionId})`,
          account,
        ),
      ];
    default:
      return [];
  }
}
