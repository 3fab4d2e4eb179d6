import { IamEvent } from '../cloudtrail/event-names.js';
import { defineRule } from './support/define-rule.js';
import { policyLabel } from './support/policy-write.js';
import { policyWriteMatch } from './support/policy-write-match.js';

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
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) =>
      write.principal
        ? { summary: `attached ${policyLabel(write)} directly to user ${write.principal.name} (use a group instead)` }
        : null,
    ),
});
