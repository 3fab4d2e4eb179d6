import type { ActionLogger } from '../actions/action.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { IamContext, IamContextSource, OrganizationFacts } from '../rules/support/rule-context.js';
import type { StoredOrganizationFacts } from '../store/organization-facts-store.js';
import { StoredFactsCache } from './stored-facts-cache.js';

/** Re-read the stored facts at most this often in a warm container. */
export const ORGANIZATION_FACTS_TTL_MS = 15 * 60_000;
/**
 * Facts older than this are not used: the sweep refreshes them daily, and a
 * list that stopped being refreshed may still hold an account that has left.
 */
export const ORGANIZATION_FACTS_MAX_AGE_MS = 3 * 86_400_000;

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
export class OrganizationFactsCache extends StoredFactsCache<StoredOrganizationFacts | undefined, OrganizationFacts> {
  constructor(options: OrganizationFactsCacheOptions) {
    const configured = options.configuredId;
    super({
      read: options.read,
      interpret: (stored, now) => {
        if (stored?.known && configured && configured.toLowerCase() !== stored.id.toLowerCase()) {
          options.logger.warn('organisation id differs', { configured, organizations: stored.id });
        }
        return organizationFactsOf(stored, configured, now);
      },
      clock: options.clock,
      logger: options.logger,
      ttlMs: options.ttlMs ?? ORGANIZATION_FACTS_TTL_MS,
      failureMessage: 'organisation facts unreadable',
    });
  }

  /** The facts as last loaded (synchronous, for rules). */
  facts(): OrganizationFacts | undefined {
    return this.value();
  }
}

/**
 * `source`'s contexts plus `organization()` from the stored facts: they are
 * refreshed (cached) beside whatever the event's context loads.
 */
export function withOrganizationFacts(source: IamContextSource, cache: OrganizationFactsCache): IamContextSource {
  return {
    async forEvent(event: CloudTrailEvent): Promise<IamContext> {
      const [context] = await Promise.all([source.forEvent(event), cache.refresh()]);
      return { ...context, organization: () => cache.facts() };
    },
  };
}
