import { IamEvent } from '../cloudtrail/event-names.js';
import { defineRule } from './support/define-rule.js';
import { diffPolicies } from '../policy/policy-diff.js';
import { policyDiffLines } from './support/policy-write.js';
import { policyWriteMatch } from './support/policy-write-match.js';
import { writePhrase } from './support/policy-write-phrase.js';

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
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) => {
      // A Put*Policy over an existing document replaces it: say so, and what the replacement removed.
      const before = write.previousDocument;
      const removed = before !== undefined ? diffPolicies(before, write.document).removedActions : [];
      const replaced =
        before === undefined
          ? ''
          : removed.length > 0
            ? `, replacing the previous document and removing ${removed.join(', ')}`
            : ', replacing the previous document';
      return {
        summary: `${writePhrase(write)}${replaced} (prefer a managed policy)`,
        details: {
          policyDiff: policyDiffLines(write),
          notes: before === undefined ? [] : [`replaced an existing inline policy of that name`],
        },
      };
    }),
});
