/** restore-trust-policy against moto's IAM: apply, undo, and the drift checks on both. */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  type IAMClient,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { restoreTrustPolicy, sameTrust } from '../../shared/actions/restore-trust-policy.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
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

describe('restore-trust-policy: what it reports and records', () => {
  it('records the opened document and says what it did both ways', async () => {
    const { env, params } = await arrangeRole(OPENED);
    const { roleName } = params;

    const applied = await applyAction(restoreTrustPolicy, params, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { replacedDocument: expect.any(String) as string, restoredDocument: BEFORE },
      message: `Put the previous trust policy back on role ${roleName}`,
    });
    expect(await restoreTrustPolicy.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: `Put the replaced trust policy back on role ${roleName}`,
    });
    expect(env.logger).toMatchObject({
      lines: [
        { level: 'info', message: 'trust policy restored', extra: { roleName } },
        { level: 'info', message: 'trust policy put back', extra: { roleName } },
      ],
    });
  });

  it('already back: apply records "nothing replaced", and that undo says Warden changed nothing', async () => {
    const { env, params } = await arrangeRole(BEFORE);
    const applied = await applyAction(restoreTrustPolicy, params, env);
    expect(applied).toMatchObject({
      status: 'already-applied',
      message: `Role ${params.roleName} already has its previous trust policy`,
    });
    const prior = priorStateOf(applied);
    expect(JSON.parse(prior.replacedDocument)).toEqual(JSON.parse(BEFORE));
    expect(prior.restoredDocument).toBe(BEFORE);
    expect(await restoreTrustPolicy.undo(params, prior, env)).toEqual({
      status: 'already-undone',
      message: `Warden did not change the trust policy of role ${params.roleName}`,
    });
    expect(await trustOf(env.iam, params.roleName)).toEqual(JSON.parse(BEFORE));
  });

  it('a trust policy changed again after the event: apply refuses and says why', async () => {
    const { env, params } = await arrangeRole(LATER);
    expect(await applyAction(restoreTrustPolicy, params, env)).toEqual({
      status: 'failed',
      reason: `the trust policy of role ${params.roleName} was changed again after the event; Warden will not overwrite it`,
      retryable: false,
    });
  });

  it('change re-reads: a change after inspect is refused, one already back is already-applied with nothing to undo', async () => {
    const { env, params } = await arrangeRole(OPENED);
    const { roleName } = params;
    const inspected = await restoreTrustPolicy.inspect(params, env);
    if (inspected.status !== 'ready') throw new Error(`inspect: ${inspected.status}`);
    const prior = inspected.priorState;

    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: LATER }));
    expect(await restoreTrustPolicy.change(params, prior, env)).toEqual({
      status: 'failed',
      reason: `the trust policy of role ${roleName} was changed after Warden read it; Warden will not overwrite it`,
      retryable: false,
    });
    expect(await trustOf(env.iam, roleName)).toEqual(JSON.parse(LATER));

    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: BEFORE }));
    const already = await restoreTrustPolicy.change(params, prior, env);
    expect(already).toMatchObject({
      status: 'already-applied',
      message: `Role ${roleName} already has its previous trust policy`,
    });
    const recorded = priorStateOf(already);
    expect(JSON.parse(recorded.replacedDocument)).toEqual(JSON.parse(BEFORE));
    expect(recorded.restoredDocument).toBe(BEFORE);
    expect((await restoreTrustPolicy.undo(params, recorded, env)).status).toBe('already-undone');
    expect(await trustOf(env.iam, roleName)).toEqual(JSON.parse(BEFORE));
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('undo when someone reopened the role already is already-undone; after other drift it is cannot-undo', async () => {
    const { env, params } = await arrangeRole(OPENED);
    const { roleName } = params;
    const prior = priorStateOf(await applyAction(restoreTrustPolicy, params, env));

    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: OPENED }));
    expect(await restoreTrustPolicy.undo(params, prior, env)).toEqual({
      status: 'already-undone',
      message: `The trust policy of role ${roleName} is already as it was`,
    });

    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: LATER }));
    expect(await restoreTrustPolicy.undo(params, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: `the trust policy of role ${roleName} was changed after Warden restored it`,
    });
    expect(await trustOf(env.iam, roleName)).toEqual(JSON.parse(LATER));
  });

  it('a role gone: apply and change fail naming it, undo cannot undo naming it', async () => {
    const { env, params } = await arrangeRole(OPENED);
    const { roleName } = params;
    const prior = priorStateOf(await applyAction(restoreTrustPolicy, params, env));
    await env.iam.send(new DeleteRoleCommand({ RoleName: roleName }));

    const gone = { status: 'failed', reason: `role ${roleName} no longer exists`, retryable: false };
    expect(await applyAction(restoreTrustPolicy, params, env)).toEqual(gone);
    expect(await restoreTrustPolicy.change(params, prior, env)).toEqual(gone);
    expect(await restoreTrustPolicy.undo(params, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: `role ${roleName} was deleted after Warden restored its trust policy`,
    });
  });
});

describe('restore-trust-policy when AWS refuses', () => {
  const refusing = (operation: string, code = 'Throttling', status = 400) =>
    iamFailingOn(moto.server.clientOptions, { operation, status, code });

  it('throttling on the read or the update is a retryable failure naming the call; access denied is final', async () => {
    const { env, params } = await arrangeRole(OPENED);
    const { roleName } = params;
    expect(await applyAction(restoreTrustPolicy, params, { ...env, iam: refusing('GetRole') })).toEqual({
      status: 'failed',
      reason: `read role ${roleName}: AWS refused the call (Throttling)`,
      retryable: true,
    });
    expect(await applyAction(restoreTrustPolicy, params, { ...env, iam: refusing('UpdateAssumeRolePolicy') })).toEqual({
      status: 'failed',
      reason: `update the trust policy of role ${roleName}: AWS refused the call (Throttling)`,
      retryable: true,
    });
    expect(
      await applyAction(restoreTrustPolicy, params, {
        ...env,
        iam: refusing('UpdateAssumeRolePolicy', 'AccessDenied', 403),
      }),
    ).toEqual({
      status: 'failed',
      reason: `update the trust policy of role ${roleName}: AWS refused the call (AccessDenied)`,
      retryable: false,
    });
    expect(await trustOf(env.iam, roleName)).toEqual(JSON.parse(OPENED));
  });

  it('undo: throttling is a retryable failure and the restored policy stays', async () => {
    const { env, params } = await arrangeRole(OPENED);
    const prior = priorStateOf(await applyAction(restoreTrustPolicy, params, env));
    for (const operation of ['GetRole', 'UpdateAssumeRolePolicy']) {
      expect(await restoreTrustPolicy.undo(params, prior, { ...env, iam: refusing(operation) })).toEqual({
        status: 'failed',
        reason: `undo the trust policy restore on role ${params.roleName}: AWS refused the call (Throttling)`,
        retryable: true,
      });
    }
    expect(await trustOf(env.iam, params.roleName)).toEqual(JSON.parse(BEFORE));
  });
});

describe('sameTrust', () => {
  it('compares parsed documents, so layout and single-versus-list values do not count', () => {
    const spaced = JSON.stringify(JSON.parse(BEFORE), null, 2);
    expect(sameTrust(BEFORE, spaced)).toBe(true);
    const listed = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ['codebuild.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
    });
    expect(sameTrust(BEFORE, listed)).toBe(true);
    expect(sameTrust(BEFORE, OPENED)).toBe(false);
  });

  it('falls back to the trimmed text when a document does not parse', () => {
    expect(sameTrust(' not a policy ', 'not a policy')).toBe(true);
    expect(sameTrust('not a policy', 'not a policy\n')).toBe(true);
    expect(sameTrust('not a policy', 'another text')).toBe(false);
    expect(sameTrust('not a policy', BEFORE)).toBe(false);
    expect(sameTrust(BEFORE, 'not a policy')).toBe(false);
  });

  it('describes the step with the role name', () => {
    expect(restoreTrustPolicy.describe({ roleName: 'vendor', previousDocument: BEFORE, newDocument: OPENED })).toBe(
      'Put the trust policy role vendor had before this change back',
    );
  });
});

describe('restore-trust-policy declarations', () => {
  it('is registered under its kind and declares exactly the calls it makes', () => {
    expect(restoreTrustPolicy.kind).toBe('restore-trust-policy');
    expect([...restoreTrustPolicy.permissions].sort()).toEqual(['iam:GetRole', 'iam:UpdateAssumeRolePolicy']);
  });
});
