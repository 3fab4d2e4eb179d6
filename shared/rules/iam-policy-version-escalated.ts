import { IamEvent } from '../cloudtrail/event-names.js';
import { adminEquivalence } from '../policy/admin-equivalent.js';
import { diffPolicies } from '../policy/policy-diff.js';
import { findPrivilegeEscalations } from '../policy/privilege-escalation.js';
import { defineRule } from './support/define-rule.js';
import { policyLabel } from './support/policy-write.js';
import { judgedContent, policyWriteMatch, undoPolicyWrite } from './support/policy-write-match.js';
import { madeDefaultPhrase } from './support/policy-write-phrase.js';

/**
 * A new default version of a managed policy that is broader than the previous
 * default: every principal the policy is attached to gains the difference at
 * once. When the previous default is unknown, it fires only if the new default
 * is admin-equivalent or grants an escalation path, and says the previous
 * version was not analysed. An admin-equivalent default (in effect, see
 * admin-equivalent.ts) is critical, with its conditions in the finding.
 */
export const policyVersionEscalated = defineRule({
  id: 'iam.policy-version-escalated',
  title: 'Managed policy default version broadened',
  severity: 'high',
  on: [IamEvent.CreatePolicyVersion, IamEvent.SetDefaultPolicyVersion],
  rationale:
    'Least privilege and change review: a new default version silently widens the permissions of every user, ' +
    'group and role the policy is attached to; iam:CreatePolicyVersion is a classic self-escalation path.',
  remediationSummary: 'revert-default-policy-version (approve)',
  defaultMode: 'approve',
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) => {
      if (!write.setAsDefault || !write.document) return null;
      if (write.kind !== 'create-version' && write.kind !== 'set-default-version') return null;
      const equivalence = adminEquivalence(write.document);
      const admin = equivalence !== undefined;
      const previousKnown = write.previousDocument !== undefined;
      const broadened = previousKnown
        ? diffPolicies(write.previousDocument, write.document).broader
        : admin || findPrivilegeEscalations(write.document).length > 0;
      if (!broadened) return null;
      const notes = [
        previousKnown
          ? `compared with the previous default version ${write.previousVersionId ?? ''}`.trimEnd()
          : 'the previous default version was not analysed (its content is unknown); judged on the new version alone',
        ...(equivalence
          ? [
              `the new default version is administrator-equivalent (statement ${equivalence.statementIndex}: ` +
                `${equivalence.reason})`,
              ...equivalence.uncountedDenies,
            ]
          : []),
      ];
      return {
        // Every principal the policy is attached to gains the difference: the policy is what to name.
        target: { type: 'policy', name: policyLabel(write), arn: write.policyArn, id: write.versionId },
        severity: admin ? 'critical' : 'high',
        summary:
          madeDefaultPhrase(write) +
          (admin
            ? ', which is administrator-equivalent'
            : previousKnown
              ? ', broader than the previous default'
              : ', which grants privilege escalation') +
          (previousKnown ? '' : ' (the previous default version was not analysed)'),
        details: judgedContent(write, notes, equivalence?.conditions),
      };
    }),
  remediation: undoPolicyWrite,
});
