import type { WardenDeployment } from '../../model/detection-settings.js';
import { DEFAULT_READER_ROLE, DEFAULT_REMEDIATION_ROLE } from '../../aws/account-clients.js';
import { FUNCTION_NAMES, SERVICE_NAME, stageResources } from '../../settings/stage-resources.js';

/**
 * Which resources are Warden's own, in one deployment.
 *
 * Two different questions, answered with different strictness:
 *
 * - "Is someone changing Warden?" (`warden.tampering`): errs towards alerting.
 *   Everything in the stage's namespace (`warden-<stage>`, `warden-<stage>-…`,
 *   the `warden/<stage>/` secrets and parameters, the member StackSet's
 *   instances) and the member roles `WardenRemediation`/`WardenReader` in any
 *   account. Without a known stage (a replay without `hub.stage`) the whole
 *   `warden-…` namespace counts. A role an attacker merely names like Warden's
 *   gets one more critical alert, never fewer.
 * - "Must Warden leave this principal alone?" (`protectedReason`): exact only,
 *   because it suppresses a remediation. The hub's four function roles by exact
 *   name in the hub account, and the member roles by exact name (the same set
 *   the remediation policy's `WardenNeverChangesItself` Deny names).
 */

export type WardenResourceKind =
  | 'role'
  | 'user'
  | 'policy'
  | 'function'
  | 'EventBridge rule'
  | 'event bus'
  | 'table'
  | 'topic'
  | 'queue'
  | 'secret'
  | 'parameter'
  | 'stack'
  | 'stack set';

/** The member-account roles infra/member-account.yml creates (exact names). */
export const MEMBER_ROLE_NAMES: readonly string[] = [DEFAULT_REMEDIATION_ROLE, DEFAULT_READER_ROLE];

const SSM_PREFIX = 'ssm:';

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function inNamespace(name: string, namespace: string): boolean {
  const lower = name.toLowerCase();
  const ns = namespace.toLowerCase();
  return lower === ns || lower.startsWith(`${ns}-`);
}

/** `warden-prod` for a known stage, `warden` (every stage) otherwise. */
function namespaceOf(deployment: WardenDeployment): string {
  return deployment.stage ? stageResources(deployment.stage).prefix : SERVICE_NAME;
}

/** `warden/prod/` (Secrets Manager) for a known stage, `warden/` otherwise. */
function secretPathOf(deployment: WardenDeployment): string {
  return deployment.stage ? `${SERVICE_NAME}/${deployment.stage}/` : `${SERVICE_NAME}/`;
}

/**
 * Why a resource is Warden's, in plain words, or undefined when it is not
 * (for `warden.tampering`; see the module comment for the strictness).
 */
export function wardenResourceReason(
  kind: WardenResourceKind,
  name: string,
  deployment: WardenDeployment,
): string | undefined {
  if (name === '') return undefined;
  const namespace = namespaceOf(deployment);
  switch (kind) {
    case 'role':
      if (MEMBER_ROLE_NAMES.some((role) => sameName(role, name))) return 'a role infra/member-account.yml deploys';
      return inNamespace(name, namespace) ? `in Warden's namespace ${namespace}` : undefined;
    case 'secret': {
      const configured = deployment.slackSecretId;
      if (configured && !configured.startsWith(SSM_PREFIX) && sameName(configured, name)) {
        return "Warden's Slack credentials";
      }
      return name.toLowerCase().startsWith(secretPathOf(deployment).toLowerCase())
        ? `under Warden's secret path ${secretPathOf(deployment)}`
        : undefined;
    }
    case 'parameter': {
      const configured = deployment.slackSecretId;
      const bare = name.replace(/^\//, '');
      if (
        configured?.startsWith(SSM_PREFIX) &&
        sameName(configured.slice(SSM_PREFIX.length).replace(/^\//, ''), bare)
      ) {
        return "Warden's Slack credentials";
      }
      return bare.toLowerCase().startsWith(secretPathOf(deployment).toLowerCase())
        ? `under Warden's parameter path /${secretPathOf(deployment)}`
        : undefined;
    }
    case 'stack':
      // Stack instances of the member StackSet are named StackSet-<set name>-<uuid>.
      if (inNamespace(name.replace(/^StackSet-/i, ''), namespace)) return `in Warden's namespace ${namespace}`;
      return undefined;
    default:
      return inNamespace(name, namespace) ? `in Warden's namespace ${namespace}` : undefined;
  }
}

/**
 * Why Warden must never change this role itself, or undefined: exact names
 * of the roles Warden runs as (see the module comment).
 */
export function wardenOwnRoleReason(
  roleName: string,
  account: string | undefined,
  deployment: WardenDeployment,
): string | undefined {
  const { stage, hubAccountId } = deployment;
  const inHub = hubAccountId !== undefined && account === hubAccountId;
  if (inHub && stage) {
    const resources = stageResources(stage);
    if (FUNCTION_NAMES.some((fn) => sameName(resources.roleName(fn), roleName))) {
      return `${roleName} is one of Warden's own roles`;
    }
  }
  // The member roles by exact name in every account, as the remediation policy's Deny has them
  // (remediation-permissions.ts): re-creating one under that name is `warden.tampering`.
  if (MEMBER_ROLE_NAMES.some((role) => sameName(role, roleName))) {
    return `${roleName} is Warden's member-account role`;
  }
  return undefined;
}
