import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { type CheckResult, errorText, fail, pass } from './check-result.js';

const CHECK = 'table';

/** The stage's table is ACTIVE and has point-in-time recovery on (actions and their undo records live there). */
export async function checkTable(
  client: DynamoDBClient,
  input: { readonly stage: string; readonly tableName: string },
): Promise<CheckResult> {
  const { tableName } = input;
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus !== 'ACTIVE') {
      return fail(
        CHECK,
        `${tableName} is ${Table?.TableStatus ?? 'in an unknown state'}`,
        'wait for it to become ACTIVE, then run doctor again',
      );
    }
    const { ContinuousBackupsDescription } = await client.send(
      new DescribeContinuousBackupsCommand({ TableName: tableName }),
    );
    const pitr = ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
    if (pitr !== 'ENABLED') {
      return fail(
        CHECK,
        `${tableName} is ACTIVE but point-in-time recovery is ${pitr ?? 'off'}`,
        `aws dynamodb update-continuous-backups --table-name ${tableName} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
      );
    }
    return pass(CHECK, `${tableName} is ACTIVE with point-in-time recovery`);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return fail(CHECK, `no table ${tableName}`, `deploy the stage: npx osls deploy --stage ${input.stage}`);
    }
    return fail(
      CHECK,
      `cannot describe ${tableName}: ${errorText(error)}`,
      'allow these credentials dynamodb:DescribeTable and dynamodb:DescribeContinuousBackups',
    );
  }
}
