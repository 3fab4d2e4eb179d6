import type { ActionTarget } from '../actions/action.js';
import { specFor } from '../actions/registry.js';
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

/** The principal `step` changes (its kind's own `target`), as an ARN in `account`; undefined for account- or trail-level steps. */
export function principalOfStep(
  step: RemediationStep,
  account: string | undefined,
  partition = 'aws',
): StepPrincipal | undefined {
  const target = (specFor(step.kind).target as (params: RemediationStep['params']) => ActionTarget | null)(step.params);
  if (!target) return undefined;
  return {
    kind: target.kind,
    name: target.name,
    arn: `arn:${partition}:iam::${account ?? '*'}:${target.kind}/${target.name}`,
    ...(account ? { account } : {}),
  };
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
