import { setTimeout as sleep } from 'node:timers/promises';
import { IAMClient } from '@aws-sdk/client-iam';
import { sdkClientConfig } from '../aws/aws-client-options.js';
import type { RuntimeEnv } from '../config.js';
import { type DigestPoster, loggingDigestPoster } from '../engine/digest-poster.js';
import type { SweepDependencies } from '../engine/run-sweep.js';
import { readConfigFile } from '../settings/read-config-file.js';
import { runtimeClients } from './runtime-clients.js';

/**
 * Everything functions/sweep needs, built once per cold start. The sweep
 * reads the hub account's own IAM; the digest goes to Slack when a poster is
 * given (a log line otherwise).
 */
export function sweepDependencies(env: RuntimeEnv, poster?: DigestPoster): SweepDependencies {
  const config = readConfigFile(env.configPath);
  const runtime = runtimeClients(env, 'warden-sweep');
  return {
    iam: new IAMClient(sdkClientConfig(runtime.options)),
    store: runtime.store,
    poster: poster ?? loggingDigestPoster(runtime.logger),
    config,
    clock: runtime.clock,
    sleep: (ms) => sleep(ms).then(() => undefined),
    logger: runtime.logger,
    region: env.region,
  };
}
