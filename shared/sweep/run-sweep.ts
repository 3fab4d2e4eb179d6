import type { IAMClient } from '@aws-sdk/client-iam';
import type { ActionLogger } from '../actions/action.js';
import type { Finding } from '../model/finding.js';
import { WardenError } from '../errors/warden-error.js';
import { WEEKDAYS, type WardenConfig } from '../settings/warden-config.js';
import { type DigestItem, hygieneDigest, type StillOpenItem } from '../slack/hygiene-digest.js';
import type { DocumentSnapshotStore } from '../store/document-snapshot-store.js';
import type { SlackRef } from '../model/records.js';
import type { SweepStore, WardenStore } from '../store/store.js';
import { captureSnapshotLogged, type CaptureSnapshotOutcome } from './capture-snapshot.js';
import { fetchCredentialReport } from './fetch-credential-report.js';
import { decideHygiene } from './decide-hygiene.js';
import { evaluateHygiene } from './evaluate-hygiene.js';
import { readRoleUsage, readUserFacts } from './read-iam-facts.js';
import { recordActions } from '../engine/record-actions.js';
import type { DigestPoster } from '../slack/digest-poster.js';

export interface SweepDependencies {
  /** IAM of the account swept (the hub's own role). */
  readonly iam: IAMClient;
  readonly store: WardenStore & SweepStore;
  /** The IAM document snapshot the sweep refreshes for the account swept (none: not captured). */
  readonly snapshots?: DocumentSnapshotStore;
  readonly poster: DigestPoster;
  readonly config: WardenConfig;
  readonly clock: () => Date;
  /** Waits between credential-report polls. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: ActionLogger;
  readonly region: string;
  readonly accountAlias?: string;
  /**
   * The account `iam` acts in, when the caller knows it (the multi-account
   * sweep): items are kept under it even when the report has no row naming it.
   */
  readonly account?: string;
}

export interface SweepOutcome {
  readonly account: string;
  /** Items reported in today's digest (new, changed or reopened). */
  readonly reported: readonly string[];
  /** Items found again unchanged (not repeated). */
  readonly unchanged: number;
  /** Items gone since the last sweep. */
  readonly resolved: number;
  readonly weekly: boolean;
  /** Whether a digest was posted (nothing new and no weekly summary: no message). */
  readonly posted: boolean;
  readonly slack?: SlackRef;
  /** Action ids behind the digest's buttons, per finding id. */
  readonly actionIds: Readonly<Record<string, readonly string[]>>;
  /** The document snapshot's refresh, or why it failed. */
  readonly snapshot?: CaptureSnapshotOutcome | { readonly failed: string };
}

/**
 * functions/sweep's whole job: credential report → checks → decide per item
 * → remember (finding, pending actions, item fingerprint) → one digest. An
 * item is reported once and again only when it changes; the weekly summary
 * day also lists what is still open; items gone are marked resolved.
 */
export async function runSweep(deps: SweepDependencies): Promise<SweepOutcome> {
  const { config, store } = deps;
  const now = deps.clock();
  const report = await fetchCredentialReport(deps.iam, { sleep: deps.sleep });
  const reportAccount = report.rows.find((row) => row.account)?.account;
  if (deps.account !== undefined && reportAccount !== undefined && reportAccount !== deps.account) {
    // Never file one account's items under another's key.
    throw new WardenError('credential-report-account-mismatch', `report of ${reportAccount}, not ${deps.account}`);
  }
  const account = deps.account ?? reportAccount ?? '';
  const userNames = report.rows.filter((row) => !row.isRoot).map((row) => row.user);
  const users = await readUserFacts(deps.iam, userNames);
  const roles = config.sweep.checkRoles ? await readRoleUsage(deps.iam) : undefined;
  const found = evaluateHygiene({ report, users, roles, settings: config.sweep, now, region: deps.region });

  const known = new Map((await store.listSweepItems(account)).map((record) => [record.itemKey, record]));
  const reported: DigestItem[] = [];
  const stillOpen: StillOpenItem[] = [];
  const seen = new Set<string>();
  const actionIds: Record<string, string[]> = {};
  let unchanged = 0;

  for (const item of found) {
    const decision = decideHygiene(item.finding, config);
    if (!decision.notify) continue;
    seen.add(item.itemKey);
    const finding: Finding = { ...item.finding, severity: decision.severity };
    const previous = known.get(item.itemKey);
    if (previous && previous.status === 'open' && previous.fingerprint === item.fingerprint) {
      unchanged += 1;
      stillOpen.push({ finding, firstReportedAt: previous.firstReportedAt });
      await store.putSweepItem({ ...previous, lastSeenAt: now.toISOString() });
      continue;
    }
    await store.putFinding({ ...finding, status: 'open', createdAt: now });
    const actions = await recordActions(
      finding,
      { steps: decision.steps, mode: decision.mode, dryRun: decision.dryRun, by: 'sweep' },
      deps,
    );
    actionIds[finding.id] = actions.map((action) => action.id);
    reported.push({ finding, actions });
    await store.putSweepItem({
      account,
      itemKey: item.itemKey,
      ruleId: finding.ruleId,
      fingerprint: item.fingerprint,
      findingId: finding.id,
      status: 'open',
      firstReportedAt: previous?.status === 'open' ? previous.firstReportedAt : now.toISOString(),
      lastReportedAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
    });
  }

  let resolved = 0;
  for (const record of known.values()) {
    if (record.status !== 'open' || seen.has(record.itemKey)) continue;
    resolved += 1;
    await store.putSweepItem({ ...record, status: 'resolved' });
    await store.setFindingStatus(record.findingId, 'resolved');
  }

  const weekly = WEEKDAYS[now.getUTCDay()] === config.sweep.weeklySummaryDay;
  const summary = weekly ? stillOpen : [];
  let slack: SlackRef | undefined;
  const posted = reported.length > 0 || summary.length > 0;
  if (posted) {
    const message = hygieneDigest({
      account,
      ...(deps.accountAlias ? { accountAlias: deps.accountAlias } : {}),
      sweptAt: now.toISOString(),
      items: reported,
      stillOpen: summary,
      dryRun: config.dryRun,
    });
    slack = await deps.poster.postDigest(message, config.sweep.channel ?? config.slack.channels.default);
  }
  const snapshot =
    deps.snapshots && account ? await captureSnapshotLogged({ ...deps, account, store: deps.snapshots }) : undefined;
  deps.logger.info('sweep done', {
    account,
    rows: report.rows.length,
    reported: reported.length,
    unchanged,
    resolved,
    weekly,
    posted,
  });
  return {
    account,
    reported: reported.map((item) => item.finding.id),
    unchanged,
    resolved,
    weekly,
    posted,
    ...(slack ? { slack } : {}),
    actionIds,
    ...(snapshot ? { snapshot } : {}),
  };
}
