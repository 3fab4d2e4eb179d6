import { setTimeout as sleep } from 'node:timers/promises';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { type ClientSet, DEFAULT_READER_ROLE } from '../aws/account-clients.js';
import { sdkClientConfig } from '../aws/aws-client-options.js';
import type { RuntimeEnv } from '../config.js';
import type { DigestPoster } from '../engine/digest-poster.js';
import type { AccountSweepsDependencies } from '../engine/sweep-accounts.js';
import { readRuntimeConfig } from '../settings/read-runtime-config.js';
import { refreshOrganizationFacts } from '../sweep/refresh-organization-facts.js';
import { refreshTrailFacts } from '../sweep/read-trail-buckets.js';
import { IAM_CLIENT, runtimeClients } from './runtime-clients.js';
import { runtimeNotifier } from './runtime-notifier.js';

/** The STS session name of the sweep's WardenReader sessions (member CloudTrail shows it). */
export const SWEEP_SESSION_NAME = 'warden-sweep';

/** CloudTrail, read-only through WardenReader: the sweep's DescribeTrails (shared/sweep/read-trail-buckets.ts). */
const CLOUDTRAIL_READ_CLIENT: ClientSet<CloudTrailClient> = {
  kind: 'cloudtrail-read',
  build: (options) => new CloudTrailClient(sdkClientConfig(options)),
};

/**
 * Everything functions/sweep needs, built once per cold start. The sweep
 * reads the hub's own IAM and, through WardenReader (with the ExternalId),
 * every member account's; Organizations (hub credentials) tells the
 * organisation's accounts and id, and CloudTrail (in each account swept)
 * the buckets its trails deliver to, both stored for detect. The digests go to Slack
 * (SNS when Slack cannot be reached) when the environment names the Slack
 * secret, else to the log.
 */
export function sweepDependencies(env: RuntimeEnv, poster?: DigestPoster): AccountSweepsDependencies {
  const config = readRuntimeConfig(env.configPath, env);
  const runtime = runtimeClients(env, 'warden-sweep', { roleName: DEFAULT_READER_ROLE });
  const iamIn = runtime.clientsIn(IAM_CLIENT);
  const cloudtrailIn = runtime.clientsIn(CLOUDTRAIL_READ_CLIENT);
  const organizations = new OrganizationsClient(sdkClientConfig(runtime.options));
  return {
    hubAccountId: runtime.hubAccountId,
    iamIn: (accountId) => iamIn(accountId, SWEEP_SESSION_NAME),
    organization: () =>
      refreshOrganizationFacts({
        organizations,
        store: runtime.organizationFacts,
        clock: runtime.clock,
        logger: runtime.logger,
      }),
    trails: (accountId) =>
      refreshTrailFacts(
        {
          cloudtrailIn: (account) => cloudtrailIn(account, SWEEP_SESSION_NAME),
          store: runtime.trailFacts,
          clock: runtime.clock,
          logger: runtime.logger,
        },
        accountId,
      ),
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
