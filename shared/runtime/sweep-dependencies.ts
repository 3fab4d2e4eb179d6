import { setTimeout as sleep } from 'node:timers/promises';
import { IAMClient } from '@aws-sdk/client-iam';
import { sdkClientConfig } from '../aws/aws-client-options.js';
import type { RuntimeEnv } from '../config.js';
import type { DigestPoster } from '../engine/digest-poster.js';
import type { SweepDependencies } from '../engine/run-sweep.js';
import { readRuntimeConfig } from '../settings/read-runtime-config.js';
import { runtimeClients } from './runtime-clients.js';
import { runtimeNotifier } from './runtime-notifier.js';

/**
 * Everything functions/sweep needs, built once per cold start. The sweep
 * reads the hub account's own IAM; the digest goes to Slack (SNS when Slack
 * cannot be reached) when the environment names the Slack secret, else to the log.
 */
export function sweepDependencies(env: RuntimeEnv, poster?: DigestPoster): SweepDependencies {
  const config = readRuntimeConfig(env.configPath, env);
  const runtime = runtimeClients(env, 'warden-sweep');
  return {
    iam: new IAMClient(sdkClientConfig(runtime.options)),
    store: runtime.store,
    snapshots: runtime.snapshots,
    poster: poster ?? runtimeNotifier(env, runtime, config),
    config,
    clock: runtime.clock,
    sleep: (ms) => sleep(ms).then(() => undefined),
    logger: runtime.logger,
    region: env.region,
  };
}
