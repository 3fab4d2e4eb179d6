import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { readRuntimeEnv } from '../../shared/config.js';
import { TRAIL_FACTS_MAX_AGE_MS, TrailFactsCache } from '../../shared/context/trail-facts-context.js';
import { loggingNotifier } from '../../shared/engine/notifier.js';
import type { Finding } from '../../shared/model/finding.js';
import { detectDependencies } from '../../functions/detect/dependencies.js';
import { createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { type StoredTrailFacts, TrailFactsStore } from '../../shared/store/trail-facts-store.js';
import { readTrailBuckets } from '../../shared/sweep/read-trail-buckets.js';
import { silentLogger } from '../helpers/action-env.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { trailIn } from '../helpers/moto-trail.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
restoreEnvironmentAfterEach();
const TABLE = 'warden-trail-facts-test';
const TRAIL_BUCKET = 'live-trail-logs-7781';
const OTHER_BUCKET = 'app-assets-7781';

let trails: TrailFactsStore;
let sequence = 0;

beforeEach(async () => {
  const dynamodb = new DynamoDBClient(sdkClientConfig(moto.server.clientOptions));
  await createWardenTable(dynamodb, TABLE);
  trails = new TrailFactsStore({ client: createDocumentClient(dynamodb), tableName: TABLE });
});

/** A trail in moto delivering to TRAIL_BUCKET, its buckets stored as the sweep stores them. */
async function storedTrail(): Promise<void> {
  await trailIn(moto.server, DEFAULT_ACCOUNT, 'org-trail', TRAIL_BUCKET);
  const cloudtrail = new CloudTrailClient(sdkClientConfig(moto.server.clientOptions));
  const buckets = await readTrailBuckets(cloudtrail);
  await trails.put({ account: DEFAULT_ACCOUNT, buckets, readAt: new Date().toISOString() });
}

function s3Event(eventName: string, bucket: string, extra: Record<string, unknown> = {}): CloudTrailEvent {
  sequence += 1;
  const result = normaliseRecord({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/mallory`,
      accountId: DEFAULT_ACCOUNT,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'mallory',
    },
    eventTime: '2026-03-04T09:15:27Z',
    eventSource: 's3.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.us-east-1.amazonaws.com`, ...extra },
    responseElements: null,
    requestID: `req-${sequence}`,
    eventID: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: DEFAULT_ACCOUNT,
  });
  if (!result.ok) throw new Error(result.detail);
  return result.event;
}

const lifecycle = (bucket: string) =>
  s3Event('PutBucketLifecycle', bucket, {
    lifecycle: '',
    LifecycleConfiguration: {
      Rule: { ID: 'nuke-logs', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } },
    },
  });
const policy = (bucket: string) =>
  s3Event('PutBucketPolicy', bucket, {
    policy: '',
    bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject' }] },
  });
const deleted = (bucket: string) => s3Event('DeleteBucket', bucket);

/** detect as deployed: its dependencies from the environment, the event's context, then the rules. */
function deployedDetect(configYaml = 'dryRun: false\n'): (event: CloudTrailEvent) => Promise<Finding[]> {
  setHandlerEnvironment({ moto: moto.server, tableName: TABLE, eventBusName: 'warden-test', configYaml });
  const deps = detectDependencies(readRuntimeEnv(), loggingNotifier(silentLogger()));
  return async (event) => {
    const context = await deps.context.forEvent(event);
    return deps.detector
      .detect(event, { context })
      .findings.filter((finding) => finding.ruleId.startsWith('cloudtrail.'));
  };
}

const summary = (findings: Finding[]) => findings.map((finding) => `${finding.ruleId}: ${finding.target.name}`);

describe('detect watches the buckets the sweep read from the live trails', () => {
  it('lifecycle, policy and deletion of the trail’s bucket fire with no config entry; another bucket does not', async () => {
    await storedTrail();
    const detect = deployedDetect();

    expect(summary(await detect(lifecycle(TRAIL_BUCKET)))).toEqual([`cloudtrail.trail-weakened: ${TRAIL_BUCKET}`]);
    expect(summary(await detect(policy(TRAIL_BUCKET)))).toEqual([`cloudtrail.trail-weakened: ${TRAIL_BUCKET}`]);
    const gone = await detect(deleted(TRAIL_BUCKET));
    expect(summary(gone)).toEqual([`cloudtrail.trail-deleted: ${TRAIL_BUCKET}`]);
    expect(gone[0]?.severity).toBe('critical');

    expect(await detect(lifecycle(OTHER_BUCKET))).toEqual([]);
    expect(await detect(policy(OTHER_BUCKET))).toEqual([]);
    expect(await detect(deleted(OTHER_BUCKET))).toEqual([]);
  });

  it('stored buckets only add to cloudtrail.trailBuckets: a configured bucket the trails no longer name is still watched', async () => {
    await storedTrail();
    const detect = deployedDetect(`dryRun: false\ncloudtrail:\n  trailBuckets: ['${OTHER_BUCKET}']\n`);

    expect(summary(await detect(deleted(OTHER_BUCKET)))).toEqual([`cloudtrail.trail-deleted: ${OTHER_BUCKET}`]);
    expect(summary(await detect(deleted(TRAIL_BUCKET)))).toEqual([`cloudtrail.trail-deleted: ${TRAIL_BUCKET}`]);
  });

  it('a member account’s stored trail bucket is watched for a call made anywhere (bucket names are global)', async () => {
    await trails.put({ account: '210987654321', buckets: [TRAIL_BUCKET], readAt: new Date().toISOString() });
    const detect = deployedDetect();

    expect(summary(await detect(policy(TRAIL_BUCKET)))).toEqual([`cloudtrail.trail-weakened: ${TRAIL_BUCKET}`]);
  });
});

describe('TrailFactsCache', () => {
  const facts = (buckets: string[], readAt: Date, account = DEFAULT_ACCOUNT): StoredTrailFacts => ({
    account,
    buckets,
    readAt: readAt.toISOString(),
  });

  it('re-reads the items after 15 minutes, not before, and merges every account’s buckets', async () => {
    let now = new Date('2026-01-05T08:00:00Z');
    await trails.put(facts(['hub-logs'], now));
    await trails.put(facts(['member-logs', 'hub-logs'], now, '210987654321'));
    const cache = new TrailFactsCache({ read: () => trails.list(), clock: () => now, logger: silentLogger() });

    await cache.refresh();
    expect(cache.buckets()).toEqual(['hub-logs', 'member-logs']);
    await trails.put(facts(['new-logs'], now));
    now = new Date(now.getTime() + 10 * 60_000);
    await cache.refresh();
    expect(cache.buckets()).toEqual(['hub-logs', 'member-logs']);
    now = new Date(now.getTime() + 6 * 60_000);
    await cache.refresh();
    // The member's trail still names hub-logs: only the hub's own item changed.
    expect(cache.buckets()).toEqual(['hub-logs', 'member-logs', 'new-logs']);
    await trails.put(facts(['member-logs'], now, '210987654321'));
    now = new Date(now.getTime() + 16 * 60_000);
    await cache.refresh();
    // A newer read is the only way a bucket leaves the watched set.
    expect(cache.buckets()).toEqual(['member-logs', 'new-logs']);
  });

  it('an account’s item the sweep stopped refreshing is not used; the others still are', async () => {
    const now = new Date('2026-01-05T08:00:00Z');
    await trails.put(facts(['stale-logs'], new Date(now.getTime() - TRAIL_FACTS_MAX_AGE_MS - 1)));
    await trails.put(facts(['member-logs'], now, '210987654321'));
    const cache = new TrailFactsCache({ read: () => trails.list(), clock: () => now, logger: silentLogger() });

    await cache.refresh();
    expect(cache.buckets()).toEqual(['member-logs']);
  });

  it('a failed read keeps the buckets it had and is logged', async () => {
    let now = new Date('2026-01-05T08:00:00Z');
    await trails.put(facts(['hub-logs'], now));
    let fail = false;
    const logger = silentLogger();
    const cache = new TrailFactsCache({
      read: () => (fail ? Promise.reject(new Error('ProvisionedThroughputExceeded')) : trails.list()),
      clock: () => now,
      logger,
    });

    await cache.refresh();
    fail = true;
    now = new Date(now.getTime() + 16 * 60_000);
    await cache.refresh();
    expect(cache.buckets()).toEqual(['hub-logs']);
    expect(logger.lines).toEqual([{ level: 'warn', message: 'trail facts unreadable', extra: { error: 'Error' } }]);
  });
});
