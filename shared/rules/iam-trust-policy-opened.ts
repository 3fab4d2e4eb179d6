import { step } from '../actions/step.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { analyseTrustPolicy, type TrustIssue, type TrustSettings } from '../policy/trust-analysis.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import type { DetectionSettings } from '../model/detection-settings.js';
import type { IamContext } from './support/rule-context.js';
import { readTrustWrite, roleNameOf, TRUST_WRITE_EVENTS } from './support/trust-write.js';

/**
 * A role whose trust policy lets in anyone (`*`), an account outside the
 * organisation and the configured known accounts, or a federated identity
 * without conditions (e.g. GitHub OIDC without a `sub` condition) — on
 * CreateRole or UpdateAssumeRolePolicy. The event's own account is trusted.
 */
export const trustPolicyOpened = defineRule({
  id: 'iam.trust-policy-opened',
  title: 'Role trust policy opened to outsiders',
  severity: 'critical',
  on: TRUST_WRITE_EVENTS,
  rationale:
    'Only known principals may assume a role: a trust policy open to the public, a foreign account or any ' +
    'token of an identity provider is a backdoor that survives password and key rotation.',
  remediationSummary: 'restore-trust-policy when the previous document is known, quarantine-role (approve)',
  defaultMode: 'approve',
  match: (event, { settings, context }) => {
    const write = readTrustWrite(event, context);
    const document = write?.document;
    if (!document) return null;
    const issues = analyseTrustPolicy(document, trustSettings(event, settings, context));
    if (issues.length === 0) return null;
    // Only an organisation pin we could not check: said, at low, never dropped.
    const unverifiedOnly = issues.every((issue) => issue.kind === 'organisation-unverified');
    const roleName = write.roleName;
    const principals = [...new Set(issues.map(principalPhrase))];
    const verb = event.eventName === IamEvent.CreateRole ? 'created role' : 'changed the trust policy of role';
    return {
      target: { type: 'role', name: write.roleName, arn: write.roleArn },
      summary:
        `${callerName(event)} ${verb} ${roleName ?? '(name not in the record)'} ` +
        `so that ${principals.join(', ')} can assume it`,
      ...(unverifiedOnly ? { severity: 'low' as const } : {}),
      details: {
        notes: issues.map((issue) => `statement ${issue.statementIndex}: ${issue.description}`),
        ...(write.diff ? { policyDiff: write.diff } : {}),
        contentAnalysed: true,
      },
    };
  },
  remediation: (match, event, { context }) => {
    const roleName = roleNameOf(event);
    if (!roleName || match.severity === 'low') return [];
    const write = readTrustWrite(event, context);
    // Restoring needs the document before the event; a created role had none to go back to.
    const restore =
      write && !write.created && write.previousDocument && write.document
        ? [
            step('restore-trust-policy', {
              roleName,
              previousDocument: JSON.stringify(write.previousDocument),
              newDocument: JSON.stringify(write.document),
            }),
          ]
        : [];
    return [...restore, step('quarantine-role', { roleName })];
  },
});

function principalPhrase(issue: TrustIssue): string {
  if (issue.kind === 'organisation-unverified') return 'anyone in the named organisation (organisation not verified)';
  return issue.principal === '*' ? 'anyone (*)' : issue.principal;
}

/**
 * Our organisation: the configured id, else the one Organizations reports at
 * run time; its member accounts count as known.
 */
function trustSettings(event: CloudTrailEvent, settings: DetectionSettings, context: IamContext): TrustSettings {
  const organization = context.organization?.();
  return {
    organizationId: settings.organizationId ?? organization?.id,
    knownAccounts: [...settings.knownAccounts, ...(organization?.accounts ?? [])],
    ownAccount: event.accountId,
  };
}
