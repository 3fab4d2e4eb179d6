import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/finding.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import { autoActionCounterKey, eventClaimKey, notificationKey, suppressionKey } from '../../shared/store/keys.js';
import type { NewAction } from '../../shared/store/store.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();

const TABLE = 'warden-test';
const START = new Date('2026-03-01T10:15:00.000Z');
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);
const later = (seconds: number) => new Date(START.getTime() + seconds * 1000);

let now = START;
let documents: DynamoDBDocumentClient;
let store: DynamoDbStore;

beforeEach(async () => {
  now = START;
  // One request at a time, as DynamoDB is atomic per request and moto is not (see the helper).
  const dynamodb = serialDynamoDbClient(moto.server.clientOptions);
  await createWardenTable(dynamodb, TABLE);
  documents = createDocumentClient(dynamodb);
  store = new DynamoDbStore({ client: documents, tableName: TABLE, clock: () => now });
});

async function rawItem(key: { pk: string; sk: string }) {
  return (await documents.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
}

const finding: Finding = {
  id: '0f3c9a1b2c3d4e5f',
  ruleId: 'iam.admin-policy-attached',
  title: 'Administrator-equivalent policy attached',
  severity: 'critical',
  eventId: 'e5a1c7b0-1111-4c3e-9a55-0d5f4b2c9e01',
  eventName: 'AttachUserPolicy',
  eventSource: 'iam.amazonaws.com',
  eventTime: '2026-03-01T10:14:02Z',
  account: '123456789012',
  region: 'us-east-1',
  actor: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/mallory', name: 'mallory', mfa: false },
  target: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
  summary: 'mallory attached AdministratorAccess to user alice',
  rationale: 'Least privilege: nobody gets *:* for daily work.',
  details: { notes: ['AWS managed policy'] },
  remediation: [
    {
      kind: 'detach-policy',
      params: {
        principalKind: 'user',
        principalName: 'alice',
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
      defaultMode: 'approve',
      description: 'Detach AdministratorAccess from user alice',
    },
  ],
};

function detachAction(id: string, overrides: Partial<NewAction> = {}): NewAction {
  return {
    id,
    findingId: finding.id,
    kind: 'detach-policy',
    params: { principalKind: 'user', principalName: 'alice', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    account: '123456789012',
    status: 'pending-approval',
    mode: 'approve',
    ...overrides,
  } as NewAction;
}

describe('claimEvent (at-least-once delivery)', () => {
  it('is true the first time, false on a repeat, and independent per rule', async () => {
    expect(await store.claimEvent('event-1', 'root.console-login', 3600)).toBe(true);
    expect(await store.claimEvent('event-1', 'root.console-login', 3600)).toBe(false);
    expect(await store.claimEvent('event-1', 'root.api-call', 3600)).toBe(true);
    expect(await store.claimEvent('event-2', 'root.console-login', 3600)).toBe(true);
  });

  it('stores the TTL as epoch seconds and can be claimed again once expired', async () => {
    await store.claimEvent('event-1', 'root.console-login', 3600);
    expect((await rawItem(eventClaimKey('event-1', 'root.console-login')))?.['expiresAt']).toBe(epoch(START) + 3600);

    now = later(3599);
    expect(await store.claimEvent('event-1', 'root.console-login', 3600)).toBe(false);
    now = later(3600);
    expect(await store.claimEvent('event-1', 'root.console-login', 3600)).toBe(true);
    expect((await rawItem(eventClaimKey('event-1', 'root.console-login')))?.['expiresAt']).toBe(epoch(START) + 7200);
  });

  it('lets exactly one of many concurrent deliveries through', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimEvent('event-9', 'rule', 60)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});

describe('findings', () => {
  it('round-trips the whole finding with its status and creation time, and never overwrites', async () => {
    expect(await store.putFinding(finding)).toBe(true);
    expect(await store.getFinding(finding.id)).toEqual({ ...finding, status: 'open', createdAt: START.toISOString() });

    expect(await store.putFinding({ ...finding, summary: 'changed' })).toBe(false);
    expect((await store.getFinding(finding.id))?.summary).toBe(finding.summary);
    expect(await store.getFinding('missing')).toBeUndefined();
  });

  it('records the Slack message and status of an existing finding only', async () => {
    await store.putFinding(finding);
    expect(await store.setFindingSlackRef(finding.id, 'C0123', '1740823200.000100')).toBe(true);
    expect(await store.setFindingStatus(finding.id, 'resolved')).toBe(true);
    const stored = await store.getFinding(finding.id);
    expect(stored?.slack).toEqual({ channel: 'C0123', ts: '1740823200.000100' });
    expect(stored?.status).toBe('resolved');

    expect(await store.setFindingSlackRef('missing', 'C0123', '1.2')).toBe(false);
    expect(await store.getFinding('missing')).toBeUndefined();
  });
});

describe('actions', () => {
  it('creates an action once, reads it back and lists the actions of a finding in order', async () => {
    const first = await store.createAction(detachAction('a-1', { approvalExpiresAt: later(86_400) }));
    expect(first.created).toBe(true);
    now = later(1);
    await store.createAction(detachAction('a-2', { status: 'planned', mode: 'auto' }));
    await store.createAction(detachAction('a-3', { findingId: 'other-finding' }));

    expect(await store.getAction('a-1')).toEqual({
      id: 'a-1',
      findingId: finding.id,
      kind: 'detach-policy',
      params: {
        principalKind: 'user',
        principalName: 'alice',
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
      account: '123456789012',
      status: 'pending-approval',
      mode: 'approve',
      createdAt: START.toISOString(),
      approvalExpiresAt: later(86_400).toISOString(),
      changedBy: 'warden',
      changedAt: START.toISOString(),
      version: 0,
    });
    expect((await store.listActions(finding.id)).map((action) => [action.id, action.status])).toEqual([
      ['a-1', 'pending-approval'],
      ['a-2', 'planned'],
    ]);

    const again = await store.createAction(detachAction('a-1', { status: 'planned' }));
    expect(again.created).toBe(false);
    expect(again.action.status).toBe('pending-approval');
    expect(await store.listAudit('a-1')).toHaveLength(1);
  });

  it('approves a pending action exactly once when two approvers click at the same time', async () => {
    await store.createAction(detachAction('a-1'));

    const outcomes = await Promise.all([
      store.transitionAction('a-1', { from: 'pending-approval', to: 'approved', by: 'U_ALICE' }),
      store.transitionAction('a-1', { from: 'pending-approval', to: 'approved', by: 'U_BOB' }),
    ]);

    const winners = outcomes.filter((outcome) => outcome.ok);
    const losers = outcomes.filter((outcome) => !outcome.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]!;
    const loser = losers[0]!;
    if (!winner.ok || loser.ok || loser.reason === 'not-found') throw new Error('unexpected outcomes');
    expect(loser.reason).toBe('status-mismatch');
    expect(loser.current.status).toBe('approved');
    expect(loser.current.changedBy).toBe(winner.action.changedBy);
    expect((await store.getAction('a-1'))?.changedBy).toBe(winner.action.changedBy);
    expect((await store.listAudit('a-1')).map((entry) => entry.to)).toEqual(['pending-approval', 'approved']);
  });

  it('refuses a transition the table does not allow, and changes nothing', async () => {
    await store.createAction(detachAction('a-1'));

    const outcome = await store.transitionAction('a-1', { from: 'pending-approval', to: 'applied', by: 'U_ALICE' });

    expect(outcome).toMatchObject({ ok: false, reason: 'illegal-transition', current: { status: 'pending-approval' } });
    expect((await store.getAction('a-1'))?.version).toBe(0);
    expect(await store.listAudit('a-1')).toHaveLength(1);
  });

  it('refuses a transition from a status the action is not in, and reports unknown ids', async () => {
    await store.createAction(detachAction('a-1', { status: 'planned', mode: 'auto' }));

    expect(await store.transitionAction('a-1', { from: 'applied', to: 'undone', by: 'U_ALICE' })).toMatchObject({
      ok: false,
      reason: 'status-mismatch',
      current: { status: 'planned' },
    });
    expect(await store.transitionAction('nope', { from: 'applied', to: 'undone', by: 'U_ALICE' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });

  it('writes one audit entry per transition, in order, and keeps the prior state for undo', async () => {
    await store.createAction(detachAction('a-1'));
    const priorState = { attached: true, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' };

    now = later(60);
    await store.transitionAction('a-1', { from: ['pending-approval', 'snoozed'], to: 'approved', by: 'U_ALICE' });
    now = later(62);
    await store.transitionAction('a-1', { from: 'approved', to: 'applying', by: 'auto', leaseUntil: later(152) });
    now = later(65);
    await store.transitionAction('a-1', {
      from: 'applying',
      to: 'applied',
      by: 'auto',
      priorState,
      result: 'Detached AdministratorAccess from user alice',
    });
    now = later(590);
    await store.transitionAction('a-1', { from: 'applied', to: 'undo-requested', by: 'U_BOB' });
    now = later(595);
    await store.transitionAction('a-1', { from: 'undo-requested', to: 'undoing', by: 'U_BOB', leaseUntil: later(685) });
    now = later(600);
    const undone = await store.transitionAction('a-1', {
      from: 'undoing',
      to: 'undone',
      by: 'U_BOB',
      result: 'Re-attached AdministratorAccess to user alice',
    });

    expect(undone).toMatchObject({
      ok: true,
      action: { status: 'undone', version: 6, priorState, changedBy: 'U_BOB', changedAt: later(600).toISOString() },
    });
    const stored = await store.getAction('a-1');
    expect(stored).toMatchObject({
      status: 'undone',
      priorState,
      result: 'Re-attached AdministratorAccess to user alice',
    });
    expect(stored?.leaseExpiresAt).toBeUndefined();
    expect(await store.listAudit('a-1')).toEqual([
      { actionId: 'a-1', seq: 0, at: START.toISOString(), by: 'warden', to: 'pending-approval' },
      { actionId: 'a-1', seq: 1, at: later(60).toISOString(), by: 'U_ALICE', from: 'pending-approval', to: 'approved' },
      { actionId: 'a-1', seq: 2, at: later(62).toISOString(), by: 'auto', from: 'approved', to: 'applying' },
      {
        actionId: 'a-1',
        seq: 3,
        at: later(65).toISOString(),
        by: 'auto',
        from: 'applying',
        to: 'applied',
        result: 'Detached AdministratorAccess from user alice',
      },
      { actionId: 'a-1', seq: 4, at: later(590).toISOString(), by: 'U_BOB', from: 'applied', to: 'undo-requested' },
      { actionId: 'a-1', seq: 5, at: later(595).toISOString(), by: 'U_BOB', from: 'undo-requested', to: 'undoing' },
      {
        actionId: 'a-1',
        seq: 6,
        at: later(600).toISOString(),
        by: 'U_BOB',
        from: 'undoing',
        to: 'undone',
        result: 'Re-attached AdministratorAccess to user alice',
      },
    ]);
  });

  it('an in-progress claim is re-claimed only after its lease, and only its holder records the outcome', async () => {
    await store.createAction(detachAction('a-1'));
    await store.transitionAction('a-1', { from: 'pending-approval', to: 'approved', by: 'U_ALICE' });
    const first = await store.transitionAction('a-1', {
      from: 'approved',
      to: 'applying',
      by: 'U_ALICE',
      leaseUntil: later(90),
    });
    if (!first.ok) throw new Error(first.reason);
    expect(first.action.leaseExpiresAt).toBe(later(90).toISOString());

    now = later(30);
    expect(
      await store.transitionAction('a-1', { from: 'applying', to: 'applying', by: 'U_ALICE', leaseUntil: later(120) }),
    ).toMatchObject({ ok: false, reason: 'lease-held' });

    now = later(91);
    const second = await store.transitionAction('a-1', {
      from: 'applying',
      to: 'applying',
      by: 'U_ALICE',
      leaseUntil: later(181),
    });
    expect(second).toMatchObject({ ok: true, action: { status: 'applying', version: 3 } });
    // The first run, late, may no longer record its outcome.
    expect(
      await store.transitionAction('a-1', {
        from: 'applying',
        to: 'applied',
        by: 'U_ALICE',
        version: first.action.version,
      }),
    ).toMatchObject({ ok: false, reason: 'status-mismatch' });
  });

  it('records the prior state in the claim once, keeping status and lease, only at the claim’s version', async () => {
    await store.createAction(detachAction('a-1'));
    await store.transitionAction('a-1', { from: 'pending-approval', to: 'approved', by: 'U_ALICE' });
    const claim = await store.transitionAction('a-1', {
      from: 'approved',
      to: 'applying',
      by: 'U_ALICE',
      leaseUntil: later(90),
    });
    if (!claim.ok) throw new Error('claim refused');
    now = later(1);

    const outcomes = await Promise.all([
      store.recordPriorState('a-1', { version: claim.action.version, priorState: { attached: true }, by: 'U_ALICE' }),
      store.recordPriorState('a-1', { version: claim.action.version, priorState: { attached: false }, by: 'U_ALICE' }),
    ]);

    const winners = outcomes.filter((outcome) => outcome.ok);
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([
      expect.objectContaining({ ok: false, reason: 'status-mismatch' }),
    ]);
    const recorded = await store.getAction('a-1');
    expect(recorded).toMatchObject({
      status: 'applying',
      leaseExpiresAt: later(90).toISOString(),
      version: claim.action.version + 1,
      priorState: winners[0]!.ok ? winners[0]!.action.priorState : undefined,
    });
    expect((await store.listAudit('a-1')).at(-1)).toMatchObject({
      from: 'applying',
      to: 'applying',
      at: later(1).toISOString(),
      reason: 'prior state recorded before changing IAM',
    });
    // Not on an action that is not in progress.
    await store.transitionAction('a-1', { from: 'applying', to: 'applied', by: 'U_ALICE' });
    expect(
      await store.recordPriorState('a-1', { version: recorded!.version + 1, priorState: {}, by: 'U_ALICE' }),
    ).toMatchObject({ ok: false, reason: 'status-mismatch', current: { status: 'applied' } });
  });

  it('refuses to approve after the approval expired, but lets it expire', async () => {
    await store.createAction(detachAction('a-1', { approvalExpiresAt: later(3600) }));

    now = later(3600);
    const approve = await store.transitionAction('a-1', { from: 'pending-approval', to: 'approved', by: 'U_ALICE' });
    const expire = await store.transitionAction('a-1', { from: 'pending-approval', to: 'expired', by: 'expiry' });

    expect(approve).toMatchObject({ ok: false, reason: 'approval-expired', current: { status: 'pending-approval' } });
    expect(expire).toMatchObject({ ok: true, action: { status: 'expired', changedBy: 'expiry' } });
  });
});

describe('suppressions', () => {
  it('applies until `until`, to that exact (rule, actor, target) only', async () => {
    const until = later(3600);
    await store.putSuppression({
      ruleId: 'iam.user-created',
      actorKey: 'arn:aws:iam::123456789012:role/deployer',
      targetKey: 'user/ci-bot',
      until,
      by: 'U_ALICE',
      reason: 'expected change',
    });

    expect(
      await store.findSuppression(
        'iam.user-created',
        'arn:aws:iam::123456789012:role/deployer',
        'user/ci-bot',
        later(3599),
      ),
    ).toEqual({
      ruleId: 'iam.user-created',
      actorKey: 'arn:aws:iam::123456789012:role/deployer',
      targetKey: 'user/ci-bot',
      until: until.toISOString(),
      by: 'U_ALICE',
      reason: 'expected change',
      createdAt: START.toISOString(),
    });
    expect(
      await store.findSuppression('iam.user-created', 'arn:aws:iam::123456789012:role/deployer', 'user/ci-bot', until),
    ).toBeUndefined();
    expect(
      await store.findSuppression('iam.user-created', 'arn:aws:iam::123456789012:role/deployer', 'user/other', START),
    ).toBeUndefined();
    const item = await rawItem(
      suppressionKey('iam.user-created', 'arn:aws:iam::123456789012:role/deployer', 'user/ci-bot'),
    );
    expect(item?.['expiresAt']).toBeGreaterThan(epoch(until));
  });
});

describe('claimNotification (dedupe window per rule, actor, target)', () => {
  it('is true once per window and again after it', async () => {
    expect(await store.claimNotification('iam.access-key-created', 'user/bob', 'user/bob', 900)).toBe(true);
    now = later(899);
    expect(await store.claimNotification('iam.access-key-created', 'user/bob', 'user/bob', 900)).toBe(false);
    expect(await store.claimNotification('iam.access-key-created', 'user/bob', 'user/carol', 900)).toBe(true);
    now = later(900);
    expect(await store.claimNotification('iam.access-key-created', 'user/bob', 'user/bob', 900)).toBe(true);
    expect((await rawItem(notificationKey('iam.access-key-created', 'user/bob', 'user/bob')))?.['expiresAt']).toBe(
      epoch(later(900)) + 900,
    );
  });
});

describe('incrementAutoActions (blast-radius counter)', () => {
  it('counts concurrent increments exactly, per account and UTC hour', async () => {
    const counts = await Promise.all(
      Array.from({ length: 10 }, () => store.incrementAutoActions('111111111111', START)),
    );

    expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await store.incrementAutoActions('111111111111', new Date('2026-03-01T10:59:59.000Z'))).toBe(11);
    expect(await store.incrementAutoActions('222222222222', START)).toBe(1);
    expect(await store.incrementAutoActions('111111111111', new Date('2026-03-01T11:00:00.000Z'))).toBe(1);
    const expiresAt = (await rawItem(autoActionCounterKey('111111111111', START)))?.['expiresAt'];
    expect(expiresAt).toBe(epoch(new Date('2026-03-01T14:00:00.000Z')));
  });
});

describe('claimThread (root session threading)', () => {
  it('gives the first finding the thread and tells later ones where it is', async () => {
    const key = 'root-session:123456789012:ASIAEXAMPLE';
    expect(await store.claimThread(key, 'finding-1', 3600)).toEqual({ claimed: true });
    now = later(30);
    expect(await store.claimThread(key, 'finding-2', 3600)).toEqual({
      claimed: false,
      thread: { key, findingId: 'finding-1', createdAt: START.toISOString() },
    });
    expect((await store.getThread(key))?.findingId).toBe('finding-1');

    now = later(3600);
    expect(await store.getThread(key)).toBeUndefined();
    expect(await store.claimThread(key, 'finding-3', 3600)).toEqual({ claimed: true });
  });
});
