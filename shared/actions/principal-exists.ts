import { GetGroupCommand, GetRoleCommand, GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { isNoSuchEntity } from './action-failure.js';
import type { PrincipalKind } from './action-kinds.js';

/**
 * Whether the user, group or role exists. A detach or delete answered with
 * NoSuchEntity means "already so" while the principal exists; only a missing
 * principal means the target is gone. Each action that calls it lists the
 * read it needs (iam:GetUser, iam:GetRole, iam:GetGroup) in action-permissions.ts.
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
