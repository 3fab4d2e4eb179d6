import { type CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import type { ActionLogger } from '../actions/action.js';
import type { StoredTrailFacts, TrailFactsStore } from '../store/trail-facts-store.js';

/**
 * The S3 buckets an account's trails deliver to, as CloudTrail reports them
 * (`DescribeTrails` with shadow trails, so an organisation trail seen from a
 * member counts), sorted and without repeats.
 */
export async function readTrailBuckets(cloudtrail: CloudTrailClient): Promise<string[]> {
  const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  const buckets = (trailList ?? []).flatMap((trail) => (trail.S3BucketName ? [trail.S3BucketName] : []));
  return [...new Set(buckets)].sort();
}

export interface RefreshTrailFactsDeps {
  /** CloudTrail acting in the account swept (own credentials in the hub, WardenReader elsewhere). */
  readonly cloudtrailIn: (account: string) => Promise<CloudTrailClient>;
  readonly store: Pick<TrailFactsStore, 'put'>;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
}

/**
 * Reads and stores one account's trail buckets for detect. Any failure (no
 * role, AccessDenied, throttling, DynamoDB) is logged and keeps the stored
 * item, which detect stops using once it is too old: it never fails the sweep.
 */
export async function refreshTrailFacts(
  deps: RefreshTrailFactsDeps,
  account: string,
): Promise<StoredTrailFacts | undefined> {
  try {
    const readAt = deps.clock().toISOString();
    const buckets = await readTrailBuckets(await deps.cloudtrailIn(account));
    const facts: StoredTrailFacts = { account, buckets, readAt };
    await deps.store.put(facts);
    deps.logger.info('trails read', { account, buckets: buckets.length });
    return facts;
  } catch (error) {
    deps.logger.warn('trails not read', { account, error: error instanceof Error ? error.name : 'unknown' });
    return undefined;
  }
}
