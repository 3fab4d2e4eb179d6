import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import {
  DENY_ALL_POLICY_NAME,
  REVOKE_SESSIONS_POLICY_NAME,
  denyAllDocument,
  quarantineRole,
  revokeSessionsDocument,
} from '../../shared/actions/quarantine-role.js';
import { FIXED_NOW, actionEnv, inlinePolicies, priorStateOf, silentLogger } from '../helpers/action-env.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
import { beforeCommand, throttling, throwOn } from '../helpers/meanwhile.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const APP_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

/** Role "app" with one inline policy of its own. */
async function arrange(path = '/'): Promise<ActionEnv> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreateRoleCommand({ RoleName: 'app', Path: path, AssumeRolePolicyDocument: TRUST }));
  await env.iam.send(
    new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'app-access', PolicyDocument: APP_POLICY }),
  );
  return env;
}

describe('quarantine-role', () => {
  it('puts a deny-all and a revoke-older-sessions policy; undo leaves only what was there', async () => {
    const env = await arrange();
    const before = await inlinePolicies(env.iam, 'role', 'app');

    const applied = await applyAction(quarantineRole, { roleName: 'app' }, env);
    expect(applied.status).toBe('applied');
    const during = await inlinePolicies(env.iam, 'role', 'app');
    expect(Object.keys(during).sort()).toEqual(['WardenQuarantineDenyAll', 'WardenRevokeOlderSessions', 'app-access']);
    expect(JSON.parse(during.WardenQuarantineDenyAll ?? '')).toMatchObject({
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    expect(JSON.parse(during.WardenRevokeOlderSessions ?? '')).toMatchObject({
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': FIXED_NOW.toISOString() } },
        },
      ],
    });
    expect(during['app-access']).toBe(APP_POLICY);

    expect((await quarantineRole.undo({ roleName: 'app' }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('puts back the exact document of a same-named policy that existed before', async () => {
    const env = await arrange();
    const theirs = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}';
    await env.iam.send(
      new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'WardenRevokeOlderSessions', PolicyDocument: theirs }),
    );
    const before = await inlinePolicies(env.iam, 'role', 'app');

    const applied = await applyAction(quarantineRole, { roleName: 'app' }, env);
    expect(applied.status).toBe('applied');
    await quarantineRole.undo({ roleName: 'app' }, priorStateOf(applied), env);
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('is already-applied on a quarantined role, and that undo changes nothing', async () => {
    const env = await arrange();
    await applyAction(quarantineRole, { roleName: 'app' }, env);
    const quarantined = await inlinePolicies(env.iam, 'role', 'app');

    const again = await applyAction(quarantineRole, { roleName: 'app' }, env);
    expect(again.status).toBe('already-applied');
    expect((await quarantineRole.undo({ roleName: 'app' }, priorStateOf(again), env)).status).toBe('already-undone');
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(quarantined);
  });

  it('undo is cannot-undo when a quarantine policy was changed since, and changes nothing', async () => {
    const env = await arrange();
    const applied = await applyAction(quarantineRole, { roleName: 'app' }, env);
    const edited = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}';
    await env.iam.send(
      new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'WardenQuarantineDenyAll', PolicyDocument: edited }),
    );
    const afterEdit = await inlinePolicies(env.iam, 'role', 'app');

    const undone = await quarantineRole.undo({ roleName: 'app' }, priorStateOf(applied), env);
    expect(undone).toMatchObject({ status: 'cannot-undo' });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(afterEdit);
  });

  it('undo removes what is left when someone already deleted one of the policies', async () => {
    const env = await arrange();
    const before = await inlinePolicies(env.iam, 'role', 'app');
    const applied = await applyAction(quarantineRole, { roleName: 'app' }, env);
    await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'WardenQuarantineDenyAll' }));

    expect((await quarantineRole.undo({ roleName: 'app' }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('refuses a service-linked role and a missing role, without retry', async () => {
    const env = await arrange('/aws-service-role/lambda.amazonaws.com/');
    const before = await inlinePolicies(env.iam, 'role', 'app');
    expect(await applyAction(quarantineRole, { roleName: 'app' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
    expect(await applyAction(quarantineRole, { roleName: 'ghost' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
  });
});

const role = { roleName: 'app' };
const THEIRS = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}';

/** Someone else deletes role app with its inline policies. */
async function deleteApp(other: IAMClient): Promise<void> {
  const names = await other.send(new ListRolePoliciesCommand({ RoleName: 'app' }));
  for (const policyName of names.PolicyNames ?? []) {
    await other.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: policyName }));
  }
  await other.send(new DeleteRoleCommand({ RoleName: 'app' }));
}

async function putOn(env: ActionEnv, policyName: string, document: string): Promise<void> {
  await env.iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: policyName, PolicyDocument: document }));
}

describe('quarantine-role records and says what it did', () => {
  it('inspect fixes both documents, revocation instant included, and what each replaces', async () => {
    const env = await arrange();
    await putOn(env, REVOKE_SESSIONS_POLICY_NAME, THEIRS);
    expect(await quarantineRole.inspect(role, env)).toEqual({
      status: 'ready',
      priorState: {
        put: [
          {
            policyName: 'WardenRevokeOlderSessions',
            previousDocument: THEIRS,
            document: revokeSessionsDocument(FIXED_NOW),
          },
          { policyName: 'WardenQuarantineDenyAll', previousDocument: null, document: denyAllDocument() },
        ],
      },
    });
    expect(JSON.parse(revokeSessionsDocument(FIXED_NOW))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'WardenRevokeOlderSessions',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2025-06-01T12:00:00.000Z' } },
        },
      ],
    });
    expect(JSON.parse(denyAllDocument())).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'WardenQuarantineDenyAll', Effect: 'Deny', Action: '*', Resource: '*' }],
    });
  });

  it('messages and log lines of apply, a repeat, undo and a repeated undo', async () => {
    const env = await arrange();
    const logger = silentLogger();
    const logged = { ...env, logger };

    const applied = await applyAction(quarantineRole, role, logged);
    expect(applied).toMatchObject({
      status: 'applied',
      message: 'Quarantined role app: put inline policies WardenQuarantineDenyAll and WardenRevokeOlderSessions',
    });
    expect(await applyAction(quarantineRole, role, logged)).toEqual({
      status: 'already-applied',
      priorState: { put: [] },
      message: 'Role app is already quarantined (WardenQuarantineDenyAll in place)',
    });
    expect(await quarantineRole.change(role, { put: [] }, logged)).toEqual({
      status: 'already-applied',
      priorState: { put: [] },
      message: 'Role app is already quarantined',
    });
    expect(await quarantineRole.undo(role, { put: [] }, logged)).toEqual({
      status: 'already-undone',
      message: 'Warden changed nothing on role app; nothing to undo',
    });
    expect(await quarantineRole.undo(role, priorStateOf(applied), logged)).toEqual({
      status: 'undone',
      message: 'Lifted the quarantine of role app: deleted WardenRevokeOlderSessions; deleted WardenQuarantineDenyAll',
    });
    expect(await quarantineRole.undo(role, priorStateOf(applied), logged)).toEqual({
      status: 'already-undone',
      message: "Role app no longer has Warden's quarantine policies",
    });
    expect(logger.lines).toEqual([
      { level: 'info', message: 'role quarantined', extra: { roleName: 'app', replaced: 0 } },
      { level: 'info', message: 'role quarantine undone', extra: { roleName: 'app', changes: 2 } },
    ]);
  });

  it('a same-named deny-all of different content is replaced, counted, and put back on undo', async () => {
    const env = await arrange();
    await putOn(env, DENY_ALL_POLICY_NAME, THEIRS);
    const before = await inlinePolicies(env.iam, 'role', 'app');
    const logger = silentLogger();

    const applied = await applyAction(quarantineRole, role, { ...env, logger });
    expect(applied).toMatchObject({
      status: 'applied',
      priorState: { put: [{ previousDocument: null }, { policyName: DENY_ALL_POLICY_NAME, previousDocument: THEIRS }] },
    });
    expect(logger.lines).toEqual([
      { level: 'info', message: 'role quarantined', extra: { roleName: 'app', replaced: 1 } },
    ]);
    expect(await quarantineRole.undo(role, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message:
        'Lifted the quarantine of role app: deleted WardenRevokeOlderSessions; put back the previous WardenQuarantineDenyAll',
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('a deny-all written differently (key order, spacing) counts as already quarantined', async () => {
    const env = await arrange();
    await putOn(
      env,
      DENY_ALL_POLICY_NAME,
      '{ "Statement": [ { "Resource": "*", "Action": "*", "Effect": "Deny", "Sid": "WardenQuarantineDenyAll" } ], "Version": "2012-10-17" }',
    );
    expect(await applyAction(quarantineRole, role, env)).toMatchObject({ status: 'already-applied' });
  });

  it('refusals name the role and why', async () => {
    const env = await arrange('/aws-service-role/lambda.amazonaws.com/');
    expect(await applyAction(quarantineRole, role, env)).toEqual({
      status: 'failed',
      reason: 'role app is service-linked; AWS manages it and Warden never quarantines it',
      retryable: false,
    });
    expect(await applyAction(quarantineRole, { roleName: 'ghost' }, env)).toEqual({
      status: 'failed',
      reason: 'role ghost no longer exists',
      retryable: false,
    });
  });

  it('a path that only contains the service-role prefix is not service-linked', async () => {
    const env = await arrange('/team/aws-service-role/');
    expect(await applyAction(quarantineRole, role, env)).toMatchObject({ status: 'applied' });
  });
});

describe('quarantine-role undo after drift', () => {
  it('names every policy changed since, and changes nothing', async () => {
    const env = await arrange();
    const applied = await applyAction(quarantineRole, role, env);
    await putOn(env, DENY_ALL_POLICY_NAME, THEIRS);
    await putOn(env, REVOKE_SESSIONS_POLICY_NAME, THEIRS);
    const drifted = await inlinePolicies(env.iam, 'role', 'app');
    expect(await quarantineRole.undo(role, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason:
        'inline policies changed since Warden put them on role app: WardenRevokeOlderSessions, WardenQuarantineDenyAll',
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(drifted);
  });

  it('a policy someone already put back to its previous document is left as it is', async () => {
    const env = await arrange();
    await putOn(env, REVOKE_SESSIONS_POLICY_NAME, THEIRS);
    const before = await inlinePolicies(env.iam, 'role', 'app');
    const applied = await applyAction(quarantineRole, role, env);
    await putOn(env, REVOKE_SESSIONS_POLICY_NAME, THEIRS);

    expect(await quarantineRole.undo(role, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: 'Lifted the quarantine of role app: deleted WardenQuarantineDenyAll',
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('the role deleted before a delete in undo: cannot undo', async () => {
    const env = await arrange();
    const applied = await applyAction(quarantineRole, role, env);
    beforeCommand(env, moto.server.clientOptions, 'DeleteRolePolicyCommand', deleteApp);
    expect(await quarantineRole.undo(role, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'role app was deleted after Warden quarantined it',
    });
  });

  it('a policy deleted by someone between the read and the delete in undo is not named as deleted', async () => {
    const env = await arrange();
    const before = await inlinePolicies(env.iam, 'role', 'app');
    const applied = await applyAction(quarantineRole, role, env);
    beforeCommand(
      env,
      moto.server.clientOptions,
      'DeleteRolePolicyCommand',
      (other) => other.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: DENY_ALL_POLICY_NAME })),
      2,
    );
    expect(await quarantineRole.undo(role, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: 'Lifted the quarantine of role app: deleted WardenRevokeOlderSessions',
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('throttling is a retryable failure naming the undo; a later undo lifts the quarantine', async () => {
    const env = await arrange();
    const before = await inlinePolicies(env.iam, 'role', 'app');
    const applied = await applyAction(quarantineRole, role, env);
    for (const operation of ['GetRole', 'GetRolePolicy', 'DeleteRolePolicy']) {
      const iam = iamFailingOn(moto.server.clientOptions, { operation, status: 400, code: 'Throttling' });
      expect(await quarantineRole.undo(role, priorStateOf(applied), { ...env, iam }), operation).toEqual({
        status: 'failed',
        reason: 'lift the quarantine of role app: AWS refused the call (Throttling)',
        retryable: true,
      });
    }
    expect((await quarantineRole.undo(role, priorStateOf(applied), env)).status).toBe('undone');
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });
});

describe('quarantine-role rolls back a half-done quarantine', () => {
  it('the second put throttled: deletes the first again and says so', async () => {
    const env = await arrange();
    const before = await inlinePolicies(env.iam, 'role', 'app');
    throwOn(env, 'PutRolePolicyCommand', throttling(), (nth) => nth === 2);
    expect(await applyAction(quarantineRole, role, env)).toEqual({
      status: 'failed',
      reason: 'quarantine role app: AWS refused the call (Throttling); rolled back the partial quarantine',
      retryable: true,
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('puts back the document a replaced policy had', async () => {
    const env = await arrange();
    await putOn(env, REVOKE_SESSIONS_POLICY_NAME, THEIRS);
    const before = await inlinePolicies(env.iam, 'role', 'app');
    throwOn(env, 'PutRolePolicyCommand', throttling(), (nth) => nth === 2);
    expect(await applyAction(quarantineRole, role, env)).toMatchObject({
      reason: 'quarantine role app: AWS refused the call (Throttling); rolled back the partial quarantine',
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('names what the rollback could not put back', async () => {
    const env = await arrange();
    await putOn(env, REVOKE_SESSIONS_POLICY_NAME, THEIRS);
    throwOn(env, 'PutRolePolicyCommand', throttling(), (nth) => nth >= 2);
    expect(await applyAction(quarantineRole, role, env)).toEqual({
      status: 'failed',
      reason:
        'quarantine role app: AWS refused the call (Throttling); could not roll back: WardenRevokeOlderSessions stays in place',
      retryable: true,
    });
  });

  it('the first put throttled: nothing to roll back, nothing changed', async () => {
    const env = await arrange();
    const before = await inlinePolicies(env.iam, 'role', 'app');
    throwOn(env, 'PutRolePolicyCommand', throttling());
    expect(await applyAction(quarantineRole, role, env)).toEqual({
      status: 'failed',
      reason: 'quarantine role app: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(await inlinePolicies(env.iam, 'role', 'app')).toEqual(before);
  });

  it('the role deleted before the puts: target gone, without a rollback note', async () => {
    const env = await arrange();
    beforeCommand(env, moto.server.clientOptions, 'PutRolePolicyCommand', deleteApp);
    expect(await applyAction(quarantineRole, role, env)).toEqual({
      status: 'failed',
      reason: 'role app no longer exists',
      retryable: false,
    });
  });

  it('the role deleted between the puts: target gone, naming what stays', async () => {
    const env = await arrange();
    beforeCommand(env, moto.server.clientOptions, 'PutRolePolicyCommand', deleteApp, 2);
    expect(await applyAction(quarantineRole, role, env)).toEqual({
      status: 'failed',
      reason: 'role app no longer exists; could not roll back: WardenRevokeOlderSessions stays in place',
      retryable: false,
    });
  });

  it('a throttled read in inspect is a retryable failure naming the role', async () => {
    const env = await arrange();
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'GetRolePolicy',
      status: 400,
      code: 'Throttling',
    });
    expect(await applyAction(quarantineRole, role, { ...env, iam })).toEqual({
      status: 'failed',
      reason: 'read role app: AWS refused the call (Throttling)',
      retryable: true,
    });
  });
});

it('quarantine-role declares exactly the calls it makes and describes the step', () => {
  expect(quarantineRole.kind).toBe('quarantine-role');
  expect([...quarantineRole.permissions].sort()).toEqual([
    'iam:DeleteRolePolicy',
    'iam:GetRole',
    'iam:GetRolePolicy',
    'iam:PutRolePolicy',
  ]);
  expect(quarantineRole.describe(role)).toBe(
    'Quarantine role app: deny all its permissions and revoke sessions issued before now',
  );
});

describe('quarantine-role reads answers with fields missing', () => {
  function mocked(role: object, policy: object): ActionEnv {
    const iam = new IAMClient({ region: 'us-east-1' });
    mockClient(iam).on(GetRoleCommand).resolves(role).on(GetRolePolicyCommand).resolves(policy);
    return { ...actionEnv(moto.server.clientOptions), iam };
  }
  const created = {
    RoleName: 'app',
    RoleId: 'AROA1',
    Arn: 'arn:aws:iam::123456789012:role/app',
    CreateDate: new Date(),
  };

  it('a role without a path, or no role record, is not service-linked', async () => {
    for (const answer of [{}, { Role: { ...created, Path: undefined } }]) {
      expect(await quarantineRole.inspect(role, mocked(answer, {})), JSON.stringify(answer)).toMatchObject({
        status: 'ready',
      });
    }
  });

  it('a policy answer without a document records an empty previous document', async () => {
    expect(await quarantineRole.inspect(role, mocked({ Role: { ...created, Path: '/' } }, {}))).toEqual({
      status: 'ready',
      priorState: {
        put: [
          {
            policyName: REVOKE_SESSIONS_POLICY_NAME,
            previousDocument: '',
            document: revokeSessionsDocument(FIXED_NOW),
          },
          { policyName: DENY_ALL_POLICY_NAME, previousDocument: '', document: denyAllDocument() },
        ],
      },
    });
  });
});
