import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { ConfigError, WardenError } from '../errors/warden-error.js';
import type { AwsClientOptions } from './aws-client-options.js';

/**
 * Clients acting in an account — the function's own credentials in the hub,
 * a member account's role assumed through STS elsewhere — for whatever
 * clients a function needs: detect builds IAM only (its bundle carries no
 * CloudTrail client), execute IAM and CloudTrail (remediation-clients.ts).
 */
export interface AccountClientDeps {
  readonly sts: STSClient;
  readonly options: AwsClientOptions;
  /** The account Warden runs in: its own credentials act there. */
  readonly hubAccountId: string;
  /** The role Warden assumes in member accounts; default `WardenRemediation`. */
  readonly roleName?: string;
  /**
   * The sts:ExternalId every member role requires (infra/member-account.yml):
   * without it no member account is addressed (confused-deputy defence).
   */
  readonly externalId?: string;
  /** The STS session name; default `REMEDIATION_SESSION_NAME` (execute passes `warden-<actionId>`). */
  readonly sessionName?: string;
  readonly clock: () => Date;
}

/** Builds one set of clients from client options (region, endpoint, credentials). */
export interface ClientSet<C> {
  /** Distinguishes cached sets of different shapes for the same account and role. */
  readonly kind: string;
  readonly build: (options: AwsClientOptions) => C;
}

export const DEFAULT_REMEDIATION_ROLE = 'WardenRemediation';
/** The read-only role detect and sweep assume in member accounts (infra/member-account.yml); it can change nothing. */
export const DEFAULT_READER_ROLE = 'WardenReader';
export const REMEDIATION_SESSION_NAME = 'warden-remediation';
/** Short sessions: a remediation is a handful of calls. */
export const SESSION_SECONDS = 900;
/** Assumed credentials are replaced this long before they expire. */
const REFRESH_BEFORE_MS = 5 * 60_000;

interface CachedClients {
  readonly clients: unknown;
  /** Epoch ms after which the entry is not used; Infinity for the hub's own credentials. */
  readonly usableUntil: number;
}

/**
 * Clients per STS client (one per warm Lambda), then per account/role/endpoint/kind.
 * Keyed on the STS client so separate callers (and tests) never share entries.
 */
const cache = new WeakMap<STSClient, Map<string, CachedClients>>();

/** The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, …). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/**
 * The clients of `set` acting in `accountId`: the function's own credentials
 * in the hub account, otherwise the member account's role assumed through STS
 * (15-minute sessions, reused until shortly before they expire). STS errors
 * propagate to the caller.
 */
export async function accountClientsFor<C>(accountId: string, deps: AccountClientDeps, set: ClientSet<C>): Promise<C> {
  const roleName = deps.roleName ?? DEFAULT_REMEDIATION_ROLE;
  const sessionName = deps.sessionName ?? REMEDIATION_SESSION_NAME;
  const key = [
    accountId,
    roleName,
    sessionName,
    deps.externalId ?? '',
    deps.options.region,
    deps.options.endpoint ?? '',
    set.kind,
  ].join('|');
  let entries = cache.get(deps.sts);
  if (!entries) {
    entries = new Map();
    cache.set(deps.sts, entries);
  }
  const now = deps.clock().getTime();
  const cached = entries.get(key);
  if (cached && now < cached.usableUntil) return cached.clients as C;

  if (accountId === deps.hubAccountId) {
    const clients = set.build(deps.options);
    entries.set(key, { clients, usableUntil: Number.POSITIVE_INFINITY });
    return clients;
  }

  const roleArn = `arn:${partitionOf(deps.options.region)}:iam::${accountId}:role/${roleName}`;
  // The member roles require it; assuming without would only hide a missing setting behind AccessDenied.
  if (!deps.externalId) {
    throw new ConfigError(
      `no ExternalId configured to assume ${roleArn}: set the hub's memberExternalId param (WARDEN_EXTERNAL_ID) to the StackSet's ExternalId`,
    );
  }
  const response = await deps.sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: sessionName,
      DurationSeconds: SESSION_SECONDS,
      ExternalId: deps.externalId,
    }),
  );
  const credentials = response.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new WardenError('assume-role-failed', `AssumeRole ${roleArn} returned no credentials`);
  }
  const expiresAt = credentials.Expiration?.getTime() ?? now + SESSION_SECONDS * 1000;
  const clients = set.build({
    ...deps.options,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    },
  });
  entries.set(key, { clients, usableUntil: expiresAt - REFRESH_BEFORE_MS });
  return clients;
}
