import { IamEvent } from '../cloudtrail/event-names.js';
import { findPrivilegeEscalations, type EscalationGrant } from '../policy/privilege-escalation.js';
import { defineRule } from './support/define-rule.js';
import { supersededByPrecedence } from './support/policy-rule-precedence.js';
import type { PolicyWrite } from './support/policy-write.js';
import { judgedContent, policyWriteMatch, undoPolicyWrite } from './support/policy-write-match.js';
import { madeDefaultPhrase, writePhrase } from './support/policy-write-phrase.js';

/**
 * A policy write that puts in force a known privilege-escalation combination
 * (Rhino Security Labs' list and its extensions): a managed policy attached
 * whose content is known, an inline policy, or a new default policy version
 * (only the combinations the previous default did not already grant, when it
 * is known). CreatePolicy alone grants nothing until the policy is attached,
 * and the attachment is analysed then; trust policies belong to
 * `iam.trust-policy-opened`.
 */
export const privilegeEscalationGranted = defineRule({
  id: 'iam.privilege-escalation-granted',
  title: 'Privilege-escalation permissions granted',
  severity: 'high',
  on: [
    IamEvent.AttachUserPolicy,
    IamEvent.AttachGroupPolicy,
    IamEvent.AttachRolePolicy,
    IamEvent.PutUserPolicy,
    IamEvent.PutGroupPolicy,
    IamEvent.PutRolePolicy,
    IamEvent.CreatePolicyVersion,
    IamEvent.SetDefaultPolicyVersion,
  ],
  rationale:
    'Least privilege: permissions such as iam:CreatePolicyVersion, iam:PassRole with lambda:CreateFunction or ' +
    'iam:UpdateAssumeRolePolicy let the holder make themselves administrator, so they are as sensitive as admin.',
  remediationSummary: 'per write type: detach-policy / delete-inline-policy / revert-default-policy-version (approve)',
  defaultMode: 'approve',
  supersededBy: supersededByPrecedence('iam.privilege-escalation-granted'),
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) => {
      const grants = grantedEscalations(write);
      if (grants.length === 0) return null;
      const titles = grants.slice(0, SUMMARY_PATHS).map((grant) => grant.path.title);
      if (grants.length > SUMMARY_PATHS) titles.push(`and ${grants.length - SUMMARY_PATHS} more`);
      return {
        summary: `${verb(write)}, which grants privilege escalation: ${titles.join('; ')}`,
        details: judgedContent(
          write,
          grants.map((grant) => `${grant.path.title}: ${grant.grantedActions.join(', ')}`),
        ),
      };
    }),
  remediation: undoPolicyWrite,
});

/** Escalation paths named in the summary; all of them are in the notes. */
const SUMMARY_PATHS = 3;

function grantedEscalations(write: PolicyWrite): readonly EscalationGrant[] {
  if (!write.document) return [];
  switch (write.kind) {
    case 'attach':
    case 'put-inline':
      return findPrivilegeEscalations(write.document);
    case 'create-version':
    case 'set-default-version': {
      if (!write.setAsDefault) return [];
      const before = new Set(
        write.previousDocument ? findPrivilegeEscalations(write.previousDocument).map((g) => g.path.id) : [],
      );
      return findPrivilegeEscalations(write.document).filter((grant) => !before.has(grant.path.id));
    }
    default:
      return [];
  }
}

/** A new default version is told by what is now in force; attachments and inline policies as they were written. */
function verb(write: PolicyWrite): string {
  return write.kind === 'attach' || write.kind === 'put-inline' ? writePhrase(write) : madeDefaultPhrase(write);
}
