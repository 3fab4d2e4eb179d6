import { SNSClient } from '@aws-sdk/client-sns';
import type { ActionLogger } from '../actions/action.js';
import { type AwsClientOptions, sdkClientConfig } from '../aws/aws-client-options.js';
import type { RuntimeEnv } from '../config.js';
import { type DigestPoster, loggingDigestPoster } from '../slack/digest-poster.js';
import { loggingNotifier } from '../engine/notifier.js';
import type { Notifier } from '../model/notices.js';
import type { WardenConfig } from '../settings/warden-config.js';
import { slackCredentials } from '../slack/slack-credentials.js';
import { findingRenderSettings } from '../slack/render-finding.js';
import { slackGateway } from '../slack/slack-gateway.js';
import { slackNotifier } from '../slack/slack-notifier.js';
import type { WardenStore } from '../store/store.js';

export interface NotifierRuntime {
  readonly options: AwsClientOptions;
  readonly store: Pick<WardenStore, 'listActions'>;
  readonly logger: ActionLogger;
}

/**
 * The notifier a function uses: Slack when the environment names where the
 * Slack credentials live (WARDEN_SLACK_SECRET_ID), with the SNS topic as its
 * fallback; otherwise the logging notifier. It also posts the sweep's digest.
 */
export function runtimeNotifier(
  env: RuntimeEnv,
  runtime: NotifierRuntime,
  config: WardenConfig,
): Notifier & DigestPoster {
  if (!env.slackSecretId) return { ...loggingNotifier(runtime.logger), ...loggingDigestPoster(runtime.logger) };
  const clientConfig = sdkClientConfig(runtime.options);
  const gateway = slackGateway({
    credentials: slackCredentials({ secretId: env.slackSecretId, clientOptions: runtime.options }),
    logger: runtime.logger,
    ...(env.snsTopicArn ? { fallback: { sns: new SNSClient(clientConfig), topicArn: env.snsTopicArn } } : {}),
    ...(env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {}),
  });
  return slackNotifier({ gateway, config, render: findingRenderSettings(config), store: runtime.store });
}
