import { IamEvent } from '../cloudtrail/event-names.js';
import { isAdminEquivalent } from '../policy/admin-equivalent.js';
import { findWriteWildcards, type WildcardGrant } from '../policy/write-wildcards.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { supersededByPrecedence } from './support/policy-rule-precedence.js';
import {
  policyDiffLines,
  policyLabel,
  policyWriteTarget,
  principalPhrase,
  readPolicyWrite,
  type PolicyWrite,
  inlineLabel,
} from './support/policy-write.js';

/**
 * A policy document written (CreatePolicy, CreatePolicyVersion, an inline
 * policy) or attached with known content that allows write actions through a
 * `*` action pattern or on `*` resources.
 */
export const wildcardPolicy = defineRule({
  id: 'iam.wildcard-policy',
  title: 'Policy allows write actions by wildcard',
  severity: 'medium',
  on: [
    IamEvent.CreatePolicy,
    IamEvent.CreatePolicyVersion,
    IamEvent.PutUserPolicy,
    IamEvent.PutGroupPolicy,
    IamEvent.PutRolePolicy,
    IamEvent.AttachUserPolicy,
    IamEvent.AttachGroupPolicy,
    IamEvent.AttachRolePolicy,
  ],
  rationale:
    'Least privilege: name the actions and resources a workload needs. Wildcards grant write actions nobody ' +
    'reviewed, including ones AWS adds later.',
  remediationSummary: 'none',
  defaultMode: 'alert',
  supersededBy: supersededByPrecedence('iam.wildcard-policy'),
  match: (event, { context }) => {
    const write = readPolicyWrite(event, context);
    if (!write?.document) return null;
    const grants = findWriteWildcards(write.document);
    if (grants.length === 0) return null;
    return {
      target: policyWriteTarget(write),
      summary: `${callerName(event)} ${verb(write)}; it allows write actions by wildcard (${grants.map(describeGrant).join('; ')})`,
      details: {
        notes: [
          ...(isAdminEquivalent(write.document) ? ['the document is administrator-equivalent'] : []),
          ...grants.map(
            (grant) => `statement ${grant.statementIndex}: ${describeGrant(grant)}, e.g. ${grant.examples.join(', ')}`,
          ),
        ],
        policyDiff: policyDiffLines(write),
        contentAnalysed: true,
      },
    };
  },
});

function describeGrant(grant: WildcardGrant): string {
  const where = grant.kind === 'action' ? `action ${grant.pattern}` : `resource ${grant.pattern}`;
  const actions = grant.writeActionCount === 1 ? 'write action' : 'write actions';
  return `${grant.writeActionCount} ${actions} via ${where}`;
}

function verb(write: PolicyWrite): string {
  switch (write.kind) {
    case 'attach':
      return `attached ${policyLabel(write)} to ${principalPhrase(write)}`;
    case 'put-inline':
      return `put ${inlineLabel(write)} on ${principalPhrase(write)}`;
    case 'create-policy':
      return `created managed policy ${policyLabel(write)}`;
    default:
      return write.versionId
        ? `created version ${write.versionId} of ${policyLabel(write)}`
        : `created a new version of ${policyLabel(write)}`;
  }
}
