import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  LimitExceededException,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { revertDefaultPolicyVersion } from '../../shared/actions/revert-default-policy-version.js';
import { actionEnv, policyVersions, priorStateOf } from '../helpers/action-env.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

const POLICY_ARN = `arn:aws:iam::${DEFAULT_ACCOUNT}:policy/deploy`;

function document(action: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
}

/** Policy "deploy" with `count` versions, each made default when created (so v`count` is the default). */
async function arrange(count: number): Promise<ActionEnv> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreatePolicyCommand({ PolicyName: 'deploy', PolicyDocument: document('s3:GetObject') }));
  for (let n = 2; n <= count; n += 1) {
    await env.iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: POLICY_ARN,
        PolicyDocument: document(n === count ? '*' : `s3:Get${n}`),
        SetAsDefault: true,
      }),
    );
  }
  return env;
}

describe('revert-default-policy-version', () => {
  it('makes the event’s previous version default again, keeps the new one, and undo restores it', async () => {
    const env = await arrange(2);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v2', previousVersionId: 'v1' };
    const before = await policyVersions(env.iam, POLICY_ARN);
    expect(before).toEqual({ defaultVersionId: 'v2', versionIds: ['v1', 'v2'] });

    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    expect(applied).toMatchObject({
      status: 'applied',
      priorState: { changed: true, defaultVersionId: 'v2', revertedTo: 'v1', chosenBy: 'event' },
    });
    expect(await policyVersions(env.iam, POLICY_ARN)).toEqual({ defaultVersionId: 'v1', versionIds: ['v1', 'v2'] });

    const undone = await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    expect(await policyVersions(env.iam, POLICY_ARN)).toEqual(before);
  });

  it('without a previous version from the event, picks the most recent older one and records that', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3' };

    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { revertedTo: 'v2', chosenBy: 'latest-older' } });
    expect(await policyVersions(env.iam, POLICY_ARN)).toEqual({
      defaultVersionId: 'v2',
      versionIds: ['v1', 'v2', 'v3'],
    });
  });

  it('falls back to the most recent older version when the event’s previous version was deleted', async () => {
    const env = await arrange(3);
    await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v1' }));

    const applied = await applyAction(
      revertDefaultPolicyVersion,
      { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v1' },
      env,
    );
    expect(applied).toMatchObject({ status: 'applied', priorState: { revertedTo: 'v2', chosenBy: 'latest-older' } });
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v2');
  });

  it('works at the five-version limit without creating or deleting a version', async () => {
    const env = await arrange(5);
    // The limit is real in the emulator: a sixth version is refused.
    await expect(
      env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: POLICY_ARN, PolicyDocument: document('ec2:*') })),
    ).rejects.toBeInstanceOf(LimitExceededException);
    const before = await policyVersions(env.iam, POLICY_ARN);
    expect(before).toEqual({ defaultVersionId: 'v5', versionIds: ['v1', 'v2', 'v3', 'v4', 'v5'] });
    const params = { policyArn: POLICY_ARN, newVersionId: 'v5' };

    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    expect(applied.status).toBe('applied');
    expect(await policyVersions(env.iam, POLICY_ARN)).toEqual({ ...before, defaultVersionId: 'v4' });

    const undone = await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    expect(await policyVersions(env.iam, POLICY_ARN)).toEqual(before);
  });

  it('reports already-applied the second time and changes nothing', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };
    await applyAction(revertDefaultPolicyVersion, params, env);

    const again = await applyAction(revertDefaultPolicyVersion, params, env);
    expect(again).toMatchObject({ status: 'already-applied', priorState: { changed: false, defaultVersionId: 'v2' } });
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v2');
    expect((await revertDefaultPolicyVersion.undo(params, priorStateOf(again), env)).status).toBe('already-undone');
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v2');
  });

  it('undo when someone already made the new version default again is already-undone', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };
    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v3' }));

    expect((await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env)).status).toBe('already-undone');
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v3');
  });

  it('undo after someone chose another default is cannot-undo and keeps their choice', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };
    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v1' }));

    expect(await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: `the default of ${POLICY_ARN} was changed to v1 after Warden set v2`,
    });
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v1');
  });

  it('undo after the new version was deleted is cannot-undo', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };
    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v3' }));

    expect(await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: `version v3 of ${POLICY_ARN} was deleted after Warden reverted it`,
    });
    expect(await policyVersions(env.iam, POLICY_ARN)).toEqual({ defaultVersionId: 'v2', versionIds: ['v1', 'v2'] });
  });

  it('fails with a reason, without throwing, when the policy is gone or has nothing older', async () => {
    const env = await arrange(1);
    await expect(
      applyAction(revertDefaultPolicyVersion, { policyArn: `${POLICY_ARN}-gone`, newVersionId: 'v2' }, env),
    ).resolves.toEqual({ status: 'failed', reason: `policy ${POLICY_ARN}-gone no longer exists`, retryable: false });
    await expect(
      applyAction(revertDefaultPolicyVersion, { policyArn: POLICY_ARN, newVersionId: 'v1' }, env),
    ).resolves.toEqual({
      status: 'failed',
      reason: `${POLICY_ARN} has no version older than v1 to revert to`,
      retryable: false,
    });
    expect(await policyVersions(env.iam, POLICY_ARN)).toEqual({ defaultVersionId: 'v1', versionIds: ['v1'] });
  });

  it('declares exactly the calls it makes and describes the step', () => {
    expect([...revertDefaultPolicyVersion.permissions].sort()).toEqual([
      'iam:GetPolicy',
      'iam:ListPolicyVersions',
      'iam:SetDefaultPolicyVersion',
    ]);
    expect(
      revertDefaultPolicyVersion.describe({ policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' }),
    ).toBe(`Make v2 the default of ${POLICY_ARN} instead of v3`);
  });
});
