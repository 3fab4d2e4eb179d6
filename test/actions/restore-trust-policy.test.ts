/** restore-trust-policy against moto's IAM: apply, undo, and the drift checks on both. */
import { CreateRoleCommand, GetRoleCommand, type IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { restoreTrustPolicy } from '../../shared/actions/restore-trust-policy.js';
import { actionEnv, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

const trust = (principal: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });
const BEFORE = trust({ Service: 'codebuild.amazonaws.com' });
const OPENED = trust({ AWS: '*' });
const LATER = trust({ AWS: 'arn:aws:iam::123456789012:root' });

let roles = 0;

/** A role in moto whose trust policy went from BEFORE to `now`. */
async function arrangeRole(now: string) {
  const env = actionEnv(moto.server.clientOptions);
  roles += 1;
  const roleName = `vendor-access-${roles}`;
  await env.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: BEFORE }));
  await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: now }));
  return { env, params: { roleName, previousDocument: BEFORE, newDocument: OPENED } };
}

async function trustOf(iam: IAMClient, roleName: string): Promise<unknown> {
  const raw = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.AssumeRolePolicyDocument ?? '';
  return JSON.parse(decodeURIComponent(raw));
}

describe('restore-trust-policy (moto IAM)', () => {
  it('puts the previous trust policy back, and undo puts the opened one back', async () => {
    const { env, params } = await arrangeRole(OPENED);

    const applied = await applyAction(restoreTrustPolicy, params, env);
    expect(applied).toMatchObject({ status: 'applied' });
    expect(await trustOf(env.iam, params.roleName)).toEqual(JSON.parse(BEFORE));
    const prior = priorStateOf(applied);
    expect(JSON.parse(prior.replacedDocument as string)).toEqual(JSON.parse(OPENED));

    expect(await restoreTrustPolicy.undo(params, prior, env)).toMatchObject({ status: 'undone' });
    expect(await trustOf(env.iam, params.roleName)).toEqual(JSON.parse(OPENED));
  });

  it('a second apply finds the previous policy already back and changes nothing', async () => {
    const { env, params } = await arrangeRole(OPENED);
    expect((await applyAction(restoreTrustPolicy, params, env)).status).toBe('applied');
    const again = await applyAction(restoreTrustPolicy, params, env);
    expect(again.status).toBe('already-applied');
    // Undoing the no-op must not reopen the role.
    expect((await restoreTrustPolicy.undo(params, priorStateOf(again), env)).status).toBe('already-undone');
    expect(await trustOf(env.iam, params.roleName)).toEqual(JSON.parse(BEFORE));
  });

  it('does not overwrite a trust policy changed again after the event', async () => {
    const { env, params } = await arrangeRole(LATER);
    expect(await applyAction(restoreTrustPolicy, params, env)).toMatchObject({ status: 'failed', retryable: false });
    expect(await trustOf(env.iam, params.roleName)).toEqual(JSON.parse(LATER));
  });

  it('cannot undo once the trust policy drifted after the restore', async () => {
    const { env, params } = await arrangeRole(OPENED);
    const applied = await applyAction(restoreTrustPolicy, params, env);
    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: params.roleName, PolicyDocument: LATER }));

    expect(await restoreTrustPolicy.undo(params, priorStateOf(applied), env)).toMatchObject({ status: 'cannot-undo' });
    expect(await trustOf(env.iam, params.roleName)).toEqual(JSON.parse(LATER));
  });

  it('fails without retry when the role is gone', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const result = await applyAction(
      restoreTrustPolicy,
      { roleName: 'never-existed', previousDocument: BEFORE, newDocument: OPENED },
      env,
    );
    expect(result).toMatchObject({ status: 'failed', retryable: false });
  });
});
