import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetUserCommand,
  IAMClient,
  ListGroupsForUserCommand,
  NoSuchEntityException,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { removeUserFromGroup, removeUserFromGroupSpec } from '../../shared/actions/remove-user-from-group.js';
import { actionEnv, groupsOfUser, priorStateOf } from '../helpers/action-env.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
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

describe('remove-user-from-group: what it reports and records', () => {
  it('says what it did both ways and logs the membership', async () => {
    const env = await arrange();
    const applied = await applyAction(removeUserFromGroup, params, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { member: true },
      message: 'Removed user alice from group admins',
    });
    expect(await removeUserFromGroup.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: 'Added user alice back to group admins',
    });
    expect(env.logger).toMatchObject({
      lines: [
        { level: 'info', message: 'user removed from group', extra: { userName: 'alice', groupName: 'admins' } },
        { level: 'info', message: 'user added back to group', extra: { userName: 'alice', groupName: 'admins' } },
      ],
    });
  });

  it('not a member: already-applied naming both, and that undo says there is nothing to undo', async () => {
    const env = await arrange();
    await env.iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'admins' }));
    const applied = await applyAction(removeUserFromGroup, params, env);
    expect(applied).toEqual({
      status: 'already-applied',
      priorState: { member: false },
      message: 'User alice was not in group admins',
    });
    expect(await removeUserFromGroup.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: 'User alice was not in group admins before; nothing to undo',
    });
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['readers']);
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('change from a recorded "not a member" removes nothing', async () => {
    const env = await arrange();
    expect(await removeUserFromGroup.change(params, { member: false }, env)).toEqual({
      status: 'already-applied',
      priorState: { member: false },
      message: 'User alice was not in group admins',
    });
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['admins', 'readers']);
  });

  it('change: removed meanwhile is already so (saying so); the user deleted meanwhile is named', async () => {
    const env = await arrange();
    await env.iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'admins' }));
    expect(await removeUserFromGroup.change(params, { member: true }, env)).toEqual({
      status: 'already-applied',
      priorState: { member: false },
      message: 'User alice was already out of group admins',
    });
    await env.iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'readers' }));
    await env.iam.send(new DeleteUserCommand({ UserName: 'alice' }));
    expect(await removeUserFromGroup.change(params, { member: true }, env)).toEqual({
      status: 'failed',
      reason: 'user alice no longer exists',
      retryable: false,
    });
  });

  it('undo when the user is back in the group already says so', async () => {
    const env = await arrange();
    const applied = await applyAction(removeUserFromGroup, params, env);
    await env.iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'admins' }));
    expect(await removeUserFromGroup.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: 'User alice is already in group admins',
    });
  });
});

describe('remove-user-from-group when AWS refuses', () => {
  const refusing = (operation: string, code = 'Throttling', status = 400) =>
    iamFailingOn(moto.server.clientOptions, { operation, status, code });

  it('throttling on a read or on the removal is a retryable failure naming the step; access denied is final', async () => {
    const env = await arrange();
    expect(await applyAction(removeUserFromGroup, params, { ...env, iam: refusing('ListGroupsForUser') })).toEqual({
      status: 'failed',
      reason: 'read the groups of user alice: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(await applyAction(removeUserFromGroup, params, { ...env, iam: refusing('RemoveUserFromGroup') })).toEqual({
      status: 'failed',
      reason: 'remove user alice from group admins: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(
      await applyAction(removeUserFromGroup, params, {
        ...env,
        iam: refusing('RemoveUserFromGroup', 'AccessDenied', 403),
      }),
    ).toEqual({
      status: 'failed',
      reason: 'remove user alice from group admins: AWS refused the call (AccessDenied)',
      retryable: false,
    });
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['admins', 'readers']);
  });

  it('throttling while telling "not a member" from "gone" is retryable, for the user and for the group', async () => {
    const env = await arrange();
    await env.iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'admins' }));
    for (const operation of ['GetUser', 'GetGroup']) {
      expect(await applyAction(removeUserFromGroup, params, { ...env, iam: refusing(operation) })).toEqual({
        status: 'failed',
        reason: 'read user alice and group admins: AWS refused the call (Throttling)',
        retryable: true,
      });
    }
  });

  it('undo: throttling on the read or on the re-add is retryable, and the user stays out', async () => {
    const env = await arrange();
    const prior = priorStateOf(await applyAction(removeUserFromGroup, params, env));
    for (const operation of ['ListGroupsForUser', 'AddUserToGroup']) {
      expect(await removeUserFromGroup.undo(params, prior, { ...env, iam: refusing(operation) })).toEqual({
        status: 'failed',
        reason: 'add user alice back to group admins: AWS refused the call (Throttling)',
        retryable: true,
      });
    }
    expect(await groupsOfUser(env.iam, 'alice')).toEqual(['readers']);
  });

  it('undo: throttling while finding out which of the two was deleted is retryable', async () => {
    const env = await arrange();
    const prior = priorStateOf(await applyAction(removeUserFromGroup, params, env));
    await env.iam.send(new DeleteGroupCommand({ GroupName: 'admins' }));
    expect(await removeUserFromGroup.undo(params, prior, { ...env, iam: refusing('GetUser') })).toEqual({
      status: 'failed',
      reason: 'read user alice and group admins: AWS refused the call (Throttling)',
      retryable: true,
    });
  });
});

describe('remove-user-from-group when the user or group vanishes between calls (mocked IAM)', () => {
  const noSuchEntity = () => new NoSuchEntityException({ message: 'gone', $metadata: {} });

  it('inspect of a missing user reports it gone, not ready to remove', async () => {
    const env = await arrange();
    expect(await removeUserFromGroup.inspect({ userName: 'nobody', groupName: 'admins' }, env)).toEqual({
      status: 'failed',
      reason: 'user nobody no longer exists',
      retryable: false,
    });
  });

  it('undo: the user deleted between the read and the re-add is cannot-undo naming the user', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
    mock.on(AddUserToGroupCommand).rejects(noSuchEntity());
    mock.on(GetUserCommand).rejects(noSuchEntity());
    mock.on(GetGroupCommand).resolves({});
    const env = actionEnv(moto.server.clientOptions, { iam });
    expect(await removeUserFromGroup.undo(params, { member: true }, env)).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden removed it from admins',
    });
  });
});

describe('remove-user-from-group with more groups than one page (mocked IAM)', () => {
  function pagedEnv(pages: string[][]) {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    pages.forEach((groups, index) => {
      mock.on(ListGroupsForUserCommand, { UserName: 'alice', Marker: index === 0 ? undefined : `m${index}` }).resolves({
        Groups: groups.map((GroupName) => ({
          GroupName,
          GroupId: `AGPA${GroupName}`,
          Arn: `arn:aws:iam::123456789012:group/${GroupName}`,
          Path: '/',
          CreateDate: new Date(0),
        })),
        IsTruncated: index < pages.length - 1,
        Marker: `m${index + 1}`,
      });
    });
    mock.on(RemoveUserFromGroupCommand).resolves({});
    mock.on(GetUserCommand).resolves({});
    mock.on(GetGroupCommand).resolves({});
    const removals = () => mock.commandCalls(RemoveUserFromGroupCommand).map((call) => call.args[0].input);
    return { env: actionEnv(moto.server.clientOptions, { iam }), removals };
  }

  it('finds the membership on a later page', async () => {
    const { env, removals } = pagedEnv([['readers'], ['admins']]);
    expect(await applyAction(removeUserFromGroup, params, env)).toMatchObject({ status: 'applied' });
    expect(removals()).toEqual([{ UserName: 'alice', GroupName: 'admins' }]);
  });

  it('stops at the last page: a user in none of the pages is not a member', async () => {
    const { env, removals } = pagedEnv([['readers'], ['auditors']]);
    expect(await applyAction(removeUserFromGroup, params, env)).toMatchObject({ status: 'already-applied' });
    expect(removals()).toEqual([]);
  });
});

describe('remove-user-from-group registration', () => {
  it('is registered under its own kind', () => {
    expect(removeUserFromGroup.kind).toBe('remove-user-from-group');
  });

  it('its params keep both names and need both; its target is the user', () => {
    expect(v.safeParse(removeUserFromGroupSpec.params, params)).toMatchObject({ success: true, output: params });
    expect(v.safeParse(removeUserFromGroupSpec.params, { userName: 'alice' }).success).toBe(false);
    expect(removeUserFromGroup.target(params)).toEqual({ kind: 'user', name: 'alice' });
  });
});
