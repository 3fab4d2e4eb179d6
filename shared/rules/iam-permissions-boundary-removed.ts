import { step } from '../actions/step.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { diffPolicies } from '../policy/policy-diff.js';
import { isAdminEquivalent } from '../policy/admin-equivalent.js';
import { defineRule } from './support/define-rule.js';
import { policyLabel, principalPhrase, readPolicyWrite, type PolicyWrite } from './support/policy-write.js';
import { judgedContent, policyWriteMatch } from './support/policy-write-match.js';
import { writePhrase } from './support/policy-write-phrase.js';

/**
 * A permissions boundary removed from a user or role, or replaced by a
 * broader one (an administrator-equivalent boundary, or one whose known
 * document is broader than the previous boundary's). A new boundary whose
 * content is unknown is left to `iam.policy-changed`.
 */
export const permissionsBoundaryRemoved = defineRule({
  id: 'iam.permissions-boundary-removed',
  title: 'Permissions boundary removed or widened',
  severity: 'high',
  on: [
    IamEvent.DeleteUserPermissionsBoundary,
    IamEvent.DeleteRolePermissionsBoundary,
    IamEvent.PutUserPermissionsBoundary,
    IamEvent.PutRolePermissionsBoundary,
  ],
  rationale:
    'Permissions boundaries cap what delegated administrators and workloads can ever be granted; removing or ' +
    'widening one lifts that cap for every policy the principal has or gets.',
  remediationSummary: 'restore-permissions-boundary (approve)',
  defaultMode: 'approve',
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) => {
      if (!write.principal) return null;
      if (write.kind === 'delete-boundary') {
        return {
          summary: writePhrase(write),
          details: write.previousBoundaryArn ? { notes: [`previous boundary: ${write.previousBoundaryArn}`] } : {},
        };
      }
      const why = broadening(write);
      if (write.kind !== 'put-boundary' || !why) return null;
      return {
        summary: `set a broader permissions boundary ${policyLabel(write)} on ${principalPhrase(write)}`,
        details: judgedContent(write, [why]),
      };
    }),
  remediation: (_match, event, { context }) => {
    const write = readPolicyWrite(event, context);
    if (!write?.principal || write.principal.kind === 'group') return [];
    return [
      step('restore-permissions-boundary', {
        principalKind: write.principal.kind,
        principalName: write.principal.name,
        changedAt: event.eventTime,
      }),
    ];
  },
});

/** Why the new boundary is broader, or undefined when it is not (or cannot be told). */
function broadening(write: PolicyWrite): string | undefined {
  // A first boundary on an unbounded principal can only narrow what it may do.
  if (write.previouslyUnbounded) return undefined;
  if (write.adminArn)
    return `${policyLabel(write)} is an AWS managed administrator-equivalent policy: no effective boundary`;
  if (!write.document) return undefined;
  if (isAdminEquivalent(write.document))
    return `${policyLabel(write)} is administrator-equivalent: no effective boundary`;
  if (write.previousDocument && diffPolicies(write.previousDocument, write.document).broader) {
    return `broader than the previous boundary ${write.previousBoundaryArn ?? ''}`.trimEnd();
  }
  return undefined;
}
