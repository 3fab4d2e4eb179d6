import { IamEvent } from '../cloudtrail/event-names.js';
import { isAdminEquivalent } from '../policy/admin-equivalent.js';
import { findWriteWildcards, type WildcardGrant } from '../policy/write-wildcards.js';
import { defineRule } from './support/define-rule.js';
import { supersededByPrecedence } from './support/policy-rule-precedence.js';
import { policyLabel, type PolicyWrite } from './support/policy-write.js';
import { judgedContent, policyWriteMatch } from './support/policy-write-match.js';
import { writePhrase } from './support/policy-write-phrase.js';

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
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) => {
      if (!write.document) return null;
      const grants = findWriteWildcards(write.document);
      if (grants.length === 0) return null;
      return {
        summary: `${verb(write)}; it allows write actions by wildcard (${grants.map(describeGrant).join('; ')})`,
        details: judgedContent(write, [
          ...(isAdminEquivalent(write.document) ? ['the document is administrator-equivalent'] : []),
          ...grants.map(
            (grant) => `statement ${grant.statementIndex}: ${describeGrant(grant)}, e.g. ${grant.examples.join(', ')}`,
          ),
        ]),
      };
    }),
});

function describeGrant(grant: WildcardGrant): string {
  const where = grant.kind === 'action' ? `action ${grant.pattern}` : `resource ${grant.pattern}`;
  const actions = grant.writeActionCount === 1 ? 'write action' : 'write actions';
  return `${grant.writeActionCount} ${actions} via ${where}`;
}

/** A new version is judged as a document, default or not: its summary does not say which. */
function verb(write: PolicyWrite): string {
  if (write.kind !== 'create-version') return writePhrase(write);
  return write.versionId
    ? `created version ${write.versionId} of ${policyLabel(write)}`
    : `created a new version of ${policyLabel(write)}`;
}
