import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  NoSuchEntityException,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { removeUserFromGroup } from '../../shared/actions/remove-user-from-group.js';
import { actionEnv, groupsOfUser, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

const params = { userName: 'alice', groupName: 'admins' };

/** alice in groups "admins" and "readers". */
async function arrange(): Promise<ActionEnv> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreateUserCommand({ UserName: 'alice' }));
  for (const group of ['admins', 'readers']) {
    await env.iam.send(new CreateGroupCommand({ GroupName: group }));
    await env.iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: group }));
  }
  return env;
}

async function groupExists(env: ActionEnv, groupName: string): Promise<boolean> {
  return env.iam.send(new GetGroupCommand({ GroupName: groupName })).then(
    () => true,
    (error: unknown) => {
      if (error instanceof NoSuchEntityException) return false;
      throw error;
    },
  );
}

describe('remove-user-from-group', () => {
  it('removes the user from exactly that group, and undo restores the membership', async () => {
    const env = await arrange();
    const before = await groupsOfUser(env.iam, 'alice');
    expect(before).toEqual(['admins', 'readers']);

    const applied = await applyAction(removeUserFromGroup, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { member: true } });
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['readers']);

    const undone = await removeUserFromGroup.undo(params, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(before);
  });

  it('reports already-applied the second time and changes nothing', async () => {
    const env = await arrange();
    await applyAction(removeUserFromGroup, params, env);

    const again = await applyAction(removeUserFromGroup, params, env);
    expect(again).toMatchObject({ status: 'already-applied', priorState: { member: false } });
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['readers']);
    expect((await removeUserFromGroup.undo(params, priorStateOf(again), env)).status).toBe('already-undone');
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['readers']);
  });

  it('undo when someone added the user back already is already-undone', async () => {
    const env = await arrange();
    const applied = await applyAction(removeUserFromGroup, params, env);
    await env.iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'admins' }));

    expect((await removeUserFromGroup.undo(params, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['admins', 'readers']);
  });

  it('undo after the group was deleted is cannot-undo and the deletion stands', async () => {
    const env = await arrange();
    const applied = await applyAction(removeUserFromGroup, params, env);
    await env.iam.send(new DeleteGroupCommand({ GroupName: 'admins' }));

    expect(await removeUserFromGroup.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'group admins was deleted after Warden removed alice from it',
    });
    expect(await groupExists(env, 'admins')).toBe(false);
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['readers']);
  });

  it('undo after the user was deleted is cannot-undo', async () => {
    const env = await arrange();
    const applied = await applyAction(removeUserFromGroup, params, env);
    await env.iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'readers' }));
    await env.iam.send(new DeleteUserCommand({ UserName: 'alice' }));

    expect(await removeUserFromGroup.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden removed it from admins',
    });
    const members = await env.iam.send(new GetGroupCommand({ GroupName: 'admins' }));
    expect(members.Users).toEqual([]);
  });

  it('fails with a reason, without throwing, when the user or the group is gone', async () => {
    const env = await arrange();
    await expect(applyAction(removeUserFromGroup, { userName: 'nobody', groupName: 'admins' }, env)).resolves.toEqual({
      status: 'failed',
      reason: 'user nobody no longer exists',
      retryable: false,
    });
    await expect(applyAction(removeUserFromGroup, { userName: 'alice', groupName: 'gone' }, env)).resolves.toEqual({
      status: 'failed',
      reason: 'group gone no longer exists',
      retryable: false,
    });
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['admins', 'readers']);
  });

  it('declares exactly the calls it makes and describes the step', () => {
    expect([...removeUserFromGroup.permissions].sort()).toEqual([
      'iam:AddUserToGroup',
      'iam:GetGroup',
      'iam:GetUser',
      'iam:ListGroupsForUser',
      'iam:RemoveUserFromGroup',
    ]);
    expect(removeUserFromGroup.describe(params)).toBe('Remove user alice from group admins');
  });
});
