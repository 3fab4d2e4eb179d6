import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import {
  ACTIONS_BY_FINDING_INDEX,
  PARTITION_KEY,
  SORT_KEY,
  suppressionKey,
  TTL_ATTRIBUTE,
} from '../../shared/store/keys.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable, wardenTableResource } from '../helpers/warden-table.js';

const moto = useMotoServer();

describe('infra/table.yml', () => {
  const { Properties: table } = wardenTableResource();

  it('is on-demand, encrypted, point-in-time recoverable, with TTL on the attribute the store writes', () => {
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.SSESpecification?.SSEEnabled).toBe(true);
    expect(table.TableName).toBe('${self:service}-${sls:stage}');
  });

  it('uses the key and index names of shared/store/keys.ts, all strings', () => {
    expect(table.KeySchema).toEqual([
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: ACTIONS_BY_FINDING_INDEX.indexName,
        KeySchema: [
          { AttributeName: ACTIONS_BY_FINDING_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: ACTIONS_BY_FINDING_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    const defined = table.AttributeDefinitions.map((definition) => [
      definition.AttributeName,
      definition.AttributeType,
    ]);
    expect(defined).toEqual([
      [PARTITION_KEY, 'S'],
      [SORT_KEY, 'S'],
      [ACTIONS_BY_FINDING_INDEX.partitionKey, 'S'],
      [ACTIONS_BY_FINDING_INDEX.sortKey, 'S'],
    ]);
  });

  it('creates a DynamoDB table with those settings', async () => {
    const client = new DynamoDBClient(sdkClientConfig(moto.server.clientOptions));
    await createWardenTable(client, 'warden-definition');

    const described = await client.send(new DescribeTableCommand({ TableName: 'warden-definition' }));
    expect(described.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['gsi1']);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'warden-definition' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    const backups = await client.send(new DescribeContinuousBackupsCommand({ TableName: 'warden-definition' }));
    expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe(
      'ENABLED',
    );
  });
});

describe('keys', () => {
  it('escapes caller-supplied parts so one key cannot forge another', () => {
    expect(suppressionKey('rule', 'actor#x', 'target')).not.toEqual(suppressionKey('rule', 'actor', 'x#target'));
    expect(suppressionKey('rule', 'a%23b', 'c')).not.toEqual(suppressionKey('rule', 'a#b', 'c'));
  });
});
