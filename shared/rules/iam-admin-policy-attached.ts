import { IamEvent } from '../cloudtrail/event-names.js';
import { ADMIN_EQUIVALENT_DEFINITION, adminEquivalence } from '../policy/admin-equivalent.js';
import { defineRule } from './support/define-rule.js';
import { policyLabel } from './support/policy-write.js';
import { judgedContent, policyWriteMatch, undoPolicyWrite } from './support/policy-write-match.js';
import { writePhrase } from './support/policy-write-phrase.js';

/**
 * An administrator-equivalent managed policy attached to a user, group or role:
 * an AWS managed admin policy (AdministratorAccess, IAMFullAccess, … in any
 * partition, by exact ARN) or a customer-managed policy whose default document
 * is admin-equivalent in effect ({@link ADMIN_EQUIVALENT_DEFINITION}: Allow `*`
 * with a narrow Deny, NotAction lists and `iam:*` minus a handful count). The
 * statements' conditions go into the finding; they never lower it. A customer
 * policy whose content is unknown is not guessed from its name;
 * `iam.policy-changed` reports it as not analysed.
 */
export const adminPolicyAttached = defineRule({
  id: 'iam.admin-policy-attached',
  title: 'Administrator-equivalent policy attached',
  severity: 'critical',
  on: [IamEvent.AttachUserPolicy, IamEvent.AttachGroupPolicy, IamEvent.AttachRolePolicy],
  rationale:
    'Least privilege: nobody holds *:* for daily work. A new administrator grant is the most common ' +
    'persistence and escalation step, and admin access should come only from reviewed break-glass roles. ' +
    ADMIN_EQUIVALENT_DEFINITION,
  remediationSummary: 'detach-policy (approve)',
  defaultMode: 'approve',
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) => {
      if (!write.policyArn) return null;
      const equivalence = write.adminArn ? undefined : write.document && adminEquivalence(write.document);
      if (!write.adminArn && !equivalence) return null;
      const why = write.adminArn
        ? `${policyLabel(write)} is an AWS managed administrator-equivalent policy`
        : `${policyLabel(write)} is a customer-managed policy whose default version is administrator-equivalent ` +
          `(statement ${equivalence?.statementIndex ?? 0}: ${equivalence?.reason ?? 'full access'})`;
      return {
        summary: writePhrase(write),
        details: judgedContent(write, [why, ...(equivalence?.uncountedDenies ?? [])], equivalence?.conditions),
      };
    }),
  remediation: undoPolicyWrite,
});
