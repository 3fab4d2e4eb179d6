import { IamEvent } from '../cloudtrail/event-names.js';
import { adminEquivalence } from '../policy/admin-equivalent.js';
import { diffPolicies } from '../policy/policy-diff.js';
import { findPrivilegeEscalations } from '../policy/privilege-escalation.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { MAX_DIFF_LINES, policyLabel, readPolicyWrite } from './support/policy-write.js';
import { policyWriteRemediation } from './support/policy-write-remediation.js';

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
  match: (event, { context }) => {
    const write = readPolicyWrite(event, context);
    if (!write?.setAsDefault || !write.document) return null;
    if (write.kind !== 'create-version' && write.kind !== 'set-default-version') return null;
    const equivalence = adminEquivalence(write.document);
    const admin = equivalence !== undefined;
    const diff = diffPolicies(write.previousDocument, write.document);
    const previousKnown = write.previousDocument !== undefined;
    if (previousKnown ? !diff.broader : !admin && findPrivilegeEscalations(write.document).length === 0) return null;
    const version = write.versionId ?? 'a new version';
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
    const lines =
      diff.lines.length <= MAX_DIFF_LINES
        ? diff.lines
        : [...diff.lines.slice(0, MAX_DIFF_LINES), `… and ${diff.lines.length - MAX_DIFF_LINES} more lines`];
    return {
      target: { type: 'policy', name: policyLabel(write), arn: write.policyArn, id: write.versionId },
      severity: admin ? 'critical' : 'high',
      summary:
        `${callerName(event)} made ${version} the default version of ${policyLabel(write)}` +
        (admin
          ? ', which is administrator-equivalent'
          : previousKnown
            ? ', broader than the previous default'
            : ', which grants privilege escalation') +
        (previousKnown ? '' : ' (the previous default version was not analysed)'),
      details: {
        policyDiff: lines,
        notes,
        contentAnalysed: true,
        ...(equivalence && equivalence.conditions.length > 0 ? { conditions: equivalence.conditions } : {}),
      },
    };
  },
  remediation: (_match, event, { context }) => {
    const write = readPolicyWrite(event, context);
    return write ? policyWriteRemediation(write) : [];
  },
});
