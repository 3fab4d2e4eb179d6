import { setTimeout as sleep } from 'node:timers/promises';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { type ClientSet, DEFAULT_READER_ROLE } from '../../shared/aws/account-clients.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { RuntimeEnv } from '../../shared/config.js';
import type { DigestPoster } from '../../shared/slack/digest-poster.js';
import type { AccountSweepsDependencies } from '../../shared/sweep/sweep-accounts.js';
import { readRuntimeConfig } from '../../shared/runtime/read-runtime-config.js';
import { refreshOrganizationFacts } from '../../shared/sweep/refresh-organization-facts.js';
import { refreshTrailFacts } from '../../shared/sweep/read-trail-buckets.js';
import { runtimeClients } from '../../shared/runtime/runtime-clients.js';
import { runtimeNotifier } from '../../shared/runtime/runtime-notifier.js';

/** The STS session name of the sweep's WardenReader sessions (member CloudTrail shows it). */
export const SWEEP_SESSION_NAME = 'warden-sweep';

/**
 * IAM and CloudTrail (DescribeTrails, shared/sweep/read-trail-buckets.ts) from
 * one set, so each member account is entered once per sweep (one WardenReader session).
 */
const SWEEP_CLIENTS: ClientSet<{ readonly iam: IAMClient; readonly cloudtrail: CloudTrailClient }> = {
  kind: 'sweep',
  build: (options) => ({
    iam: new IAMClient(sdkClientConfig(options)),
    cloudtrail: new CloudTrailClient(sdkClientConfig(options)),
  }),
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
  const clientsIn = runtime.clientsIn(SWEEP_CLIENTS);
  const organizations = new OrganizationsClient(sdkClientConfig(runtime.options));
  return {
    hubAccountId: runtime.hubAccountId,
    iamIn: async (accountId) => (await clientsIn(accountId, SWEEP_SESSION_NAME)).iam,
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
          cloudtrailIn: async (account) => (await clientsIn(account, SWEEP_SESSION_NAME)).cloudtrail,
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
