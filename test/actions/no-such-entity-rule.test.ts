/**
 * The NoSuchEntity rule for every kind that acts on a principal's part: while
 * the principal exists, NoSuchEntity means "already so" (apply) or "already
 * undone" (undo); only a missing principal is "target gone" (apply fails,
 * undo cannot undo, with a reason naming what was deleted). Someone else's
 * change lands between Warden's read and its write (a middleware on Warden's
 * client makes it, through another client, just before the write is sent).
 */
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  DeleteAccessKeyCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { applyAction } from '../../shared/actions/apply-action.js';
import { quarantineRole } from '../../shared/actions/quarantine-role.js';
import { quarantineUser } from '../../shared/actions/quarantine-user.js';
import { removeUserFromGroup } from '../../shared/actions/remove-user-from-group.js';
import { restorePermissionsBoundary } from '../../shared/actions/restore-permissions-boundary.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { actionEnv, attachedPolicyArns, groupsOfUser, inlinePolicies, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';

const moto = useMotoServer();

const TRUST = '{"Version":"2012-10-17","Statement":[]}';

/** Runs `meanwhile` (as someone else) just before Warden's client sends `commandName`, once. */
function before(env: ActionEnv, commandName: string, meanwhile: (other: IAMClient) => Promise<unknown>): void {
  const other = new IAMClient(sdkClientConfig(moto.server.clientOptions));
  let done = false;
  env.iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (!done && context.commandName === commandName) {
        done = true;
        await meanwhile(other);
      }
      return next(args);
    },
    { step: 'initialize', name: `before${commandName}` },
  );
}

async function userInGroup(): Promise<ActionEnv> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await env.iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
  await env.iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'admins' }));
  return env;
}

const membership = { userName: 'alice', groupName: 'admins' };

describe('remove-user-from-group', () => {
  it('removed meanwhile while both exist: already so, and Undo adds nothing back', async () => {
    const env = await userInGroup();
    before(env, 'RemoveUserFromGroupCommand', (other) =>
      other.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'admins' })),
    );

    const applied = await applyAction(removeUserFromGroup, membership, env);

    expect(applied).toMatchObject({ status: 'already-applied', priorState: { member: false } });
    expect((await removeUserFromGroup.undo(membership, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await groupsOfUser(env.iam, 'alice')).toEqual([]);
  });

  it('the group deleted meanwhile: target gone, naming the group', async () => {
    const env = await userInGroup();
    before(env, 'RemoveUserFromGroupCommand', async (other) => {
      await other.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'admins' }));
      await other.send(new DeleteGroupCommand({ GroupName: 'admins' }));
    });

    expect(await applyAction(removeUserFromGroup, membership, env)).toEqual({
      status: 'failed',
      reason: 'group admins no longer exists',
      retryable: false,
    });
  });

  it('undo after the group was deleted: cannot undo, naming the group', async () => {
    const env = await userInGroup();
    const applied = await applyAction(removeUserFromGroup, membership, env);
    await env.iam.send(new DeleteGroupCommand({ GroupName: 'admins' }));

    expect(await removeUserFromGroup.undo(membership, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'group admins was deleted after Warden removed alice from it',
    });
  });

  it('undo after the user was deleted: cannot undo, naming the user', async () => {
    const env = await userInGroup();
    const applied = await applyAction(removeUserFromGroup, membership, env);
    await env.iam.send(new DeleteUserCommand({ UserName: 'alice' }));

    expect(await removeUserFromGroup.undo(membership, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden removed it from admins',
    });
  });
});

describe('quarantine-user undo', () => {
  async function quarantined() {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await env.iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    const applied = await applyAction(quarantineUser, { userName: 'bob' }, env);
    return { env, prior: priorStateOf(applied) };
  }

  it('AWSDenyAll detached between the read and the detach: already so for it, the key is still reactivated', async () => {
    const { env, prior } = await quarantined();
    before(env, 'DetachUserPolicyCommand', (other) =>
      other.send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: prior.policyArn })),
    );

    const undone = await quarantineUser.undo({ userName: 'bob' }, prior, env);

    expect(undone).toMatchObject({ status: 'undone' });
    expect(undone.status === 'undone' && undone.message).toContain('AWSDenyAll already detached');
    expect(await attachedPolicyArns(env.iam, 'user', 'bob')).toEqual([]);
  });

  it('a key deleted between the read and the reactivation is named; the rest is undone', async () => {
    const { env, prior } = await quarantined();
    before(env, 'UpdateAccessKeyCommand', async (other) => {
      const keys = await other.send(new ListAccessKeysCommand({ UserName: 'bob' }));
      const accessKeyId = keys.AccessKeyMetadata![0]!.AccessKeyId!;
      await other.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: accessKeyId }));
    });

    const undone = await quarantineUser.undo({ userName: 'bob' }, prior, env);

    expect(undone).toMatchObject({ status: 'undone' });
    expect(undone.status === 'undone' && undone.message).toContain(
      `access keys deleted since: ${prior.deactivatedKeys[0]}`,
    );
  });

  it('the user deleted: cannot undo', async () => {
    const { env, prior } = await quarantined();
    before(env, 'ListAttachedUserPoliciesCommand', async (other) => {
      await other.send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: prior.policyArn }));
      const keys = await other.send(new ListAccessKeysCommand({ UserName: 'bob' }));
      for (const key of keys.AccessKeyMetadata ?? []) {
        await other.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: key.AccessKeyId! }));
      }
      await other.send(new DeleteUserCommand({ UserName: 'bob' }));
    });

    expect(await quarantineUser.undo({ userName: 'bob' }, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'user bob was deleted after Warden quarantined it',
    });
  });
});

describe('quarantine-role undo', () => {
  async function quarantined() {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    const applied = await applyAction(quarantineRole, { roleName: 'app' }, env);
    return { env, prior: priorStateOf(applied) };
  }

  it('an inline policy deleted between the read and the delete: already so for it', async () => {
    const { env, prior } = await quarantined();
    before(env, 'DeleteRolePolicyCommand', (other) =>
      other.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: prior.put[0]!.policyName })),
    );

    expect((await quarantineRole.undo({ roleName: 'app' }, prior, env)).status).toBe('undone');
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual({});
  });

  it('the role deleted: cannot undo (not "already undone" because its policies are gone with it)', async () => {
    const { env, prior } = await quarantined();
    for (const entry of prior.put) {
      await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: entry.policyName }));
    }
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'app' }));

    expect(await quarantineRole.undo({ roleName: 'app' }, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'role app was deleted after Warden quarantined it',
    });
  });
});

describe('restore-permissions-boundary', () => {
  const boundary = { principalKind: 'role', principalName: 'app' } as const;
  const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';

  it('undo after the role was deleted: cannot undo, naming the role', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    const prior = { previousBoundaryArn: null, restoredBoundaryArn: POWER_USER };
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'app' }));

    expect(await restorePermissionsBoundary.undo(boundary, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'role app was deleted after Warden restored its boundary',
    });
  });

  it('change on a deleted role: target gone', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const prior = { previousBoundaryArn: null, restoredBoundaryArn: POWER_USER };

    expect(await restorePermissionsBoundary.change(boundary, prior, env)).toEqual({
      status: 'failed',
      reason: 'role app no longer exists',
      retryable: false,
    });
  });
});
