import { type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { OrganizationFactsStore } from '../../shared/store/organization-facts-store.js';
import { type CheckResult, errorText, fail, pass, skip, warn } from './check-result.js';

const CHECK = 'organization';

/**
 * What the sweep last read from Organizations (the table's organisation-facts
 * item) against warden.config.yml's `organizationId`: a different id, or no id
 * at all, is worth knowing — trusts pinned to an organisation are judged by it.
 */
export async function checkOrganization(
  client: DynamoDBClient,
  input: { readonly tableName: string; readonly organizationId?: string },
): Promise<CheckResult> {
  const configured = input.organizationId;
  let facts;
  try {
    facts = await new OrganizationFactsStore({
      client: createDocumentClient(client),
      tableName: input.tableName,
    }).get();
  } catch (error) {
    // The table check already says so.
    if (error instanceof ResourceNotFoundException) return skip(CHECK, 'needs the table');
    return fail(CHECK, `cannot read ${input.tableName}: ${errorText(error)}`, 'see the table check');
  }
  if (!facts) {
    return skip(CHECK, `the sweep has not read the organisation yet${configured ? `; config says ${configured}` : ''}`);
  }
  if (!facts.known) {
    const why = facts.reason === 'access-denied' ? 'the hub may not read Organizations' : 'no organisation';
    if (configured) return pass(CHECK, `${configured} from the config (${why}, read ${facts.readAt})`);
    return warn(
      CHECK,
      `organisation id unknown (${why}): aws:PrincipalOrgID trusts are reported as not verified`,
      'set organizationId in warden.config.yml, or run the hub in the management or a delegated-administrator account',
    );
  }
  if (configured && configured.toLowerCase() !== facts.id.toLowerCase()) {
    return warn(
      CHECK,
      `warden.config.yml says ${configured}, Organizations says ${facts.id}: the config wins, Organizations' accounts are not used`,
      'correct organizationId in warden.config.yml (or remove it to use Organizations)',
    );
  }
  return pass(CHECK, `${facts.id}, ${facts.accounts.length} accounts (read ${facts.readAt})`);
}
