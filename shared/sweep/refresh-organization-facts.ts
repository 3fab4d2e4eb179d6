import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ActionLogger } from '../actions/action.js';
import type { OrganizationFactsStore, StoredOrganizationFacts } from '../store/organization-facts-store.js';
import { readOrganization } from './read-organization.js';

export interface RefreshOrganizationDeps {
  /** Organizations with the hub's own credentials (management or delegated-administrator account). */
  readonly organizations: OrganizationsClient;
  readonly store: Pick<OrganizationFactsStore, 'put'>;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
}

/**
 * Reads the organisation and stores what it found for detect, "unknown"
 * included (AccessDenied, no organisation): detect then falls back to the
 * config. Any other failure (throttling, a network error) keeps the stored
 * item, which detect stops using once it is 3 days old, and returns undefined.
 */
export async function refreshOrganizationFacts(
  deps: RefreshOrganizationDeps,
): Promise<StoredOrganizationFacts | undefined> {
  let facts: StoredOrganizationFacts;
  try {
    facts = await readOrganization(deps.organizations, deps.clock());
  } catch (error) {
    deps.logger.warn('organisation not read', { error: error instanceof Error ? error.name : 'unknown' });
    return undefined;
  }
  await deps.store.put(facts);
  if (facts.known) deps.logger.info('organisation read', { organizationId: facts.id, accounts: facts.accounts.length });
  else deps.logger.warn('organisation unknown, config used', { reason: facts.reason });
  return facts;
}
