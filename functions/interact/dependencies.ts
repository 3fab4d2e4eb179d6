import type { RetryOptions } from '@slack/web-api';
import type { RuntimeEnv } from '../../shared/config.js';
import type { InteractionDependencies } from '../../shared/engine/handle-interaction.js';
import { ConfigError } from '../../shared/errors/warden-error.js';
import { readRuntimeConfig } from '../../shared/runtime/read-runtime-config.js';
import { cachedSlackDirectory } from '../../shared/slack/authorise-clicker.js';
import { findingRenderSettings } from '../../shared/slack/render-finding.js';
import { slackCredentials } from '../../shared/slack/slack-credentials.js';
import { slackGateway } from '../../shared/slack/slack-gateway.js';
import { runtimeClients } from '../../shared/runtime/runtime-clients.js';

/**
 * Slack must have its answer within 3 s, and the endpoint waits for its own
 * Web API calls: one quick try each. A message left stale by a failed update
 * is corrected by the executor's update.
 */
const INTERACTION_SLACK_RETRY: RetryOptions = { retries: 0 };
const INTERACTION_SLACK_TIMEOUT_MS = 1000;

/** Everything functions/interact needs, built once per cold start from the environment. */
export function interactDependencies(env: RuntimeEnv): InteractionDependencies {
  const config = readRuntimeConfig(env.configPath, env);
  const runtime = runtimeClients(env, 'warden-interact');
  const credentials = env.slackSecretId
    ? slackCredentials({ secretId: env.slackSecretId, clientOptions: runtime.options })
    : undefined;
  const readCredentials = () => {
    if (!credentials) throw new ConfigError('WARDEN_SLACK_SECRET_ID is not set: Slack requests cannot be verified');
    return credentials.get();
  };

  const gateway = slackGateway({
    credentials: { get: readCredentials },
    logger: runtime.logger,
    retryConfig: INTERACTION_SLACK_RETRY,
    timeoutMs: INTERACTION_SLACK_TIMEOUT_MS,
    // No time to wait out a 429 within Slack's 3 s.
    maxRetryAfterSeconds: 0,
    ...(env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {}),
  });

  return {
    store: runtime.store,
    publisher: runtime.publisher,
    slack: gateway,
    directory: cachedSlackDirectory(async () => gateway.directory, { clock: runtime.clock }),
    config,
    render: findingRenderSettings(config),
    clock: runtime.clock,
    logger: runtime.logger,
    signingSecret: async () => (await readCredentials()).signingSecret,
  };
}
