import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import {
  actionMismatch,
  confirmOwnCall,
  hubExecuteRoleArn,
  ownCallClaim,
  remediationSessionName,
  selfOf,
  type WardenSelf,
} from '../../shared/engine/own-calls.js';
import { DynamoDbStore, createDocumentClient } from '../../shared/store/dynamodb-store.js';
import type { ActionRecord } from '../../shared/model/records.js';
import { attachUserPolicyRecord } from '../helpers/cloudtrail-envelope.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const HUB = '111111111111';
const MEMBER = '222222222222';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const SELF: WardenSelf = { hubAccountId: HUB, stage: 'prod' };

/** A DetachUserPolicy (or another call) by `roleName/session` in `account`, with AWS's session issuer. */
function callBy(options: {
  account?: string;
  roleName: string;
  session: string;
  eventName?: string;
  userName?: string;
  policyArn?: string;
  eventTime?: string;
  issuerPath?: string;
}): CloudTrailEvent {
  const account = options.account ?? MEMBER;
  const record = attachUserPolicyRecord({
    eventId: `evt-${options.roleName}-${options.session}`,
    userName: options.userName ?? 'bob',
    policyArn: options.policyArn ?? ADMIN,
  });
  const parsed = normaliseRecord({
    ...record,
    eventName: options.eventName ?? 'DetachUserPolicy',
    eventTime: options.eventTime ?? '2026-11-01T10:06:00Z',
    recipientAccountId: account,
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:' + options.session,
      arn: `arn:aws:sts::${account}:assumed-role/${options.roleName}/${options.session}`,
      accountId: account,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: `arn:aws:iam::${account}:role/${options.issuerPath ?? ''}${options.roleName}`,
          accountId: account,
          userName: options.roleName,
        },
      },
    },
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

describe('ownCallClaim: exact roles only, never a name prefix', () => {
  it('claims the hub execute role of the configured stage', () => {
    expect(ownCallClaim(callBy({ account: HUB, roleName: 'warden-prod-execute', session: 'anything' }), SELF)).toEqual({
      kind: 'hub-execute-role',
      roleArn: `arn:aws:iam::${HUB}:role/warden-prod-execute`,
    });
  });

  it.each([
    ['a lookalike role in the hub', HUB, 'warden-backdoor', 'x'],
    ['another stage’s execute role', HUB, 'warden-dev-execute', 'x'],
    ['the execute role’s name in another account', MEMBER, 'warden-prod-execute', 'x'],
    ['Warden’s detect role (reads only; never Warden’s own write)', HUB, 'warden-prod-detect', 'x'],
    ['WardenRemediation with a caller-chosen session name', MEMBER, 'WardenRemediation', 'alice'],
    ['a lookalike session name on another role', MEMBER, 'deploy', 'warden-abc-1'],
    ['a lowercase lookalike of the member role', MEMBER, 'wardenremediation-x', 'warden-abc-1'],
  ])('does not claim %s', (_label, account, roleName, session) => {
    expect(ownCallClaim(callBy({ account, roleName, session }), SELF)).toBeUndefined();
  });

  it('claims a WardenRemediation session carrying an action id', () => {
    expect(ownCallClaim(callBy({ roleName: 'WardenRemediation', session: 'warden-0123456789abcdef-1' }), SELF)).toEqual(
      {
        kind: 'remediation-session',
        roleArn: `arn:aws:iam::${MEMBER}:role/WardenRemediation`,
        account: MEMBER,
        actionId: '0123456789abcdef-1',
      },
    );
  });

  it('does not claim an IAM user named like the role, nor a session whose issuer is another role', () => {
    const user = normaliseRecord({
      ...attachUserPolicyRecord({
        eventId: 'evt-user',
        userName: 'bob',
        policyArn: ADMIN,
        actorArn: `arn:aws:iam::${HUB}:user/warden-prod-execute`,
      }),
      recipientAccountId: HUB,
    });
    expect(user.ok && ownCallClaim(user.event, SELF)).toBeUndefined();
    const event = callBy({ account: HUB, roleName: 'warden-prod-execute', session: 's' });
    const forged = {
      ...event,
      userIdentity: {
        ...event.userIdentity,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${HUB}:role/attacker`, userName: 'attacker' },
        },
      },
    } as CloudTrailEvent;
    expect(ownCallClaim(forged, SELF)).toBeUndefined();
  });

  it('keeps the session name within STS’s 64 characters', () => {
    expect(remediationSessionName('0123456789abcdef-1')).toBe('warden-0123456789abcdef-1');
    expect(remediationSessionName('x'.repeat(80))).toHaveLength(64);
  });

  it('recognises a role under a path by its issuer ARN', () => {
    const event = callBy({ roleName: 'WardenRemediation', session: 'warden-a-1', issuerPath: 'warden/' });
    expect(ownCallClaim(event, SELF)).toMatchObject({
      roleArn: `arn:aws:iam::${MEMBER}:role/warden/WardenRemediation`,
    });
  });
});

describe('confirmOwnCall', () => {
  let store: DynamoDbStore;
  const created = new Date('2026-11-01T10:05:00Z');

  beforeEach(async () => {
    const dynamodb = new DynamoDBClient(sdkClientConfig(moto.server.clientOptions));
    await createWardenTable(dynamodb, 'warden-own');
    store = new DynamoDbStore({
      client: createDocumentClient(dynamodb),
      tableName: 'warden-own',
      clock: () => created,
    });
  });

  async function appliedAction(id: string, account = MEMBER): Promise<ActionRecord> {
    await store.createAction({
      id,
      findingId: id.split('-')[0]!,
      kind: 'detach-policy',
      params: { principalKind: 'user', principalName: 'bob', policyArn: ADMIN },
      account,
      status: 'planned',
      mode: 'auto',
    });
    await store.transitionAction(id, { from: 'planned', to: 'approved', by: 'auto' });
    await store.transitionAction(id, { from: 'approved', to: 'applying', by: 'auto' });
    const applied = await store.transitionAction(id, { from: 'applying', to: 'applied', by: 'auto' });
    if (!applied.ok) throw new Error(applied.reason);
    return applied.action;
  }

  const session = (actionId: string, extra: Partial<Parameters<typeof callBy>[0]> = {}) =>
    callBy({ roleName: 'WardenRemediation', session: remediationSessionName(actionId), ...extra });

  async function verdict(event: CloudTrailEvent, withStore = true) {
    const claim = ownCallClaim(event, SELF);
    if (!claim) throw new Error('no claim');
    return confirmOwnCall(event, claim, SELF, withStore ? store : undefined);
  }

  it('confirms the executor’s own detach (and its undo) for a recorded, executed action', async () => {
    await appliedAction('aaaaaaaaaaaaaaaa-1');
    expect(await verdict(session('aaaaaaaaaaaaaaaa-1'))).toEqual({ own: true });
    expect(await verdict(session('aaaaaaaaaaaaaaaa-1', { eventName: 'AttachUserPolicy' }))).toEqual({ own: true });
  });

  it('refuses an action id that is not in the store', async () => {
    expect(await verdict(session('bbbbbbbbbbbbbbbb-1'))).toEqual({
      own: false,
      rejected: 'no action bbbbbbbbbbbbbbbb-1',
    });
  });

  it('refuses a call the action’s kind never makes', async () => {
    await appliedAction('cccccccccccccccc-1');
    expect(await verdict(session('cccccccccccccccc-1', { eventName: 'CreateAccessKey' }))).toEqual({
      own: false,
      rejected: 'detach-policy never calls CreateAccessKey',
    });
  });

  it('refuses the right call on another target', async () => {
    await appliedAction('dddddddddddddddd-1');
    expect(
      await verdict(session('dddddddddddddddd-1', { userName: 'mallory', eventName: 'AttachUserPolicy' })),
    ).toEqual({ own: false, rejected: 'the call is not on bob' });
    const otherPolicy = 'arn:aws:iam::222222222222:policy/backdoor';
    expect(await verdict(session('dddddddddddddddd-1', { policyArn: otherPolicy }))).toMatchObject({ own: false });
  });

  it('refuses the action’s call in another account', async () => {
    await appliedAction('eeeeeeeeeeeeeeee-1');
    expect(await verdict(session('eeeeeeeeeeeeeeee-1', { account: '333333333333' }))).toEqual({
      own: false,
      rejected: `action eeeeeeeeeeeeeeee-1 is for account ${MEMBER}`,
    });
  });

  it('refuses a call before the action existed or long after its last change', async () => {
    await appliedAction('ffffffffffffffff-1');
    expect(await verdict(session('ffffffffffffffff-1', { eventTime: '2026-11-01T09:00:00Z' }))).toMatchObject({
      own: false,
      rejected: 'the call is outside the lifetime of action ffffffffffffffff-1',
    });
    expect(await verdict(session('ffffffffffffffff-1', { eventTime: '2026-11-01T11:00:00Z' }))).toMatchObject({
      own: false,
    });
  });

  it('confirms a call made while the executor holds its claim (applying, undoing)', async () => {
    await store.createAction({
      id: '7777777777777777-1',
      findingId: '7777777777777777',
      kind: 'detach-policy',
      params: { principalKind: 'user', principalName: 'bob', policyArn: ADMIN },
      account: MEMBER,
      status: 'planned',
      mode: 'auto',
    });
    await store.transitionAction('7777777777777777-1', { from: 'planned', to: 'approved', by: 'auto' });
    await store.transitionAction('7777777777777777-1', { from: 'approved', to: 'applying', by: 'auto' });
    expect(await verdict(session('7777777777777777-1'))).toEqual({ own: true });

    await store.transitionAction('7777777777777777-1', { from: 'applying', to: 'applied', by: 'auto' });
    await store.transitionAction('7777777777777777-1', { from: 'applied', to: 'undo-requested', by: 'U0BOB' });
    await store.transitionAction('7777777777777777-1', { from: 'undo-requested', to: 'undoing', by: 'U0BOB' });
    expect(await verdict(session('7777777777777777-1', { eventName: 'AttachUserPolicy' }))).toEqual({ own: true });
  });

  it('refuses an action that was only planned (never executed)', async () => {
    await store.createAction({
      id: '9999999999999999-1',
      findingId: '9999999999999999',
      kind: 'detach-policy',
      params: { principalKind: 'user', principalName: 'bob', policyArn: ADMIN },
      account: MEMBER,
      status: 'pending-approval',
      mode: 'approve',
    });
    expect(await verdict(session('9999999999999999-1'))).toEqual({
      own: false,
      rejected: 'action 9999999999999999-1 never ran (pending-approval)',
    });
  });

  it('in replay (no store), trusts the exact member role only in configured member accounts', async () => {
    const replaySelf: WardenSelf = { ...SELF, memberAccounts: [MEMBER] };
    const event = session('0000000000000000-1');
    const claim = ownCallClaim(event, replaySelf)!;
    expect(await confirmOwnCall(event, claim, replaySelf, undefined)).toEqual({ own: true });
    const elsewhere = session('0000000000000000-1', { account: '333333333333' });
    expect(await confirmOwnCall(elsewhere, ownCallClaim(elsewhere, replaySelf)!, replaySelf, undefined)).toEqual({
      own: false,
      rejected: 'account 333333333333 is not a configured member account',
    });
  });
});

describe('actionMismatch', () => {
  it('matches a trail by name or ARN for start-logging', () => {
    const base = callBy({ roleName: 'WardenRemediation', session: 'warden-t-1', eventName: 'StartLogging' });
    const event = {
      ...base,
      eventSource: 'cloudtrail.amazonaws.com',
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/org-trail` },
    } as CloudTrailEvent;
    const action = {
      id: 't-1',
      findingId: 't',
      kind: 'start-logging',
      params: { trailName: 'org-trail' },
      account: MEMBER,
      status: 'applied',
      mode: 'auto',
      createdAt: '2026-11-01T10:05:00Z',
      changedAt: '2026-11-01T10:05:10Z',
      changedBy: 'auto',
      version: 2,
    } as ActionRecord;
    expect(actionMismatch(event, action)).toBeUndefined();
    expect(actionMismatch({ ...event, requestParameters: { name: 'other-trail' } } as CloudTrailEvent, action)).toBe(
      'the call is not on org-trail',
    );
  });
});

/** A stored action as the executor leaves it (applied), for the store-free checks. */
function record(
  overrides: Partial<Omit<ActionRecord, 'params'>> & { params?: Readonly<Record<string, unknown>> } = {},
): ActionRecord {
  return {
    id: 'a-1',
    findingId: 'a',
    kind: 'detach-policy',
    params: { principalKind: 'user', principalName: 'bob', policyArn: ADMIN },
    account: MEMBER,
    status: 'applied',
    mode: 'auto',
    createdAt: '2026-11-01T10:05:00.000Z',
    changedAt: '2026-11-01T10:06:00.000Z',
    changedBy: 'auto',
    version: 3,
    ...overrides,
  } as ActionRecord;
}

const remediationCall = (extra: Partial<Parameters<typeof callBy>[0]> = {}) =>
  callBy({ roleName: 'WardenRemediation', session: 'warden-a-1', ...extra });

describe('ownCallClaim: what the caller is, from AWS-set fields', () => {
  const hubCall = callBy({ account: HUB, roleName: 'warden-prod-execute', session: 's' });

  it('needs both the hub account and the stage to recognise the execute role', () => {
    expect(ownCallClaim(hubCall, { hubAccountId: HUB })).toBeUndefined();
    expect(ownCallClaim(hubCall, { stage: 'prod' })).toBeUndefined();
    expect(ownCallClaim(hubCall, { hubAccountId: MEMBER, stage: 'prod' })).toBeUndefined();
  });

  it('without a known stage trusts no hub role, not even one named for an unknown stage', () => {
    const unnamed = callBy({ account: HUB, roleName: 'warden-undefined-execute', session: 's' });
    expect(ownCallClaim(unnamed, { hubAccountId: HUB })).toBeUndefined();
  });

  it('claims only an AssumedRole caller', () => {
    const asUser = { ...hubCall, userIdentity: { ...hubCall.userIdentity, type: 'IAMUser' } } as CloudTrailEvent;
    expect(ownCallClaim(asUser, SELF)).toBeUndefined();
  });

  it('takes the role from the session ARN when the issuer is missing or not a role', () => {
    const bare = remediationCall();
    const noIssuer = { ...bare, userIdentity: { ...bare.userIdentity, sessionContext: {} } } as CloudTrailEvent;
    const expected = {
      kind: 'remediation-session',
      roleArn: `arn:aws:iam::${MEMBER}:role/WardenRemediation`,
      account: MEMBER,
      actionId: 'a-1',
    };
    expect(ownCallClaim(noIssuer, SELF)).toEqual(expected);
    const notRole = {
      ...bare,
      userIdentity: {
        ...bare.userIdentity,
        sessionContext: {
          sessionIssuer: { type: 'User', arn: `arn:aws:iam::${MEMBER}:role/other/WardenRemediation` },
        },
      },
    } as CloudTrailEvent;
    expect(ownCallClaim(notRole, SELF)).toEqual(expected);
  });

  it('takes the role from the session ARN when the event has no session context at all', () => {
    const bare = remediationCall();
    const { sessionContext: _dropped, ...identity } = bare.userIdentity;
    expect(ownCallClaim({ ...bare, userIdentity: identity } as CloudTrailEvent, SELF)).toMatchObject({
      kind: 'remediation-session',
      roleArn: `arn:aws:iam::${MEMBER}:role/WardenRemediation`,
      actionId: 'a-1',
    });
  });

  it('claims nothing for an AssumedRole caller without a readable session ARN, whatever its issuer says', () => {
    const bare = remediationCall();
    const { arn: _dropped, ...identity } = bare.userIdentity;
    expect(ownCallClaim({ ...bare, userIdentity: identity } as CloudTrailEvent, SELF)).toBeUndefined();
    const notArn = { ...bare, userIdentity: { ...bare.userIdentity, arn: 'WardenRemediation/warden-a-1' } };
    expect(ownCallClaim(notArn as CloudTrailEvent, SELF)).toBeUndefined();
  });

  it('refuses an issuer ARN without a 12-digit account', () => {
    const bare = remediationCall();
    const withIssuerAccount = (account: string) =>
      ({
        ...bare,
        userIdentity: {
          ...bare.userIdentity,
          sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/WardenRemediation` } },
        },
      }) as CloudTrailEvent;
    expect(ownCallClaim(withIssuerAccount(''), SELF)).toBeUndefined();
    expect(ownCallClaim(withIssuerAccount('22222222222'), SELF)).toBeUndefined();
    expect(ownCallClaim(withIssuerAccount('2222222222223'), SELF)).toBeUndefined();
    expect(ownCallClaim(withIssuerAccount('x222222222222'), SELF)).toBeUndefined();
    expect(ownCallClaim(withIssuerAccount('22222222222x'), SELF)).toBeUndefined();
  });

  it('refuses a session ARN that names no role', () => {
    const bare = remediationCall();
    const odd = {
      ...bare,
      userIdentity: { ...bare.userIdentity, arn: `arn:aws:iam::${MEMBER}:user/WardenRemediation` },
    } as CloudTrailEvent;
    expect(ownCallClaim(odd, SELF)).toBeUndefined();
  });

  it('recognises a configured remediation role name instead of the default', () => {
    const self: WardenSelf = { ...SELF, remediationRoleName: 'OrgGuardRemediation' };
    expect(ownCallClaim(callBy({ roleName: 'OrgGuardRemediation', session: 'warden-a-1' }), self)).toMatchObject({
      kind: 'remediation-session',
      actionId: 'a-1',
    });
    expect(ownCallClaim(remediationCall(), self)).toBeUndefined();
  });

  it('reads the action id only from a session name that starts with "warden-"', () => {
    expect(ownCallClaim(remediationCall({ session: 'xwarden-a-1' }), SELF)).toBeUndefined();
    expect(ownCallClaim(remediationCall({ session: 'warden-' }), SELF)).toBeUndefined();
    expect(ownCallClaim(remediationCall({ session: 'warden-a' }), SELF)).toMatchObject({ actionId: 'a' });
    // The whole name must be STS's characters: an id cut short at one it never allows is no action id.
    expect(ownCallClaim(remediationCall({ session: 'warden-a 1' }), SELF)).toBeUndefined();
    expect(ownCallClaim(remediationCall({ session: 'warden-a!1' }), SELF)).toBeUndefined();
    expect(ownCallClaim(remediationCall({ session: 'warden-a+=,.@_-9' }), SELF)).toMatchObject({
      actionId: 'a+=,.@_-9',
    });
  });
});

describe('actionMismatch: every check on its own', () => {
  it('confirms the matching call', () => {
    expect(actionMismatch(remediationCall(), record())).toBeUndefined();
  });

  it.each(['planned', 'pending-approval', 'snoozed', 'dismissed', 'expired'] as const)(
    'refuses an action that never ran (%s)',
    (status) => {
      expect(actionMismatch(remediationCall(), record({ status }))).toBe(`action a-1 never ran (${status})`);
    },
  );

  it.each(['applying', 'applied', 'undo-requested', 'undoing', 'undone', 'failed'] as const)(
    'accepts a call of an action that ran (%s)',
    (status) => {
      expect(actionMismatch(remediationCall(), record({ status }))).toBeUndefined();
    },
  );

  it('compares the call with the kind’s permissions by service and name, in any case', () => {
    const lower = { ...remediationCall(), eventName: 'detachuserpolicy' } as CloudTrailEvent;
    expect(actionMismatch(lower, record())).toBeUndefined();
    const otherService = { ...remediationCall(), eventSource: 'sts.amazonaws.com' } as CloudTrailEvent;
    expect(actionMismatch(otherService, record())).toBe('detach-policy never calls DetachUserPolicy');
    const noService = { ...remediationCall(), eventSource: '' } as CloudTrailEvent;
    expect(actionMismatch(noService, record())).toBe('detach-policy never calls DetachUserPolicy');
  });

  it('names every target the call misses', () => {
    const other = remediationCall({ userName: 'mallory', policyArn: 'arn:aws:iam::222222222222:policy/x' });
    expect(actionMismatch(other, record())).toBe(`the call is not on bob, ${ADMIN}`);
  });

  it('reads each kind of target from its own parameter', () => {
    const roleCall = {
      ...remediationCall({ eventName: 'DetachRolePolicy' }),
      requestParameters: { roleName: 'app', policyArn: ADMIN },
    } as CloudTrailEvent;
    expect(actionMismatch(roleCall, record({ params: { roleName: 'app', policyArn: ADMIN } }))).toBeUndefined();
    expect(actionMismatch(roleCall, record({ params: { roleName: 'other', policyArn: ADMIN } }))).toBe(
      'the call is not on other',
    );
    const groupCall = {
      ...remediationCall({ eventName: 'DetachGroupPolicy' }),
      requestParameters: { groupName: 'ops', policyArn: ADMIN },
    } as CloudTrailEvent;
    expect(actionMismatch(groupCall, record({ params: { groupName: 'ops', policyArn: ADMIN } }))).toBeUndefined();
    expect(actionMismatch(groupCall, record({ params: { groupName: 'dev', policyArn: ADMIN } }))).toBe(
      'the call is not on dev',
    );
    expect(actionMismatch(groupCall, record({ params: { userName: 'ops', policyArn: ADMIN } }))).toBeUndefined();
  });

  it('ignores empty and non-text parameters on both sides', () => {
    const call = remediationCall();
    expect(actionMismatch(call, record({ params: { principalName: 'bob', userName: '', policyArn: ADMIN } }))).toBe(
      undefined,
    );
    expect(actionMismatch(call, record({ params: { principalName: 'bob', roleName: 7, policyArn: ADMIN } }))).toBe(
      undefined,
    );
    const numeric = { ...call, requestParameters: { userName: 7, policyArn: ADMIN } } as unknown as CloudTrailEvent;
    expect(actionMismatch(numeric, record())).toBe('the call is not on bob');
    const none = { ...call, requestParameters: undefined } as unknown as CloudTrailEvent;
    expect(actionMismatch(none, record())).toBe(`the call is not on bob, ${ADMIN}`);
  });

  it('reads a trail name out of an ARN only, not out of any name with a slash', () => {
    const start = {
      ...remediationCall({ eventName: 'StartLogging' }),
      eventSource: 'cloudtrail.amazonaws.com',
    } as CloudTrailEvent;
    const action = record({ kind: 'start-logging', params: { trailName: 'org-trail' } });
    expect(actionMismatch({ ...start, requestParameters: { name: 'org-trail' } } as CloudTrailEvent, action)).toBe(
      undefined,
    );
    expect(actionMismatch({ ...start, requestParameters: { name: 'x/org-trail' } } as CloudTrailEvent, action)).toBe(
      'the call is not on org-trail',
    );
    expect(
      actionMismatch(
        { ...start, requestParameters: { name: 'arn:aws:cloudtrail:org-trail' } } as CloudTrailEvent,
        action,
      ),
    ).toBe('the call is not on org-trail');
  });

  it('allows two minutes of clock skew before creation and seventeen minutes after the last change', () => {
    const at = (eventTime: string) => actionMismatch(remediationCall({ eventTime }), record());
    const outside = 'the call is outside the lifetime of action a-1';
    expect(at('2026-11-01T10:03:00.000Z')).toBeUndefined();
    expect(at('2026-11-01T10:02:59.999Z')).toBe(outside);
    expect(at('2026-11-01T10:23:00.000Z')).toBeUndefined();
    expect(at('2026-11-01T10:23:00.001Z')).toBe(outside);
  });

  it('refuses a call whose time cannot be read', () => {
    const call = { ...remediationCall(), eventTime: 'not a time' } as CloudTrailEvent;
    expect(actionMismatch(call, record())).toBe('the call is outside the lifetime of action a-1');
  });
});

describe('confirmOwnCall without a store (replay)', () => {
  it('confirms the hub execute role without asking anything', async () => {
    const event = callBy({ account: HUB, roleName: 'warden-prod-execute', session: 's' });
    expect(await confirmOwnCall(event, ownCallClaim(event, SELF)!, SELF, undefined)).toEqual({ own: true });
  });

  it('trusts a remediation session in the hub account, and refuses it when nothing is configured', async () => {
    const event = remediationCall({ account: HUB });
    const claim = ownCallClaim(event, SELF)!;
    expect(await confirmOwnCall(event, claim, SELF, undefined)).toEqual({ own: true });
    expect(await confirmOwnCall(event, claim, {}, undefined)).toEqual({
      own: false,
      rejected: `account ${HUB} is not a configured member account`,
    });
  });
});

describe('hubExecuteRoleArn and selfOf', () => {
  it('names the execute role in the hub’s partition', () => {
    expect(hubExecuteRoleArn(SELF)).toBe(`arn:aws:iam::${HUB}:role/warden-prod-execute`);
    expect(hubExecuteRoleArn(SELF, 'us-gov-west-1')).toBe(`arn:aws-us-gov:iam::${HUB}:role/warden-prod-execute`);
    expect(hubExecuteRoleArn({ hubAccountId: HUB })).toBeUndefined();
    expect(hubExecuteRoleArn({ stage: 'prod' })).toBeUndefined();
  });

  it('reads hub account, stage and member accounts from the config, leaving out what is not set', () => {
    expect(selfOf({ hub: { accountId: HUB, stage: 'prod' }, memberAccounts: [MEMBER] })).toEqual({
      hubAccountId: HUB,
      stage: 'prod',
      memberAccounts: [MEMBER],
    });
    expect(selfOf({ hub: {}, memberAccounts: [] })).toStrictEqual({ memberAccounts: [] });
  });
});
