import { step } from '../actions/step.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { requestString } from '../cloudtrail/request-parameter.js';
import {
  ADMIN_EQUIVALENT_DEFINITION,
  adminEquivalenceAcross,
  isAdminManagedPolicyArn,
} from '../policy/admin-equivalent.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import type { StatementCondition } from '../model/statement-condition.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { isAwsManagedPolicyArn, policyNameFromArn } from './support/policy-write.js';
import type { GroupPermissions, IamContext } from './support/rule-context.js';

/**
 * A user added to a group whose effective policy — attached managed policies
 * and inline policies together — is administrator-equivalent in effect
 * ({@link ADMIN_EQUIVALENT_DEFINITION}; a Deny in one policy limits an Allow
 * in another). Conditions are named by policy and statement. When the group's
 * permissions are not known, the finding says so at medium severity and plans
 * no action: Warden never removes a user from a group it has not analysed.
 */
export const userAddedToAdminGroup = defineRule({
  id: 'iam.user-added-to-admin-group',
  title: 'User added to an administrator group',
  severity: 'critical',
  on: [IamEvent.AddUserToGroup],
  rationale:
    'Least privilege: membership of an administrator group is an admin grant. Admin access should be rare, ' +
    'reviewed and preferably obtained through a role with MFA, not a standing group membership. ' +
    ADMIN_EQUIVALENT_DEFINITION,
  remediationSummary: 'remove-user-from-group (approve)',
  defaultMode: 'approve',
  match: (event, { context }) => {
    const userName = requestString(event, 'userName');
    const groupName = requestString(event, 'groupName');
    if (!userName || !groupName) return null;
    const actor = callerName(event);
    const target = { type: 'user' as const, name: userName, id: groupName };
    const group = context.group(groupName, event.accountId);
    if (!group) {
      return {
        target,
        severity: 'medium',
        summary: `${actor} added user ${userName} to group ${groupName}; the group's permissions were not analysed`,
        details: {
          contentAnalysed: false,
          notes: [
            `group ${groupName} is not known to Warden's IAM context; check whether it grants administrator access`,
          ],
        },
      };
    }
    const analysis = analyseGroup(group, context);
    if (analysis.adminReason) {
      return {
        target,
        summary: `${actor} added user ${userName} to group ${groupName}, which has administrator access`,
        details: {
          contentAnalysed: true,
          notes: [analysis.adminReason, ...analysis.uncountedDenies],
          ...(analysis.conditions.length > 0 ? { conditions: analysis.conditions } : {}),
        },
      };
    }
    if (analysis.unknownPolicies.length === 0) return null;
    return {
      target,
      severity: 'medium',
      summary:
        `${actor} added user ${userName} to group ${groupName}; the group's permissions were only partly ` +
        'analysed (no administrator access in the known part)',
      details: {
        contentAnalysed: false,
        notes: analysis.unknownPolicies.map((arn) => `content of ${arn} is not known; not analysed`),
      },
    };
  },
  remediation: (match, event) => {
    const userName = requestString(event, 'userName');
    const groupName = requestString(event, 'groupName');
    if (match.details?.contentAnalysed === false || !userName || !groupName) return [];
    return [step('remove-user-from-group', { userName, groupName })];
  },
});

interface GroupAnalysis {
  /** Why the group is admin-equivalent; undefined when it is not (as far as known). */
  readonly adminReason?: string;
  /** Customer-managed policies attached to the group whose content is unknown. */
  readonly unknownPolicies: readonly string[];
  /** Denies the verdict did not count, and why. */
  readonly uncountedDenies: readonly string[];
  /** Conditions of the statements the verdict rests on (shown, never lowering it). */
  readonly conditions: readonly StatementCondition[];
}

/**
 * The group's effective policy is the union of its policies' statements (a
 * Deny in one policy limits an Allow in another), so it is analysed as one
 * document. AWS managed policies count by ARN when their content is unknown.
 */
function analyseGroup(group: GroupPermissions, context: IamContext): GroupAnalysis {
  const statements: PolicyStatement[] = [];
  const origins: { policy: string; statementIndex: number }[] = [];
  const add = (policy: string, document: PolicyDocument): void => {
    document.Statement.forEach((statement, statementIndex) => {
      statements.push(statement);
      origins.push({ policy, statementIndex });
    });
  };
  const unknownPolicies: string[] = [];
  const adminArn = group.managedPolicyArns.find(isAdminManagedPolicyArn);
  for (const arn of group.managedPolicyArns) {
    const document = context.managedPolicyDocument(arn);
    if (document) add(`policy ${policyNameFromArn(arn) ?? arn}`, document);
    else if (!isAwsManagedPolicyArn(arn)) unknownPolicies.push(arn);
  }
  for (const inline of group.inlinePolicies) add(`inline policy ${inline.name}`, inline.document);
  const equivalence = adminArn
    ? undefined
    : adminEquivalenceAcross(
        { Version: '2012-10-17', Statement: statements },
        (index) => origins[index] ?? { statementIndex: index },
      );
  const adminReason = adminArn
    ? `${policyNameFromArn(adminArn) ?? adminArn} (AWS managed, administrator-equivalent) is attached to the group`
    : equivalence
      ? `the group's policies together are administrator-equivalent: ${equivalence.reason}`
      : undefined;
  return {
    adminReason,
    unknownPolicies,
    uncountedDenies: equivalence?.uncountedDenies ?? [],
    conditions: equivalence?.conditions ?? [],
  };
}
