import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { supersededByPrecedence } from './support/policy-rule-precedence.js';
import { POLICY_WRITE_EVENTS, policyDiffLines, policyLabel, type PolicyWrite } from './support/policy-write.js';
import { policyWriteMatch } from './support/policy-write-match.js';
import { writePhrase } from './support/policy-write-phrase.js';
import type { RuleMatch } from './support/define-rule.js';
import { readTrustWrite, TRUST_WRITE_EVENTS, type TrustWrite } from './support/trust-write.js';

/**
 * Every IAM policy write — managed policies and their versions, attachments,
 * inline policies, permissions boundaries — as an informational record with
 * the before/after diff when the content is known. When a managed policy's
 * content could not be read it says so (`contentAnalysed: false`) instead of
 * guessing. A more specific policy rule that matches the same event carries
 * the same diff at a higher severity, so this finding gives way to it: on-call
 * sees one message per change.
 *
 * Role trust policies (CreateRole, UpdateAssumeRolePolicy) are policy writes
 * too: who may assume the role, before and after, the before from the
 * context when it knows it. Opening the role to outsiders is
 * `iam.trust-policy-opened`, which carries the same diff.
 */
export const policyChanged = defineRule({
  id: 'iam.policy-changed',
  title: 'IAM policy changed',
  severity: 'info',
  on: [...POLICY_WRITE_EVENTS, ...TRUST_WRITE_EVENTS],
  rationale:
    'Change review: every change to who may do what should be visible to the security team, with what it ' +
    'added or removed, so unexpected grants are noticed even when no stricter rule fires.',
  remediationSummary: 'none (alert, with diff)',
  defaultMode: 'alert',
  supersededBy: supersededByPrecedence('iam.policy-changed'),
  match: (event, { context }) => {
    const trust = readTrustWrite(event, context);
    if (trust) return trustMatch(event, trust);
    return policyWriteMatch(event, context, (write) => ({
      summary: writePhrase(write),
      details: {
        policyDiff: policyDiffLines(write),
        contentAnalysed: write.contentAnalysed,
        notes: write.contentAnalysed ? previousUnknownNotes(write) : [notAnalysedNote(write)],
      },
    }));
  },
});

function trustMatch(event: CloudTrailEvent, write: TrustWrite): RuleMatch {
  const role = write.roleName ?? '(name not in the record)';
  const verb = write.created ? `created role ${role}` : `changed the trust policy of role ${role}`;
  return {
    target: { type: 'role', name: write.roleName, arn: write.roleArn },
    summary: `${callerName(event)} ${verb}`,
    details: write.diff
      ? { policyDiff: write.diff, contentAnalysed: true, notes: [] }
      : { contentAnalysed: false, notes: ['the trust policy document is not in the record; content not analysed'] },
  };
}

function notAnalysedNote(write: PolicyWrite): string {
  if (write.kind === 'put-inline' || write.kind === 'create-policy' || write.kind === 'create-version') {
    return 'the policy document is not in the record; content not analysed';
  }
  const owner = write.awsManaged ? 'AWS managed' : 'customer-managed';
  return `the content of ${owner} policy ${policyLabel(write)} is not known; content not analysed`;
}

/** Writes that replace content Warden may not have seen: the diff then lists all the new grants. */
function previousUnknownNotes(write: PolicyWrite): string[] {
  if (write.previousDocument !== undefined || !write.document) return [];
  switch (write.kind) {
    case 'create-version':
    case 'set-default-version':
      return ['the previous default version is not known; the diff lists everything the new version grants'];
    case 'put-inline':
      return ['an inline policy of that name may have existed before; the diff lists everything the document grants'];
    case 'put-boundary':
      return ['the previous boundary is not known; the diff lists everything the new boundary allows'];
    default:
      return [];
  }
}
