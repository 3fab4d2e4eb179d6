import { IAMServiceException, type IAMClient } from '@aws-sdk/client-iam';
import { ConfigError, WardenError } from '../errors/warden-error.js';
import {
  type UnreadableAccount,
  type UnreadableReason,
  unreadableAccountsNotice,
} from '../slack/unreadable-accounts-notice.js';
import type { StoredOrganizationFacts } from '../store/organization-facts-store.js';
import type { StoredTrailFacts } from '../store/trail-facts-store.js';
import { sweepableAccounts } from './read-organization.js';
import { mapConcurrently } from '../engine/map-concurrently.js';
import { runSweep, type SweepDependencies, type SweepOutcome } from './run-sweep.js';

/** Accounts swept at once: each waits on its own credential report, and IAM throttles per account. */
export const SWEEP_CONCURRENCY = 3;

export interface AccountSweepsDependencies extends Omit<SweepDependencies, 'iam' | 'accountAlias'> {
  /** The account whose own credentials the sweep has. */
  readonly hubAccountId: () => Promise<string>;
  /** `config.hub.accountAlias`-like label for the hub's digest, if any. */
  readonly hubAlias?: string;
  /** IAM acting in an account: own credentials in the hub, WardenReader (with the ExternalId) elsewhere. */
  readonly iamIn: (accountId: string) => Promise<IAMClient>;
  /** Reads Organizations and stores the facts (undefined when it could not be read this time). */
  readonly organization?: () => Promise<StoredOrganizationFacts | undefined>;
  /**
   * Reads an account's trails and stores their buckets for detect (undefined
   * when they could not be read; the stored item is then kept). Never throws.
   */
  readonly trails?: (accountId: string) => Promise<StoredTrailFacts | undefined>;
  readonly concurrency?: number;
}

export interface AccountSweepsOutcome {
  /** The accounts swept, hub first, then in the order listed. */
  readonly accounts: readonly SweepOutcome[];
  /** Accounts that could not be read: nothing of theirs was changed. */
  readonly unreadable: readonly UnreadableAccount[];
  /** Whether the one notice about unreadable accounts was posted. */
  readonly noticePosted: boolean;
}

/**
 * functions/sweep: the hub, every configured member account and every ACTIVE
 * account Organizations lists, each swept on its own (its items, its digest,
 * posted only when something is new). An account that cannot be read is
 * skipped whole, so its open items are not marked resolved; all such accounts
 * are named once, in one notice.
 */
export async function runAccountSweeps(deps: AccountSweepsDependencies): Promise<AccountSweepsOutcome> {
  const { config, logger } = deps;
  const hub = await deps.hubAccountId();
  const organization = await deps.organization?.();
  const fromOrganization = sameOrganization(organization, config.organizationId) ? sweepableAccounts(organization) : [];
  if (organization?.known && !sameOrganization(organization, config.organizationId)) {
    logger.warn('organisation id differs, its accounts not swept', {
      configured: config.organizationId,
      organizations: organization.id,
    });
  }
  const accounts = [...new Set([hub, ...config.memberAccounts, ...fromOrganization])].filter(Boolean);

  const results = await mapConcurrently(accounts, deps.concurrency ?? SWEEP_CONCURRENCY, (account) =>
    sweepOneAccount(deps, account, account === hub),
  );
  const swept = results.flatMap((result) => ('outcome' in result ? [result.outcome] : []));
  const unreadable = results.flatMap((result) => ('reason' in result ? [result] : []));

  let noticePosted = false;
  if (unreadable.length > 0) {
    const message = unreadableAccountsNotice({ accounts: unreadable, sweptAt: deps.clock().toISOString() });
    await deps.poster.postDigest(message, config.sweep.channel ?? config.slack.channels.default);
    noticePosted = true;
  }
  logger.info('sweeps done', {
    accounts: accounts.length,
    swept: swept.length,
    unreadable: unreadable.map((entry) => entry.account),
  });
  return { accounts: swept, unreadable, noticePosted };
}

/** Config `organizationId` wins: Organizations' accounts count only when it names the same organisation. */
function sameOrganization(facts: StoredOrganizationFacts | undefined, configuredId: string | undefined): boolean {
  if (!facts?.known) return false;
  return configuredId === undefined || configuredId.toLowerCase() === facts.id.toLowerCase();
}

type AccountResult = { readonly outcome: SweepOutcome } | UnreadableAccount;

/** One account: its IAM client, then the whole per-account sweep (runSweep). Errors become a reason. */
async function sweepOneAccount(
  deps: AccountSweepsDependencies,
  account: string,
  isHub: boolean,
): Promise<AccountResult> {
  let iam: IAMClient;
  try {
    iam = await deps.iamIn(account);
  } catch (error) {
    return unreadable(deps, account, error instanceof ConfigError ? 'no-external-id' : 'role-not-assumable', error);
  }
  // Independent of the IAM sweep below: its failure is logged inside and changes nothing else.
  await deps.trails?.(account);
  try {
    const outcome = await runSweep({
      ...deps,
      iam,
      account,
      ...(isHub && deps.hubAlias ? { accountAlias: deps.hubAlias } : {}),
    });
    return { outcome };
  } catch (error) {
    return unreadable(deps, account, failureReason(error), error);
  }
}

function failureReason(error: unknown): UnreadableReason {
  if (error instanceof WardenError && error.code === 'credential-report-timeout') return 'credential-report-timeout';
  if (error instanceof IAMServiceException) return 'iam-read-failed';
  return 'sweep-failed';
}

function unreadable(
  deps: AccountSweepsDependencies,
  account: string,
  reason: UnreadableReason,
  error: unknown,
): UnreadableAccount {
  deps.logger.warn('account not swept', {
    account,
    reason,
    error: error instanceof Error ? error.name : 'unknown',
  });
  return { account, reason };
}
