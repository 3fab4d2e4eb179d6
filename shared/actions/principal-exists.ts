import { GetGroupCommand, GetRoleCommand, GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { type ActionFailure, failureFrom, isNoSuchEntity } from './action-failure.js';
import type { PrincipalKind } from '../model/action-kinds.js';

/**
 * Whether the user, group or role exists. A detach or delete answered with
 * NoSuchEntity means "already so" while the principal exists; only a missing
 * principal means the target is gone. Each action that calls it lists the
 * read it needs (iam:GetUser, iam:GetRole, iam:GetGroup) in its spec's `permissions`.
 */
export async function principalExists(iam: IAMClient, kind: PrincipalKind, name: string): Promise<boolean> {
  try {
    if (kind === 'user') await iam.send(new GetUserCommand({ UserName: name }));
    else if (kind === 'role') await iam.send(new GetRoleCommand({ RoleName: name }));
    else await iam.send(new GetGroupCommand({ GroupName: name, MaxItems: 1 }));
    return true;
  } catch (error) {
    if (isNoSuchEntity(error)) return false;
    throw error;
  }
}

/**
 * After NoSuchEntity on a detach or delete: the failure to report when the
 * principal is gone (final) or cannot be read (as the read failed); undefined
 * when it exists, so the caller reports "already so".
 */
export async function principalGoneFailure(
  iam: IAMClient,
  kind: PrincipalKind,
  name: string,
): Promise<ActionFailure | undefined> {
  const target = `${kind} ${name}`;
  try {
    if (await principalExists(iam, kind, name)) return undefined;
  } catch (error) {
    return failureFrom(error, `read ${target}`);
  }
  return { status: 'failed', reason: `${target} no longer exists`, retryable: false };
}
