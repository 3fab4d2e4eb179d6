/**
 * A run that changes IAM and then dies (Lambda timeout, out of memory) before
 * it records the outcome. The delivery retried after the lease has passed must
 * finish the apply from the prior state recorded before the change — re-reading
 * IAM would show Warden's own change — so Undo restores the ORIGINAL state.
 * Every kind runs against moto; only CloudTrail's history is mocked (moto has
 * no LookupEvents) for the boundary restore.
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  type Event as TrailEvent,
  LookupEventsCommand,
  StopLoggingCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountPasswordPolicyCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionKind, ActionParams } from '../../shared/model/action-kinds.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { EXECUTE_LEASE_SECONDS, type ExecuteDependencies, executeRequest } from '../../shared/engine/execute-action.js';
import { WardenConfigSchema } from '../../shared/settings/warden-config.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import type { NewAction } from '../../shared/store/store.js';
import {
  accessKeyStatuses,
  attachedPolicyArns,
  groupsOfUser,
  inlinePolicies,
  policyVersions,
  silentLogger,
} from '../helpers/action-env.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { sampleFinding } from '../helpers/sample-finding.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const finding = sampleFinding();
const ACTION_ID = `${finding.id}-1`;
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});
const POLICY_BROADER = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const TRUST_BEFORE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const TRUST_OPENED = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
});

let store: DynamoDbStore;
let iam: IAMClient;

beforeEach(async () => {
  const dynamodb = serialDynamoDbClient(moto.server.clientOptions);
  await createWardenTable(dynamodb, 'warden-test');
  store = new DynamoDbStore({
    client: createDocumentClient(dynamodb),
    tableName: 'warden-test',
    clock: () => new Date(),
  });
  iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
});

/** One kind: the IAM state the event left, the step, the call after which the run dies, and a snapshot. */
interface CrashCase<K extends ActionKind = ActionKind> {
  readonly kind: K;
  arrange(): Promise<ActionParams[K]>;
  /** The IAM (or CloudTrail) command whose response the dying run never gets past. */
  readonly dieAfter: string;
  /** The how-many-th call of `dieAfter` (a quarantine dies half-way). */
  readonly dieAfterCall?: number;
  /** The state Warden changes, read from moto. */
  snapshot(): Promise<unknown>;
  /** CloudTrail history for the kinds that read it. */
  readonly history?: TrailEvent[];
}

function trailEvent(eventName: string, minutesAgo: number, requestParameters: Record<string, unknown>): TrailEvent {
  const record = { eventVersion: '1.08', eventName, eventSource: 'iam.amazonaws.com', requestParameters };
  return {
    EventName: eventName,
    EventTime: new Date(Date.now() - minutesAgo * 60_000),
    CloudTrailEvent: JSON.stringify(record),
  };
}

async function trustOf(roleName: string): Promise<unknown> {
  const role = await iam.send(new GetRoleCommand({ RoleName: roleName }));
  return JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? ''));
}

const CASES: CrashCase[] = [
  {
    kind: 'detach-policy',
    async arrange() {
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));
      return { principalKind: 'user', principalName: 'bob', policyArn: ADMIN };
    },
    dieAfter: 'DetachUserPolicyCommand',
    snapshot: () => attachedPolicyArns(iam, 'user', 'bob'),
  } satisfies CrashCase<'detach-policy'>,
  {
    kind: 'delete-inline-policy',
    async arrange() {
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'escalate', PolicyDocument: POLICY_BROADER }),
      );
      return { principalKind: 'user', principalName: 'bob', policyName: 'escalate' };
    },
    dieAfter: 'DeleteUserPolicyCommand',
    snapshot: () => inlinePolicies(iam, 'user', 'bob'),
  } satisfies CrashCase<'delete-inline-policy'>,
  {
    kind: 'disable-access-key',
    async arrange() {
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
      return { userName: 'bob', accessKeyId: key.AccessKey!.AccessKeyId! };
    },
    dieAfter: 'UpdateAccessKeyCommand',
    snapshot: () => accessKeyStatuses(iam, 'bob'),
  } satisfies CrashCase<'disable-access-key'>,
  {
    kind: 'remove-user-from-group',
    async arrange() {
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
      await iam.send(new AddUserToGroupCommand({ UserName: 'bob', GroupName: 'admins' }));
      return { userName: 'bob', groupName: 'admins' };
    },
    dieAfter: 'RemoveUserFromGroupCommand',
    snapshot: () => groupsOfUser(iam, 'bob'),
  } satisfies CrashCase<'remove-user-from-group'>,
  {
    kind: 'revert-default-policy-version',
    async arrange() {
      const created = await iam.send(new CreatePolicyCommand({ PolicyName: 'deploy', PolicyDocument: POLICY }));
      const policyArn = created.Policy!.Arn!;
      await iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: POLICY_BROADER, SetAsDefault: true }),
      );
      return { policyArn, newVersionId: 'v2', previousVersionId: 'v1' };
    },
    dieAfter: 'SetDefaultPolicyVersionCommand',
    snapshot: async () => (await policyVersions(iam, `arn:aws:iam::${DEFAULT_ACCOUNT}:policy/deploy`)).defaultVersionId,
  } satisfies CrashCase<'revert-default-policy-version'>,
  {
    kind: 'restore-password-policy',
    async arrange() {
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 6 }));
      return {};
    },
    dieAfter: 'UpdateAccountPasswordPolicyCommand',
    snapshot: async () => {
      const policy = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
      return { minimumPasswordLength: policy?.MinimumPasswordLength, requireSymbols: policy?.RequireSymbols };
    },
  } satisfies CrashCase<'restore-password-policy'>,
  {
    kind: 'restore-permissions-boundary',
    async arrange() {
      await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST_BEFORE }));
      return { principalKind: 'role', principalName: 'app' };
    },
    history: [
      trailEvent('DeleteRolePermissionsBoundary', 1, { roleName: 'app' }),
      trailEvent('CreateRole', 10, { roleName: 'app', permissionsBoundary: POWER_USER }),
    ],
    dieAfter: 'PutRolePermissionsBoundaryCommand',
    snapshot: async () =>
      (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn ??
      null,
  } satisfies CrashCase<'restore-permissions-boundary'>,
  {
    kind: 'restore-trust-policy',
    async arrange() {
      await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST_OPENED }));
      return { roleName: 'app', previousDocument: TRUST_BEFORE, newDocument: TRUST_OPENED };
    },
    dieAfter: 'UpdateAssumeRolePolicyCommand',
    snapshot: () => trustOf('app'),
  } satisfies CrashCase<'restore-trust-policy'>,
  {
    kind: 'quarantine-user',
    async arrange() {
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
      return { userName: 'bob' };
    },
    // Dies half-way: AWSDenyAll attached and one of the two keys deactivated.
    dieAfter: 'UpdateAccessKeyCommand',
    dieAfterCall: 1,
    snapshot: async () => ({
      attached: await attachedPolicyArns(iam, 'user', 'bob'),
      keys: await accessKeyStatuses(iam, 'bob'),
    }),
  } satisfies CrashCase<'quarantine-user'>,
  {
    kind: 'quarantine-role',
    async arrange() {
      await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST_BEFORE }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'own', PolicyDocument: POLICY }));
      return { roleName: 'app' };
    },
    dieAfter: 'PutRolePolicyCommand',
    dieAfterCall: 2,
    snapshot: () => inlinePolicies(iam, 'role', 'app'),
  } satisfies CrashCase<'quarantine-role'>,
  {
    kind: 'start-logging',
    async arrange() {
      // moto wants the trail's bucket to exist; its S3 accepts an unsigned PUT.
      const bucket = await fetch(`${moto.server.endpoint}/trail-logs`, { method: 'PUT' });
      expect(bucket.ok).toBe(true);
      const cloudtrail = new CloudTrailClient(sdkClientConfig(moto.server.clientOptions));
      await cloudtrail.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-logs' }));
      await cloudtrail.send(new StopLoggingCommand({ Name: 'main' }));
      return { trailName: 'main' };
    },
    dieAfter: 'StartLoggingCommand',
    snapshot: async () => {
      const cloudtrail = new CloudTrailClient(sdkClientConfig(moto.server.clientOptions));
      return (await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging;
    },
  } satisfies CrashCase<'start-logging'>,
];

/**
 * Clients whose `dieAfter` call reaches AWS and then never returns: the run
 * stops there, as a Lambda killed at its timeout does, leaving its claim.
 */
function dyingClients(crash: CrashCase, died: () => void) {
  const config = sdkClientConfig(moto.server.clientOptions);
  const clients = { iam: new IAMClient(config), cloudtrail: new CloudTrailClient(config) };
  let calls = 0;
  const dieAfterTheChange = async (commandName: string | undefined, output: unknown) => {
    if (commandName === crash.dieAfter && ++calls === (crash.dieAfterCall ?? 1)) {
      died();
      await new Promise<never>(() => undefined);
    }
    return output;
  };
  const options = { step: 'initialize', name: 'dieAfterTheChange' } as const;
  clients.iam.middlewareStack.add(
    (next, context) => async (args) => (await dieAfterTheChange(context.commandName, await next(args))) as never,
    options,
  );
  clients.cloudtrail.middlewareStack.add(
    (next, context) => async (args) => (await dieAfterTheChange(context.commandName, await next(args))) as never,
    options,
  );
  return clients;
}

function historyMock(clients: { cloudtrail: CloudTrailClient }, history: TrailEvent[] | undefined) {
  if (history) mockClient(clients.cloudtrail).on(LookupEventsCommand).resolves({ Events: history });
}

function deps(clientsFor: ExecuteDependencies['clientsFor'], clock: () => Date): ExecuteDependencies {
  return {
    store,
    clientsFor,
    publisher: { publish: async () => undefined },
    notifier: { findingRaised: async () => undefined, actionCompleted: async () => undefined },
    config: v.parse(WardenConfigSchema, {}),
    clock,
    logger: silentLogger(),
  };
}

describe('a run that dies after changing IAM, before recording: the retry after the lease keeps the original state', () => {
  it.each(CASES.map((crash) => [crash.kind, crash] as const))('%s', async (_kind, crash) => {
    const params = await crash.arrange();
    const original = await crash.snapshot();
    await store.putFinding({ ...finding, status: 'open' });
    await store.createAction({
      id: ACTION_ID,
      findingId: finding.id,
      kind: crash.kind,
      params,
      account: DEFAULT_ACCOUNT,
      status: 'pending-approval',
      mode: 'approve',
    } as NewAction);
    await store.transitionAction(ACTION_ID, { from: 'pending-approval', to: 'approved', by: 'U0ALICE' });
    const request = { actionId: ACTION_ID, findingId: finding.id, operation: 'apply', requestedBy: 'U0ALICE' } as const;

    const start = new Date();
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    const dying = dyingClients(crash, died);
    historyMock(dying, crash.history);
    void executeRequest(
      request,
      deps(
        async () => dying,
        () => start,
      ),
    );
    await dead;
    const changed = await crash.snapshot();
    expect(changed).not.toEqual(original);
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'applying' });

    const later = new Date(start.getTime() + (EXECUTE_LEASE_SECONDS + 1) * 1000);
    const config = sdkClientConfig(moto.server.clientOptions);
    const fresh = { iam: new IAMClient(config), cloudtrail: new CloudTrailClient(config) };
    historyMock(fresh, crash.history);
    const retried = await executeRequest(
      request,
      deps(
        async () => fresh,
        () => later,
      ),
    );

    expect(retried.status).toBe('applied');
    const afterApply = await crash.snapshot();
    expect(afterApply).not.toEqual(original);
    expect((await store.listAudit(ACTION_ID)).map((entry) => [entry.from, entry.to])).toEqual([
      [undefined, 'pending-approval'],
      ['pending-approval', 'approved'],
      ['approved', 'applying'],
      ['applying', 'applying'], // the prior state, recorded before the change
      ['applying', 'applying'], // the retry takes over the passed lease
      ['applying', 'applied'],
    ]);

    const undone = await executeRequest(
      { ...request, operation: 'undo', requestedBy: 'U0BOB' },
      deps(
        async () => fresh,
        () => later,
      ),
    );

    expect(undone.status).toBe('undone');
    expect(await crash.snapshot()).toEqual(original);
  });
});
