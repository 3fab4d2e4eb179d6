import type { ActionLogger } from '../actions/action.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { IamContext, OrganizationFacts } from '../rules/rule-context.js';
import type { StoredOrganizationFacts } from '../store/organization-facts-store.js';

/** Re-read the stored facts at most this often in a warm container. */
export const ORGANIZATION_FACTS_TTL_MS = 15 * 60_000;
/**
 * Facts older than this are not used: the sweep refreshes them daily, and a
 * list that stopped being refreshed may still hold an account that has left.
 */
export const ORGANIZATION_FACTS_MAX_AGE_MS = 3 * 86_400_000;
/** After a failed read, wait this long before trying again (no read per event while DynamoDB fails). */
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface OrganizationFactsCacheOptions {
  /** Reads the item functions/sweep writes (OrganizationFactsStore.get). */
  readonly read: () => Promise<StoredOrganizationFacts | undefined>;
  /** config `organizationId`: when set it wins, and Organizations' answer is only compared with it. */
  readonly configuredId?: string;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
  readonly ttlMs?: number;
}

/** What Organizations said, as the rules see it; `undefined` while it is unknown. */
export function organizationFactsOf(
  stored: StoredOrganizationFacts | undefined,
  configuredId: string | undefined,
  now: Date,
): OrganizationFacts | undefined {
  if (!stored?.known) return undefined;
  if (now.getTime() - Date.parse(stored.readAt) > ORGANIZATION_FACTS_MAX_AGE_MS) return undefined;
  // Two different organisations: the config is authoritative, and the other's accounts are not ours either.
  if (configuredId !== undefined && configuredId.toLowerCase() !== stored.id.toLowerCase()) return undefined;
  // Every listed account, whatever its state: AWS never gives an account id to anyone else, so a
  // suspended or closed member trusted by a role is still the organisation's, not an outsider.
  return { id: stored.id, accounts: stored.accounts.map((account) => account.id) };
}

/** The stored organisation facts, read at most every 15 minutes per warm container. */
export class OrganizationFactsCache {
  private current: OrganizationFacts | undefined;
  private freshUntil = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly options: OrganizationFactsCacheOptions) {}

  /** The facts as last loaded (synchronous, for rules). */
  facts(): OrganizationFacts | undefined {
    return this.current;
  }

  /** Loads the item when the cached copy is older than the TTL; a failed read keeps the previous facts. */
  async refresh(): Promise<void> {
    if (this.options.clock().getTime() < this.freshUntil) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const now = this.options.clock();
    try {
      const stored = await this.options.read();
      this.current = organizationFactsOf(stored, this.options.configuredId, now);
      this.freshUntil = now.getTime() + (this.options.ttlMs ?? ORGANIZATION_FACTS_TTL_MS);
      const configured = this.options.configuredId;
      if (stored?.known && configured && configured.toLowerCase() !== stored.id.toLowerCase()) {
        this.options.logger.warn('organisation id differs', { configured, organizations: stored.id });
      }
    } catch (error) {
      this.freshUntil = now.getTime() + RETRY_AFTER_FAILURE_MS;
      this.options.logger.warn('organisation facts unreadable', {
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  }
}

/**
 * `context` plus `organization()` from the stored facts: prefetch loads them
 * (cached) beside whatever the context itself prefetches.
 */
export function withOrganizationFacts(context: IamContext, cache: OrganizationFactsCache): IamContext {
  return {
    ...context,
    async prefetch(event: CloudTrailEvent): Promise<void> {
      await Promise.all([context.prefetch?.(event), cache.refresh()]);
    },
    organization: () => cache.facts(),
  };
}
