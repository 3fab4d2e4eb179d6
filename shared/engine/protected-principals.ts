import type { RemediationStep } from '../model/action-kinds.js';
import { wildcardMatch } from '../policy/wildcard-match.js';
import { wardenOwnRoleReason } from '../rules/support/warden-resources.js';
import type { WardenConfig } from '../settings/warden-config.js';

/** The IAM principal a remediation step would change, as an ARN (path-less; patterns use `*`). */
export interface StepPrincipal {
  readonly kind: 'user' | 'role' | 'group';
  readonly name: string;
  readonly arn: string;
  readonly account?: string;
}

export function principalOfStep(
  step: RemediationStep,
  account: string | undefined,
  partition = 'aws',
): StepPrincipal | undefined {
  const arnOf = (kind: StepPrincipal['kind'], name: string): StepPrincipal => ({
    kind,
    name,
    arn: `arn:${partition}:iam::${account ?? '*'}:${kind}/${name}`,
    ...(account ? { account } : {}),
  });
  switch (step.kind) {
    case 'disable-access-key':
    case 'quarantine-user':
    case 'remove-user-from-group':
      return arnOf('user', step.params.userName);
    case 'quarantine-role':
    case 'restore-trust-policy':
      return arnOf('role', step.params.roleName);
    case 'detach-policy':
    case 'delete-inline-policy':
      return arnOf(step.params.principalKind, step.params.principalName);
    case 'restore-permissions-boundary':
      return arnOf(step.params.principalKind, step.params.principalName);
    default:
      return undefined;
  }
}

export function matchesAnyArnPattern(arn: string | undefined, patterns: readonly string[]): boolean {
  if (!arn) return false;
  return patterns.some((pattern) => wildcardMatch(pattern, arn, { ignoreCase: false }));
}

/**
 * Why Warden must not act on this principal, or undefined when it may:
 * service-linked roles, Warden's own roles (exact names, warden-resources.ts),
 * break-glass principals.
 * (Root never appears as a step target: no step kind can address it.)
 */
export function protectedReason(principal: StepPrincipal, config: WardenConfig): string | undefined {
  if (principal.kind === 'role' && /^AWSServiceRoleFor/i.test(principal.name)) {
    return `${principal.name} is a service-linked role; Warden never changes those`;
  }
  if (principal.kind === 'role') {
    // Exact names of the roles Warden runs as, never a prefix: a `warden-backdoor` stays remediable.
    const own = wardenOwnRoleReason(principal.name, principal.account, {
      hubAccountId: config.hub.accountId,
      stage: config.hub.stage,
    });
    if (own) return own;
  }
  if (matchesAnyArnPattern(principal.arn, config.breakGlass)) {
    return `${principal.name} is a break-glass principal; Warden never touches it`;
  }
  return undefined;
}
