import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { organizationFactsKey } from './keys.js';

/** One member account as Organizations listed it. */
export interface OrganizationAccount {
  readonly id: string;
  /** `State` (or the older `Status`) as AWS reported it: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, … */
  readonly state: string;
}

/** What the sweep last established about the organisation (functions/sweep writes it, detect reads it). */
export type StoredOrganizationFacts =
  | {
      readonly known: true;
      /** `o-…` from DescribeOrganization. */
      readonly id: string;
      readonly managementAccountId?: string;
      readonly accounts: readonly OrganizationAccount[];
      readonly readAt: string;
    }
  | {
      readonly known: false;
      /** Why Organizations could not tell: the hub may not read it, or there is no organisation. */
      readonly reason: 'access-denied' | 'not-in-use';
      readonly readAt: string;
    };

export interface OrganizationFactsStoreOptions {
  /** The same document client the Warden store uses (createDocumentClient). */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The organisation-facts item of the Warden table (shared/store/keys.ts: `ORGANIZATION` / `FACTS`). */
export class OrganizationFactsStore {
  constructor(private readonly options: OrganizationFactsStoreOptions) {}

  async put(facts: StoredOrganizationFacts): Promise<void> {
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { ...organizationFactsKey(), entity: 'organization-facts', facts },
      }),
    );
  }

  async get(): Promise<StoredOrganizationFacts | undefined> {
    const response = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: organizationFactsKey(), ConsistentRead: true }),
    );
    const facts: unknown = response.Item?.['facts'];
    return isStoredFacts(facts) ? facts : undefined;
  }
}

/** The item is Warden's own, but a hand-edited or older one must not pass as facts. */
function isStoredFacts(value: unknown): value is StoredOrganizationFacts {
  if (typeof value !== 'object' || value === null) return false;
  const facts = value as Record<string, unknown>;
  if (typeof facts['readAt'] !== 'string') return false;
  if (facts['known'] === false) return facts['reason'] === 'access-denied' || facts['reason'] === 'not-in-use';
  return (
    facts['known'] === true &&
    typeof facts['id'] === 'string' &&
    Array.isArray(facts['accounts']) &&
    facts['accounts'].every(
      (account: unknown) =>
        typeof account === 'object' &&
        account !== null &&
        typeof (account as Record<string, unknown>)['id'] === 'string' &&
        typeof (account as Record<string, unknown>)['state'] === 'string',
    )
  );
}
