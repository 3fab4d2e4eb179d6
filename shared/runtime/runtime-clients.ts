import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import type { ActionLogger } from '../actions/action.js';
import { type AwsClientOptions, sdkClientConfig } from '../aws/aws-client-options.js';
import { type RemediationClients, remediationClientsFor } from '../aws/remediation-clients.js';
import type { RuntimeEnv } from '../config.js';
import { configureActionCatalog } from '../policy/action-catalog.js';
import { DynamoDbStore, createDocumentClient } from '../store/dynamodb-store.js';
import { eventBridgePublisher } from '../bus/event-publisher.js';

/**
 * What every function builds the same way from its environment: client
 * options, the store, the publisher, the logger, and clients acting in a
 * given account (own role in the hub, the member role elsewhere: by default
 * WardenRemediation; detect and sweep pass the read-only WardenReader).
 */
export function runtimeClients(env: RuntimeEnv, serviceName: string, member: { roleName?: string } = {}) {
  // The bundle has no node_modules: point the policy analyser at the shipped iam-data.
  if (env.iamDataDir !== undefined) configureActionCatalog({ dataDir: env.iamDataDir });
  const options: AwsClientOptions = { region: env.region, ...(env.awsEndpoint ? { endpoint: env.awsEndpoint } : {}) };
  const config = sdkClientConfig(options);
  const sts = new STSClient(config);
  const clock = () => new Date();
  const hubIam = new IAMClient(config);
  const hubCloudTrail = new CloudTrailClient(config);
  let hubAccount: Promise<string> | undefined;
  const hubAccountId = () =>
    (hubAccount ??= env.hubAccountId
      ? Promise.resolve(env.hubAccountId)
      : sts.send(new GetCallerIdentityCommand({})).then((identity) => identity.Account ?? ''));

  async function clientsFor(accountId: string): Promise<RemediationClients> {
    const hub = await hubAccountId();
    if (!accountId || accountId === hub) return { iam: hubIam, cloudtrail: hubCloudTrail };
    return remediationClientsFor(accountId, {
      sts,
      options,
      hubAccountId: hub,
      clock,
      ...(member.roleName ? { roleName: member.roleName } : {}),
    });
  }

  return {
    options,
    clock,
    clientsFor,
    logger: structuredLogger(new Logger({ serviceName })),
    store: new DynamoDbStore({
      client: createDocumentClient(new DynamoDBClient(config)),
      tableName: env.tableName,
      clock,
    }),
    publisher: eventBridgePublisher(new EventBridgeClient(config), env.eventBusName),
  };
}

/** Powertools' logger behind the small logging interface shared code uses: constant message, fields beside it. */
function structuredLogger(logger: Logger): ActionLogger {
  return {
    info: (message, extra) => logger.info(message, (extra ?? {}) as LogAttributes),
    warn: (message, extra) => logger.warn(message, (extra ?? {}) as LogAttributes),
  };
}
