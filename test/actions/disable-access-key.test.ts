import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { disableAccessKey, disableAccessKeySpec } from '../../shared/actions/disable-access-key.js';
import { accessKeyStatuses, actionEnv, priorStateOf, silentLogger } from '../helpers/action-env.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
import { beforeCommand } from '../helpers/meanwhile.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

/** User alice with two active keys; returns the env and both key ids. */
async function arrange(): Promise<{ env: ActionEnv; target: string; other: string }> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const first = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  const second = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  return { env, target: first.AccessKey?.AccessKeyId ?? '', other: second.AccessKey?.AccessKeyId ?? '' };
}

describe('disable-access-key', () => {
  it('deactivates exactly the named key, and undo restores the start state', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const before = await accessKeyStatuses(env.iam, 'alice');
    expect(before).toEqual({ [target]: 'Active', [other]: 'Active' });

    const applied = await applyAction(disableAccessKey, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { status: 'Active' } });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Inactive', [other]: 'Active' });
    const undone = await disableAccessKey.undo(params, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual(before);
  });

  it('reports already-applied the second time and changes nothing', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    await applyAction(disableAccessKey, params, env);

    const again = await applyAction(disableAccessKey, params, env);
    expect(again).toMatchObject({ status: 'already-applied', priorState: { status: 'Inactive' } });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Inactive', [other]: 'Active' });

    // Undoing the no-op apply must not activate a key that was inactive before Warden came.
    expect((await disableAccessKey.undo(params, priorStateOf(again), env)).status).toBe('already-undone');
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Inactive', [other]: 'Active' });
  });

  it('undo is already-undone when someone reactivated the key meanwhile', async () => {
    const { env, target } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const applied = await applyAction(disableAccessKey, params, env);
    await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: target, Status: 'Active' }));
    expect((await disableAccessKey.undo(params, priorStateOf(applied), env)).status).toBe('already-undone');
    expect((await accessKeyStatuses(env.iam, 'alice'))[target]).toBe('Active');
  });

  it('undo after the key was deleted is cannot-undo and leaves the deletion alone', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const applied = await applyAction(disableAccessKey, params, env);
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: target }));
    const undone = await disableAccessKey.undo(params, priorStateOf(applied), env);
    expect(undone).toEqual({
      status: 'cannot-undo',
      reason: `access key ${target} of user alice was deleted after Warden deactivated it`,
    });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [other]: 'Active' });
  });

  it('fails with a reason, without throwing, when the key or the user is gone', async () => {
    const { env } = await arrange();
    await expect(
      applyAction(disableAccessKey, { userName: 'alice', accessKeyId: 'AKIAGONE0000000000' }, env),
    ).resolves.toEqual({
      status: 'failed',
      reason: 'access key AKIAGONE0000000000 no longer exists for user alice',
      retryable: false,
    });
    await expect(
      applyAction(disableAccessKey, { userName: 'nobody', accessKeyId: 'AKIAGONE0000000000' }, env),
    ).resolves.toEqual({
      status: 'failed',
      reason: 'user nobody no longer exists',
      retryable: false,
    });
  });

  it('declares exactly the calls it makes and describes the step', () => {
    expect(disableAccessKey.permissions).toEqual(['iam:GetUser', 'iam:ListAccessKeys', 'iam:UpdateAccessKey']);
    expect(disableAccessKey.describe({ userName: 'alice', accessKeyId: 'AKIA1' })).toBe(
      'Deactivate access key AKIA1 of user alice',
    );
  });
});

/** Deletes alice's key `accessKeyId` (and with `andUser` her other keys and alice herself) as someone else. */
async function deleteKey(other: IAMClient, accessKeyId: string, andUser = false): Promise<void> {
  if (!andUser) {
    await other.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: accessKeyId }));
    return;
  }
  const keys = await other.send(new ListAccessKeysCommand({ UserName: 'alice' }));
  for (const key of keys.AccessKeyMetadata ?? []) {
    await other.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId }));
  }
  await other.send(new DeleteUserCommand({ UserName: 'alice' }));
}

describe('disable-access-key says what it did', () => {
  it('messages and log lines of apply, a repeat, undo and a repeated undo', async () => {
    const { env, target } = await arrange();
    const logger = silentLogger();
    const logged = { ...env, logger };
    const params = { userName: 'alice', accessKeyId: target };

    const applied = await applyAction(disableAccessKey, params, logged);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { status: 'Active' },
      message: `Deactivated access key ${target} of user alice`,
    });
    expect(await applyAction(disableAccessKey, params, logged)).toEqual({
      status: 'already-applied',
      priorState: { status: 'Inactive' },
      message: `Access key ${target} of user alice was already inactive`,
    });
    expect(await disableAccessKey.undo(params, { status: 'Inactive' }, logged)).toEqual({
      status: 'already-undone',
      message: `Access key ${target} was inactive before; nothing to undo`,
    });
    expect((await accessKeyStatuses(env.iam, 'alice'))[target]).toBe('Inactive');
    expect(await disableAccessKey.undo(params, priorStateOf(applied), logged)).toEqual({
      status: 'undone',
      message: `Reactivated access key ${target} of user alice`,
    });
    expect(await disableAccessKey.undo(params, priorStateOf(applied), logged)).toEqual({
      status: 'already-undone',
      message: `Access key ${target} of user alice is already active`,
    });
    expect(logger.lines).toEqual([
      { level: 'info', message: 'access key deactivated', extra: { userName: 'alice', accessKeyId: target } },
      { level: 'info', message: 'access key reactivated', extra: { userName: 'alice', accessKeyId: target } },
    ]);
  });

  it('a change whose inspection saw the key inactive does not call IAM', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    expect(await disableAccessKey.change(params, { status: 'Inactive' }, env)).toEqual({
      status: 'already-applied',
      priorState: { status: 'Inactive' },
      message: `Access key ${target} was already inactive`,
    });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Active', [other]: 'Active' });
  });

  it('undo of a user deleted since is cannot-undo, naming the user', async () => {
    const { env, target } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const applied = await applyAction(disableAccessKey, params, env);
    await deleteKey(env.iam, target, true);

    expect(await disableAccessKey.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden deactivated the key',
    });
  });
});

describe('disable-access-key when the key or user goes between the read and the write', () => {
  it('the key deleted before the deactivation: a final failure naming the key', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', (iam) => deleteKey(iam, target));

    expect(await applyAction(disableAccessKey, params, env)).toEqual({
      status: 'failed',
      reason: `access key ${target} no longer exists for user alice`,
      retryable: false,
    });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [other]: 'Active' });
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('the user deleted before the deactivation: a final failure naming the user', async () => {
    const { env, target } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', (iam) => deleteKey(iam, target, true));

    expect(await applyAction(disableAccessKey, params, env)).toEqual({
      status: 'failed',
      reason: 'user alice no longer exists',
      retryable: false,
    });
  });

  it('the key deleted and the user unreadable: the read failure, retryable when throttled', async () => {
    const { env, target } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const iam = iamFailingOn(moto.server.clientOptions, { operation: 'GetUser', status: 400, code: 'Throttling' });
    const failing = { ...env, iam };
    beforeCommand(failing, moto.server.clientOptions, 'UpdateAccessKeyCommand', (other) => deleteKey(other, target));

    expect(await applyAction(disableAccessKey, params, failing)).toEqual({
      status: 'failed',
      reason: 'read user alice: AWS refused the call (Throttling)',
      retryable: true,
    });
  });

  it('undo: the key deleted before the reactivation is cannot-undo naming the key', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const applied = await applyAction(disableAccessKey, params, env);
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', (iam) => deleteKey(iam, target));

    expect(await disableAccessKey.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: `access key ${target} of user alice was deleted after Warden deactivated it`,
    });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [other]: 'Active' });
  });

  it('undo: the user deleted before the reactivation is cannot-undo naming the user', async () => {
    const { env, target } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const applied = await applyAction(disableAccessKey, params, env);
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', (iam) => deleteKey(iam, target, true));

    expect(await disableAccessKey.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden deactivated the key',
    });
  });

  it('undo: the key deleted and the user unreadable is cannot-undo naming the key', async () => {
    const { env, target } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const applied = await applyAction(disableAccessKey, params, env);
    const iam = iamFailingOn(moto.server.clientOptions, { operation: 'GetUser', status: 400, code: 'Throttling' });
    const failing = { ...env, iam };
    beforeCommand(failing, moto.server.clientOptions, 'UpdateAccessKeyCommand', (other) => deleteKey(other, target));

    expect(await disableAccessKey.undo(params, priorStateOf(applied), failing)).toEqual({
      status: 'cannot-undo',
      reason: `access key ${target} of user alice was deleted after Warden deactivated it`,
    });
  });
});

describe('disable-access-key when AWS refuses', () => {
  it('throttling on the read is a retryable failure naming the key, and nothing changes', async () => {
    const { env, target, other } = await arrange();
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'ListAccessKeys',
      status: 400,
      code: 'Throttling',
    });
    expect(await applyAction(disableAccessKey, { userName: 'alice', accessKeyId: target }, { ...env, iam })).toEqual({
      status: 'failed',
      reason: `read access key ${target}: AWS refused the call (Throttling)`,
      retryable: true,
    });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Active', [other]: 'Active' });
  });

  it('a refused deactivation is a failure naming the call; access denied is not retried', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const denied = iamFailingOn(moto.server.clientOptions, {
      operation: 'UpdateAccessKey',
      status: 403,
      code: 'AccessDenied',
    });
    expect(await applyAction(disableAccessKey, params, { ...env, iam: denied })).toEqual({
      status: 'failed',
      reason: `deactivate access key ${target}: AWS refused the call (AccessDenied)`,
      retryable: false,
    });
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Active', [other]: 'Active' });
  });

  it('undo: throttling on the read and on the reactivation are retryable failures; a later undo reactivates', async () => {
    const { env, target, other } = await arrange();
    const params = { userName: 'alice', accessKeyId: target };
    const prior = priorStateOf(await applyAction(disableAccessKey, params, env));
    for (const operation of ['ListAccessKeys', 'UpdateAccessKey']) {
      const iam = iamFailingOn(moto.server.clientOptions, { operation, status: 400, code: 'Throttling' });
      expect(await disableAccessKey.undo(params, prior, { ...env, iam }), operation).toEqual({
        status: 'failed',
        reason: `reactivate access key ${target}: AWS refused the call (Throttling)`,
        retryable: true,
      });
    }
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Inactive', [other]: 'Active' });
    expect((await disableAccessKey.undo(params, prior, env)).status).toBe('undone');
    expect(await accessKeyStatuses(env.iam, 'alice')).toEqual({ [target]: 'Active', [other]: 'Active' });
  });
});

describe('disable-access-key paging', () => {
  it('finds the key on a later page of access keys, for apply and undo', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    const pages = (status: 'Active' | 'Inactive') =>
      mock
        .on(ListAccessKeysCommand, { UserName: 'alice', Marker: undefined })
        .resolves({
          AccessKeyMetadata: [{ AccessKeyId: 'AKIAOTHER', Status: 'Active' }],
          IsTruncated: true,
          Marker: 'p2',
        })
        .on(ListAccessKeysCommand, { UserName: 'alice', Marker: 'p2' })
        .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIATARGET', Status: status }], IsTruncated: false });
    pages('Active').on(UpdateAccessKeyCommand).resolves({});
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    const params = { userName: 'alice', accessKeyId: 'AKIATARGET' };

    const applied = await applyAction(disableAccessKey, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { status: 'Active' } });
    pages('Inactive');
    expect((await disableAccessKey.undo(params, priorStateOf(applied), env)).status).toBe('undone');
    expect(mock.commandCalls(UpdateAccessKeyCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'alice', AccessKeyId: 'AKIATARGET', Status: 'Inactive' },
      { UserName: 'alice', AccessKeyId: 'AKIATARGET', Status: 'Active' },
    ]);
  });
});

describe('disable-access-key reads pages defensively', () => {
  it('a page without a key list is read as no keys; a last page with a stale marker ends the reading', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(ListAccessKeysCommand, { UserName: 'alice', Marker: undefined })
      .resolves({ IsTruncated: true, Marker: 'p2' })
      .on(ListAccessKeysCommand, { UserName: 'alice', Marker: 'p2' })
      .resolves({
        AccessKeyMetadata: [{ AccessKeyId: 'AKIAOTHER', Status: 'Active' }],
        IsTruncated: false,
        Marker: 'p3',
      })
      .on(ListAccessKeysCommand, { UserName: 'alice', Marker: 'p3' })
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIATARGET', Status: 'Active' }], IsTruncated: false });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    expect(await applyAction(disableAccessKey, { userName: 'alice', accessKeyId: 'AKIATARGET' }, env)).toEqual({
      status: 'failed',
      reason: 'access key AKIATARGET no longer exists for user alice',
      retryable: false,
    });
    expect(mock.commandCalls(ListAccessKeysCommand)).toHaveLength(2);
    expect(mock.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
  });

  it('is registered under its kind', () => {
    expect(disableAccessKey.kind).toBe('disable-access-key');
  });

  it('its params keep the user and the key and need both; its target is the user', () => {
    const params = { userName: 'alice', accessKeyId: 'AKIA1' };
    expect(v.safeParse(disableAccessKeySpec.params, params)).toMatchObject({ success: true, output: params });
    expect(v.safeParse(disableAccessKeySpec.params, { userName: 'alice' }).success).toBe(false);
    expect(disableAccessKey.target(params)).toEqual({ kind: 'user', name: 'alice' });
  });

  it('undo of a key no longer listed is cannot-undo without trying to reactivate it', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(ListAccessKeysCommand)
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIAOTHER', Status: 'Inactive' }], IsTruncated: false });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    const params = { userName: 'alice', accessKeyId: 'AKIATARGET' };
    expect(await disableAccessKey.undo(params, { status: 'Active' }, env)).toEqual({
      status: 'cannot-undo',
      reason: 'access key AKIATARGET of user alice was deleted after Warden deactivated it',
    });
    expect(mock.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
  });
});
