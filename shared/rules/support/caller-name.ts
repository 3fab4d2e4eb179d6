import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import { parseIdentityArn } from '../../cloudtrail/identity.js';

/**
 * Names of the caller as rules need them: a short label for summaries, and
 * the IAM user / session names used to tell "for themselves" from "for
 * someone else". Read straight from `userIdentity`; never throws.
 */

/** Short, human label of who made the call: `alice`, `root`, `DeployRole/ci-run-42`, `cloudformation.amazonaws.com`. */
export function callerName(event: CloudTrailEvent): string {
  const identity = event.userIdentity;
  switch (identity.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return callerUserName(event) ?? identity.principalId ?? 'an IAM user';
    case 'AssumedRole': {
      const role = identity.sessionContext?.sessionIssuer?.userName;
      const session = callerSessionName(event);
      if (role && session) return `${role}/${session}`;
      return role ?? session ?? identity.arn ?? 'an assumed role';
    }
    case 'AWSService':
      return identity.invokedBy ?? 'an AWS service';
    default:
      return lastArnSegment(identity.arn) ?? identity.userName ?? identity.principalId ?? 'an unknown caller';
  }
}

/** The IAM user name of an `IAMUser` caller (from `userName`, else the ARN); undefined for other callers. */
export function callerUserName(event: CloudTrailEvent): string | undefined {
  const identity = event.userIdentity;
  if (identity.type !== 'IAMUser') return undefined;
  return nonEmpty(identity.userName) ?? userNameFromArn(identity.arn);
}

/** Every name the caller's IAM user is known by (the record's `userName` and the ARN may disagree). */
export function callerUserNames(event: CloudTrailEvent): readonly string[] {
  const identity = event.userIdentity;
  if (identity.type !== 'IAMUser') return [];
  return [nonEmpty(identity.userName), userNameFromArn(identity.arn)].filter((name): name is string => !!name);
}

/** The role session name of an assumed-role or federated caller (`…:assumed-role/Role/<session>`). */
export function callerSessionName(event: CloudTrailEvent): string | undefined {
  const identity = event.userIdentity;
  if (identity.type !== 'AssumedRole' && identity.type !== 'FederatedUser') return undefined;
  const parts = parseIdentityArn(identity.arn);
  if (parts?.kind === 'assumed-role') return parts.session;
  if (parts?.kind === 'federated-user') return parts.name;
  // No usable ARN: the principal id is `<role id>:<session>`.
  const principal = identity.principalId;
  const colon = principal?.indexOf(':') ?? -1;
  return principal && colon >= 0 ? nonEmpty(principal.slice(colon + 1)) : undefined;
}

/** IAM names are unique case-insensitively. */
export function sameIamName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** `arn:aws:iam::1:user/path/alice` → `alice`; undefined for non-user ARNs. */
export function userNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const marker = arn.indexOf(':user/');
  if (marker < 0) return undefined;
  return lastArnSegment(arn);
}

/** The part after the last `/` (or `:` when there is no `/`) of an ARN-like string. */
export function lastArnSegment(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const slash = arn.lastIndexOf('/');
  const cut = slash >= 0 ? slash : arn.lastIndexOf(':');
  return nonEmpty(arn.slice(cut + 1));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
