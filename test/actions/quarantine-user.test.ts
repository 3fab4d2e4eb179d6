import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DetachUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { quarantineUser } from '../../shared/actions/quarantine-user.js';
import { accessKeyStatuses, actionEnv, attachedPolicyArns, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();
const DENY_ALL = 'arn:aws:iam::aws:policy/AWSDenyAll';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** User mallory with ReadOnlyAccess and two access keys: the first active, the second `secondStatus`. */
async function arrange(
  secondStatus: 'Active' | 'Inactive' = 'Inactive',
): Promise<{ env: ActionEnv; first: string; second: string }> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreateUserCommand({ UserName: 'mallory' }));
  await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: READ_ONLY }));
  const key = async () =>
    (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'mallory' }))).AccessKey?.AccessKeyId ?? '';
  const first = await key();
  const second = await key();
  await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'mallory', AccessKeyId: second, Status: secondStatus }));
  return { env, first, second };
}

async function state(env: ActionEnv) {
  return {
    policies: await attachedPolicyArns(env.iam, 'user', 'mallory'),
    keys: await accessKeyStatuses(env.iam, 'mallory'),
  };
}

describe('quarantine-user', () => {
  it('attaches AWSDenyAll and deactivates only active keys; undo restores the start state exactly', async () => {
    const { env, first, second } = await arrange();
    const before = await state(env);

    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(applied).toMatchObject({
      status: 'applied',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [first] },
    });
    expect(await state(env)).toEqual({
      policies: [DENY_ALL, READ_ONLY],
      keys: { [first]: 'Inactive', [second]: 'Inactive' },
    });

    expect((await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await state(env)).toEqual(before);
  });

  it('leaves an AWSDenyAll attached before Warden in place on undo', async () => {
    const { env, first, second } = await arrange();
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));

    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { attachedDenyAll: false } });
    await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env);
    expect(await state(env)).toEqual({
      policies: [DENY_ALL, READ_ONLY],
      keys: { [first]: 'Active', [second]: 'Inactive' },
    });
  });

  it('is already-applied on a quarantined user, and that undo changes nothing', async () => {
    const { env } = await arrange();
    await applyAction(quarantineUser, { userName: 'mallory' }, env);
    const quarantined = await state(env);

    const again = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(again.status).toBe('already-applied');
    expect((await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(again), env)).status).toBe(
      'already-undone',
    );
    expect(await state(env)).toEqual(quarantined);
  });

  it('reports a key deleted since and still undoes the rest', async () => {
    const { env, first, second } = await arrange('Active');
    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { deactivatedKeys: [first, second].sort() } });
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first }));

    const undone = await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    expect(undone.status === 'undone' && undone.message).toContain(`deleted since: ${first}`);
    expect(await state(env)).toEqual({ policies: [READ_ONLY], keys: { [second]: 'Active' } });
  });

  it('is cannot-undo when every key it deactivated is gone and nothing else is left to reverse', async () => {
    const { env, first } = await arrange();
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first }));

    const undone = await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env);
    expect(undone.status).toBe('cannot-undo');
  });

  it('undo is already-undone when someone lifted the quarantine by hand', async () => {
    const { env, first } = await arrange();
    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    await env.iam.send(new DetachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first, Status: 'Active' }));
    expect((await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env)).status).toBe(
      'already-undone',
    );
  });

  it('never acts on the root user, and fails cleanly for a missing user', async () => {
    const env = actionEnv(moto.server.clientOptions);
    expect(await applyAction(quarantineUser, { userName: '' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
    expect(await applyAction(quarantineUser, { userName: '<root_account>' }, env)).toMatchObject({ status: 'failed' });
    expect(await applyAction(quarantineUser, { userName: 'ghost' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
  });
});
