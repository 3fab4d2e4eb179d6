import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AttachUserPolicyCommand, CreateUserCommand, IAMClient, IAMServiceException } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { ActionRequestedDetail } from '../../shared/bus/warden-events.js';
import { type ExecuteDependencies, executeRequest } from '../../shared/engine/execute-action.js';
import type { ActionNotice } from '../../shared/engine/notifier.js';
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

function deps(iamClient: IAMClient = iam): ExecuteDependencies {
  return {
    store,
    clientsFor: async () => ({
      iam: iamClient,
      cloudtrail: new CloudTrailClient(sdkClientConfig(moto.server.clientOptions)),
    }),
    publisher: { publish: async (detailType, detail) => void published.push({ detailType, detail }) },
    notifier: {
      findingRaised: async () => undefined,
      actionCompleted: async (notice) => void notices.push(notice),
    },
    config: v.parse(WardenConfigSchema, {}),
    clock: () => new Date(),
    logger: silentLogger(),
  };
}

const request = (operation: 'apply' | 'undo', requestedBy = 'U0ALICE'): ActionRequestedDetail => ({
  actionId: ACTION_ID,
  findingId: finding.id,
  operation,
  requestedBy,
});

/** bob had AdministratorAccess; it was approved and Warden detached it. */
async function appliedAction() {
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await store.putFinding({ ...finding, status: 'open' });
  await store.createAction({
    id: ACTION_ID,
    findingId: finding.id,
    kind: 'detach-policy',
    params: { principalKind: 'user', principalName: 'bob', policyArn: ADMIN },
    account: '123456789012',
    status: 'pending-approval',
    mode: 'approve',
  } as NewAction);
  await store.transitionAction(ACTION_ID, { from: 'pending-approval', to: 'approved', by: 'U0ALICE' });
  await store.transitionAction(ACTION_ID, {
    from: 'approved',
    to: 'applied',
    by: 'U0ALICE',
    priorState: { attached: true },
  });
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
      'applied',
      'undo-requested',
      'undone',
    ]);
    expect(notices.map((n) => [n.operation, n.action.status, n.requestedBy])).toEqual([['undo', 'undone', 'U0BOB']]);
  });

  it('a direct undo request for an applied action claims undo-requested itself', async () => {
    await appliedAction();

    const outcome = await executeRequest(request('undo', 'U0BOB'), deps());

    expect(outcome.status).toBe('undone');
    const audit = await store.listAudit(ACTION_ID);
    expect(audit.slice(3).map((entry) => [entry.from, entry.to, entry.by])).toEqual([
      ['applied', 'undo-requested', 'U0BOB'],
      ['undo-requested', 'undone', 'U0BOB'],
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
