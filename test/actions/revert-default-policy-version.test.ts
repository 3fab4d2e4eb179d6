import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  IAMClient,
  LimitExceededException,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
  type PolicyVersion,
  ServiceFailureException,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { revertDefaultPolicyVersion } from '../../shared/actions/revert-default-policy-version.js';
import { actionEnv, policyVersions, priorStateOf } from '../helpers/action-env.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
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
    ).toBe('Make v2 the default version of deploy again (keep v3)');
  });
});

describe('revert-default-policy-version: what it reports and records', () => {
  it('says what it did both ways and logs where the choice came from', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };

    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { changed: true, defaultVersionId: 'v3', revertedTo: 'v2', chosenBy: 'event' },
      message: `Made v2 the default of ${POLICY_ARN} instead of v3`,
    });
    expect(await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: `Made v3 the default of ${POLICY_ARN} again`,
    });
    expect(env.logger).toMatchObject({
      lines: [
        {
          level: 'info',
          message: 'policy default version reverted',
          extra: { policyArn: POLICY_ARN, newVersionId: 'v3', revertTo: 'v2', chosenBy: 'event' },
        },
        {
          level: 'info',
          message: 'policy default version restored',
          extra: { policyArn: POLICY_ARN, newVersionId: 'v3' },
        },
      ],
    });
  });

  it('names the fallback when the event’s previous version is gone, and only then', async () => {
    const env = await arrange(3);
    await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v1' }));
    expect(
      await applyAction(
        revertDefaultPolicyVersion,
        { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v1' },
        env,
      ),
    ).toMatchObject({
      message: `Made v2 the default of ${POLICY_ARN} instead of v3 (v1 no longer exists; used the latest older version)`,
    });

    const without = await arrange2(3);
    expect(await applyAction(revertDefaultPolicyVersion, { policyArn: without, newVersionId: 'v3' }, env)).toEqual({
      status: 'applied',
      priorState: { changed: true, defaultVersionId: 'v3', revertedTo: 'v2', chosenBy: 'latest-older' },
      message: `Made v2 the default of ${without} instead of v3`,
    });
  });

  it('a default that is not the event’s version: already-applied, recorded unchanged, and that undo does nothing', async () => {
    const env = await arrange(3);
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v1' }));
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };

    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    expect(applied).toEqual({
      status: 'already-applied',
      priorState: { changed: false, defaultVersionId: 'v1' },
      message: `The default of ${POLICY_ARN} is v1, not v3`,
    });
    expect(await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: `Warden did not change ${POLICY_ARN}; nothing to undo`,
    });
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v1');
  });

  it('change from a recorded "unchanged" sets nothing', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };
    const prior = { changed: false, defaultVersionId: 'v3' } as const;
    expect(await revertDefaultPolicyVersion.change(params, prior, env)).toEqual({
      status: 'already-applied',
      priorState: prior,
      message: `The default of ${POLICY_ARN} is not v3`,
    });
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v3');
  });

  it('change re-reads: reverted meanwhile is already so with nothing to undo; another default is refused', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };
    const prior = { changed: true, defaultVersionId: 'v3', revertedTo: 'v2', chosenBy: 'event' } as const;

    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v2' }));
    expect(await revertDefaultPolicyVersion.change(params, prior, env)).toEqual({
      status: 'already-applied',
      priorState: { changed: false, defaultVersionId: 'v2' },
      message: `v2 is already the default of ${POLICY_ARN}`,
    });

    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v1' }));
    expect(await revertDefaultPolicyVersion.change(params, prior, env)).toEqual({
      status: 'failed',
      reason: `the default of ${POLICY_ARN} was changed to v1 after Warden read it; Warden will not overwrite it`,
      retryable: false,
    });
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v1');
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('change: the chosen version or the whole policy deleted since the read is named', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3' };
    const prior = { changed: true, defaultVersionId: 'v3', revertedTo: 'v2', chosenBy: 'latest-older' } as const;
    await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v2' }));
    expect(await revertDefaultPolicyVersion.change(params, prior, env)).toEqual({
      status: 'failed',
      reason: `version v2 of ${POLICY_ARN} no longer exists`,
      retryable: false,
    });
    expect(await revertDefaultPolicyVersion.change({ ...params, policyArn: `${POLICY_ARN}-gone` }, prior, env)).toEqual(
      {
        status: 'failed',
        reason: `policy ${POLICY_ARN}-gone no longer exists`,
        retryable: false,
      },
    );
  });

  it('undo: the policy deleted since is cannot-undo, naming it', async () => {
    const env = await arrange(2);
    const prior = { changed: true, defaultVersionId: 'v2', revertedTo: 'v1', chosenBy: 'event' } as const;
    expect(
      await revertDefaultPolicyVersion.undo({ policyArn: `${POLICY_ARN}-gone`, newVersionId: 'v2' }, prior, env),
    ).toEqual({ status: 'cannot-undo', reason: `policy ${POLICY_ARN}-gone was deleted after Warden reverted it` });
  });

  it('undo when the new version is default again says so', async () => {
    const env = await arrange(3);
    const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };
    const applied = await applyAction(revertDefaultPolicyVersion, params, env);
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v3' }));
    expect(await revertDefaultPolicyVersion.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: `v3 is already the default of ${POLICY_ARN}`,
    });
  });

  it('describes a step without a known previous version', () => {
    expect(revertDefaultPolicyVersion.describe({ policyArn: POLICY_ARN, newVersionId: 'v3' })).toBe(
      'Make the previous default version of deploy the default again (keep v3)',
    );
  });
});

/** A second policy "deploy-2" with `count` versions (v`count` default); returns its ARN. */
async function arrange2(count: number): Promise<string> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreatePolicyCommand({ PolicyName: 'deploy-2', PolicyDocument: document('s3:GetObject') }));
  const arn = `${POLICY_ARN}-2`;
  for (let n = 2; n <= count; n += 1) {
    await env.iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document(`s3:Put${n}`), SetAsDefault: true }),
    );
  }
  return arn;
}

describe('revert-default-policy-version when AWS refuses', () => {
  const refusing = (operation: string, code = 'Throttling', status = 400) =>
    iamFailingOn(moto.server.clientOptions, { operation, status, code });
  const params = { policyArn: POLICY_ARN, newVersionId: 'v3', previousVersionId: 'v2' };

  it('throttling on a read or on the set is a retryable failure naming the step; access denied is final', async () => {
    const env = await arrange(3);
    for (const operation of ['GetPolicy', 'ListPolicyVersions']) {
      expect(await applyAction(revertDefaultPolicyVersion, params, { ...env, iam: refusing(operation) })).toEqual({
        status: 'failed',
        reason: `read the versions of ${POLICY_ARN}: AWS refused the call (Throttling)`,
        retryable: true,
      });
    }
    expect(
      await applyAction(revertDefaultPolicyVersion, params, { ...env, iam: refusing('SetDefaultPolicyVersion') }),
    ).toEqual({
      status: 'failed',
      reason: `revert the default version of ${POLICY_ARN}: AWS refused the call (Throttling)`,
      retryable: true,
    });
    expect(
      await applyAction(revertDefaultPolicyVersion, params, {
        ...env,
        iam: refusing('SetDefaultPolicyVersion', 'AccessDenied', 403),
      }),
    ).toEqual({
      status: 'failed',
      reason: `revert the default version of ${POLICY_ARN}: AWS refused the call (AccessDenied)`,
      retryable: false,
    });
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v3');
  });

  it('undo: throttling on a read or on the set is retryable and the reverted default stays', async () => {
    const env = await arrange(3);
    const prior = priorStateOf(await applyAction(revertDefaultPolicyVersion, params, env));
    for (const operation of ['GetPolicy', 'ListPolicyVersions', 'SetDefaultPolicyVersion']) {
      expect(await revertDefaultPolicyVersion.undo(params, prior, { ...env, iam: refusing(operation) })).toEqual({
        status: 'failed',
        reason: `restore the default version of ${POLICY_ARN}: AWS refused the call (Throttling)`,
        retryable: true,
      });
    }
    expect((await policyVersions(env.iam, POLICY_ARN)).defaultVersionId).toBe('v2');
  });
});

describe('revert-default-policy-version with IAM answers moto does not give (mocked IAM)', () => {
  const ARN = 'arn:aws:iam::123456789012:policy/wide';
  const at = (iso: string) => new Date(iso);

  function mockedEnv(defaultVersionId: string | undefined, pages: PolicyVersion[][]) {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(GetPolicyCommand).resolves({ Policy: { Arn: ARN, DefaultVersionId: defaultVersionId } });
    pages.forEach((versions, index) => {
      mock
        .on(ListPolicyVersionsCommand, { PolicyArn: ARN, Marker: index === 0 ? undefined : `m${index}` })
        .resolves({ Versions: versions, IsTruncated: index < pages.length - 1, Marker: `m${index + 1}` });
    });
    mock.on(SetDefaultPolicyVersionCommand).resolves({});
    const env = actionEnv(moto.server.clientOptions, { iam });
    const sets = () => mock.commandCalls(SetDefaultPolicyVersionCommand).map((call) => call.args[0].input);
    return { env, sets };
  }

  it('reads every page of versions, and stops at the last', async () => {
    const { env, sets } = mockedEnv('v3', [
      [{ VersionId: 'v3', CreateDate: at('2025-03-01T00:00:00Z') }],
      [{ VersionId: 'v2', CreateDate: at('2025-02-01T00:00:00Z') }],
    ]);
    expect(await applyAction(revertDefaultPolicyVersion, { policyArn: ARN, newVersionId: 'v3' }, env)).toMatchObject({
      status: 'applied',
      priorState: { revertedTo: 'v2', chosenBy: 'latest-older' },
    });
    expect(sets()).toEqual([{ PolicyArn: ARN, VersionId: 'v2' }]);
  });

  it('orders by creation time, then by version number (v9 before v10) within the same instant', async () => {
    const same = at('2025-03-01T00:00:00Z');
    const { env, sets } = mockedEnv('v11', [
      [
        { VersionId: 'v10', CreateDate: same },
        { VersionId: 'v11', CreateDate: same },
        { VersionId: 'v9', CreateDate: same },
        { VersionId: 'v12', CreateDate: at('2025-01-01T00:00:00Z') },
        { VersionId: 'v8', CreateDate: at('2025-04-01T00:00:00Z') },
      ],
    ]);
    expect(await applyAction(revertDefaultPolicyVersion, { policyArn: ARN, newVersionId: 'v11' }, env)).toMatchObject({
      priorState: { revertedTo: 'v10' },
    });
    expect(sets()).toEqual([{ PolicyArn: ARN, VersionId: 'v10' }]);
  });

  it('takes the newest of the older versions by time, whatever their numbers', async () => {
    const { env } = mockedEnv('v2', [
      [
        { VersionId: 'v1', CreateDate: at('2025-02-01T00:00:00Z') },
        { VersionId: 'v5', CreateDate: at('2025-01-01T00:00:00Z') },
        { VersionId: 'v2', CreateDate: at('2025-03-01T00:00:00Z') },
        { VersionId: 'v4', CreateDate: at('2025-01-15T00:00:00Z') },
      ],
    ]);
    expect(await applyAction(revertDefaultPolicyVersion, { policyArn: ARN, newVersionId: 'v2' }, env)).toMatchObject({
      priorState: { revertedTo: 'v1' },
    });
  });

  it('within the older versions, creation time decides over the version number', async () => {
    const { env, sets } = mockedEnv('v5', [
      [
        { VersionId: 'v3', CreateDate: at('2025-02-01T00:00:00Z') },
        { VersionId: 'v4', CreateDate: at('2025-01-01T00:00:00Z') },
        { VersionId: 'v5', CreateDate: at('2025-03-01T00:00:00Z') },
      ],
    ]);
    expect(await applyAction(revertDefaultPolicyVersion, { policyArn: ARN, newVersionId: 'v5' }, env)).toMatchObject({
      status: 'applied',
      priorState: { revertedTo: 'v3', chosenBy: 'latest-older' },
    });
    expect(sets()).toEqual([{ PolicyArn: ARN, VersionId: 'v3' }]);
  });

  it('a page of the listing without versions is read as empty, and the next page still counts', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(GetPolicyCommand).resolves({ Policy: { Arn: ARN, DefaultVersionId: 'v3' } });
    mock
      .on(ListPolicyVersionsCommand, { PolicyArn: ARN, Marker: undefined })
      .resolves({ IsTruncated: true, Marker: 'm1' });
    mock.on(ListPolicyVersionsCommand, { PolicyArn: ARN, Marker: 'm1' }).resolves({
      Versions: [
        { VersionId: 'v3', CreateDate: at('2025-03-01T00:00:00Z') },
        { VersionId: 'v2', CreateDate: at('2025-02-01T00:00:00Z') },
      ],
      IsTruncated: false,
    });
    mock.on(SetDefaultPolicyVersionCommand).resolves({});
    const env = actionEnv(moto.server.clientOptions, { iam });
    expect(await applyAction(revertDefaultPolicyVersion, { policyArn: ARN, newVersionId: 'v3' }, env)).toMatchObject({
      status: 'applied',
      priorState: { revertedTo: 'v2', chosenBy: 'latest-older' },
    });
  });

  it('change: when the version is gone and the policy cannot be read, the failure names that read, retryable', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(GetPolicyCommand)
      .resolvesOnce({ Policy: { Arn: ARN, DefaultVersionId: 'v3' } })
      .rejects(new ServiceFailureException({ message: 'busy', $metadata: {} }));
    mock.on(SetDefaultPolicyVersionCommand).rejects(new NoSuchEntityException({ message: 'not found', $metadata: {} }));
    const env = actionEnv(moto.server.clientOptions, { iam });
    const prior = { changed: true, defaultVersionId: 'v3', revertedTo: 'v2', chosenBy: 'event' } as const;
    expect(await revertDefaultPolicyVersion.change({ policyArn: ARN, newVersionId: 'v3' }, prior, env)).toEqual({
      status: 'failed',
      reason: `read ${ARN}: AWS refused the call (ServiceFailureException)`,
      retryable: true,
    });
  });

  it('a policy without a default version, or a listing without the new version, fails without acting', async () => {
    const noDefault = mockedEnv(undefined, [[]]);
    expect(
      await applyAction(revertDefaultPolicyVersion, { policyArn: ARN, newVersionId: 'v2' }, noDefault.env),
    ).toEqual({
      status: 'failed',
      reason: `${ARN} reports no default version`,
      retryable: false,
    });
    const unlisted = mockedEnv('v2', [[{ VersionId: 'v1', CreateDate: at('2025-01-01T00:00:00Z') }]]);
    expect(await applyAction(revertDefaultPolicyVersion, { policyArn: ARN, newVersionId: 'v2' }, unlisted.env)).toEqual(
      {
        status: 'failed',
        reason: `${ARN} has no version older than v2 to revert to`,
        retryable: false,
      },
    );
    expect([...noDefault.sets(), ...unlisted.sets()]).toEqual([]);
  });

  it('change and undo name "nothing" when the policy reports no default', async () => {
    const { env } = mockedEnv(undefined, [[]]);
    const prior = { changed: true, defaultVersionId: 'v2', revertedTo: 'v1', chosenBy: 'event' } as const;
    expect(await revertDefaultPolicyVersion.change({ policyArn: ARN, newVersionId: 'v2' }, prior, env)).toEqual({
      status: 'failed',
      reason: `the default of ${ARN} was changed to nothing after Warden read it; Warden will not overwrite it`,
      retryable: false,
    });
    expect(await revertDefaultPolicyVersion.undo({ policyArn: ARN, newVersionId: 'v2' }, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: `the default of ${ARN} was changed to nothing after Warden set v1`,
    });
  });
});

describe('revert-default-policy-version registration', () => {
  it('is registered under its own kind', () => {
    expect(revertDefaultPolicyVersion.kind).toBe('revert-default-policy-version');
  });
});
