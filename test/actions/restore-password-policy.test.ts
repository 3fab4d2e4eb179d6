import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  IAMClient,
  NoSuchEntityException,
  type PasswordPolicy,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_BASELINE } from '../../shared/model/detection-settings.js';
import type { ActionEnv } from '../../shared/actions/action.js';
import { restorePasswordPolicy, strengthened } from '../../shared/actions/restore-password-policy.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
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

/** Every field of a settings record, for exact comparisons of what apply records. */
const NONE_SET = {
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  maxPasswordAge: 0,
  passwordReusePrevention: 0,
  hardExpiry: false,
};

const AT_BASELINE = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 24,
  hardExpiry: false,
};

/** Runs `meanwhile` (as someone else) just before Warden's client sends `commandName`, once. */
function beforeCommand(env: ActionEnv, commandName: string, meanwhile: (other: IAMClient) => Promise<unknown>): void {
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

/** The inputs of every `commandName` Warden's client sends from now on. */
function sentInputs(env: ActionEnv, commandName: string): unknown[] {
  const inputs: unknown[] = [];
  env.iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName) inputs.push(structuredClone(args.input));
      return next(args);
    },
    { step: 'initialize', name: `record${commandName}` },
  );
  return inputs;
}

describe('restore-password-policy: what it records and reports', () => {
  it('records every field of the weak policy and what it set, and says so both ways', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 8,
        RequireNumbers: true,
        AllowUsersToChangePassword: true,
        MaxPasswordAge: 365,
        PasswordReusePrevention: 3,
        HardExpiry: true,
      }),
    );
    const weak = {
      ...NONE_SET,
      minimumPasswordLength: 8,
      requireNumbers: true,
      allowUsersToChangePassword: true,
      maxPasswordAge: 365,
      passwordReusePrevention: 3,
      hardExpiry: true,
    };

    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { previous: weak, applied: { ...AT_BASELINE, hardExpiry: true } },
      message: 'Strengthened the account password policy to the baseline',
    });
    expect(await livePolicy(env.iam)).toMatchObject({ MaxPasswordAge: 90, HardExpiry: true, ExpirePasswords: true });

    expect(await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: 'Put the previous account password policy back',
    });
    expect(await livePolicy(env.iam)).toMatchObject({
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      RequireNumbers: true,
      MaxPasswordAge: 365,
      PasswordReusePrevention: 3,
      HardExpiry: true,
    });
    expect(env.logger).toMatchObject({
      lines: [
        { level: 'info', message: 'password policy restored', extra: { hadPolicy: true } },
        { level: 'info', message: 'password policy put back' },
      ],
    });
  });

  it('an account without a policy: records none, sets the baseline, and undo deletes it, saying so', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { previous: null, applied: AT_BASELINE },
      message: 'Set the account password policy to the baseline (the account had none)',
    });
    expect(await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: 'Deleted the account password policy again (the account had none)',
    });
    expect(await livePolicy(env.iam)).toBe('none');
    expect(env.logger).toMatchObject({
      lines: [
        { level: 'info', message: 'password policy restored', extra: { hadPolicy: false } },
        { level: 'info', message: 'password policy deleted' },
      ],
    });
  });

  it('undo of a policy without expiry or reuse prevention leaves both unset, as they were', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8 }));
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(applied).toMatchObject({ priorState: { previous: { ...NONE_SET, minimumPasswordLength: 8 } } });
    const updates = sentInputs(env, 'UpdateAccountPasswordPolicyCommand');
    await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env);
    expect(await livePolicy(env.iam)).toMatchObject({ MinimumPasswordLength: 8, ExpirePasswords: false });
    // IAM refuses 0 for either field (1–1095 days, 1–24 passwords): "unset" is sent by leaving them out.
    expect(updates).toEqual([
      {
        MinimumPasswordLength: 8,
        RequireSymbols: false,
        RequireNumbers: false,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        HardExpiry: false,
      },
    ]);
  });

  it('already at the baseline: records nothing applied, and that undo says Warden changed nothing', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await applyAction(restorePasswordPolicy, { baseline }, env);
    const again = await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(again).toEqual({
      status: 'already-applied',
      priorState: { previous: AT_BASELINE, applied: null },
      message: 'The account password policy already meets the baseline',
    });
    expect(await restorePasswordPolicy.undo({ baseline }, priorStateOf(again), env)).toEqual({
      status: 'already-undone',
      message: 'Warden did not change the password policy; nothing to undo',
    });
  });

  it('a policy stronger than the baseline in every field is already-applied, not weakened', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const strong = {
      MinimumPasswordLength: 20,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: false,
      MaxPasswordAge: 30,
      PasswordReusePrevention: 24,
    };
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(strong));
    expect(await applyAction(restorePasswordPolicy, { baseline }, env)).toMatchObject({
      status: 'already-applied',
      priorState: { applied: null },
    });
    expect(await livePolicy(env.iam)).toMatchObject(strong);
  });

  it('change with nothing to apply (a recorded already-so) changes nothing', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const before = await livePolicy(env.iam);
    const prior = { previous: null, applied: null };
    expect(await restorePasswordPolicy.change({ baseline }, prior, env)).toEqual({
      status: 'already-applied',
      priorState: prior,
      message: 'The account password policy already meets the baseline',
    });
    expect(await livePolicy(env.iam)).toEqual(before);
  });

  it('change re-reads: set meanwhile to the wanted policy is already so with nothing to undo', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const prior = { previous: null, applied: AT_BASELINE };
    await applyAction(restorePasswordPolicy, { baseline }, env);
    expect(await restorePasswordPolicy.change({ baseline }, prior, env)).toEqual({
      status: 'already-applied',
      priorState: { previous: AT_BASELINE, applied: null },
      message: 'The account password policy already meets the baseline',
    });
  });

  it('change refuses a policy created, changed or deleted after the read, and leaves it as it is', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const refused = {
      status: 'failed',
      reason: 'the account password policy was changed after Warden read it; Warden will not overwrite it',
      retryable: false,
    };
    const weak = { ...NONE_SET, minimumPasswordLength: 8, requireNumbers: true, allowUsersToChangePassword: true };

    // Read: none. Now: one exists.
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    expect(await restorePasswordPolicy.change({ baseline }, { previous: null, applied: AT_BASELINE }, env)).toEqual(
      refused,
    );
    // Read: another weak policy. Now: WEAK.
    const other = { ...weak, minimumPasswordLength: 7 };
    expect(await restorePasswordPolicy.change({ baseline }, { previous: other, applied: AT_BASELINE }, env)).toEqual(
      refused,
    );
    expect(await livePolicy(env.iam)).toMatchObject({ MinimumPasswordLength: 8 });
    // Read: WEAK. Now: none.
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    expect(await restorePasswordPolicy.change({ baseline }, { previous: weak, applied: AT_BASELINE }, env)).toEqual(
      refused,
    );
    expect(await livePolicy(env.iam)).toBe('none');
  });

  it('undo: back to the old policy already, or deleted when there was none, is already-undone', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const alreadyBack = { status: 'already-undone', message: 'The password policy is already back to what it was' };
    expect(await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env)).toEqual(alreadyBack);

    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    const fresh = await applyAction(restorePasswordPolicy, { baseline }, env);
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    expect(await restorePasswordPolicy.undo({ baseline }, priorStateOf(fresh), env)).toEqual(alreadyBack);
    expect(await livePolicy(env.iam)).toBe('none');
  });

  it('undo of a set-from-nothing policy that someone changed is cannot-undo, and it stays', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const applied = await applyAction(restorePasswordPolicy, { baseline }, env);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 32 }));
    expect(await restorePasswordPolicy.undo({ baseline }, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'the account password policy was changed after Warden restored it',
    });
    expect(await livePolicy(env.iam)).toMatchObject({ MinimumPasswordLength: 32 });
  });

  it('undo says which way the restored policy drifted', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const prior = priorStateOf(await applyAction(restorePasswordPolicy, { baseline }, env));
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 32 }));
    expect(await restorePasswordPolicy.undo({ baseline }, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'the account password policy was changed after Warden restored it',
    });
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    expect(await restorePasswordPolicy.undo({ baseline }, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'the account password policy was deleted after Warden restored it',
    });
  });

  it('undo: deleted by someone between the read and the delete is already-undone', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const prior = priorStateOf(await applyAction(restorePasswordPolicy, { baseline }, env));
    beforeCommand(env, 'DeleteAccountPasswordPolicyCommand', (other) =>
      other.send(new DeleteAccountPasswordPolicyCommand({})),
    );
    expect(await restorePasswordPolicy.undo({ baseline }, prior, env)).toEqual({
      status: 'already-undone',
      message: 'The password policy is already back to what it was',
    });
    expect(await livePolicy(env.iam)).toBe('none');
  });

  it('says exactly why it will not act without a baseline', async () => {
    const env = actionEnv(moto.server.clientOptions);
    expect(await applyAction(restorePasswordPolicy, {}, env)).toEqual({
      status: 'failed',
      reason: 'no password baseline given (the executor must fill it from configuration)',
      retryable: false,
    });
    expect(await livePolicy(env.iam)).toBe('none');
  });

  it('describes the step with or without a baseline', () => {
    expect(restorePasswordPolicy.describe({ baseline })).toBe(
      'Restore the account password policy to the baseline (minimum length 14)',
    );
    expect(restorePasswordPolicy.describe({})).toBe('Restore the baseline account password policy');
  });
});

describe('restore-password-policy when AWS refuses', () => {
  const refusing = (operation: string, code = 'Throttling', status = 400) =>
    iamFailingOn(moto.server.clientOptions, { operation, status, code });

  it('throttling on the read or the update is a retryable failure naming the step; access denied is final', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand(WEAK));
    const before = await livePolicy(env.iam);
    expect(
      await applyAction(restorePasswordPolicy, { baseline }, { ...env, iam: refusing('GetAccountPasswordPolicy') }),
    ).toEqual({
      status: 'failed',
      reason: 'read the account password policy: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(
      await applyAction(restorePasswordPolicy, { baseline }, { ...env, iam: refusing('UpdateAccountPasswordPolicy') }),
    ).toEqual({
      status: 'failed',
      reason: 'restore the account password policy: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(
      await applyAction(
        restorePasswordPolicy,
        { baseline },
        { ...env, iam: refusing('UpdateAccountPasswordPolicy', 'AccessDenied', 403) },
      ),
    ).toEqual({
      status: 'failed',
      reason: 'restore the account password policy: AWS refused the call (AccessDenied)',
      retryable: false,
    });
    expect(await livePolicy(env.iam)).toEqual(before);
  });

  it('undo: throttling on the read, the put or the delete is retryable, and the baseline stays', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const fromNothing = priorStateOf(await applyAction(restorePasswordPolicy, { baseline }, env));
    const failed = {
      status: 'failed',
      reason: 'put the previous account password policy back: AWS refused the call (Throttling)',
      retryable: true,
    };
    for (const operation of ['GetAccountPasswordPolicy', 'DeleteAccountPasswordPolicy']) {
      expect(await restorePasswordPolicy.undo({ baseline }, fromNothing, { ...env, iam: refusing(operation) })).toEqual(
        failed,
      );
    }
    const fromWeak = {
      previous: { ...NONE_SET, minimumPasswordLength: 8 },
      applied: fromNothing.applied,
    };
    expect(
      await restorePasswordPolicy.undo({ baseline }, fromWeak, {
        ...env,
        iam: refusing('UpdateAccountPasswordPolicy'),
      }),
    ).toEqual(failed);
    expect(await livePolicy(env.iam)).toMatchObject({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 });
  });
});

describe('strengthened', () => {
  const weakest = { ...baseline, minimumPasswordLength: 0, maxPasswordAge: 0, passwordReusePrevention: 0 };
  const noRequirements = {
    ...weakest,
    requireSymbols: false,
    requireNumbers: false,
    requireUppercaseCharacters: false,
    requireLowercaseCharacters: false,
  };

  it('from no policy: the baseline, never shorter than IAM allows, users may change their password', () => {
    expect(strengthened(null, baseline)).toEqual(AT_BASELINE);
    expect(strengthened(null, noRequirements)).toEqual({ ...NONE_SET, allowUsersToChangePassword: true });
  });

  it('keeps each field the current policy has stronger, and takes the baseline where it is weaker', () => {
    const current = {
      ...NONE_SET,
      minimumPasswordLength: 20,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      maxPasswordAge: 30,
      passwordReusePrevention: 30,
      hardExpiry: true,
    };
    expect(strengthened(current, noRequirements)).toEqual(current);
    expect(strengthened(current, baseline)).toEqual(current);
    expect(strengthened(NONE_SET, baseline)).toEqual({ ...AT_BASELINE, allowUsersToChangePassword: false });
  });

  it('a maximum age of 0 means "never expires", the weakest', () => {
    const age = (current: number, wanted: number) =>
      strengthened({ ...NONE_SET, maxPasswordAge: current }, { ...baseline, maxPasswordAge: wanted }).maxPasswordAge;
    expect(age(0, 90)).toBe(90);
    expect(age(30, 0)).toBe(30);
    expect(age(30, 90)).toBe(30);
    expect(age(120, 90)).toBe(90);
    expect(age(0, 0)).toBe(0);
  });
});

describe('restore-password-policy declarations', () => {
  it('is registered under its kind and declares exactly the calls it makes', () => {
    expect(restorePasswordPolicy.kind).toBe('restore-password-policy');
    expect([...restorePasswordPolicy.permissions].sort()).toEqual([
      'iam:DeleteAccountPasswordPolicy',
      'iam:GetAccountPasswordPolicy',
      'iam:UpdateAccountPasswordPolicy',
    ]);
  });
});

describe('restore-password-policy reading a sparse policy (mocked IAM)', () => {
  it('a field IAM leaves out is recorded as its weakest value', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { ExpirePasswords: false } });
    mock.on(UpdateAccountPasswordPolicyCommand).resolves({});
    const env = actionEnv(moto.server.clientOptions, { iam });

    const inspected = await restorePasswordPolicy.inspect({ baseline }, env);
    expect(inspected).toEqual({
      status: 'ready',
      priorState: { previous: NONE_SET, applied: { ...AT_BASELINE, allowUsersToChangePassword: false } },
    });
  });
});
