import { CreateRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { quarantineRole } from '../../shared/actions/quarantine-role.js';
import { FIXED_NOW, actionEnv, inlinePolicies, priorStateOf } from '../helpers/action-env.js';
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
