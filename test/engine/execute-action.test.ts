import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  AttachUserPolicyCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
  IAMServiceException,
} from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { ActionRequestedDetail } from '../../shared/bus/warden-events.js';
import { EXECUTE_LEASE_SECONDS, type ExecuteDependencies, executeRequest } from '../../shared/engine/execute-action.js';
import { remediationSessionName } from '../../shared/engine/own-calls.js';
import type { ActionNotice } from '../../shared/model/notices.js';
import { WardenConfigSchema } from '../../shared/settings/warden-config.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import type { NewAction } from '../../shared/store/store.js';
import * as v from 'valibot';
import { attachedPolicyArns, silentLogger } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { sampleFinding } from '../helpers/sample-finding.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const finding = sampleFinding();
const ACTION_ID = `${finding.id}-1`;

let store: DynamoDbStore;
let iam: IAMClient;
let notices: ActionNotice[];
let published: { detailType: string; detail: object }[];
let sessions: string[];

function deps(iamClient: IAMClient = iam, clock: () => Date = () => new Date()): ExecuteDependencies {
  return {
    store,
    clientsFor: async (_account, sessionName) => (
      sessions.push(sessionName),
      {
        iam: iamClient,
        cloudtrail: new CloudTrailClient(sdkClientConfig(moto.server.clientOptions)),
      }
    ),
    publisher: { publish: async (detailType, detail) => void published.push({ detailType, detail }) },
    notifier: {
      findingRaised: async () => undefined,
      actionCompleted: async (notice) => void notices.push(notice),
    },
    config: v.parse(WardenConfigSchema, {}),
    clock,
    logger: silentLogger(),
  };
}

const request = (operation: 'apply' | 'undo', requestedBy = 'U0ALICE'): ActionRequestedDetail => ({
  actionId: ACTION_ID,
  findingId: finding.id,
  operation,
  requestedBy,
});

const DETACH_ADMIN_FROM_BOB = {
  kind: 'detach-policy',
  params: { principalKind: 'user', principalName: 'bob', policyArn: ADMIN },
} as const;

/** bob had AdministratorAccess; it was approved and Warden detached it. */
async function appliedAction() {
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await approvedAction();
  await markApplied();
}

/** The approved action as Warden records a successful apply: applying, then applied with its prior state. */
async function markApplied() {
  await store.transitionAction(ACTION_ID, { from: 'approved', to: 'applying', by: 'U0ALICE' });
  await store.transitionAction(ACTION_ID, {
    from: 'applying',
    to: 'applied',
    by: 'U0ALICE',
    priorState: { attached: true },
  });
}

/** bob has AdministratorAccess attached; U0ALICE approved detaching it (or the action `record` names). */
async function approvedAction(record: { readonly kind: string; readonly params: object } = DETACH_ADMIN_FROM_BOB) {
  await store.putFinding({ ...finding, status: 'open' });
  await store.createAction({
    id: ACTION_ID,
    findingId: finding.id,
    ...record,
    account: '123456789012',
    status: 'pending-approval',
    mode: 'approve',
  } as unknown as NewAction);
  await store.transitionAction(ACTION_ID, { from: 'pending-approval', to: 'approved', by: 'U0ALICE' });
}

beforeEach(async () => {
  const dynamodb = serialDynamoDbClient(moto.server.clientOptions);
  await createWardenTable(dynamodb, 'warden-test');
  store = new DynamoDbStore({
    client: createDocumentClient(dynamodb),
    tableName: 'warden-test',
    clock: () => new Date(),
  });
  iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
  notices = [];
  published = [];
  sessions = [];
});

describe('executeRequest: undo goes through undo-requested', () => {
  it('undoes an action an Undo click marked undo-requested', async () => {
    await appliedAction();
    await store.transitionAction(ACTION_ID, { from: 'applied', to: 'undo-requested', by: 'U0BOB' });

    const outcome = await executeRequest(request('undo', 'U0BOB'), deps());

    expect(outcome.status).toBe('undone');
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([ADMIN]);
    expect((await store.listAudit(ACTION_ID)).map((entry) => entry.to)).toEqual([
      'pending-approval',
      'approved',
      'applying',
      'applied',
      'undo-requested',
      'undoing',
      'undone',
    ]);
    expect(notices.map((n) => [n.operation, n.action.status, n.requestedBy])).toEqual([['undo', 'undone', 'U0BOB']]);
  });

  it('a direct undo request for an applied action claims undo-requested itself', async () => {
    await appliedAction();

    const outcome = await executeRequest(request('undo', 'U0BOB'), deps());

    expect(outcome.status).toBe('undone');
    const audit = await store.listAudit(ACTION_ID);
    expect(audit.slice(4).map((entry) => [entry.from, entry.to, entry.by])).toEqual([
      ['applied', 'undo-requested', 'U0BOB'],
      ['undo-requested', 'undoing', 'U0BOB'],
      ['undoing', 'undone', 'U0BOB'],
    ]);
  });

  it('two undo requests at once: one undoes, the other is skipped', async () => {
    await appliedAction();

    const outcomes = await Promise.all([
      executeRequest(request('undo', 'U0BOB'), deps()),
      executeRequest(request('undo', 'U0CAROL'), deps()),
    ]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['skipped', 'undone']);
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([ADMIN]);
    expect((await store.listAudit(ACTION_ID)).filter((entry) => entry.to === 'undone')).toHaveLength(1);
    expect(published).toHaveLength(1);
  });

  it('a failed undo puts the action back to applied (Undo can be tried again) and says why', async () => {
    await appliedAction();
    await store.transitionAction(ACTION_ID, { from: 'applied', to: 'undo-requested', by: 'U0BOB' });
    const failing = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    failing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === AttachUserPolicyCommand.name) {
          throw new IAMServiceException({
            name: 'ServiceFailure',
            $fault: 'server',
            $metadata: {},
            message: 'try later',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failAttach' },
    );

    const outcome = await executeRequest(request('undo', 'U0BOB'), deps(failing));

    expect(outcome).toEqual({ status: 'applied', message: expect.stringMatching(/^Undo failed: .*ServiceFailure/) });
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'applied', reason: expect.any(String) });
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([]);
    expect(notices[0]).toMatchObject({ operation: 'undo', outcome: expect.stringMatching(/^Undo failed/) });
  });

  it('an apply request for an action being undone is skipped', async () => {
    await appliedAction();
    await store.transitionAction(ACTION_ID, { from: 'applied', to: 'undo-requested', by: 'U0BOB' });

    expect(await executeRequest(request('apply'), deps())).toEqual({
      status: 'skipped',
      reason: 'action is undo-requested, not approved',
    });
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'undo-requested' });
  });
});

/** IAM against moto whose responses to `commandName` arrive `delayMs` late; counts those calls. */
/** An IAM client that records every command it is asked to send (and sends it). */
function countingIam(): { client: IAMClient; commands: string[] } {
  const client = new IAMClient(sdkClientConfig(moto.server.clientOptions));
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? '');
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return { client, commands };
}

/** The records below stand for an approved action whose row was changed in the table: its parameters or kind no longer valid. */
describe('executeRequest: a damaged stored record never reaches IAM', () => {
  beforeEach(async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));
  });

  it("parameters that fail the kind's schema: apply fails for good, names the parameter, calls no IAM API", async () => {
    await approvedAction({
      kind: 'detach-policy',
      params: { principalKind: 'user', principalName: 42, policyArn: ADMIN },
    });
    const counting = countingIam();

    const outcome = await executeRequest(request('apply'), deps(counting.client));

    const reason = 'the stored parameters of this detach-policy action are not valid (principalName: ';
    expect(outcome).toEqual({ status: 'failed', message: expect.stringContaining(`Failed: ${reason}`) });
    expect(await store.getAction(ACTION_ID)).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(reason),
    });
    expect(counting.commands).toEqual([]);
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([ADMIN]);
    expect(notices).toEqual([
      expect.objectContaining({ operation: 'apply', outcome: expect.stringContaining(reason) }),
    ]);
  });

  it('a parameter missing: apply fails the same way', async () => {
    await approvedAction({ kind: 'detach-policy', params: { principalKind: 'user', policyArn: ADMIN } });

    const outcome = await executeRequest(request('apply'), deps());

    expect(outcome).toEqual({
      status: 'failed',
      message: expect.stringContaining(
        'the stored parameters of this detach-policy action are not valid (principalName: ',
      ),
    });
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([ADMIN]);
  });

  it('a kind Warden does not know: apply fails and says so', async () => {
    await approvedAction({ kind: 'detach-everything', params: { principalName: 'bob' } });
    const counting = countingIam();

    const outcome = await executeRequest(request('apply'), deps(counting.client));

    expect(outcome).toEqual({
      status: 'failed',
      message: 'Failed: the stored action kind detach-everything is unknown',
    });
    expect(counting.commands).toEqual([]);
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([ADMIN]);
  });

  it('an applied action whose parameters were damaged since: undo is cannot-undo and changes nothing', async () => {
    await iam.send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));
    // Applied by Warden, then the table row was edited: the policy ARN replaced by a number.
    await approvedAction({
      kind: 'detach-policy',
      params: { principalKind: 'user', principalName: 'bob', policyArn: 7 },
    });
    await markApplied();
    await store.transitionAction(ACTION_ID, { from: 'applied', to: 'undo-requested', by: 'U0BOB' });
    const counting = countingIam();

    const outcome = await executeRequest(request('undo', 'U0BOB'), deps(counting.client));

    const reason = 'the stored parameters of this detach-policy action are not valid (policyArn: ';
    expect(outcome).toEqual({ status: 'cannot-undo', message: expect.stringContaining(`Cannot undo: ${reason}`) });
    expect(await store.getAction(ACTION_ID)).toMatchObject({
      status: 'cannot-undo',
      reason: expect.stringContaining(reason),
    });
    expect(counting.commands).toEqual([]);
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([]);
  });
});

function slowIam(commandName: string, delayMs: number): { client: IAMClient; calls: () => number } {
  const client = new IAMClient(sdkClientConfig(moto.server.clientOptions));
  let calls = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== commandName) return next(args);
      calls += 1;
      const output = await next(args);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return output;
    },
    { step: 'initialize', name: 'slowResponse' },
  );
  return { client, calls: () => calls };
}

describe('executeRequest: exactly once under at-least-once delivery', () => {
  it('the same apply request twice at once, the IAM response slow: one detach, applied, and Undo works', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));
    await approvedAction();
    const detach = slowIam(DetachUserPolicyCommand.name, 300);

    const outcomes = await Promise.all([
      executeRequest(request('apply'), deps(detach.client)),
      executeRequest(request('apply'), deps(detach.client)),
    ]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['applied', 'skipped']);
    expect(detach.calls()).toBe(1);
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([]);
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'applied', priorState: { attached: true } });
    expect((await store.getAction(ACTION_ID))?.leaseExpiresAt).toBeUndefined();
    expect(published).toHaveLength(1);

    const attach = slowIam(AttachUserPolicyCommand.name, 300);
    const undos = await Promise.all([
      executeRequest(request('undo', 'U0BOB'), deps(attach.client)),
      executeRequest(request('undo', 'U0BOB'), deps(attach.client)),
    ]);

    expect(undos.map((o) => o.status).sort()).toEqual(['skipped', 'undone']);
    expect(attach.calls()).toBe(1);
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([ADMIN]);
    expect((await store.listAudit(ACTION_ID)).map((entry) => entry.to)).toEqual([
      'pending-approval',
      'approved',
      'applying',
      'applying', // the prior state, recorded before the detach
      'applied',
      'undo-requested',
      'undoing',
      'undone',
    ]);
  });

  it('assumes the member role with the session name of the action', async () => {
    await appliedAction();

    await executeRequest(request('undo', 'U0BOB'), deps());

    expect(sessions).toEqual([remediationSessionName(ACTION_ID)]);
  });

  it('a claim whose lease holds stops a second run; once the lease has passed, the request is retried', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));
    await approvedAction();
    const start = new Date();
    // A run that claimed the action and then crashed.
    await store.transitionAction(ACTION_ID, {
      from: 'approved',
      to: 'applying',
      by: 'U0ALICE',
      at: start,
      leaseUntil: new Date(start.getTime() + EXECUTE_LEASE_SECONDS * 1000),
    });

    const early = await executeRequest(request('apply'), deps());
    expect(early).toEqual({ status: 'skipped', reason: 'action is claimed or changed (lease-held)' });
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([ADMIN]);

    const later = new Date(start.getTime() + (EXECUTE_LEASE_SECONDS + 1) * 1000);
    const retried = await executeRequest(
      request('apply'),
      deps(iam, () => later),
    );

    expect(retried.status).toBe('applied');
    expect(await attachedPolicyArns(iam, 'user', 'bob')).toEqual([]);
    expect((await store.listAudit(ACTION_ID)).map((entry) => [entry.from, entry.to])).toEqual([
      [undefined, 'pending-approval'],
      ['pending-approval', 'approved'],
      ['approved', 'applying'],
      ['applying', 'applying'],
      ['applying', 'applying'], // the prior state, recorded before the detach
      ['applying', 'applied'],
    ]);
  });

  it('an error before the outcome is recorded gives the claim back, so a retry runs at once', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));
    await approvedAction();
    const broken: ExecuteDependencies = {
      ...deps(),
      clientsFor: async () => {
        throw new Error('AssumeRole throttled');
      },
    };

    await expect(executeRequest(request('apply'), broken)).rejects.toThrow('AssumeRole throttled');
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'approved' });

    expect((await executeRequest(request('apply'), deps())).status).toBe('applied');
  });
});
