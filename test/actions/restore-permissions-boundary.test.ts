/**
 * moto 5.2.1 implements neither CloudTrail LookupEvents nor
 * Put/DeleteUserPermissionsBoundary. So: the role path runs against moto's
 * real IAM with only the CloudTrail client answered by aws-sdk-client-mock
 * (the history), and the user path runs with both clients mocked, asserting
 * the exact requests IAM received.
 */
import {
  CloudTrailClient,
  type Event as TrailEvent,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  NoSuchEntityException,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { previousBoundary, restorePermissionsBoundary } from '../../shared/actions/restore-permissions-boundary.js';
import { cloudTrailFailingOn, iamFailingOn } from '../helpers/aws-error-response.js';
import { actionEnv, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const TRUST = '{"Version":"2012-10-17","Statement":[]}';

let clock = Date.parse('2025-06-01T11:00:00Z');

/** A LookupEvents entry as CloudTrail returns it (the record is a JSON string). */
function trailEvent(eventName: string, requestParameters: Record<string, unknown>, errorCode?: string): TrailEvent {
  clock -= 60_000;
  const record = { eventVersion: '1.08', eventName, eventSource: 'iam.amazonaws.com', requestParameters, errorCode };
  return { EventName: eventName, EventTime: new Date(clock), CloudTrailEvent: JSON.stringify(record) };
}

/** A CloudTrail client whose LookupEvents returns `pages` (newest first) in order. */
function historyClient(...pages: TrailEvent[][]): { cloudtrail: CloudTrailClient; lookups: () => unknown[] } {
  const cloudtrail = new CloudTrailClient({ region: 'us-east-1' });
  const mock = mockClient(cloudtrail);
  pages.forEach((events, index) => {
    const page: Partial<LookupEventsCommandOutput> = {
      Events: events,
      NextToken: index < pages.length - 1 ? `page-${index + 2}` : undefined,
    };
    mock.on(LookupEventsCommand, { NextToken: index === 0 ? undefined : `page-${index + 1}` }).resolves(page);
  });
  return { cloudtrail, lookups: () => mock.commandCalls(LookupEventsCommand).map((call) => call.args[0].input) };
}

async function roleBoundary(iam: IAMClient, roleName: string): Promise<string | undefined> {
  return (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn;
}

/** Role "app" in moto with `boundary` (or none); CloudTrail answers with `pages`. */
async function arrangeRole(boundary: string | undefined, ...pages: TrailEvent[][]) {
  const history = historyClient(...pages);
  const env: ActionEnv = actionEnv(moto.server.clientOptions, { cloudtrail: history.cloudtrail });
  await env.iam.send(
    new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: POWER_USER }),
  );
  if (boundary)
    await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: boundary }));
  else await env.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
  return { env, lookups: history.lookups };
}

const params = { principalKind: 'role', principalName: 'app' } as const;

describe('restore-permissions-boundary (role: moto IAM, mocked CloudTrail history)', () => {
  it('puts back the boundary set before the removal, and undo removes it again', async () => {
    const { env, lookups } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);

    const applied = await applyAction(restorePermissionsBoundary, params, env);
    expect(applied).toMatchObject({
      status: 'applied',
      priorState: { previousBoundaryArn: null, restoredBoundaryArn: POWER_USER },
    });
    expect(await roleBoundary(env.iam, 'app')).toBe(POWER_USER);
    expect(lookups()).toEqual([{ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'app' }] }]);

    expect((await restorePermissionsBoundary.undo(params, priorStateOf(applied), env)).status).toBe('undone');
    expect(await roleBoundary(env.iam, 'app')).toBeUndefined();
  });

  it('reads history only up to the change being reverted when the rule gives its time', async () => {
    const { env, lookups } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);

    const applied = await applyAction(
      restorePermissionsBoundary,
      { ...params, changedAt: '2026-11-01T10:00:00Z' },
      env,
    );

    expect(applied).toMatchObject({ status: 'applied', priorState: { restoredBoundaryArn: POWER_USER } });
    expect(lookups()).toEqual([
      {
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'app' }],
        EndTime: new Date('2026-11-01T10:00:01Z'),
      },
    ]);
  });

  it('reads every page and skips failed calls, other principals and unrelated events', async () => {
    const { env, lookups } = await arrangeRole(
      undefined,
      [
        trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }, 'AccessDenied'),
        trailEvent('AttachRolePolicy', { roleName: 'app', policyArn: ADMIN }),
        trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      ],
      [
        trailEvent('PutRolePermissionsBoundary', { roleName: 'app-other', permissionsBoundary: ADMIN }),
        trailEvent('PutRolePermissionsBoundary', { roleName: 'app', permissionsBoundary: READ_ONLY }),
        trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
      ],
    );

    const applied = await applyAction(restorePermissionsBoundary, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { restoredBoundaryArn: READ_ONLY } });
    expect(await roleBoundary(env.iam, 'app')).toBe(READ_ONLY);
    expect(lookups()).toHaveLength(2);
  });

  it('replaces a broader boundary with the one before it, and undo puts the broader one back', async () => {
    const { env } = await arrangeRole(ADMIN, [
      trailEvent('PutRolePermissionsBoundary', { roleName: 'app', permissionsBoundary: ADMIN }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);

    const applied = await applyAction(restorePermissionsBoundary, params, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { previousBoundaryArn: ADMIN } });
    expect(await roleBoundary(env.iam, 'app')).toBe(POWER_USER);
    expect((await restorePermissionsBoundary.undo(params, priorStateOf(applied), env)).status).toBe('undone');
    expect(await roleBoundary(env.iam, 'app')).toBe(ADMIN);
  });

  it('is already-applied when someone put the previous boundary back, and that undo changes nothing', async () => {
    const { env } = await arrangeRole(POWER_USER, [
      trailEvent('PutRolePermissionsBoundary', { roleName: 'app', permissionsBoundary: POWER_USER }),
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);

    const applied = await applyAction(restorePermissionsBoundary, params, env);
    expect(applied.status).toBe('already-applied');
    expect((await restorePermissionsBoundary.undo(params, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await roleBoundary(env.iam, 'app')).toBe(POWER_USER);
  });

  it('fails without guessing when history shows no earlier boundary', async () => {
    const { env } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app' }),
    ]);
    const result = await applyAction(restorePermissionsBoundary, params, env);
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(result.status === 'failed' && result.reason).toMatch(/no earlier permissions boundary/);
    expect(await roleBoundary(env.iam, 'app')).toBeUndefined();
  });

  it('undo is cannot-undo when the boundary was changed after the restore', async () => {
    const { env } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);
    const applied = await applyAction(restorePermissionsBoundary, params, env);
    await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: READ_ONLY }));

    expect((await restorePermissionsBoundary.undo(params, priorStateOf(applied), env)).status).toBe('cannot-undo');
    expect(await roleBoundary(env.iam, 'app')).toBe(READ_ONLY);
  });

  it('fails cleanly when the role is gone', async () => {
    const { env } = await arrangeRole(undefined, []);
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    expect(await applyAction(restorePermissionsBoundary, params, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
  });
});

describe('restore-permissions-boundary (user: IAM and CloudTrail both mocked)', () => {
  const userParams = { principalKind: 'user', principalName: 'alice' } as const;

  function userEnv(boundaries: (string | undefined)[]) {
    const iam = new IAMClient({ region: 'us-east-1' });
    const iamMock = mockClient(iam);
    const getUser = iamMock.on(GetUserCommand, { UserName: 'alice' });
    for (const boundary of boundaries) {
      getUser.resolvesOnce({
        User: {
          UserName: 'alice',
          UserId: 'AIDAEXAMPLE',
          Arn: 'arn:aws:iam::123456789012:user/alice',
          Path: '/',
          CreateDate: new Date(0),
          ...(boundary
            ? {
                PermissionsBoundary: {
                  PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
                  PermissionsBoundaryArn: boundary,
                },
              }
            : {}),
        },
      });
    }
    iamMock.on(PutUserPermissionsBoundaryCommand).resolves({});
    iamMock.on(DeleteUserPermissionsBoundaryCommand).resolves({});
    const history = historyClient([
      trailEvent('DeleteUserPermissionsBoundary', { userName: 'alice' }),
      trailEvent('PutUserPermissionsBoundary', { userName: 'alice', permissionsBoundary: POWER_USER }),
      trailEvent('CreateUser', { userName: 'alice' }),
    ]);
    const env = actionEnv(moto.server.clientOptions, { iam, cloudtrail: history.cloudtrail });
    const puts = () => iamMock.commandCalls(PutUserPermissionsBoundaryCommand).map((call) => call.args[0].input);
    const deletes = () => iamMock.commandCalls(DeleteUserPermissionsBoundaryCommand).map((call) => call.args[0].input);
    return { env, puts, deletes };
  }

  it('puts the previous boundary on the user, and undo deletes it while it is still Warden’s', async () => {
    // GetUser: no boundary at inspect and at change; the restored one at undo.
    const { env, puts, deletes } = userEnv([undefined, undefined, POWER_USER]);

    const applied = await applyAction(restorePermissionsBoundary, userParams, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { restoredBoundaryArn: POWER_USER } });
    expect(puts()).toEqual([{ UserName: 'alice', PermissionsBoundary: POWER_USER }]);

    expect((await restorePermissionsBoundary.undo(userParams, priorStateOf(applied), env)).status).toBe('undone');
    expect(deletes()).toEqual([{ UserName: 'alice' }]);
  });

  it('undo leaves a boundary someone changed since alone', async () => {
    const { env, deletes } = userEnv([undefined, undefined, READ_ONLY]);
    const applied = await applyAction(restorePermissionsBoundary, userParams, env);
    expect((await restorePermissionsBoundary.undo(userParams, priorStateOf(applied), env)).status).toBe('cannot-undo');
    expect(deletes()).toEqual([]);
  });
});

describe('restore-permissions-boundary: what it reports and records (role in moto)', () => {
  it('says what it did both ways and logs it', async () => {
    const { env } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);
    const applied = await applyAction(restorePermissionsBoundary, params, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { previousBoundaryArn: null, restoredBoundaryArn: POWER_USER },
      message: `Put permissions boundary ${POWER_USER} back on role app`,
    });
    expect(await restorePermissionsBoundary.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: `Removed permissions boundary ${POWER_USER} from role app again`,
    });
    expect(env.logger).toMatchObject({
      lines: [
        {
          level: 'info',
          message: 'permissions boundary restored',
          extra: { principalKind: 'role', principalName: 'app', boundary: POWER_USER },
        },
        {
          level: 'info',
          message: 'permissions boundary removed again',
          extra: { principalKind: 'role', principalName: 'app' },
        },
      ],
    });
  });

  it('undo of a replaced boundary puts the broader one back and says so', async () => {
    const { env } = await arrangeRole(ADMIN, [
      trailEvent('PutRolePermissionsBoundary', { roleName: 'app', permissionsBoundary: ADMIN }),
      trailEvent('PutRolePermissionsBoundary', { roleName: 'app', permissionsBoundary: READ_ONLY }),
    ]);
    const applied = await applyAction(restorePermissionsBoundary, params, env);
    expect(applied).toMatchObject({ priorState: { previousBoundaryArn: ADMIN, restoredBoundaryArn: READ_ONLY } });
    expect(await restorePermissionsBoundary.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: `Put permissions boundary ${ADMIN} back on role app`,
    });
    expect(env.logger).toMatchObject({
      lines: [
        {},
        {
          level: 'info',
          message: 'permissions boundary put back',
          extra: { principalKind: 'role', principalName: 'app' },
        },
      ],
    });
  });

  it('already back: records no change and names the boundary; that undo says Warden changed nothing', async () => {
    const { env } = await arrangeRole(POWER_USER, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);
    const applied = await applyAction(restorePermissionsBoundary, params, env);
    expect(applied).toEqual({
      status: 'already-applied',
      priorState: { previousBoundaryArn: POWER_USER, restoredBoundaryArn: POWER_USER },
      message: `role app already has its previous permissions boundary ${POWER_USER}`,
    });
    expect(await restorePermissionsBoundary.undo(params, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: 'Warden did not change the boundary of role app; nothing to undo',
    });
  });

  it('change re-reads: restored meanwhile is already so with nothing to undo; another boundary is refused', async () => {
    const { env } = await arrangeRole(READ_ONLY, []);
    const prior = { previousBoundaryArn: null, restoredBoundaryArn: READ_ONLY };
    expect(await restorePermissionsBoundary.change(params, prior, env)).toEqual({
      status: 'already-applied',
      priorState: { previousBoundaryArn: READ_ONLY, restoredBoundaryArn: READ_ONLY },
      message: `role app already has its previous permissions boundary ${READ_ONLY}`,
    });
    await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: ADMIN }));
    expect(await restorePermissionsBoundary.change(params, prior, env)).toEqual({
      status: 'failed',
      reason: 'the permissions boundary of role app was changed after Warden read it; Warden will not overwrite it',
      retryable: false,
    });
    expect(await roleBoundary(env.iam, 'app')).toBe(ADMIN);
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('undo: back as it was already, or changed since, says which', async () => {
    const { env } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);
    const prior = priorStateOf(await applyAction(restorePermissionsBoundary, params, env));
    await env.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
    expect(await restorePermissionsBoundary.undo(params, prior, env)).toEqual({
      status: 'already-undone',
      message: 'The permissions boundary of role app is already as it was',
    });
    await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: READ_ONLY }));
    expect(await restorePermissionsBoundary.undo(params, prior, env)).toEqual({
      status: 'cannot-undo',
      reason: 'the permissions boundary of role app was changed after Warden restored it',
    });
  });

  it('says exactly why it will not guess, and names a role that is gone', async () => {
    const { env } = await arrangeRole(undefined, [trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' })]);
    expect(await applyAction(restorePermissionsBoundary, params, env)).toEqual({
      status: 'failed',
      reason: 'no earlier permissions boundary of role app found in CloudTrail event history (90 days)',
      retryable: false,
    });
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    expect(await applyAction(restorePermissionsBoundary, params, env)).toEqual({
      status: 'failed',
      reason: 'role app no longer exists',
      retryable: false,
    });
  });

  it('describes the step', () => {
    expect(restorePermissionsBoundary.describe({ principalKind: 'user', principalName: 'alice' })).toBe(
      'Put the previous permissions boundary back on user alice',
    );
  });
});

describe('restore-permissions-boundary: reading the history', () => {
  it('skips unreadable records, failed calls, other principals, other kinds and puts without a boundary', async () => {
    const unreadable: TrailEvent = { EventName: 'PutRolePermissionsBoundary', CloudTrailEvent: '{not json' };
    const { env } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      unreadable,
      { EventName: 'PutRolePermissionsBoundary' },
      trailEvent('PutRolePermissionsBoundary', { roleName: 'app', permissionsBoundary: ADMIN }, 'AccessDenied'),
      trailEvent('PutRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('PutRolePermissionsBoundary', { roleName: 'other', permissionsBoundary: ADMIN }),
      trailEvent('PutUserPermissionsBoundary', { userName: 'app', permissionsBoundary: ADMIN }),
      trailEvent('PutRolePermissionsBoundary', { permissionsBoundary: ADMIN }),
      trailEvent('PutRolePermissionsBoundary', { roleName: 'APP', permissionsBoundary: READ_ONLY }),
    ]);
    expect(await applyAction(restorePermissionsBoundary, params, env)).toMatchObject({
      status: 'applied',
      priorState: { restoredBoundaryArn: READ_ONLY },
    });
  });

  it('a record without request parameters is skipped', async () => {
    const bare: TrailEvent = {
      EventName: 'PutRolePermissionsBoundary',
      CloudTrailEvent: JSON.stringify({ eventName: 'PutRolePermissionsBoundary', requestParameters: null }),
    };
    const { env } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      bare,
      trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);
    expect(await applyAction(restorePermissionsBoundary, params, env)).toMatchObject({
      priorState: { restoredBoundaryArn: POWER_USER },
    });
  });

  it('a creation without a boundary ends the search: nothing to put back', async () => {
    const { env } = await arrangeRole(undefined, [
      trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
      trailEvent('CreateRole', { roleName: 'app' }),
      trailEvent('PutRolePermissionsBoundary', { roleName: 'app', permissionsBoundary: POWER_USER }),
    ]);
    expect(await applyAction(restorePermissionsBoundary, params, env)).toMatchObject({
      status: 'failed',
      reason: 'no earlier permissions boundary of role app found in CloudTrail event history (90 days)',
    });
  });

  it('ignores a change time that is not a date, and reads at most 20 pages', async () => {
    const pages = Array.from({ length: 25 }, () => [trailEvent('AttachRolePolicy', { roleName: 'app' })]);
    const { env, lookups } = await arrangeRole(undefined, ...pages);
    expect(await applyAction(restorePermissionsBoundary, { ...params, changedAt: 'yesterday' }, env)).toMatchObject({
      status: 'failed',
    });
    expect(lookups()).toHaveLength(20);
    expect(lookups()[0]).toEqual({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'app' }] });
    expect(lookups()[1]).toEqual({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'app' }],
      NextToken: 'page-2',
    });
  });
});

describe('previousBoundary', () => {
  const del = { eventName: 'DeleteUserPermissionsBoundary', boundaryArn: null };
  const put = (boundaryArn: string) => ({ eventName: 'PutUserPermissionsBoundary', boundaryArn });
  const create = (boundaryArn: string | null) => ({ eventName: 'CreateUser', boundaryArn });

  it('is what the change before the newest removal set', () => {
    expect(previousBoundary([put(ADMIN), del, put(READ_ONLY), create(POWER_USER)], 'user')).toBe(READ_ONLY);
    expect(previousBoundary([del, create(POWER_USER)], 'user')).toBe(POWER_USER);
  });

  it('without a removal, is what the change before the newest put set', () => {
    expect(previousBoundary([put(ADMIN), put(READ_ONLY)], 'user')).toBe(READ_ONLY);
    expect(previousBoundary([put(ADMIN), create(POWER_USER)], 'user')).toBe(POWER_USER);
  });

  it('is undefined with nothing older, an older change to none, or only a creation', () => {
    expect(previousBoundary([del], 'user')).toBeUndefined();
    expect(previousBoundary([put(ADMIN)], 'user')).toBeUndefined();
    expect(previousBoundary([put(ADMIN), create(null)], 'user')).toBeUndefined();
    expect(previousBoundary([create(POWER_USER)], 'user')).toBeUndefined();
    expect(previousBoundary([], 'user')).toBeUndefined();
  });

  it('reads the event names of the principal’s kind only', () => {
    const roleDelete = { eventName: 'DeleteRolePermissionsBoundary', boundaryArn: null };
    expect(previousBoundary([roleDelete, create(POWER_USER)], 'user')).toBeUndefined();
    expect(previousBoundary([roleDelete, { eventName: 'CreateRole', boundaryArn: POWER_USER }], 'role')).toBe(
      POWER_USER,
    );
  });
});

describe('restore-permissions-boundary when AWS refuses', () => {
  const refusing = (operation: string, code = 'Throttling', status = 400) =>
    iamFailingOn(moto.server.clientOptions, { operation, status, code });
  const history = () => [
    trailEvent('DeleteRolePermissionsBoundary', { roleName: 'app' }),
    trailEvent('CreateRole', { roleName: 'app', permissionsBoundary: POWER_USER }),
  ];

  it('throttling on each call of apply is a retryable failure naming the step; access denied is final', async () => {
    const { env } = await arrangeRole(undefined, history());
    expect(await applyAction(restorePermissionsBoundary, params, { ...env, iam: refusing('GetRole') })).toEqual({
      status: 'failed',
      reason: 'read role app: AWS refused the call (Throttling)',
      retryable: true,
    });
    const throttledTrail = cloudTrailFailingOn(moto.server.clientOptions, {
      operation: 'LookupEvents',
      status: 400,
      code: 'ThrottlingException',
    });
    expect(await applyAction(restorePermissionsBoundary, params, { ...env, cloudtrail: throttledTrail })).toEqual({
      status: 'failed',
      reason: 'read the CloudTrail history of role app: AWS refused the call (ThrottlingException)',
      retryable: true,
    });
    expect(
      await applyAction(restorePermissionsBoundary, params, { ...env, iam: refusing('PutRolePermissionsBoundary') }),
    ).toEqual({
      status: 'failed',
      reason: 'put permissions boundary on role app: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(
      await applyAction(restorePermissionsBoundary, params, {
        ...env,
        iam: refusing('PutRolePermissionsBoundary', 'AccessDenied', 403),
      }),
    ).toEqual({
      status: 'failed',
      reason: 'put permissions boundary on role app: AWS refused the call (AccessDenied)',
      retryable: false,
    });
    expect(await roleBoundary(env.iam, 'app')).toBeUndefined();
  });

  it('undo: throttling on the read or the delete is retryable and the restored boundary stays', async () => {
    const { env } = await arrangeRole(undefined, history());
    const prior = priorStateOf(await applyAction(restorePermissionsBoundary, params, env));
    for (const operation of ['GetRole', 'DeleteRolePermissionsBoundary']) {
      expect(await restorePermissionsBoundary.undo(params, prior, { ...env, iam: refusing(operation) })).toEqual({
        status: 'failed',
        reason: 'undo the boundary restore on role app: AWS refused the call (Throttling)',
        retryable: true,
      });
    }
    expect(await roleBoundary(env.iam, 'app')).toBe(POWER_USER);
  });

  it('undo: throttling on putting the broader boundary back is retryable', async () => {
    const { env } = await arrangeRole(READ_ONLY, []);
    const prior = { previousBoundaryArn: ADMIN, restoredBoundaryArn: READ_ONLY };
    expect(
      await restorePermissionsBoundary.undo(params, prior, { ...env, iam: refusing('PutRolePermissionsBoundary') }),
    ).toEqual({
      status: 'failed',
      reason: 'undo the boundary restore on role app: AWS refused the call (Throttling)',
      retryable: true,
    });
    expect(await roleBoundary(env.iam, 'app')).toBe(READ_ONLY);
  });
});

describe('restore-permissions-boundary: NoSuchEntity on the writes (mocked IAM)', () => {
  const userParams = { principalKind: 'user', principalName: 'alice' } as const;
  const noSuchEntity = () => new NoSuchEntityException({ message: 'not found', $metadata: {} });
  const throttled = () => new ServiceFailureException({ message: 'busy', $metadata: {} });
  const userWith = (boundary?: string) => ({
    User: {
      UserName: 'alice',
      UserId: 'AIDAEXAMPLE',
      Arn: 'arn:aws:iam::123456789012:user/alice',
      Path: '/',
      CreateDate: new Date(0),
      ...(boundary
        ? {
            PermissionsBoundary: {
              PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const,
              PermissionsBoundaryArn: boundary,
            },
          }
        : {}),
    },
  });

  /** GetUser answers the given boundaries in turn, then `afterwards` (a user, NoSuchEntity or a service failure). */
  function mockedUser(boundaries: (string | undefined)[], afterwards: 'exists' | 'gone' | 'unreadable') {
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    const getUser = mock.on(GetUserCommand);
    for (const boundary of boundaries) getUser.resolvesOnce(userWith(boundary));
    if (afterwards === 'exists') getUser.resolves(userWith());
    else if (afterwards === 'gone') getUser.rejects(noSuchEntity());
    else getUser.rejects(throttled());
    mock.on(PutUserPermissionsBoundaryCommand).rejects(noSuchEntity());
    mock.on(DeleteUserPermissionsBoundaryCommand).rejects(noSuchEntity());
    return actionEnv(moto.server.clientOptions, { iam });
  }

  it('apply: the boundary policy deleted names the policy; the user deleted names the user', async () => {
    const prior = { previousBoundaryArn: null, restoredBoundaryArn: POWER_USER };
    expect(await restorePermissionsBoundary.change(userParams, prior, mockedUser([undefined], 'exists'))).toEqual({
      status: 'failed',
      reason: `boundary policy ${POWER_USER} no longer exists`,
      retryable: false,
    });
    expect(await restorePermissionsBoundary.change(userParams, prior, mockedUser([undefined], 'gone'))).toEqual({
      status: 'failed',
      reason: 'user alice no longer exists',
      retryable: false,
    });
    expect(await restorePermissionsBoundary.change(userParams, prior, mockedUser([undefined], 'unreadable'))).toEqual({
      status: 'failed',
      reason: 'read user alice: AWS refused the call (ServiceFailureException)',
      retryable: true,
    });
  });

  it('undo of a replaced boundary: the old policy deleted, or the user, is cannot-undo naming which', async () => {
    const prior = { previousBoundaryArn: ADMIN, restoredBoundaryArn: READ_ONLY };
    expect(await restorePermissionsBoundary.undo(userParams, prior, mockedUser([READ_ONLY], 'exists'))).toEqual({
      status: 'cannot-undo',
      reason: `boundary policy ${ADMIN} was deleted after Warden replaced it`,
    });
    expect(await restorePermissionsBoundary.undo(userParams, prior, mockedUser([READ_ONLY], 'gone'))).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden restored its boundary',
    });
    expect(await restorePermissionsBoundary.undo(userParams, prior, mockedUser([READ_ONLY], 'unreadable'))).toEqual({
      status: 'failed',
      reason: 'read user alice: AWS refused the call (ServiceFailureException)',
      retryable: true,
    });
  });

  it('undo of a restore from none: removed meanwhile is already-undone; the user deleted is cannot-undo', async () => {
    const prior = { previousBoundaryArn: null, restoredBoundaryArn: POWER_USER };
    expect(await restorePermissionsBoundary.undo(userParams, prior, mockedUser([POWER_USER], 'exists'))).toEqual({
      status: 'already-undone',
      message: 'The permissions boundary of user alice is already as it was',
    });
    expect(await restorePermissionsBoundary.undo(userParams, prior, mockedUser([POWER_USER], 'gone'))).toEqual({
      status: 'cannot-undo',
      reason: 'user alice was deleted after Warden restored its boundary',
    });
  });
});

describe('restore-permissions-boundary: user history and declarations', () => {
  it('a user’s boundary from its CreateUser is put back (user event names, userName key)', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const iamMock = mockClient(iam);
    iamMock.on(GetUserCommand).resolves({
      User: {
        UserName: 'alice',
        UserId: 'AIDAEXAMPLE',
        Arn: 'arn:aws:iam::123456789012:user/alice',
        Path: '/',
        CreateDate: new Date(0),
      },
    });
    iamMock.on(PutUserPermissionsBoundaryCommand).resolves({});
    const history = historyClient([
      trailEvent('DeleteUserPermissionsBoundary', { userName: 'alice' }),
      trailEvent('AttachUserPolicy', { userName: 'alice', policyArn: ADMIN }),
      trailEvent('CreateRole', { roleName: 'alice', permissionsBoundary: ADMIN }),
      trailEvent('CreateUser', { userName: 'alice', permissionsBoundary: READ_ONLY }),
    ]);
    const env = actionEnv(moto.server.clientOptions, { iam, cloudtrail: history.cloudtrail });
    const userParams = { principalKind: 'user', principalName: 'alice' } as const;

    expect(await applyAction(restorePermissionsBoundary, userParams, env)).toEqual({
      status: 'applied',
      priorState: { previousBoundaryArn: null, restoredBoundaryArn: READ_ONLY },
      message: `Put permissions boundary ${READ_ONLY} back on user alice`,
    });
    expect(iamMock.commandCalls(PutUserPermissionsBoundaryCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'alice', PermissionsBoundary: READ_ONLY },
    ]);
  });

  it('is registered under its kind and declares exactly the calls it makes', () => {
    expect(restorePermissionsBoundary.kind).toBe('restore-permissions-boundary');
    expect([...restorePermissionsBoundary.permissions].sort()).toEqual([
      'cloudtrail:LookupEvents',
      'iam:DeleteRolePermissionsBoundary',
      'iam:DeleteUserPermissionsBoundary',
      'iam:GetRole',
      'iam:GetUser',
      'iam:PutRolePermissionsBoundary',
      'iam:PutUserPermissionsBoundary',
    ]);
  });
});

describe('restore-permissions-boundary: user undo of a replaced boundary (mocked IAM)', () => {
  it('puts the broader boundary back on exactly that user', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const iamMock = mockClient(iam);
    iamMock.on(GetUserCommand).resolves({
      User: {
        UserName: 'alice',
        UserId: 'AIDAEXAMPLE',
        Arn: 'arn:aws:iam::123456789012:user/alice',
        Path: '/',
        CreateDate: new Date(0),
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: READ_ONLY,
        },
      },
    });
    iamMock.on(PutUserPermissionsBoundaryCommand).resolves({});
    const env = actionEnv(moto.server.clientOptions, { iam });
    const prior = { previousBoundaryArn: ADMIN, restoredBoundaryArn: READ_ONLY };

    expect(
      await restorePermissionsBoundary.undo({ principalKind: 'user', principalName: 'alice' }, prior, env),
    ).toEqual({
      status: 'undone',
      message: `Put permissions boundary ${ADMIN} back on user alice`,
    });
    expect(iamMock.commandCalls(PutUserPermissionsBoundaryCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'alice', PermissionsBoundary: ADMIN },
    ]);
  });
});
