import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  type IAMClient,
  NoSuchEntityException,
  type PasswordPolicy,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { restorePasswordPolicy } from '../../shared/actions/restore-password-policy.js';
import { DEFAULT_PASSWORD_BASELINE } from '../../shared/rules/support/detection-settings.js';
import { actionEnv, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();
const baseline = DEFAULT_PASSWORD_BASELINE;

async function livePolicy(iam: IAMClient): Promise<PasswordPolicy | 'none'> {
  try {
    return (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy ?? 'none';
  } catch (error) {
    if (error instanceof NoSuchEntityException) return 'none';
    throw error;
  }
}

const WEAK = { MinimumPasswordLength: 8, RequireNumbers: true, AllowUsersToChangePassword: true };

describe('restore-password-policy', () => {
  it('strengthens a weakened policy to the baseline, and undo puts the weak one back exactly', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const before = await livePolicy(env.iam);

    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(applied.status).toBe('applied');
    expect(await livePolicy(env.iam)).toMatchObject({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      AllowUsersToChangePassword: true,
    });

    expect((await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await livePolicy(env.iam)).toEqual(before);
  });

  it('never weakens a field that is already stronger than the baseline', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 20, MaxPasswordAge: 30 }));
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(applied.status).toBe('applied');
    expect(await livePolicy(env.iam)).toMatchObject({
      MinimumPasswordLength: 20,
      MaxPasswordAge: 30,
      RequireSymbols: true,
    });
  });

  it('sets the baseline when the account has no policy, and undo deletes it again', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { previous: null } });
    expect(await livePolicy(env.iam)).toMatchObject({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 });

    expect((await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await livePolicy(env.iam)).toBe('none');
  });

  it('is already-applied when the policy meets the baseline field by field, and undo then changes nothing', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await applyAction(restorePasswordPolicy, { baseline }, env);
    const before = await livePolicy(env.iam);

    const again = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(again.status).toBe('already-applied');
    expect((await restorePasswordPolicy.undo({ baseline }, priorStateOf(again), env)).status).toBe('already-undone');
    expect(await livePolicy(env.iam)).toEqual(before);
  });

  it('undo will not overwrite a policy someone changed after the restore', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 32 }));

    const undone = await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env);
    expect(undone.status).toBe('cannot-undo');
    expect(await livePolicy(env.iam)).toMatchObject({ MinimumPasswordLength: 32 });
  });

  it('undo is cannot-undo when the restored policy was deleted since', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    expect((await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env)).status).toBe('cannot-undo');
    expect(await livePolicy(env.iam)).toBe('none');
  });

  it('fails clearly without a baseline and leaves the account alone', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const before = await livePolicy(env.iam);
    const result = await applyAction(restorePasswordPolicy, {}, env);
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(result.status === 'failed' && result.reason).toMatch(/baseline/);
    expect(await livePolicy(env.iam)).toEqual(before);
  });
});
