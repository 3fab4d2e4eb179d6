import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { Context, EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { WardenDetailType } from '../../shared/bus/warden-events.js';
import type { EventOutcome } from '../../shared/engine/process-event.js';
import type { AccountSweepsOutcome } from '../../shared/sweep/sweep-accounts.js';
import { documentOfText } from '../../shared/snapshot/snapshot-writes.js';
import { DynamoDbDocumentSnapshotStore } from '../../shared/store/document-snapshot-store.js';
import { DynamoDbStore, createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { cloudTrailEnvelope } from '../helpers/cloudtrail-envelope.js';
import { eventQueue } from '../helpers/event-queue.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
restoreEnvironmentAfterEach();

const TABLE = 'warden-test';
const BUS = 'warden-test-bus';
const LAMBDA_CONTEXT = {} as Context;
const PARTNER = '222233334444';
const VENDOR = '555566667777';

const trustOf = (...accounts: string[]) => ({
  Version: '2012-10-17',
  Statement: accounts.map((account) => ({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: 'sts:AssumeRole',
  })),
});
const allowOf = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

interface Loop {
  detect(event: EventBridgeEvent<string, unknown>): Promise<EventOutcome>;
  sweep(): Promise<AccountSweepsOutcome>;
  iam: IAMClient;
  store: DynamoDbStore;
  snapshots: DynamoDbDocumentSnapshotStore;
}

/** Table, bus and handlers on moto; the hub is the account of the events (execute role warden-test-execute). */
async function deployLoop(): Promise<Loop> {
  const options = moto.server.clientOptions;
  const config = sdkClientConfig(options);
  const dynamodb = new DynamoDBClient(config);
  await createWardenTable(dynamodb, TABLE);
  await eventQueue(options, BUS, WardenDetailType.Finding);
  setHandlerEnvironment({
    moto: moto.server,
    tableName: TABLE,
    eventBusName: BUS,
    configYaml: 'dryRun: false\n',
    extra: { WARDEN_HUB_ACCOUNT_ID: DEFAULT_ACCOUNT },
  });
  vi.resetModules();
  const detect = await import('../../functions/detect/handler.js');
  const sweep = await import('../../functions/sweep/handler.js');
  const documents = createDocumentClient(dynamodb);
  const iam = new IAMClient(config);
  // The actor of the events; moto's credential report (where the sweep finds its account) lists users only.
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  return {
    detect: (event) => detect.handler(event, LAMBDA_CONTEXT),
    sweep: () => sweep.handler({} as ScheduledEvent, LAMBDA_CONTEXT),
    iam,
    store: new DynamoDbStore({ client: documents, tableName: TABLE, clock: () => new Date() }),
    snapshots: new DynamoDbDocumentSnapshotStore({ client: documents, tableName: TABLE }),
  };
}

/** A successful IAM call as CloudTrail records it, made by alice (or the given assumed-role session), after now. */
function iamCall(
  eventId: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  options: { secondsFromNow?: number; role?: string } = {},
): EventBridgeEvent<string, Record<string, unknown>> {
  const eventTime = new Date(Date.now() + (options.secondsFromNow ?? 60) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const userIdentity = options.role
    ? {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:session',
        arn: `arn:aws:sts::${DEFAULT_ACCOUNT}:assumed-role/${options.role}/session`,
        accountId: DEFAULT_ACCOUNT,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLE',
            arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:role/${options.role}`,
            accountId: DEFAULT_ACCOUNT,
            userName: options.role,
          },
        },
      }
    : {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLE',
        arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/alice`,
        accountId: DEFAULT_ACCOUNT,
        userName: 'alice',
      };
  return cloudTrailEnvelope({
    eventVersion: '1.09',
    userIdentity,
    eventTime,
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'aws-cli/2.15.0',
    requestParameters,
    responseElements: null,
    eventID: eventId,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: DEFAULT_ACCOUNT,
    eventCategory: 'Management',
  });
}

async function findingDetails(loop: Loop, outcome: EventOutcome, ruleId: string) {
  // A repeat within the dedupe window is recorded too (status suppressed), with its own summary and diff.
  const entry = outcome.findings.find(
    (f) => f.ruleId === ruleId && (f.outcome === 'notified' || f.outcome === 'repeat'),
  );
  expect(entry, `${ruleId} recorded`).toBeDefined();
  return loop.store.getFinding(entry!.findingId);
}

describe('the document snapshot: sweep captures, detect reads before-documents and follows writes', () => {
  it('an UpdateAssumeRolePolicy after the sweep shows the principal it removed; redelivered at once, acted on once', async () => {
    const loop = await deployLoop();
    await loop.iam.send(
      new CreateRoleCommand({ RoleName: 'Deploy', AssumeRolePolicyDocument: JSON.stringify(trustOf(PARTNER, VENDOR)) }),
    );
    const swept = await loop.sweep();
    expect(swept.unreadable).toEqual([]);
    expect(swept.accounts.map((outcome) => [outcome.account, outcome.snapshot])).toEqual([
      [DEFAULT_ACCOUNT, expect.objectContaining({ documents: 1, written: 1 })],
    ]);

    // IAM names are case-insensitive: the record may spell the role differently.
    const update = iamCall('evt-trust-1', 'UpdateAssumeRolePolicy', {
      roleName: 'deploy',
      policyDocument: JSON.stringify(trustOf(PARTNER)),
    });
    const [first, second] = await Promise.all([loop.detect(update), loop.detect(update)]);

    // Trusting another account opens the role to outsiders: the stricter rule carries the diff.
    const outcomes = [first, second].map(
      (o) => o.findings.find((f) => f.ruleId === 'iam.trust-policy-opened')?.outcome,
    );
    expect(outcomes.sort()).toEqual(['duplicate', 'notified']);
    const notified = first.findings.some((f) => f.outcome === 'notified') ? first : second;
    const finding = await findingDetails(loop, notified, 'iam.trust-policy-opened');
    expect(finding?.details['policyDiff']).toEqual([
      `- account ${VENDOR} (root) no longer: may sts:AssumeRole (no conditions)`,
    ]);
    const entry = await loop.snapshots.get(DEFAULT_ACCOUNT, { type: 'trust', roleName: 'Deploy' });
    expect(entry?.eventId).toBe('evt-trust-1');
    expect(documentOfText(entry?.document)).toEqual(documentOfText(JSON.stringify(trustOf(PARTNER))));
    expect(documentOfText(entry?.previous)).toEqual(documentOfText(JSON.stringify(trustOf(PARTNER, VENDOR))));
  });

  it('a PutRolePolicy replacing a swept inline policy says which actions it removed; a second one sees the first', async () => {
    const loop = await deployLoop();
    await loop.iam.send(
      new CreateRoleCommand({ RoleName: 'Deploy', AssumeRolePolicyDocument: JSON.stringify(trustOf(PARTNER)) }),
    );
    await loop.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Deploy',
        PolicyName: 'Artifacts',
        PolicyDocument: JSON.stringify(allowOf('s3:GetObject', 's3:PutObject', 's3:DeleteObject')),
      }),
    );
    await loop.sweep();

    const put = (eventId: string, actions: string[], secondsFromNow: number) =>
      iamCall(
        eventId,
        'PutRolePolicy',
        { roleName: 'Deploy', policyName: 'artifacts', policyDocument: JSON.stringify(allowOf(...actions)) },
        { secondsFromNow },
      );
    const replaced = await loop.detect(put('evt-put-1', ['s3:GetObject', 's3:PutObject'], 60));
    const again = await loop.detect(put('evt-put-2', ['s3:GetObject'], 120));

    const firstFinding = await findingDetails(loop, replaced, 'iam.inline-policy-added');
    expect(firstFinding?.summary).toContain('replacing the previous document and removing s3:DeleteObject');
    const secondFinding = await findingDetails(loop, again, 'iam.inline-policy-added');
    expect(secondFinding?.summary).toContain('replacing the previous document and removing s3:PutObject');
  });

  it('DeleteRole removes the role’s entries; a later UpdateAssumeRolePolicy of a new role of that name knows no before', async () => {
    const loop = await deployLoop();
    await loop.iam.send(
      new CreateRoleCommand({ RoleName: 'Deploy', AssumeRolePolicyDocument: JSON.stringify(trustOf(PARTNER)) }),
    );
    await loop.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Deploy',
        PolicyName: 'Artifacts',
        PolicyDocument: JSON.stringify(allowOf('s3:GetObject')),
      }),
    );
    await loop.sweep();
    const inline = { type: 'inline', principalKind: 'role', principalName: 'Deploy', policyName: 'Artifacts' } as const;
    expect((await loop.snapshots.get(DEFAULT_ACCOUNT, inline))?.document).toBeDefined();

    await loop.detect(iamCall('evt-del-role', 'DeleteRole', { roleName: 'Deploy' }, { secondsFromNow: 60 }));

    expect(await loop.snapshots.get(DEFAULT_ACCOUNT, inline)).toMatchObject({ eventId: 'evt-del-role' });
    expect((await loop.snapshots.get(DEFAULT_ACCOUNT, inline))?.document).toBeUndefined();
    expect(
      (await loop.snapshots.get(DEFAULT_ACCOUNT, { type: 'trust', roleName: 'Deploy' }))?.document,
    ).toBeUndefined();

    const update = await loop.detect(
      iamCall(
        'evt-trust-2',
        'UpdateAssumeRolePolicy',
        { roleName: 'Deploy', policyDocument: JSON.stringify(trustOf(PARTNER)) },
        { secondsFromNow: 120 },
      ),
    );
    const finding = await findingDetails(loop, update, 'iam.trust-policy-opened');
    expect((finding?.details['policyDiff'] as string[])[0]).toBe(
      'the previous trust policy is not known; listing everything the new one allows',
    );
  });

  it('Warden’s own call (the hub execute role deleting an inline policy) is not judged but updates the snapshot', async () => {
    const loop = await deployLoop();
    await loop.iam.send(
      new CreateRoleCommand({ RoleName: 'Deploy', AssumeRolePolicyDocument: JSON.stringify(trustOf(PARTNER)) }),
    );
    await loop.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Deploy',
        PolicyName: 'Admin',
        PolicyDocument: JSON.stringify(allowOf('*')),
      }),
    );
    await loop.sweep();

    const outcome = await loop.detect(
      iamCall(
        'evt-own',
        'DeleteRolePolicy',
        { roleName: 'Deploy', policyName: 'Admin' },
        { role: 'warden-test-execute' },
      ),
    );

    expect(outcome).toEqual({ skipped: 'warden-own-call', findings: [] });
    const entry = await loop.snapshots.get(DEFAULT_ACCOUNT, {
      type: 'inline',
      principalKind: 'role',
      principalName: 'Deploy',
      policyName: 'Admin',
    });
    expect(entry).toMatchObject({ eventId: 'evt-own' });
    expect(entry?.document).toBeUndefined();
  });
});
