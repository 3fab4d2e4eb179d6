import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { disableAccessKey } from '../../shared/actions/disable-access-key.js';
import { accessKeyStatuses, actionEnv, priorStateOf } from '../helpers/action-env.js';
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
