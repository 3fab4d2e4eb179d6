import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AttributeDefinition,
  type CreateTableCommandInput,
  CreateTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';

const TABLE_YML = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'infra', 'table.yml');

/** The CloudFormation properties of `WardenTable` in infra/table.yml (the fields Warden uses). */
export interface WardenTableProperties {
  readonly TableName?: unknown;
  readonly BillingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readonly AttributeDefinitions: AttributeDefinition[];
  readonly KeySchema: KeySchemaElement[];
  readonly GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
  readonly PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean };
  readonly TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  readonly SSESpecification?: { SSEEnabled: boolean; SSEType?: 'KMS' | 'AES256'; KMSMasterKeyId?: string };
}

interface TableResource {
  readonly Type: string;
  readonly Properties: WardenTableProperties;
}

/** Reads infra/table.yml; throws when `WardenTable` is not a DynamoDB table resource. */
export function wardenTableResource(file = TABLE_YML): TableResource {
  const template = parse(readFileSync(file, 'utf8')) as { Resources?: Record<string, TableResource> };
  const resource = template.Resources?.['WardenTable'];
  if (resource?.Type !== 'AWS::DynamoDB::Table') throw new Error(`${file}: no AWS::DynamoDB::Table WardenTable`);
  return resource;
}

/**
 * The CreateTable request equivalent to the CloudFormation resource. The
 * table name (a Serverless variable there) is replaced by `tableName`.
 */
export function createTableInput(
  tableName: string,
  properties = wardenTableResource().Properties,
): CreateTableCommandInput {
  const sse = properties.SSESpecification;
  return {
    TableName: tableName,
    BillingMode: properties.BillingMode,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    ...(properties.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes } : {}),
    ...(sse
      ? {
          SSESpecification: {
            Enabled: sse.SSEEnabled,
            ...(sse.SSEType ? { SSEType: sse.SSEType } : {}),
            ...(sse.KMSMasterKeyId ? { KMSMasterKeyId: sse.KMSMasterKeyId } : {}),
          },
        }
      : {}),
  };
}

/**
 * Creates the table from infra/table.yml, with its TTL and point-in-time
 * recovery settings. `properties` defaults to the file next to this module
 * (pass them when this module is bundled elsewhere, as the benchmark is).
 */
export async function createWardenTable(
  client: DynamoDBClient,
  tableName: string,
  properties: WardenTableProperties = wardenTableResource().Properties,
): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(tableName, properties)));
  if (properties.TimeToLiveSpecification) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: properties.TimeToLiveSpecification,
      }),
    );
  }
  if (properties.PointInTimeRecoverySpecification) {
    await client.send(
      new UpdateContinuousBackupsCommand({
        TableName: tableName,
        PointInTimeRecoverySpecification: properties.PointInTimeRecoverySpecification,
      }),
    );
  }
}
