import { beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { snapshotIamContext } from '../../shared/context/snapshot-iam-context.js';
import { createDetector } from '../../shared/engine/detect.js';
import { evaluateEvent, type EvaluationDependencies } from '../../shared/engine/evaluate-event.js';
import { CATALOGUE, catalogueRuleFacts } from '../../shared/rules/catalogue.js';
import { EMPTY_CONTEXT, fixedContext } from '../../shared/rules/support/rule-context.js';
import { validateConfig } from '../../shared/settings/load-config.js';
import { documentText } from '../../shared/snapshot/snapshot-writes.js';
import { DynamoDbDocumentSnapshotStore } from '../../shared/store/document-snapshot-store.js';
import { createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const TABLE = 'warden-test';
const ACCOUNT = '123456789012';
const INLINE = { type: 'inline', principalKind: 'user', principalName: 'bob', policyName: 'Reports' } as const;
const allow = (...actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::r/*' }],
  });

let store: DynamoDbDocumentSnapshotStore;

beforeEach(async () => {
  const dynamodb = serialDynamoDbClient(moto.server.clientOptions);
  await createWardenTable(dynamodb, TABLE);
  store = new DynamoDbDocumentSnapshotStore({ client: createDocumentClient(dynamodb), tableName: TABLE });
});

function putUserPolicy(eventId: string, eventTime: string, actions: string[], errorCode?: string): CloudTrailEvent {
  const parsed = normaliseRecord({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      userName: 'alice',
    },
    eventTime,
    eventSource: 'iam.amazonaws.com',
    eventName: 'PutUserPolicy',
    awsRegion: 'us-east-1',
    requestParameters: { userName: 'bob', policyName: 'Reports', policyDocument: allow(...actions) },
    responseElements: null,
    eventID: eventId,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...(errorCode ? { errorCode, errorMessage: 'denied' } : {}),
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

/** One Lambda instance: its own context over the shared table, its own detector. */
function instance(snapshots: DynamoDbDocumentSnapshotStore, warnings: string[] = []): EvaluationDependencies {
  const logger = { warn: (message: string) => void warnings.push(message), info: () => {} };
  const context = snapshotIamContext(fixedContext(EMPTY_CONTEXT), { store: snapshots, logger });
  return {
    detector: createDetector(),
    config: validateConfig({}, catalogueRuleFacts()),
    defaultModes: new Map(CATALOGUE.map((rule) => [rule.id, rule.defaultMode])),
    self: {},
    context,
    snapshot: context,
    logger,
  };
}

function inlineSummary(evaluation: Awaited<ReturnType<typeof evaluateEvent>>): string | undefined {
  if (evaluation.own) return undefined;
  return evaluation.detection.findings.find((f) => f.ruleId === 'iam.inline-policy-added')?.summary;
}

describe('the live context with the document snapshot', () => {
  it('an event delivered twice at once to two instances: both see the same before, never their own after', async () => {
    const swept = documentText(allow('s3:GetObject', 's3:PutObject'))!;
    await store.replaceAccount(ACCOUNT, [{ ref: INLINE, document: swept }], {
      startedAt: new Date('2026-03-01T09:00:00Z'),
      endedAt: new Date('2026-03-01T09:00:05Z'),
    });
    const event = putUserPolicy('evt-1', '2026-03-01T10:00:00Z', ['s3:GetObject']);

    const [first, second] = await Promise.all([
      evaluateEvent(event, instance(store)),
      evaluateEvent(event, instance(store)),
    ]);
    // A third delivery long after both wrote still sees the document before the event.
    const third = await evaluateEvent(event, instance(store));

    const summaries = [first, second, third].map(inlineSummary);
    expect(summaries[0]).toContain('replacing the previous document and removing s3:PutObject');
    expect(new Set(summaries).size).toBe(1);
    const entry = await store.get(ACCOUNT, INLINE);
    expect(entry).toMatchObject({ eventId: 'evt-1', previous: swept, document: documentText(allow('s3:GetObject')) });
  });

  it('a failed call is judged but changes nothing in the snapshot', async () => {
    await evaluateEvent(putUserPolicy('evt-denied', '2026-03-01T10:00:00Z', ['*'], 'AccessDenied'), instance(store));
    expect(await store.get(ACCOUNT, INLINE)).toBeUndefined();
  });

  it('a snapshot that cannot be read or written is logged; the finding is still made, its before unknown', async () => {
    const missing = new DynamoDbDocumentSnapshotStore({
      client: createDocumentClient(serialDynamoDbClient(moto.server.clientOptions)),
      tableName: 'no-such-table',
    });
    const warnings: string[] = [];

    const evaluation = await evaluateEvent(
      putUserPolicy('evt-2', '2026-03-01T10:00:00Z', ['s3:GetObject']),
      instance(missing, warnings),
    );

    expect(inlineSummary(evaluation)).toBe('alice put inline policy Reports on user bob (prefer a managed policy)');
    expect(warnings).toEqual(['snapshot read failed', 'snapshot update failed']);
  });
});
