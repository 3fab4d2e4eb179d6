import { IamEvent } from '../cloudtrail/event-names.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { policyLabel, policyWriteTarget, readPolicyWrite } from './support/policy-write.js';

/** A managed policy attached directly to an IAM user instead of through a group. */
export const policyAttachedToUser = defineRule({
  id: 'iam.policy-attached-to-user',
  title: 'Managed policy attached directly to a user',
  severity: 'low',
  on: [IamEvent.AttachUserPolicy],
  rationale:
    'Grant permissions through groups (or roles), not to individual users: per-user grants drift, are hard ' +
    'to review and outlive the job they were given for.',
  remediationSummary: 'none',
  defaultMode: 'alert',
  match: (event, { context }) => {
    const write = readPolicyWrite(event, context);
    if (!write?.principal) return null;
    return {
      target: policyWriteTarget(write),
      summary:
        `${callerName(event)} attached ${policyLabel(write)} directly to user ${write.principal.name}` +
        ' (use a group instead)',
    };
  },
});
