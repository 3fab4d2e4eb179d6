import { DEFAULT_REMEDIATION_ROLE } from '../aws/account-clients.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { isWardenName } from './protected-principals.js';

/** The role name behind the caller, for roles and assumed-role sessions. */
function callerRoleName(event: CloudTrailEvent): string | undefined {
  const identity = event.userIdentity;
  const issuer = identity.sessionContext?.sessionIssuer;
  if (issuer?.type === 'Role' && issuer.userName) return issuer.userName;
  const arn = identity.arn ?? '';
  const assumed = /:assumed-role\/([^/]+)\//.exec(arn);
  if (assumed) return assumed[1];
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return role?.[1];
}

/**
 * True when Warden itself made the call (its functions' roles, or the
 * remediation role it assumes in member accounts). Such events are never
 * remediated again — an Undo must not trigger a new remediation — while
 * changes made *to* Warden's resources by anyone else raise `warden.tampering`.
 */
export function isWardenActor(event: CloudTrailEvent, resourcePrefix: string): boolean {
  const role = callerRoleName(event);
  return role !== undefined && (role === DEFAULT_REMEDIATION_ROLE || isWardenName(role, resourcePrefix));
}
