import { IamEvent } from '../cloudtrail/event-names.js';
import { callerName } from './caller-name.js';
import { defineRule } from './define-rule.js';
import { policyWriteTarget, principalPhrase, readPolicyWrite, inlineLabel } from './policy-write.js';

/** Any inline policy put on a user, group or role. */
export const inlinePolicyAdded = defineRule({
  id: 'iam.inline-policy-added',
  title: 'Inline policy added',
  severity: 'low',
  on: [IamEvent.PutUserPolicy, IamEvent.PutGroupPolicy, IamEvent.PutRolePolicy],
  rationale:
    'Prefer managed policies: they are versioned, reusable and reviewable in one place, while inline ' +
    'policies are scattered over principals and easy to overlook.',
  remediationSummary: 'none',
  defaultMode: 'alert',
  match: (event, { context }) => {
    const write = readPolicyWrite(event, context);
    if (!write) return null;
    return {
      target: policyWriteTarget(write),
      summary:
        `${callerName(event)} put ${inlineLabel(write)} on ` + `${principalPhrase(write)} (prefer a managed policy)`,
    };
  },
});
