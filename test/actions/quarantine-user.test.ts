import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { denyAllPolicyArn, quarantineUser } from '../../shared/actions/quarantine-user.js';
import { accessKeyStatuses, actionEnv, attachedPolicyArns, priorStateOf, silentLogger } from '../helpers/action-env.js';
import { iamFailingOn } from '../helpers/aws-error-response.js';
import { beforeCommand, throttling, throwOn } from '../helpers/meanwhile.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();
const DENY_ALL = 'arn:aws:iam::aws:policy/AWSDenyAll';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** User mallory with ReadOnlyAccess and two access keys: the first active, the second `secondStatus`. */
async function arrange(
  secondStatus: 'Active' | 'Inactive' = 'Inactive',
): Promise<{ env: ActionEnv; first: string; second: string }> {
  const env = actionEnv(moto.server.clientOptions);
  await env.iam.send(new CreateUserCommand({ UserName: 'mallory' }));
  await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: READ_ONLY }));
  const key = async () =>
    (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'mallory' }))).AccessKey?.AccessKeyId ?? '';
  const first = await key();
  const second = await key();
  await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'mallory', AccessKeyId: second, Status: secondStatus }));
  return { env, first, second };
}

async function state(env: ActionEnv) {
  return {
    policies: await attachedPolicyArns(env.iam, 'user', 'mallory'),
    keys: await accessKeyStatuses(env.iam, 'mallory'),
  };
}

describe('quarantine-user', () => {
  it('attaches AWSDenyAll and deactivates only active keys; undo restores the start state exactly', async () => {
    const { env, first, second } = await arrange();
    const before = await state(env);

    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(applied).toMatchObject({
      status: 'applied',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [first] },
    });
    expect(await state(env)).toEqual({
      policies: [DENY_ALL, READ_ONLY],
      keys: { [first]: 'Inactive', [second]: 'Inactive' },
    });

    expect((await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await state(env)).toEqual(before);
  });

  it('leaves an AWSDenyAll attached before Warden in place on undo', async () => {
    const { env, first, second } = await arrange();
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));

    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { attachedDenyAll: false } });
    await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env);
    expect(await state(env)).toEqual({
      policies: [DENY_ALL, READ_ONLY],
      keys: { [first]: 'Active', [second]: 'Inactive' },
    });
  });

  it('is already-applied on a quarantined user, and that undo changes nothing', async () => {
    const { env } = await arrange();
    await applyAction(quarantineUser, { userName: 'mallory' }, env);
    const quarantined = await state(env);

    const again = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(again.status).toBe('already-applied');
    expect((await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(again), env)).status).toBe(
      'already-undone',
    );
    expect(await state(env)).toEqual(quarantined);
  });

  it('reports a key deleted since and still undoes the rest', async () => {
    const { env, first, second } = await arrange('Active');
    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { deactivatedKeys: [first, second].sort() } });
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first }));

    const undone = await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env);
    expect(undone.status).toBe('undone');
    expect(undone.status === 'undone' && undone.message).toContain(`deleted since: ${first}`);
    expect(await state(env)).toEqual({ policies: [READ_ONLY], keys: { [second]: 'Active' } });
  });

  it('is cannot-undo when every key it deactivated is gone and nothing else is left to reverse', async () => {
    const { env, first } = await arrange();
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first }));

    const undone = await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env);
    expect(undone.status).toBe('cannot-undo');
  });

  it('undo is already-undone when someone lifted the quarantine by hand', async () => {
    const { env, first } = await arrange();
    const applied = await applyAction(quarantineUser, { userName: 'mallory' }, env);
    await env.iam.send(new DetachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first, Status: 'Active' }));
    expect((await quarantineUser.undo({ userName: 'mallory' }, priorStateOf(applied), env)).status).toBe(
      'already-undone',
    );
  });

  it('never acts on the root user, and fails cleanly for a missing user', async () => {
    const env = actionEnv(moto.server.clientOptions);
    expect(await applyAction(quarantineUser, { userName: '' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
    expect(await applyAction(quarantineUser, { userName: '<root_account>' }, env)).toMatchObject({ status: 'failed' });
    expect(await applyAction(quarantineUser, { userName: 'ghost' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
  });
});

/** Someone else deletes mallory: her policies, keys and the user. */
async function deleteMallory(other: IAMClient): Promise<void> {
  const policies = await other.send(new ListAttachedUserPoliciesCommand({ UserName: 'mallory' }));
  for (const policy of policies.AttachedPolicies ?? []) {
    await other.send(new DetachUserPolicyCommand({ UserName: 'mallory', PolicyArn: policy.PolicyArn }));
  }
  const keys = await other.send(new ListAccessKeysCommand({ UserName: 'mallory' }));
  for (const key of keys.AccessKeyMetadata ?? []) {
    await other.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: key.AccessKeyId }));
  }
  await other.send(new DeleteUserCommand({ UserName: 'mallory' }));
}

const user = { userName: 'mallory' };

describe('quarantine-user says what it did', () => {
  it('messages and log lines of apply, a repeat, undo and a repeated undo', async () => {
    const { env, first } = await arrange();
    const logger = silentLogger();
    const logged = { ...env, logger };

    const applied = await applyAction(quarantineUser, user, logged);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [first] },
      message: `Quarantined user mallory: attached AWSDenyAll; deactivated access keys ${first}`,
    });
    expect(await applyAction(quarantineUser, user, logged)).toEqual({
      status: 'already-applied',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: false, deactivatedKeys: [] },
      message: 'User mallory is already quarantined (AWSDenyAll attached, no active access keys)',
    });
    expect(await quarantineUser.undo(user, priorStateOf(applied), logged)).toEqual({
      status: 'undone',
      message: `Lifted the quarantine of user mallory: detached AWSDenyAll; reactivated access key ${first}`,
    });
    expect(await quarantineUser.undo(user, priorStateOf(applied), logged)).toEqual({
      status: 'already-undone',
      message: `The quarantine of user mallory was already lifted: AWSDenyAll already detached; access key ${first} already active`,
    });
    expect(logger.lines).toEqual([
      {
        level: 'info',
        message: 'user quarantined',
        extra: { userName: 'mallory', attachedDenyAll: true, deactivatedKeys: [first] },
      },
      { level: 'info', message: 'user quarantine undone', extra: { userName: 'mallory', done: 2, deleted: [] } },
      { level: 'info', message: 'user quarantine undone', extra: { userName: 'mallory', done: 0, deleted: [] } },
    ]);
  });

  it('an AWSDenyAll already attached and no active key: the message says so; undo names only what it did', async () => {
    const { env, first } = await arrange();
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    const applied = await applyAction(quarantineUser, user, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: false, deactivatedKeys: [first] },
      message: `Quarantined user mallory: AWSDenyAll was already attached; deactivated access keys ${first}`,
    });
    expect(await quarantineUser.undo(user, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: `Lifted the quarantine of user mallory: reactivated access key ${first}`,
    });

    const noKeys = { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [] };
    await env.iam.send(new DetachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    expect(await quarantineUser.change(user, noKeys, env)).toEqual({
      status: 'applied',
      priorState: noKeys,
      message: 'Quarantined user mallory: attached AWSDenyAll; no active access keys',
    });
    expect(await attachedPolicyArns(env.iam, 'user', 'mallory')).toEqual([DENY_ALL, READ_ONLY]);
  });

  it('a change or undo with nothing recorded does not call IAM', async () => {
    const { env, first, second } = await arrange();
    const before = await state(env);
    const nothing = { policyArn: DENY_ALL, attachedDenyAll: false, deactivatedKeys: [] };
    expect(await quarantineUser.change(user, nothing, env)).toEqual({
      status: 'already-applied',
      priorState: nothing,
      message: 'User mallory is already quarantined',
    });
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first, Status: 'Inactive' }));
    expect(await quarantineUser.undo(user, nothing, env)).toEqual({
      status: 'already-undone',
      message: 'Warden changed nothing on user mallory; nothing to undo',
    });
    expect(await state(env)).toEqual({
      policies: [DENY_ALL, READ_ONLY],
      keys: { ...before.keys, [first]: 'Inactive', [second]: 'Inactive' },
    });
  });

  it('cannot-undo when every key it deactivated was deleted names the user', async () => {
    const { env, first } = await arrange();
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    const applied = await applyAction(quarantineUser, user, env);
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: first }));
    expect(await quarantineUser.undo(user, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'every access key Warden deactivated on user mallory was deleted since',
    });
  });

  it('already-undone names an AWSDenyAll detached by hand and a key deleted since', async () => {
    const { env, first, second } = await arrange('Active');
    const applied = await applyAction(quarantineUser, user, env);
    await env.iam.send(new DetachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    const [gone, kept] = [first, second].sort() as [string, string];
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: gone }));
    await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'mallory', AccessKeyId: kept, Status: 'Active' }));
    expect(await quarantineUser.undo(user, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: `The quarantine of user mallory was already lifted: AWSDenyAll already detached; access key ${kept} already active; access keys deleted since: ${gone}`,
    });
  });
});

describe('quarantine-user never acts on root', () => {
  it('refuses the root names, blank-padded too, and an ARN ending in :root, with the same reason', async () => {
    const env = actionEnv(moto.server.clientOptions);
    const refused = { status: 'failed', reason: 'Warden never quarantines the root user', retryable: false };
    for (const userName of ['', '  ', '<root_account>', ' <root_account> ']) {
      expect(await applyAction(quarantineUser, { userName }, env), JSON.stringify(userName)).toEqual(refused);
    }
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(GetUserCommand).resolves({
      User: {
        UserName: 'root',
        UserId: '123456789012',
        Arn: 'arn:aws:iam::123456789012:root',
        Path: '/',
        CreateDate: new Date(),
      },
    });
    expect(await applyAction(quarantineUser, { userName: 'root' }, { ...env, iam })).toEqual(refused);
    expect(mock.commandCalls(ListAttachedUserPoliciesCommand)).toEqual([]);
  });

  it('a missing user is a final failure naming it', async () => {
    const env = actionEnv(moto.server.clientOptions);
    expect(await applyAction(quarantineUser, { userName: 'ghost' }, env)).toEqual({
      status: 'failed',
      reason: 'user ghost no longer exists',
      retryable: false,
    });
  });
});

describe('denyAllPolicyArn', () => {
  it("takes the partition of the user's ARN, aws when there is none", () => {
    expect(denyAllPolicyArn('arn:aws-us-gov:iam::123456789012:user/a')).toBe(
      'arn:aws-us-gov:iam::aws:policy/AWSDenyAll',
    );
    expect(denyAllPolicyArn('arn:aws-cn:iam::123456789012:user/a')).toBe('arn:aws-cn:iam::aws:policy/AWSDenyAll');
    expect(denyAllPolicyArn(undefined)).toBe(DENY_ALL);
    expect(denyAllPolicyArn('xarn:aws-cn:iam::123456789012:user/a')).toBe(DENY_ALL);
    expect(denyAllPolicyArn('arn::iam::123456789012:user/a')).toBe(DENY_ALL);
  });

  it('inspect records the ARN of the partition GetUser answers with', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(GetUserCommand)
      .resolves({
        User: {
          UserName: 'mallory',
          UserId: 'AIDA1',
          Arn: 'arn:aws-us-gov:iam::123456789012:user/mallory',
          Path: '/',
          CreateDate: new Date(),
        },
      })
      .on(ListAttachedUserPoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyArn: DENY_ALL }] })
      .on(ListAccessKeysCommand)
      .resolves({ AccessKeyMetadata: [] });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    expect(await quarantineUser.inspect(user, env)).toEqual({
      status: 'ready',
      priorState: {
        policyArn: 'arn:aws-us-gov:iam::aws:policy/AWSDenyAll',
        attachedDenyAll: true,
        deactivatedKeys: [],
      },
    });
  });
});

describe('quarantine-user paging', () => {
  it('reads every page of attached policies and access keys, skipping entries without an id', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(GetUserCommand)
      .resolves({
        User: {
          UserName: 'mallory',
          UserId: 'AIDA1',
          Arn: 'arn:aws:iam::123456789012:user/mallory',
          Path: '/',
          CreateDate: new Date(),
        },
      })
      .on(ListAttachedUserPoliciesCommand, { UserName: 'mallory', Marker: undefined })
      .resolves({ AttachedPolicies: [{ PolicyArn: READ_ONLY }, {}], IsTruncated: true, Marker: 'p2' })
      .on(ListAttachedUserPoliciesCommand, { UserName: 'mallory', Marker: 'p2' })
      .resolves({ AttachedPolicies: [{ PolicyArn: DENY_ALL }], IsTruncated: false })
      .on(ListAccessKeysCommand, { UserName: 'mallory', Marker: undefined })
      .resolves({
        AccessKeyMetadata: [{ AccessKeyId: 'AKIA1', Status: 'Inactive' }, { Status: 'Active' }],
        IsTruncated: true,
        Marker: 'k2',
      })
      .on(ListAccessKeysCommand, { UserName: 'mallory', Marker: 'k2' })
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIA2', Status: 'Active' }], IsTruncated: false });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    expect(await quarantineUser.inspect(user, env)).toEqual({
      status: 'ready',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: false, deactivatedKeys: ['AKIA2'] },
    });
  });
});

describe('quarantine-user change when something goes between the read and the write', () => {
  it('AWSDenyAll missing in the partition: a final failure naming the policy, nothing changed', async () => {
    const { env } = await arrange();
    const before = await state(env);
    const missing = 'arn:aws:iam::aws:policy/NoSuchDenyAll';
    const prior = { policyArn: missing, attachedDenyAll: true, deactivatedKeys: [] };
    expect(await quarantineUser.change(user, prior, env)).toEqual({
      status: 'failed',
      reason: `policy ${missing} does not exist in this account's partition`,
      retryable: false,
    });
    expect(await state(env)).toEqual(before);
  });

  it('a key deleted meanwhile is named; the others are still deactivated and recorded', async () => {
    const { env, first, second } = await arrange('Active');
    const [gone, kept] = [first, second].sort() as [string, string];
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', (other) =>
      other.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: gone })),
    );
    expect(await applyAction(quarantineUser, user, env)).toEqual({
      status: 'applied',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [kept] },
      message: `Quarantined user mallory: attached AWSDenyAll; deactivated access keys ${kept}; access keys deleted meanwhile: ${gone}`,
    });
    expect(await state(env)).toEqual({ policies: [DENY_ALL, READ_ONLY], keys: { [kept]: 'Inactive' } });
  });

  it('the user deleted before the attach: a final failure naming the user, no rollback note', async () => {
    const { env } = await arrange();
    beforeCommand(env, moto.server.clientOptions, 'AttachUserPolicyCommand', deleteMallory);
    expect(await applyAction(quarantineUser, user, env)).toEqual({
      status: 'failed',
      reason: 'user mallory no longer exists',
      retryable: false,
    });
  });

  it('the user deleted before a key update: names the user and what could not be rolled back', async () => {
    const { env } = await arrange();
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', deleteMallory);
    expect(await applyAction(quarantineUser, user, env)).toEqual({
      status: 'failed',
      reason: 'user mallory no longer exists; could not roll back: AWSDenyAll stays attached',
      retryable: false,
    });
  });

  it('the user unreadable after NoSuchEntity: the read failure, retryable when throttled', async () => {
    const { env } = await arrange();
    const prior = { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [] };
    const throttledRead = iamFailingOn(moto.server.clientOptions, {
      operation: 'GetUser',
      status: 400,
      code: 'Throttling',
    });
    const later = { ...env, iam: throttledRead };
    beforeCommand(later, moto.server.clientOptions, 'AttachUserPolicyCommand', deleteMallory);
    expect(await quarantineUser.change(user, prior, later)).toEqual({
      status: 'failed',
      reason: 'read user mallory: AWS refused the call (Throttling)',
      retryable: true,
    });
  });
});

describe('quarantine-user rolls back a half-done quarantine', () => {
  it('a throttled key update after the attach: detaches AWSDenyAll again and says so', async () => {
    const { env } = await arrange();
    const before = await state(env);
    throwOn(env, 'UpdateAccessKeyCommand', throttling());
    expect(await applyAction(quarantineUser, user, env)).toEqual({
      status: 'failed',
      reason: 'quarantine user mallory: AWS refused the call (Throttling); rolled back the partial quarantine',
      retryable: true,
    });
    expect(await state(env)).toEqual(before);
  });

  it('the second key update throttled: reactivates the first key and detaches AWSDenyAll', async () => {
    const { env } = await arrange('Active');
    const before = await state(env);
    throwOn(env, 'UpdateAccessKeyCommand', throttling(), (nth) => nth === 2);
    expect(await applyAction(quarantineUser, user, env)).toMatchObject({
      status: 'failed',
      reason: 'quarantine user mallory: AWS refused the call (Throttling); rolled back the partial quarantine',
    });
    expect(await state(env)).toEqual(before);
  });

  it('names what the rollback could not put back', async () => {
    const { env, first, second } = await arrange('Active');
    const [done] = [first, second].sort() as [string, string];
    throwOn(env, 'UpdateAccessKeyCommand', throttling(), (nth) => nth >= 2);
    throwOn(env, 'DetachUserPolicyCommand', throttling());
    expect(await applyAction(quarantineUser, user, env)).toEqual({
      status: 'failed',
      reason: `quarantine user mallory: AWS refused the call (Throttling); could not roll back: access key ${done} stays inactive, AWSDenyAll stays attached`,
      retryable: true,
    });
    expect((await state(env)).policies).toEqual([DENY_ALL, READ_ONLY]);
  });

  it('a throttled read in inspect is a retryable failure naming the user', async () => {
    const { env } = await arrange();
    const iam = iamFailingOn(moto.server.clientOptions, {
      operation: 'ListAccessKeys',
      status: 400,
      code: 'Throttling',
    });
    expect(await applyAction(quarantineUser, user, { ...env, iam })).toEqual({
      status: 'failed',
      reason: 'read user mallory: AWS refused the call (Throttling)',
      retryable: true,
    });
  });
});

describe('quarantine-user undo when something goes between the read and the write', () => {
  it('the user deleted between the policy read and the detach: cannot undo', async () => {
    const { env } = await arrange();
    const prior = priorStateOf(await applyAction(quarantineUser, user, env));
    beforeCommand(env, moto.server.clientOptions, 'DetachUserPolicyCommand', deleteMallory);
    expect(await quarantineUser.undo(user, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'user mallory was deleted after Warden quarantined it',
    });
  });

  it('the user deleted between the key read and the reactivation: cannot undo', async () => {
    const { env } = await arrange();
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    const prior = priorStateOf(await applyAction(quarantineUser, user, env));
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', deleteMallory);
    expect(await quarantineUser.undo(user, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'user mallory was deleted after Warden quarantined it',
    });
  });

  it('throttling is a retryable failure naming the undo; a later undo lifts the quarantine', async () => {
    const { env } = await arrange();
    const before = await state(env);
    const prior = priorStateOf(await applyAction(quarantineUser, user, env));
    for (const operation of ['ListAttachedUserPolicies', 'DetachUserPolicy', 'ListAccessKeys', 'UpdateAccessKey']) {
      const iam = iamFailingOn(moto.server.clientOptions, { operation, status: 400, code: 'Throttling' });
      expect(await quarantineUser.undo(user, prior, { ...env, iam }), operation).toEqual({
        status: 'failed',
        reason: 'lift the quarantine of user mallory: AWS refused the call (Throttling)',
        retryable: true,
      });
      await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    }
    expect((await quarantineUser.undo(user, prior, env)).status).toBe('undone');
    expect(await state(env)).toEqual(before);
  });
});

describe('quarantine-user names every key it touched', () => {
  it('lists two keys deactivated, and two deleted meanwhile, joined', async () => {
    const { env, first, second } = await arrange('Active');
    const [a, b] = [first, second].sort() as [string, string];
    const applied = await applyAction(quarantineUser, user, env);
    expect(applied).toMatchObject({
      status: 'applied',
      message: `Quarantined user mallory: attached AWSDenyAll; deactivated access keys ${a}, ${b}`,
    });
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: a }));
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: b }));
    expect(await quarantineUser.undo(user, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: `Lifted the quarantine of user mallory: detached AWSDenyAll; access keys deleted since: ${a}, ${b}`,
    });
  });

  it('names two keys deleted between the read and the deactivation', async () => {
    const { env, first, second } = await arrange('Active');
    const [a, b] = [first, second].sort() as [string, string];
    beforeCommand(env, moto.server.clientOptions, 'UpdateAccessKeyCommand', async (other) => {
      await other.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: a }));
      await other.send(new DeleteAccessKeyCommand({ UserName: 'mallory', AccessKeyId: b }));
    });
    expect(await applyAction(quarantineUser, user, env)).toEqual({
      status: 'applied',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [] },
      message: `Quarantined user mallory: attached AWSDenyAll; no active access keys; access keys deleted meanwhile: ${a}, ${b}`,
    });
  });

  it('a rollback reactivates the keys and leaves an AWSDenyAll that was attached before Warden', async () => {
    const { env } = await arrange('Active');
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'mallory', PolicyArn: DENY_ALL }));
    const before = await state(env);
    throwOn(env, 'UpdateAccessKeyCommand', throttling(), (nth) => nth === 2);
    expect(await applyAction(quarantineUser, user, env)).toEqual({
      status: 'failed',
      reason: 'quarantine user mallory: AWS refused the call (Throttling); rolled back the partial quarantine',
      retryable: true,
    });
    expect(await state(env)).toEqual(before);
  });
});

describe('quarantine-user reads the user it was given', () => {
  it('asks GetUser for that user, and a user without an ARN gets the aws partition', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(GetUserCommand)
      .resolves({})
      .on(ListAttachedUserPoliciesCommand)
      .resolves({ AttachedPolicies: [] })
      .on(ListAccessKeysCommand)
      .resolves({ AccessKeyMetadata: [] });
    const env = { ...actionEnv(moto.server.clientOptions), iam };
    expect(await quarantineUser.inspect(user, env)).toEqual({
      status: 'ready',
      priorState: { policyArn: DENY_ALL, attachedDenyAll: true, deactivatedKeys: [] },
    });
    expect(mock.commandCalls(GetUserCommand).map((call) => call.args[0].input)).toEqual([{ UserName: 'mallory' }]);
  });

  it('declares exactly the calls it makes and describes the step', () => {
    expect(quarantineUser.kind).toBe('quarantine-user');
    expect([...quarantineUser.permissions].sort()).toEqual([
      'iam:AttachUserPolicy',
      'iam:DetachUserPolicy',
      'iam:GetUser',
      'iam:ListAccessKeys',
      'iam:ListAttachedUserPolicies',
      'iam:UpdateAccessKey',
    ]);
    expect(quarantineUser.describe(user)).toBe('Quarantine user mallory (deny all, deactivate their access keys)');
  });
});
