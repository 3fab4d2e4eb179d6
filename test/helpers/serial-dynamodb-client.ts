import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';

/**
 * A DynamoDB client for tests against moto that sends one request at a time.
 *
 * DynamoDB makes every single request atomic (a conditional put, an ADD, a
 * whole TransactWriteItems). moto 5.2.1's server handles requests on threads
 * and its DynamoDB backend takes no lock between checking a condition and
 * writing: measured, 5 of 40 races of three concurrent approvals all "won" and
 * 4 of 40 bursts of ten concurrent ADDs lost an update. Queuing each request
 * restores DynamoDB's per-request atomicity while callers still interleave
 * freely between requests (read, then conditional write), which is the
 * concurrency the store has to handle.
 */
export function serialDynamoDbClient(options: AwsClientOptions): DynamoDBClient {
  const client = new DynamoDBClient(sdkClientConfig(options));
  let queue: Promise<unknown> = Promise.resolve();
  client.middlewareStack.add(
    (next) => (args) => {
      const result = queue.then(() => next(args));
      queue = result.catch(() => undefined);
      return result;
    },
    { step: 'deserialize', name: 'oneRequestAtATime' },
  );
  return client;
}
