import {
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserPolicyCommand,
  NoSuchEntityException,
  IAMClient,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { PrincipalKind } from '../../shared/model/action-kinds.js';
import { deleteInlinePolicy } from '../../shared/actions/delete-inline-policy.js';
import { actionEnv, inlinePolicies, priorStateOf, silentLogger } from '../helpers/action-env.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
import { beforeCommand } from '../helpers/meanwhile.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

/**
 * Deliberately irregular text: odd whitespace and key order, characters IAM
 * URL-encodes (%, +, &, spaces, non-ASCII). Undo must put back exactly this.
 */
const ESCALATION = `{
    "Version": "2012-10-17",
  "Statement": [ {"Sid":"Grant all", "Effect": "Allow",
     "Action": ["iam:*", "sts:AssumeRole"], "Resource": "*",
     "Condition": {"StringLike": {"aws:PrincipalTag/team": "a+b & 100% ünïcode"}}} ]
}`;
const KEEP = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const OTHER = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

async function put(env: ActionEnv, kind: PrincipalKind, name: string, policyName: string, document: string) {
  if (kind === 'user') {
    await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: policyName, PolicyDocument: document }));
  }
  if (kind === 'group') {
    await env.iam.send(
      new PutGroupPolicyCommand({ GroupName: name, PolicyName: policyName, PolicyDocument: document }),
    );
  }
  if (kind === 'role') {
    await env.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: policyName, PolicyDocument: document }));
  }
}

/** `kind` "target" with inline policies "escalate" (to delete) and "keep". */
async function arrange(kind: PrincipalKind): Promise<ActionEnv> {
  const env = actionEnv(moto.server.clientOptions);
  if (kind === 'user') await env.iam.send(new CreateUserCommand({ UserName: 'target' }));
  if (kind === 'group') await env.iam.send(new CreateGroupCommand({ GroupName: 'target' }));
  if (kind === 'role')
    await env.iam.send(new CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: TRUST }));
  await put(env, kind, 'target', 'escalate', ESCALATION);
  await put(env, kind, 'target', 'keep', KEEP);
  return env;
}

describe.each<PrincipalKind>(['user', 'group', 'role'])('delete-inline-policy on a %s', (kind) => {
  const params = { principalKind: kind, principalName: 'target', policyName: 'escalate' };

  it('deletes exactly that policy, and undo puts back the identical document text', async () => {
    const env = await arrange(kind);
    const before = await inlinePolicies(env.iam, kind, 'target');
    expect(before).toEqual({ escalate: ESCALATION, keep: KEEP });

    const applied = await applyAction(deleteInlinePolicy, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { deleted: true, document: ESCALATION } });
    expect(await inlinePolicies(env.iam, kind, 'target')).toEqual({ keep: KEEP });

    const undone = await deleteInlinePolicy.undo(params, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    const after = await inlinePolicies(env.iam, kind, 'target');
    expect(after).toEqual(before);
    expect(after['escalate']).toBe(ESCALATION);
  });

  it('reports already-applied the second time, noting nothing was deleted', async () => {
    const env = await arrange(kind);
    await applyAction(deleteInlinePolicy, params, env);

    const again = await applyAction(deleteInlinePolicy, params, env);
    expect(again).toEqual({
      status: 'already-applied',
      priorState: { deleted: false, note: `no inline policy escalate on ${kind} target; nothing was deleted` },
      message: `${kind} target had no inline policy escalate`,
    });
    expect(await inlinePolicies(env.iam, kind, 'target')).toEqual({ keep: KEEP });
    expect((await deleteInlinePolicy.undo(params, priorStateOf(again), env)).status).toBe('already-undone');
    expect(await inlinePolicies(env.iam, kind, 'target')).toEqual({ keep: KEEP });
  });

  it('undo after someone put a different policy of that name is cannot-undo and keeps theirs', async () => {
    const env = await arrange(kind);
    const applied = await applyAction(deleteInlinePolicy, params, env);
    await put(env, kind, 'target', 'escalate', OTHER);

    expect(await deleteInlinePolicy.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: `a different inline policy named escalate was put on ${kind} target after Warden deleted the original`,
    });
    expect(await inlinePolicies(env.iam, kind, 'target')).toEqual({ escalate: OTHER, keep: KEEP });
  });

  it('undo after someone put the same policy back is already-undone', async () => {
    const env = await arrange(kind);
    const applied = await applyAction(deleteInlinePolicy, params, env);
    await put(env, kind, 'target', 'escalate', ESCALATION);

    expect((await deleteInlinePolicy.undo(params, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await inlinePolicies(env.iam, kind, 'target')).toEqual({ escalate: ESCALATION, keep: KEEP });
  });

  it('NoSuchEntity on the delete while the principal exists is already so, not "target gone"', async () => {
    const env = await arrange(kind);
    const other = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    // Someone else deletes the policy between Warden's read and its delete: the delete answers 404.
    env.iam.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName?.startsWith('Delete')) {
          if (kind === 'user')
            await other.send(new DeleteUserPolicyCommand({ UserName: 'target', PolicyName: 'escalate' }));
          if (kind === 'group')
            await other.send(new DeleteGroupPolicyCommand({ GroupName: 'target', PolicyName: 'escalate' }));
          if (kind === 'role')
            await other.send(new DeleteRolePolicyCommand({ RoleName: 'target', PolicyName: 'escalate' }));
        }
        return next(args);
      },
      { step: 'initialize', name: 'deleteFirst' },
    );

    const applied = await applyAction(deleteInlinePolicy, params, env);

    expect(applied).toMatchObject({ status: 'already-applied', priorState: { deleted: false } });
    expect(await inlinePolicies(other, kind, 'target')).toEqual({ keep: expect.any(String) });
  });

  it('fails with a reason, without throwing, when the principal is gone', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await expect(applyAction(deleteInlinePolicy, params, env)).resolves.toEqual({
      status: 'failed',
      reason: `${kind} target no longer exists`,
      retryable: false,
    });
  });
});

describe('delete-inline-policy drift', () => {
  it('undo after the user was deleted is cannot-undo', async () => {
    const env = actionEnv(moto.server.clientOptions);
    await env.iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await put(env, 'user', 'alice', 'escalate', ESCALATION);
    const params = { principalKind: 'user' as const, principalName: 'alice', policyName: 'escalate' };
    const applied = await applyAction(deleteInlinePolicy, params, env);
    await env.iam.send(new DeleteUserCommand({ UserName: 'alice' }));

    expect(await deleteInlinePolicy.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden removed its inline policy',
    });
  });
});

it('delete-inline-policy declares exactly the calls it makes and describes the step', () => {
  expect([...deleteInlinePolicy.permissions].sort()).toEqual([
    'iam:DeleteGroupPolicy',
    'iam:DeleteRolePolicy',
    'iam:DeleteUserPolicy',
    'iam:GetGroup',
    'iam:GetGroupPolicy',
    'iam:GetRole',
    'iam:GetRolePolicy',
    'iam:GetUser',
    'iam:GetUserPolicy',
    'iam:ListGroupPolicies',
    'iam:ListRolePolicies',
    'iam:ListUserPolicies',
    'iam:PutGroupPolicy',
    'iam:PutRolePolicy',
    'iam:PutUserPolicy',
  ]);
  expect(deleteInlinePolicy.describe({ principalKind: 'role', principalName: 'ci', policyName: 'escalate' })).toBe(
    'Delete inline policy escalate from role ci (the document is saved for undo)',
  );
});

describe('delete-inline-policy says what it did', () => {
  const params = { principalKind: 'role' as const, principalName: 'target', policyName: 'escalate' };

  it('messages and log lines of apply, a repeat, undo and a repeated undo', async () => {
    const env = await arrange('role');
    const logger = silentLogger();
    const logged = { ...env, logger };

    const applied = await applyAction(deleteInlinePolicy, params, logged);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { deleted: true, document: ESCALATION },
      message: 'Deleted inline policy escalate from role target',
    });
    const nothing = { deleted: false as const, note: 'n' };
    expect(await deleteInlinePolicy.change(params, nothing, logged)).toEqual({
      status: 'already-applied',
      priorState: nothing,
      message: 'role target had no inline policy escalate',
    });
    expect(await deleteInlinePolicy.undo(params, nothing, logged)).toEqual({
      status: 'already-undone',
      message: 'Warden deleted nothing from role target; nothing to undo',
    });
    expect(await inlinePolicies(env.iam, 'role', 'target')).toEqual({ keep: KEEP });
    expect(await deleteInlinePolicy.undo(params, priorStateOf(applied), logged)).toEqual({
      status: 'undone',
      message: 'Put inline policy escalate back on role target',
    });
    expect(await deleteInlinePolicy.undo(params, priorStateOf(applied), logged)).toEqual({
      status: 'already-undone',
      message: 'Inline policy escalate is already back on role target',
    });
    const fields = { principalKind: 'role', principalName: 'target', policyName: 'escalate' };
    expect(logger.lines).toEqual([
      { level: 'info', message: 'inline policy deleted', extra: fields },
      { level: 'info', message: 'inline policy restored', extra: fields },
    ]);
  });

  it('deleted by someone else before the delete: already so, saying Warden deleted nothing', async () => {
    const env = await arrange('role');
    beforeCommand(env, moto.server.clientOptions, 'DeleteRolePolicyCommand', (other) =>
      other.send(new DeleteRolePolicyCommand({ RoleName: 'target', PolicyName: 'escalate' })),
    );
    expect(await applyAction(deleteInlinePolicy, params, env)).toEqual({
      status: 'already-applied',
      priorState: { deleted: false, note: 'the inline policy was deleted meanwhile; Warden deleted nothing' },
      message: 'The inline policy was already deleted from role target',
    });
  });

  it('deleted by someone else between inspect and change: already so, nothing to undo', async () => {
    const env = await arrange('role');
    const inspected = await deleteInlinePolicy.inspect(params, env);
    expect(inspected).toEqual({ status: 'ready', priorState: { deleted: true, document: ESCALATION } });
    await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'target', PolicyName: 'escalate' }));
    const changed = await deleteInlinePolicy.change(params, { deleted: true, document: ESCALATION }, env);
    expect(changed).toEqual({
      status: 'already-applied',
      priorState: { deleted: false, note: 'the inline policy was deleted meanwhile; Warden deleted nothing' },
      message: 'The inline policy was already deleted from role target',
    });
    expect((await deleteInlinePolicy.undo(params, priorStateOf(changed), env)).status).toBe('already-undone');
    expect(await inlinePolicies(env.iam, 'role', 'target')).toEqual({ keep: KEEP });
  });
});

describe('delete-inline-policy compares documents, not texts', () => {
  const params = { principalKind: 'user' as const, principalName: 'target', policyName: 'escalate' };
  const REORDERED = JSON.stringify({
    Statement: [
      {
        Resource: '*',
        Effect: 'Allow',
        Condition: { StringLike: { 'aws:PrincipalTag/team': 'a+b & 100% ünïcode' } },
        Action: ['iam:*', 'sts:AssumeRole'],
        Sid: 'Grant all',
      },
    ],
    Version: '2012-10-17',
  });

  it('the same policy written differently since inspect is still deleted', async () => {
    const env = await arrange('user');
    expect(await deleteInlinePolicy.change(params, { deleted: true, document: REORDERED }, env)).toMatchObject({
      status: 'applied',
    });
    expect(await inlinePolicies(env.iam, 'user', 'target')).toEqual({ keep: KEEP });
  });

  it('a policy changed since inspect is not deleted: a final failure saying so', async () => {
    const env = await arrange('user');
    const changedTo = [
      REORDERED.replace('"iam:*","sts:AssumeRole"', '"sts:AssumeRole","iam:*"'),
      REORDERED.replace('a+b', 'a+c'),
      'not json',
      KEEP,
    ];
    for (const document of changedTo) {
      expect(await deleteInlinePolicy.change(params, { deleted: true, document }, env), document).toEqual({
        status: 'failed',
        reason:
          'inline policy escalate of user target was changed after Warden read it; Warden will not delete the new one',
        retryable: false,
      });
    }
    expect(await inlinePolicies(env.iam, 'user', 'target')).toEqual({ escalate: ESCALATION, keep: KEEP });
  });

  it('undo: the same policy written differently is already back; a null where an object was is not', async () => {
    const env = await arrange('user');
    const applied = await applyAction(deleteInlinePolicy, params, env);
    await put(env, 'user', 'target', 'escalate', REORDERED);
    expect(await deleteInlinePolicy.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: 'Inline policy escalate is already back on user target',
    });
    const withNull =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":null}]}';
    const withObject =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{}}]}';
    await put(env, 'user', 'target', 'escalate', withObject);
    expect(await deleteInlinePolicy.undo(params, { deleted: true, document: withNull }, env)).toMatchObject({
      status: 'cannot-undo',
    });
  });
});

describe('delete-inline-policy reads the live policy carefully', () => {
  const params = { principalKind: 'user' as const, principalName: 'target', policyName: 'escalate' };

  it('a policy put again between the failed read and the list is read once more', async () => {
    const env = await arrange('user');
    await env.iam.send(new DeleteUserPolicyCommand({ UserName: 'target', PolicyName: 'escalate' }));
    beforeCommand(env, moto.server.clientOptions, 'ListUserPoliciesCommand', (other) =>
      other.send(new PutUserPolicyCommand({ UserName: 'target', PolicyName: 'escalate', PolicyDocument: OTHER })),
    );
    expect(await deleteInlinePolicy.inspect(params, env)).toEqual({
      status: 'ready',
      priorState: { deleted: true, document: OTHER },
    });
  });

  it('pages through the policy names, and decodes what IAM returns', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(GetUserPolicyCommand)
      .rejectsOnce(new NoSuchEntityException({ message: 'gone', $metadata: {} }))
      .resolves({ UserName: 'target', PolicyName: 'escalate', PolicyDocument: encodeURIComponent(ESCALATION) })
      .on(ListUserPoliciesCommand, { UserName: 'target', Marker: undefined })
      .resolves({ PolicyNames: ['keep'], IsTruncated: true, Marker: 'p2' })
      .on(ListUserPoliciesCommand, { UserName: 'target', Marker: 'p2' })
      .resolves({ PolicyNames: ['escalate'], IsTruncated: false });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    expect(await deleteInlinePolicy.inspect(params, env)).toEqual({
      status: 'ready',
      priorState: { deleted: true, document: ESCALATION },
    });
  });

  it('a policy on no page is absent', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(GetUserPolicyCommand)
      .rejects(new NoSuchEntityException({ message: 'gone', $metadata: {} }))
      .on(ListUserPoliciesCommand, { UserName: 'target', Marker: undefined })
      .resolves({ PolicyNames: ['keep'], IsTruncated: true, Marker: 'p2' })
      .on(ListUserPoliciesCommand, { UserName: 'target', Marker: 'p2' })
      .resolves({ PolicyNames: ['other'], IsTruncated: false, Marker: 'stale' });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    expect(await deleteInlinePolicy.inspect(params, env)).toMatchObject({ status: 'already-applied' });
    expect(mock.commandCalls(ListUserPoliciesCommand)).toHaveLength(2);
  });
});

describe('delete-inline-policy reads answers with fields missing', () => {
  const params = { principalKind: 'user' as const, principalName: 'target', policyName: 'escalate' };
  const gone = () => new NoSuchEntityException({ message: 'gone', $metadata: {} });

  it('a policy answer without a document records an empty document, on the first read and on the second', async () => {
    const first = new IAMClient({ region: 'us-east-1' });
    mockClient(first).on(GetUserPolicyCommand).resolves({});
    const second = new IAMClient({ region: 'us-east-1' });
    mockClient(second)
      .on(GetUserPolicyCommand)
      .rejectsOnce(gone())
      .resolves({})
      .on(ListUserPoliciesCommand)
      .resolves({ PolicyNames: ['escalate'], IsTruncated: false });
    for (const iam of [first, second]) {
      expect(await deleteInlinePolicy.inspect(params, { ...actionEnv(moto.server.clientOptions), iam })).toEqual({
        status: 'ready',
        priorState: { deleted: true, document: '' },
      });
    }
  });

  it('a list page without policy names holds no policy: already so', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    mockClient(iam).on(GetUserPolicyCommand).rejects(gone()).on(ListUserPoliciesCommand).resolves({});
    expect(await deleteInlinePolicy.inspect(params, { ...actionEnv(moto.server.clientOptions), iam })).toEqual({
      status: 'already-applied',
      priorState: { deleted: false, note: 'no inline policy escalate on user target; nothing was deleted' },
      message: 'user target had no inline policy escalate',
    });
  });
});

describe('delete-inline-policy when AWS refuses', () => {
  const params = { principalKind: 'user' as const, principalName: 'target', policyName: 'escalate' };

  it('throttling on the read is a retryable failure naming the read, and nothing changes', async () => {
    const env = await arrange('user');
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'GetUserPolicy',
      status: 400,
      code: 'Throttling',
    });
    expect(await applyAction(deleteInlinePolicy, params, { ...env, iam })).toEqual({
      status: 'failed',
      reason: 'read inline policy escalate of user target: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(await inlinePolicies(env.iam, 'user', 'target')).toEqual({ escalate: ESCALATION, keep: KEEP });
  });

  it('a refused delete is a failure naming the delete; the policy stays', async () => {
    const env = await arrange('user');
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'DeleteUserPolicy',
      status: 403,
      code: 'AccessDenied',
    });
    expect(await applyAction(deleteInlinePolicy, params, { ...env, iam })).toEqual({
      status: 'failed',
      reason: 'delete inline policy escalate from user target: AWS refused the call (AccessDenied)',
      retryable: false,
    });
    expect(await inlinePolicies(env.iam, 'user', 'target')).toEqual({ escalate: ESCALATION, keep: KEEP });
  });

  it('the principal gone and unreadable: the read failure, retryable when throttled', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const iam = iamFailingOn(moto.server.clientOptions, { operation: 'GetUser', status: 400, code: 'Throttling' });
    expect(await applyAction(deleteInlinePolicy, params, { ...env, iam })).toEqual({
      status: 'failed',
      reason: 'read user target: AWS refused the call (Throttling)',
      retryable: true,
    });
  });

  it('undo: throttling on the read or the put is a retryable failure; a later undo puts it back', async () => {
    const env = await arrange('user');
    const applied = await applyAction(deleteInlinePolicy, params, env);
    for (const operation of ['GetUserPolicy', 'PutUserPolicy']) {
      const iam = iamFailingOn(moto.server.clientOptions, { operation, status: 400, code: 'Throttling' });
      expect(await deleteInlinePolicy.undo(params, priorStateOf(applied), { ...env, iam }), operation).toEqual({
        status: 'failed',
        reason: 'restore inline policy escalate on user target: AWS refused the call (Throttling)',
        retryable: true,
      });
    }
    expect(await inlinePolicies(env.iam, 'user', 'target')).toEqual({ keep: KEEP });
    expect((await deleteInlinePolicy.undo(params, priorStateOf(applied), env)).status).toBe('undone');
    expect(await inlinePolicies(env.iam, 'user', 'target')).toEqual({ escalate: ESCALATION, keep: KEEP });
  });

  it('undo: the user deleted between the read and the put is cannot-undo', async () => {
    const env = await arrange('user');
    const applied = await applyAction(deleteInlinePolicy, params, env);
    beforeCommand(env, moto.server.clientOptions, 'PutUserPolicyCommand', async (other) => {
      await other.send(new DeleteUserPolicyCommand({ UserName: 'target', PolicyName: 'keep' }));
      await other.send(new DeleteUserCommand({ UserName: 'target' }));
    });
    expect(await deleteInlinePolicy.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'user target was deleted after Warden removed its inline policy',
    });
  });
});

it('delete-inline-policy is registered under its kind', () => {
  expect(deleteInlinePolicy.kind).toBe('delete-inline-policy');
});
