import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TRAIL_FACTS_PARTITION, trailFactsKey } from './keys.js';

/** What the sweep last read of one account's trails (functions/sweep writes it, detect reads it). */
export interface StoredTrailFacts {
  readonly account: string;
  /** The S3 buckets the trails DescribeTrails listed deliver to (shadow trails included). */
  readonly buckets: readonly string[];
  readonly readAt: string;
}

export interface TrailFactsStoreOptions {
  /** The same document client the Warden store uses (createDocumentClient). */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The trail-facts items of the Warden table, one per account (shared/store/keys.ts: `TRAILS` / `ACCOUNT#…`). */
export class TrailFactsStore {
  constructor(private readonly options: TrailFactsStoreOptions) {}

  async put(facts: StoredTrailFacts): Promise<void> {
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { ...trailFactsKey(facts.account), entity: 'trail-facts', facts },
      }),
    );
  }

  /** Every account's item (one partition, all pages). */
  async list(): Promise<StoredTrailFacts[]> {
    const found: StoredTrailFacts[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': TRAIL_FACTS_PARTITION },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const facts: unknown = item['facts'];
        if (isStoredTrailFacts(facts)) found.push(facts);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  }
}

/** The item is Warden's own, but a hand-edited or older one must not pass as facts. */
function isStoredTrailFacts(value: unknown): value is StoredTrailFacts {
  if (typeof value !== 'object' || value === null) return false;
  const facts = value as Record<string, unknown>;
  return (
    typeof facts['account'] === 'string' &&
    typeof facts['readAt'] === 'string' &&
    Array.isArray(facts['buckets']) &&
    facts['buckets'].every((bucket: unknown) => typeof bucket === 'string')
  );
}
