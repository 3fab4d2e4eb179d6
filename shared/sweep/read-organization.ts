import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OrganizationAccount, StoredOrganizationFacts } from '../store/organization-facts-store.js';

/**
 * Reads the organisation with the hub's own credentials: DescribeOrganization,
 * then every page of ListAccounts. Only the management account or a delegated
 * administrator may list accounts; AccessDenied or "not in use" means the
 * facts are unknown (the config is used). Any other error propagates: the
 * caller keeps what it had.
 */
export async function readOrganization(
  organizations: OrganizationsClient,
  now: Date,
): Promise<StoredOrganizationFacts> {
  const readAt = now.toISOString();
  try {
    const { Organization: organization } = await organizations.send(new DescribeOrganizationCommand({}));
    if (!organization?.Id) return { known: false, reason: 'not-in-use', readAt };
    const accounts: OrganizationAccount[] = [];
    let NextToken: string | undefined;
    do {
      const page = await organizations.send(new ListAccountsCommand({ NextToken }));
      for (const account of page.Accounts ?? []) {
        if (account.Id) accounts.push({ id: account.Id, state: account.State ?? account.Status ?? 'UNKNOWN' });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return {
      known: true,
      id: organization.Id,
      ...(organization.MasterAccountId ? { managementAccountId: organization.MasterAccountId } : {}),
      accounts,
      readAt,
    };
  } catch (error) {
    if (error instanceof AccessDeniedException) return { known: false, reason: 'access-denied', readAt };
    if (error instanceof AWSOrganizationsNotInUseException) return { known: false, reason: 'not-in-use', readAt };
    throw error;
  }
}

/**
 * The accounts the sweep can enter: only ACTIVE ones (a suspended or closed
 * account has no usable role), and not the management account, where a
 * service-managed StackSet never deploys WardenReader (list it in
 * `memberAccounts` if you deployed the member stack there yourself).
 */
export function sweepableAccounts(facts: StoredOrganizationFacts | undefined): string[] {
  if (!facts?.known) return [];
  return facts.accounts
    .filter((account) => account.state === 'ACTIVE' && account.id !== facts.managementAccountId)
    .map((account) => account.id);
}
