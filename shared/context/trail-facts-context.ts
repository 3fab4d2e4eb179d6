import type { ActionLogger } from '../actions/action.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { IamContext, IamContextSource } from '../rules/support/rule-context.js';
import type { StoredTrailFacts } from '../store/trail-facts-store.js';
import { StoredFactsCache } from './stored-facts-cache.js';

/** Re-read the stored facts at most this often in a warm container. */
export const TRAIL_FACTS_TTL_MS = 15 * 60_000;
/**
 * An account's item older than this is not used: the sweep refreshes it daily,
 * and one that stopped being refreshed may name a bucket a trail left long ago.
 */
export const TRAIL_FACTS_MAX_AGE_MS = 3 * 86_400_000;

export interface TrailFactsCacheOptions {
  /** Reads the items functions/sweep writes (TrailFactsStore.list). */
  readonly read: () => Promise<readonly StoredTrailFacts[]>;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
  readonly ttlMs?: number;
}

/**
 * The buckets of every account's fresh item, merged: S3 bucket names are
 * global, so a bucket one account's trail delivers to is that bucket wherever
 * the call on it is made.
 */
export function trailBucketsOf(stored: readonly StoredTrailFacts[], now: Date): string[] {
  const fresh = stored.filter((facts) => now.getTime() - Date.parse(facts.readAt) <= TRAIL_FACTS_MAX_AGE_MS);
  return [...new Set(fresh.flatMap((facts) => facts.buckets))].sort();
}

/**
 * The stored trail buckets, read at most every 15 minutes per warm container.
 * A failed read keeps the previous buckets: a DynamoDB error must not shrink what is watched.
 */
export class TrailFactsCache extends StoredFactsCache<readonly StoredTrailFacts[], readonly string[]> {
  constructor(options: TrailFactsCacheOptions) {
    super({
      read: options.read,
      interpret: trailBucketsOf,
      clock: options.clock,
      logger: options.logger,
      ttlMs: options.ttlMs ?? TRAIL_FACTS_TTL_MS,
      failureMessage: 'trail facts unreadable',
    });
  }

  /** The buckets as last loaded (synchronous, for rules); undefined before the first successful read. */
  buckets(): readonly string[] | undefined {
    return this.value();
  }
}

/**
 * `source`'s contexts plus `trailBuckets()` from the stored facts: they are
 * refreshed (cached) beside whatever the event's context loads.
 */
export function withTrailFacts(source: IamContextSource, cache: TrailFactsCache): IamContextSource {
  return {
    async forEvent(event: CloudTrailEvent): Promise<IamContext> {
      const [context] = await Promise.all([source.forEvent(event), cache.refresh()]);
      return { ...context, trailBuckets: () => cache.buckets() };
    },
  };
}
