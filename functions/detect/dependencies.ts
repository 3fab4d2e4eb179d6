import { DEFAULT_READER_ROLE } from '../../shared/aws/account-clients.js';
import type { RuntimeEnv } from '../../shared/config.js';
import { liveIamContext, PolicyVersionCache } from '../../shared/context/live-iam-context.js';
import { OrganizationFactsCache, withOrganizationFacts } from '../../shared/context/organization-facts-context.js';
import { snapshotIamContext } from '../../shared/context/snapshot-iam-context.js';
import { TrailFactsCache, withTrailFacts } from '../../shared/context/trail-facts-context.js';
import { createDetector } from '../../shared/engine/detect.js';
import { selfOf } from '../../shared/engine/own-calls.js';
import type { Notifier } from '../../shared/model/notices.js';
import type { DetectDependencies } from '../../shared/engine/process-event.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { detectionSettingsOf } from '../../shared/settings/load-config.js';
import { readRuntimeConfig } from '../../shared/runtime/read-runtime-config.js';
import { IAM_CLIENT, runtimeClients } from '../../shared/runtime/runtime-clients.js';
import { runtimeNotifier } from '../../shared/runtime/runtime-notifier.js';

/** Policy versions are immutable: the cache outlives invocations of a warm function. */
const versionCache = new PolicyVersionCache();

/** Everything functions/detect needs, built once per cold start from the environment. */
export function detectDependencies(env: RuntimeEnv, notifier?: Notifier): DetectDependencies {
  const config = readRuntimeConfig(env.configPath, env);
  // Detect only reads IAM: in member accounts it assumes the read-only role, never the remediation one.
  const runtime = runtimeClients(env, 'warden-detect', { roleName: DEFAULT_READER_ROLE });
  const iamIn = runtime.clientsIn(IAM_CLIENT);
  // Organizations itself is read by the daily sweep (its client stays out of this bundle); detect reads the stored facts.
  const organization = new OrganizationFactsCache({
    read: () => runtime.organizationFacts.get(),
    ...(config.organizationId ? { configuredId: config.organizationId } : {}),
    clock: runtime.clock,
    logger: runtime.logger,
  });
  // The trail buckets the sweep read (DescribeTrails in each account) widen cloudtrail.trailBuckets.
  const trails = new TrailFactsCache({
    read: () => runtime.trailFacts.list(),
    clock: runtime.clock,
    logger: runtime.logger,
  });
  // Before-documents of trust and inline policy writes come from the snapshot in the table.
  const context = snapshotIamContext(
    withTrailFacts(
      withOrganizationFacts(
        liveIamContext({ iamFor: (accountId) => iamIn(accountId ?? ''), versionCache }),
        organization,
      ),
      trails,
    ),
    { store: runtime.snapshots, logger: runtime.logger },
  );
  return {
    detector: createDetector({ settings: detectionSettingsOf(config, env.slackSecretId) }),
    context,
    snapshot: context,
    store: runtime.store,
    notifier: notifier ?? runtimeNotifier(env, runtime, config),
    publisher: runtime.publisher,
    config,
    defaultModes: new Map(CATALOGUE.map((rule) => [rule.id, rule.defaultMode])),
    self: selfOf(config),
    clock: runtime.clock,
    logger: runtime.logger,
  };
}
