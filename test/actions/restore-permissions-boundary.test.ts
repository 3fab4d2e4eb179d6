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
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { restorePermissionsBoundary } from '../../shared/actions/restore-permissions-boundary.js';
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
