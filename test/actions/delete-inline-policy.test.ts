import {
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { PrincipalKind } from '../../shared/actions/action-kinds.js';
import { decodePolicyText, deleteInlinePolicy } from '../../shared/actions/delete-inline-policy.js';
import { actionEnv, inlinePolicies, priorStateOf } from '../helpers/action-env.js';
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

describe('decodePolicyText', () => {
  it('decodes IAM URL encoding and leaves plain JSON text as it is', () => {
    expect(decodePolicyText(encodeURIComponent(ESCALATION))).toBe(ESCALATION);
    expect(decodePolicyText('%7B%22Version%22%3A%222012-10-17%22%7D')).toBe('{"Version":"2012-10-17"}');
    expect(decodePolicyText('{"a":"100%"}')).toBe('{"a":"100%"}');
    expect(decodePolicyText('  {"a":"%7B"}')).toBe('  {"a":"%7B"}');
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
    'Delete inline policy escalate from role ci',
  );
});
