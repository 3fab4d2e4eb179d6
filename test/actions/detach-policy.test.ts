import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { PrincipalKind } from '../../shared/model/action-kinds.js';
import { detachPolicy, detachPolicySpec } from '../../shared/actions/detach-policy.js';
import { attachedPolicyArns, actionEnv, priorStateOf, silentLogger } from '../helpers/action-env.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
import { applyAction } from '../../shared/actions/apply-action.js';
import { beforeCommand } from '../helpers/meanwhile.js';

const moto = useMotoServer();

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

async function createPrincipal(env: ActionEnv, kind: PrincipalKind, name: string): Promise<void> {
  if (kind === 'user') await env.iam.send(new CreateUserCommand({ UserName: name }));
  if (kind === 'group') await env.iam.send(new CreateGroupCommand({ GroupName: name }));
  if (kind === 'role') await env.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
}

async function attach(env: ActionEnv, kind: PrincipalKind, name: string, policyArn: string): Promise<void> {
  if (kind === 'user') await env.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  if (kind === 'group') await env.iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }));
  if (kind === 'role') await env.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
}

async function detachWith(iam: IAMClient, kind: PrincipalKind, name: string, policyArn: string): Promise<void> {
  if (kind === 'user') await iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  if (kind === 'group') await iam.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }));
  if (kind === 'role') await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
}

/** `kind` "target" holding AdministratorAccess and ReadOnlyAccess. */
async function arrange(kind: PrincipalKind): Promise<ActionEnv> {
  const env = actionEnv(moto.server.clientOptions);
  await createPrincipal(env, kind, 'target');
  await attach(env, kind, 'target', ADMIN);
  await attach(env, kind, 'target', READ_ONLY);
  return env;
}

describe.each<PrincipalKind>(['user', 'group', 'role'])('detach-policy from a %s', (kind) => {
  const params = { principalKind: kind, principalName: 'target', policyArn: ADMIN };

  it('detaches exactly that policy, and undo restores the attached list', async () => {
    const env = await arrange(kind);
    const before = await attachedPolicyArns(env.iam, kind, 'target');
    expect(before).toEqual([ADMIN, READ_ONLY]);

    const applied = await applyAction(detachPolicy, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { attached: true } });
    expect(await attachedPolicyArns(env.iam, kind, 'target')).toEqual([READ_ONLY]);

    const undone = await detachPolicy.undo(params, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    expect(await attachedPolicyArns(env.iam, kind, 'target')).toEqual(before);
  });

  it('reports already-applied the second time and changes nothing', async () => {
    const env = await arrange(kind);
    await applyAction(detachPolicy, params, env);

    const again = await applyAction(detachPolicy, params, env);
    expect(again).toMatchObject({ status: 'already-applied', priorState: { attached: false } });
    expect(await attachedPolicyArns(env.iam, kind, 'target')).toEqual([READ_ONLY]);
    expect((await detachPolicy.undo(params, priorStateOf(again), env)).status).toBe('already-undone');
    expect(await attachedPolicyArns(env.iam, kind, 'target')).toEqual([READ_ONLY]);
  });

  it('undo is already-undone when someone attached the policy again meanwhile', async () => {
    const env = await arrange(kind);
    const applied = await applyAction(detachPolicy, params, env);
    await attach(env, kind, 'target', ADMIN);

    expect((await detachPolicy.undo(params, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await attachedPolicyArns(env.iam, kind, 'target')).toEqual([ADMIN, READ_ONLY]);
  });

  it('NoSuchEntity on the detach while the principal exists is already so, not "target gone"', async () => {
    const env = await arrange(kind);
    const other = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    // Someone else detaches the policy between Warden's read and its detach: the detach answers 404.
    env.iam.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName?.startsWith('Detach')) await detachWith(other, kind, 'target', ADMIN);
        return next(args);
      },
      { step: 'initialize', name: 'detachFirst' },
    );

    const applied = await applyAction(detachPolicy, params, env);

    expect(applied).toEqual({
      status: 'already-applied',
      priorState: { attached: false },
      message: `${ADMIN} was already detached from ${kind} target`,
    });
    expect(await attachedPolicyArns(other, kind, 'target')).toEqual([READ_ONLY]);
  });

  it('fails with a reason, without throwing, when the principal is gone', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await expect(applyAction(detachPolicy, params, env)).resolves.toEqual({
      status: 'failed',
      reason: `${kind} target no longer exists`,
      retryable: false,
    });
  });
});

describe('detach-policy says what it did', () => {
  const params = { principalKind: 'group' as const, principalName: 'target', policyArn: ADMIN };

  it('messages and log lines of apply, a repeat, undo and a repeated undo', async () => {
    const env = await arrange('group');
    const logger = silentLogger();
    const logged = { ...env, logger };

    expect(await applyAction(detachPolicy, params, logged)).toEqual({
      status: 'applied',
      priorState: { attached: true },
      message: `Detached ${ADMIN} from group target`,
    });
    expect(await applyAction(detachPolicy, params, logged)).toEqual({
      status: 'already-applied',
      priorState: { attached: false },
      message: `${ADMIN} was not attached to group target`,
    });
    // A change whose inspection saw nothing attached does not call IAM.
    expect(await detachPolicy.change(params, { attached: false }, logged)).toEqual({
      status: 'already-applied',
      priorState: { attached: false },
      message: `${ADMIN} was not attached to group target`,
    });
    expect(await detachPolicy.undo(params, { attached: false }, logged)).toEqual({
      status: 'already-undone',
      message: `${ADMIN} was not attached before; nothing to undo`,
    });
    expect(await detachPolicy.undo(params, { attached: true }, logged)).toEqual({
      status: 'undone',
      message: `Re-attached ${ADMIN} to group target`,
    });
    expect(await detachPolicy.undo(params, { attached: true }, logged)).toEqual({
      status: 'already-undone',
      message: `${ADMIN} is already attached to group target`,
    });
    expect(await attachedPolicyArns(env.iam, 'group', 'target')).toEqual([ADMIN, READ_ONLY]);
    expect(logger.lines).toEqual([
      {
        level: 'info',
        message: 'policy detached',
        extra: { principalKind: 'group', principalName: 'target', policyArn: ADMIN },
      },
      {
        level: 'info',
        message: 'policy re-attached',
        extra: { principalKind: 'group', principalName: 'target', policyArn: ADMIN },
      },
    ]);
  });

  it('undo when the principal is gone before the read is cannot-undo, naming it', async () => {
    const env = actionEnv(moto.server.clientOptions);
    expect(await detachPolicy.undo(params, { attached: true }, env)).toEqual({
      status: 'cannot-undo',
      reason: `group target was deleted after Warden detached ${ADMIN}`,
    });
  });

  it('names a policy by the last part of its ARN, and an odd ARN in full', () => {
    const describeFor = (policyArn: string) =>
      detachPolicy.describe({ principalKind: 'role', principalName: 'r', policyArn });
    expect(describeFor('arn:aws:iam::123456789012:policy/team/ops/Deploy')).toBe('Detach Deploy from role r');
    expect(describeFor('no-slash')).toBe('Detach no-slash from role r');
    expect(describeFor('arn:aws:iam::123456789012:policy/')).toBe(
      'Detach arn:aws:iam::123456789012:policy/ from role r',
    );
  });
});

describe('detach-policy drift', () => {
  it('undo after the policy was deleted is cannot-undo and the deletion stands', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await createPrincipal(env, 'user', 'alice');
    const created = await env.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'everything',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    const policyArn = created.Policy?.Arn ?? '';
    expect(policyArn).toBe(`arn:aws:iam::${DEFAULT_ACCOUNT}:policy/everything`);
    await attach(env, 'user', 'alice', policyArn);
    const params = { principalKind: 'user' as const, principalName: 'alice', policyArn };

    const applied = await applyAction(detachPolicy, params, env);
    expect(await attachedPolicyArns(env.iam, 'user', 'alice')).toEqual([]);
    await env.iam.send(new DeletePolicyCommand({ PolicyArn: policyArn }));

    expect(await detachPolicy.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: `policy ${policyArn} was deleted after Warden detached it`,
    });
    expect(await attachedPolicyArns(env.iam, 'user', 'alice')).toEqual([]);
  });

  it('undo after the role was deleted is cannot-undo', async () => {
    const env = await arrange('role');
    const params = { principalKind: 'role' as const, principalName: 'target', policyArn: ADMIN };
    const applied = await applyAction(detachPolicy, params, env);
    await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'target', PolicyArn: READ_ONLY }));
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'target' }));

    expect(await detachPolicy.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: `role target was deleted after Warden detached ${ADMIN}`,
    });
  });
});

describe('detach-policy paging', () => {
  it('finds the policy on a later page of attached policies', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(ListAttachedUserPoliciesCommand, { UserName: 'alice', Marker: undefined })
      .resolves({ AttachedPolicies: [{ PolicyArn: READ_ONLY }], IsTruncated: true, Marker: 'page-2' })
      .on(ListAttachedUserPoliciesCommand, { UserName: 'alice', Marker: 'page-2' })
      .resolves({ AttachedPolicies: [{ PolicyArn: ADMIN }], IsTruncated: false })
      .on(DetachUserPolicyCommand)
      .resolves({});
    const env = { ...actionEnv(moto.server.clientOptions), iam };

    const applied = await applyAction(
      detachPolicy,
      { principalKind: 'user', principalName: 'alice', policyArn: ADMIN },
      env,
    );

    expect(applied.status).toBe('applied');
    expect(mock.commandCalls(DetachUserPolicyCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'alice', PolicyArn: ADMIN },
    ]);
  });
});

it('detach-policy declares exactly the calls it makes and describes the step', () => {
  expect([...detachPolicy.permissions].sort()).toEqual([
    'iam:AttachGroupPolicy',
    'iam:AttachRolePolicy',
    'iam:AttachUserPolicy',
    'iam:DetachGroupPolicy',
    'iam:DetachRolePolicy',
    'iam:DetachUserPolicy',
    'iam:GetGroup',
    'iam:GetRole',
    'iam:GetUser',
    'iam:ListAttachedGroupPolicies',
    'iam:ListAttachedRolePolicies',
    'iam:ListAttachedUserPolicies',
  ]);
  expect(detachPolicy.describe({ principalKind: 'user', principalName: 'alice', policyArn: ADMIN })).toBe(
    'Detach AdministratorAccess from user alice',
  );
});

describe('detach-policy when AWS refuses or the SDK breaks', () => {
  const params = { principalKind: 'user' as const, principalName: 'target', policyArn: ADMIN };

  it('throttling on the read is a retryable failure that names the call, and nothing changes', async () => {
    const env = await arrange('user');
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'ListAttachedUserPolicies',
      status: 400,
      code: 'Throttling',
    });
    expect(await applyAction(detachPolicy, params, { ...env, iam })).toEqual({
      status: 'failed',
      reason: 'read the policies of user target: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(await attachedPolicyArns(env.iam, 'user', 'target')).toEqual([ADMIN, READ_ONLY]);
  });

  it('a service error on the detach is a retryable failure; the policy stays attached', async () => {
    const env = await arrange('user');
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'DetachUserPolicy',
      status: 500,
      code: 'ServiceFailure',
    });
    expect(await applyAction(detachPolicy, params, { ...env, iam })).toEqual({
      status: 'failed',
      reason: `detach ${ADMIN} from user target: AWS refused the call (ServiceFailureException)`,
      retryable: true,
    });
    expect(await attachedPolicyArns(env.iam, 'user', 'target')).toEqual([ADMIN, READ_ONLY]);
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('access denied on the detach is a failure that is not retried', async () => {
    const env = await arrange('user');
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'DetachUserPolicy',
      status: 403,
      code: 'AccessDenied',
    });
    expect(await applyAction(detachPolicy, params, { ...env, iam })).toEqual({
      status: 'failed',
      reason: `detach ${ADMIN} from user target: AWS refused the call (AccessDenied)`,
      retryable: false,
    });
  });

  it('throttling while checking whether the principal still exists is retryable', async () => {
    // The principal is gone (NoSuchEntity on the list); the follow-up GetUser is throttled.
    const env = actionEnv(moto.server.clientOptions);
    const iam = iamFailingOn(moto.server.clientOptions, { operation: 'GetUser', status: 400, code: 'Throttling' });
    expect(await applyAction(detachPolicy, params, { ...env, iam })).toEqual({
      status: 'failed',
      reason: 'read user target: AWS refused the call (Throttling)',
      retryable: true,
    });
  });

  it('undo: throttling on the read and on the re-attach are retryable failures; a later undo re-attaches', async () => {
    const env = await arrange('user');
    const applied = await applyAction(detachPolicy, params, env);
    const prior = priorStateOf(applied);

    const readThrottled = iamFailingOn(moto.server.clientOptions, {
      operation: 'ListAttachedUserPolicies',
      status: 400,
      code: 'Throttling',
    });
    expect(await detachPolicy.undo(params, prior, { ...env, iam: readThrottled })).toEqual({
      status: 'failed',
      reason: `re-attach ${ADMIN} to user target: AWS refused the call (Throttling)`,
      retryable: true,
    });
    const attachThrottled = iamFailingOn(moto.server.clientOptions, {
      operation: 'AttachUserPolicy',
      status: 400,
      code: 'Throttling',
    });
    expect(await detachPolicy.undo(params, prior, { ...env, iam: attachThrottled })).toEqual({
      status: 'failed',
      reason: `re-attach ${ADMIN} to user target: AWS refused the call (Throttling)`,
      retryable: true,
    });
    expect(await attachedPolicyArns(env.iam, 'user', 'target')).toEqual([READ_ONLY]);

    expect(await detachPolicy.undo(params, prior, env)).toEqual({
      status: 'undone',
      message: `Re-attached ${ADMIN} to user target`,
    });
    expect(await attachedPolicyArns(env.iam, 'user', 'target')).toEqual([ADMIN, READ_ONLY]);
  });

  it('a plain Error (a bug, not an AWS answer) is rethrown, never reported as a failure', async () => {
    const env = await arrange('user');
    const bug = new Error('serializer exploded');
    env.iam.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DetachUserPolicyCommand') throw bug;
        return next(args);
      },
      { step: 'initialize', name: 'plainError' },
    );
    await expect(applyAction(detachPolicy, params, env)).rejects.toBe(bug);
    expect(await attachedPolicyArns(env.iam, 'user', 'target')).toEqual([ADMIN, READ_ONLY]);
  });
});

describe('detach-policy when the principal comes and goes between calls', () => {
  const params = { principalKind: 'user' as const, principalName: 'target', policyArn: ADMIN };

  it('a principal created again between the failed list and the existence check: already so, nothing recorded', async () => {
    const env = actionEnv(moto.server.clientOptions);
    beforeCommand(env, moto.server.clientOptions, 'GetUserCommand', (other) =>
      other.send(new CreateUserCommand({ UserName: 'target' })),
    );
    expect(await applyAction(detachPolicy, params, env)).toEqual({
      status: 'already-applied',
      priorState: { attached: false },
      message: `${ADMIN} was already detached from user target`,
    });
  });

  it('undo: the principal deleted between the read and the re-attach is cannot-undo, naming it', async () => {
    const env = await arrange('role');
    const roleParams = { principalKind: 'role' as const, principalName: 'target', policyArn: ADMIN };
    const applied = await applyAction(detachPolicy, roleParams, env);
    beforeCommand(env, moto.server.clientOptions, 'AttachRolePolicyCommand', async (other) => {
      await other.send(new DetachRolePolicyCommand({ RoleName: 'target', PolicyArn: READ_ONLY }));
      await other.send(new DeleteRoleCommand({ RoleName: 'target' }));
    });
    expect(await detachPolicy.undo(roleParams, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: `role target was deleted after Warden detached ${ADMIN}`,
    });
  });

  it('undo: the re-attach refused as missing and the principal unreadable is the read failure', async () => {
    const env = await arrange('role');
    const roleParams = { principalKind: 'role' as const, principalName: 'target', policyArn: ADMIN };
    const applied = await applyAction(detachPolicy, roleParams, env);
    const iam = iamFailingOn(moto.server.clientOptions, { operation: 'GetRole', status: 400, code: 'Throttling' });
    const failing = { ...env, iam };
    beforeCommand(failing, moto.server.clientOptions, 'AttachRolePolicyCommand', async (other) => {
      await other.send(new DetachRolePolicyCommand({ RoleName: 'target', PolicyArn: READ_ONLY }));
      await other.send(new DeleteRoleCommand({ RoleName: 'target' }));
    });
    expect(await detachPolicy.undo(roleParams, priorStateOf(applied), failing)).toEqual({
      status: 'failed',
      reason: 'read role target: AWS refused the call (Throttling)',
      retryable: true,
    });
  });

  it('a page without an AttachedPolicies list is read as nothing attached', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(ListAttachedUserPoliciesCommand).resolves({ IsTruncated: false });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    expect(await applyAction(detachPolicy, params, env)).toEqual({
      status: 'already-applied',
      priorState: { attached: false },
      message: `${ADMIN} was not attached to user target`,
    });
    expect(mock.commandCalls(DetachUserPolicyCommand)).toEqual([]);
  });

  it('is registered under its kind', () => {
    expect(detachPolicy.kind).toBe('detach-policy');
  });

  it('its params keep the principal and the policy and need all three; its target is the principal', () => {
    const params = { principalKind: 'group', principalName: 'admins', policyArn: ADMIN };
    expect(v.safeParse(detachPolicySpec.params, params)).toMatchObject({ success: true, output: params });
    expect(v.safeParse(detachPolicySpec.params, { principalKind: 'group', principalName: 'admins' }).success).toBe(
      false,
    );
    expect(detachPolicy.target({ principalKind: 'group', principalName: 'admins', policyArn: ADMIN })).toEqual({
      kind: 'group',
      name: 'admins',
    });
  });
});
