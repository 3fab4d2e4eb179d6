import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import type { ActionLogger } from '../actions/action.js';
import { type AwsClientOptions, sdkClientConfig } from '../aws/aws-client-options.js';
import { type ClientSet, accountClientsFor } from '../aws/account-clients.js';
import type { RuntimeEnv } from '../config.js';
import { DynamoDbDocumentSnapshotStore } from '../store/document-snapshot-store.js';
import { DynamoDbStore, createDocumentClient } from '../store/dynamodb-store.js';
import { OrganizationFactsStore } from '../store/organization-facts-store.js';
import { TrailFactsStore } from '../store/trail-facts-store.js';
import { eventBridgePublisher } from '../bus/event-publisher.js';
import { functionLogger } from './function-logger.js';

/** IAM alone: what detect reads in the hub and member accounts. */
export const IAM_CLIENT: ClientSet<IAMClient> = {
  kind: 'iam',
  build: (options) => new IAMClient(sdkClientConfig(options)),
};

/**
 * What every function builds the same way from its environment: client
 * options, the store, the publisher, the logger, and clients acting in a
 * given account (own role in the hub, the member role elsewhere: by default
 * WardenRemediation; detect passes the read-only WardenReader), always with
 * the configured ExternalId. Which clients
 * is the caller's choice (`clientsIn(set)`), so a function's bundle carries
 * only the SDK clients it uses: detect IAM, execute IAM and CloudTrail.
 */
export function runtimeClients(env: RuntimeEnv, serviceName: string, member: { roleName?: string } = {}) {
  const options: AwsClientOptions = { region: env.region, ...(env.awsEndpoint ? { endpoint: env.awsEndpoint } : {}) };
  const config = sdkClientConfig(options);
  const sts = new STSClient(config);
  const clock = () => new Date();
  let hubAccount: Promise<string> | undefined;
  const hubAccountId = () =>
    (hubAccount ??= env.hubAccountId
      ? Promise.resolve(env.hubAccountId)
      : sts.send(new GetCallerIdentityCommand({})).then((identity) => identity.Account ?? ''));

  /** `set`'s clients acting in an account (an empty id means the hub), as the session named, if any. */
  function clientsIn<C>(set: ClientSet<C>): (accountId: string, sessionName?: string) => Promise<C> {
    return async (accountId, sessionName) => {
      const hub = await hubAccountId();
      return accountClientsFor(
        accountId || hub,
        {
          sts,
          options,
          hubAccountId: hub,
          clock,
          ...(member.roleName ? { roleName: member.roleName } : {}),
          ...(env.externalId ? { externalId: env.externalId } : {}),
          ...(sessionName ? { sessionName } : {}),
        },
        set,
      );
    };
  }

  const documentClient = createDocumentClient(new DynamoDBClient(config));
  return {
    options,
    clock,
    clientsIn,
    /** The account whose own credentials the function has (env, else GetCallerIdentity). */
    hubAccountId,
    logger: structuredLogger(functionLogger(serviceName)),
    store: new DynamoDbStore({ client: documentClient, tableName: env.tableName, clock }),
    /** The organisation facts item (sweep writes it, detect reads it). */
    organizationFacts: new OrganizationFactsStore({ client: documentClient, tableName: env.tableName }),
    /** The trail-facts items, one per account (sweep writes them, detect reads them). */
    trailFacts: new TrailFactsStore({ client: documentClient, tableName: env.tableName }),
    /** The IAM document snapshot, in the same table. */
    snapshots: new DynamoDbDocumentSnapshotStore({ client: documentClient, tableName: env.tableName }),
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
