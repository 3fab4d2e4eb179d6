import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { WebClient } from '@slack/web-api';
import { partitionOf } from '../../shared/aws/account-clients.js';
import { stageResources } from '../../shared/settings/stage-resources.js';
import type { WardenConfig } from '../../shared/settings/warden-config.js';
import { checkAlertTopic } from './check-alert-topic.js';
import { checkEventRules } from './check-event-rules.js';
import { checkMemberRoles } from './check-member-roles.js';
import { checkOrganization } from './check-organization.js';
import { type CheckResult, errorText, fail, pass, skip } from './check-result.js';
import { checkSlackChannels } from './check-slack-channels.js';
import { checkSlackSecret } from './check-slack-secret.js';
import { checkSlackToken } from './check-slack-token.js';
import { checkTable } from './check-table.js';
import { checkTrail } from './check-trail.js';

/** The clients doctor reads with — all built by the caller (the CLI, or a test). */
export interface DoctorClients {
  readonly sts: STSClient;
  readonly secretsManager: SecretsManagerClient;
  readonly ssm: SSMClient;
  readonly eventBridge: EventBridgeClient;
  readonly cloudTrail: CloudTrailClient;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  /** A Slack Web API client for a bot token. */
  readonly slack: (token: string) => WebClient;
}

export interface DoctorInput {
  readonly stage: string;
  readonly region: string;
  /** The channels Warden posts to (see {@link configuredChannels}). */
  readonly channels: readonly string[];
  /** Member accounts whose remediation role should be assumable. */
  readonly memberAccounts: readonly string[];
  /** Overrides the stage's `warden/<stage>/slack`. */
  readonly slackSecretId?: string;
  readonly externalId?: string;
  /** warden.config.yml `organizationId`, compared with what the sweep read from Organizations. */
  readonly organizationId?: string;
}

/** Every channel warden.config.yml makes Warden post to. */
export function configuredChannels(config: WardenConfig): string[] {
  const channels = Object.values(config.slack.channels).filter((channel): channel is string => Boolean(channel));
  if (config.sweep.channel) channels.push(config.sweep.channel);
  return [...new Set(channels.map((channel) => channel.replace(/^#/, '')))];
}

/** Reports each check when it is done, so a slow check does not hide the others. */
export type CheckListener = (result: CheckResult) => void;

/**
 * Checks a deployed stage from the outside: the AWS identity in use, the Slack
 * secret, token, scopes and channels, the EventBridge rules, the trail, the
 * member roles, the table, the organisation facts and the alert topic. Never
 * writes anything.
 */
export async function runDoctor(
  clients: DoctorClients,
  input: DoctorInput,
  onResult: CheckListener = () => {},
): Promise<CheckResult[]> {
  const names = stageResources(input.stage);
  const partition = partitionOf(input.region);
  const results: CheckResult[] = [];
  const report = (...found: readonly CheckResult[]) => {
    for (const result of found) {
      results.push(result);
      onResult(result);
    }
  };

  let account: string;
  let callerArn: string;
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    account = identity.Account ?? '';
    callerArn = identity.Arn ?? '';
    report(pass('aws-identity', `account ${account} as ${identity.Arn ?? '?'} in ${input.region}`));
  } catch (error) {
    report(
      fail(
        'aws-identity',
        `no usable AWS credentials: ${errorText(error)}`,
        'set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) to credentials of the hub account',
      ),
    );
    return results;
  }

  const secret = await checkSlackSecret(clients, input.slackSecretId ?? names.slackSecretId);
  report(secret.result);
  if (secret.botToken) {
    const slack = clients.slack(secret.botToken);
    const token = await checkSlackToken(slack);
    report(...token.results);
    if (token.valid) report(...(await checkSlackChannels(slack, input.channels)));
    else report(skip('slack-channel', 'needs a valid bot token'));
  } else {
    report(
      skip('slack-token', 'needs the bot token from the secret'),
      skip('slack-channel', 'needs a valid bot token'),
    );
  }

  report(
    ...(await checkEventRules(clients.eventBridge, {
      stage: input.stage,
      prefix: names.prefix,
      eventBusName: names.eventBusName,
    })),
  );
  report(await checkTrail(clients.cloudTrail, { stage: input.stage }));
  report(
    ...(await checkMemberRoles(clients.sts, {
      accounts: input.memberAccounts,
      roleName: names.remediationRoleName,
      partition,
      trustedRoleName: names.roleName('execute'),
      callerArn,
      stackSetName: names.memberStackSetName,
      homeRegion: input.region,
      ...(input.externalId ? { externalId: input.externalId } : {}),
    })),
  );
  report(await checkTable(clients.dynamodb, { stage: input.stage, tableName: names.tableName }));
  report(
    await checkOrganization(clients.dynamodb, {
      tableName: names.tableName,
      ...(input.organizationId ? { organizationId: input.organizationId } : {}),
    }),
  );
  report(
    await checkAlertTopic(clients.sns, {
      stage: input.stage,
      topicArn: `arn:${partition}:sns:${input.region}:${account}:${names.alertTopicName}`,
    }),
  );
  return results;
}
