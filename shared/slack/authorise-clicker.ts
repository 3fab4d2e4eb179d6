import type { Actor } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import type { WardenConfig } from '../settings/warden-config.js';

/**
 * Who may click Warden's buttons (DESIGN §5): the Slack users and user groups
 * configured for the finding's severity (`approvers[severity]`, else
 * `approvers.default`), deny by default; and nobody acts on a change they made
 * themselves (matched on exact ARNs and AWS-set fields, never on names; see `authoriseClicker`).
 */

/** The slice of `@slack/web-api`'s WebClient the directory reads (users:read, users:read.email, usergroups:read). */
export interface SlackDirectoryClient {
  readonly usergroups: {
    readonly users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> };
  };
  readonly users: {
    info(args: { user: string }): Promise<{ user?: { name?: string; profile?: { email?: string } } }>;
  };
}

/** What Slack says about a user, for matching against an AWS identity. */
export interface SlackIdentity {
  readonly email?: string;
  /** The Slack user name (handle). */
  readonly name?: string;
}

export interface SlackDirectory {
  /** The members of a user group; throws when Slack cannot tell. */
  groupMembers(groupId: string): Promise<readonly string[]>;
  /** Throws when Slack cannot tell. */
  identity(userId: string): Promise<SlackIdentity>;
}

/** How long group members and user identities are reused in a warm function. */
export const DIRECTORY_TTL_SECONDS = 300;

/**
 * A directory over the Web API that remembers answers for `ttlSeconds`
 * (failures are not remembered). Group membership changes therefore take up
 * to five minutes to count.
 */
export function cachedSlackDirectory(
  client: () => Promise<SlackDirectoryClient>,
  options: { readonly clock: () => Date; readonly ttlSeconds?: number },
): SlackDirectory {
  const ttl = (options.ttlSeconds ?? DIRECTORY_TTL_SECONDS) * 1000;
  const groups = new Map<string, { at: number; value: Promise<readonly string[]> }>();
  const users = new Map<string, { at: number; value: Promise<SlackIdentity> }>();

  function cached<T>(cache: Map<string, { at: number; value: Promise<T> }>, key: string, load: () => Promise<T>) {
    const now = options.clock().getTime();
    const hit = cache.get(key);
    if (hit && now - hit.at < ttl) return hit.value;
    const value = load();
    cache.set(key, { at: now, value });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  }

  return {
    groupMembers: (groupId) =>
      cached(groups, groupId, async () => {
        const response = await (await client()).usergroups.users.list({ usergroup: groupId });
        return Object.freeze([...(response.users ?? [])]);
      }),
    identity: (userId) =>
      cached(users, userId, async () => {
        const { user } = await (await client()).users.info({ user: userId });
        return {
          ...(user?.profile?.email ? { email: user.profile.email } : {}),
          ...(user?.name ? { name: user.name } : {}),
        };
      }),
  };
}

/**
 * An Identity Center (SSO) session: the session issuer is a role in the
 * reserved path `/aws-reserved/sso.amazonaws.com/` named `AWSReservedSSO_<set>_<hash>`.
 * Only AWS creates roles in that path, and Identity Center names the session
 * after the user name, so the session name says who the person is.
 */
const SSO_ISSUER =
  /^arn:[a-z-]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([a-z0-9-]+\/)?AWSReservedSSO_[^/]+$/;
const SSO_SESSION = /^arn:[a-z-]+:sts::\d{12}:assumed-role\/AWSReservedSSO_[^/]+\/([^/]+)$/;

/** Who the actor provably is, from AWS-set fields and exact ARNs in the config. */
export interface ActorPerson {
  /** Slack users whose configured `awsPrincipalArns` list the actor's ARN or its session issuer's ARN. */
  readonly slackUserIds: readonly string[];
  /** The Identity Center user name (lower case) when the actor is an SSO session. */
  readonly ssoUserName?: string;
}

/** The Identity Center user name of an SSO session; undefined for anything else. */
export function ssoUserNameOf(actor: Actor): string | undefined {
  if (!actor.sessionIssuerArn || !SSO_ISSUER.test(actor.sessionIssuerArn) || !actor.arn) return undefined;
  const session = SSO_SESSION.exec(actor.arn)?.[1];
  return session ? session.toLowerCase() : undefined;
}

/**
 * The person behind the actor, or undefined when nothing AWS-set or
 * configured says who it is. Names are never compared: an IAM user called
 * `alice` or a session named `alice` proves nothing (session names are chosen
 * by the caller).
 */
export function actorPerson(actor: Actor, config: Pick<WardenConfig, 'approvers'>): ActorPerson | undefined {
  const arns = [actor.arn, actor.sessionIssuerArn].filter((arn): arn is string => !!arn);
  const slackUserIds = [
    ...new Set(
      config.approvers.identities
        .filter((entry) => entry.awsPrincipalArns.some((arn) => arns.includes(arn)))
        .map((entry) => entry.slackUserId),
    ),
  ];
  const ssoUserName = ssoUserNameOf(actor);
  if (slackUserIds.length === 0 && ssoUserName === undefined) return undefined;
  return { slackUserIds, ...(ssoUserName !== undefined ? { ssoUserName } : {}) };
}

export type ClickerRefusal =
  /** Not listed for this severity (directly or through a user group). */
  | 'not-an-approver'
  /** The clicker made the change the finding is about. */
  | 'own-change'
  /** Slack could not say who the clicker is (users.info failed), so the own-change check could not run. */
  | 'identity-unavailable';

export type ClickerAuthorisation =
  | {
      readonly ok: true;
      /**
       * True on a critical finding whose actor could not be told apart from the
       * clicker: the click counts as a first approval, and a second, different
       * approver has to confirm it.
       */
      readonly needsSecondApprover: boolean;
    }
  | { readonly ok: false; readonly reason: ClickerRefusal };

export interface ClickerInput {
  readonly userId: string;
  readonly severity: Severity;
  /** Who made the change; undefined when the finding names no actor. */
  readonly actor?: Actor;
  readonly config: Pick<WardenConfig, 'approvers'>;
  readonly directory: SlackDirectory;
  /** Told about lookups that failed (never the user's details). */
  readonly onLookupFailure?: (what: string, error: unknown) => void;
}

/** The approvers configured for a severity: its own entry, else the default one. */
export function approversFor(
  config: Pick<WardenConfig, 'approvers'>,
  severity: Severity,
): { readonly users: readonly string[]; readonly userGroups: readonly string[] } {
  return config.approvers[severity] ?? config.approvers.default;
}

async function isApprover(input: ClickerInput): Promise<boolean> {
  const approvers = approversFor(input.config, input.severity);
  if (approvers.users.includes(input.userId)) return true;
  for (const group of approvers.userGroups) {
    try {
      if ((await input.directory.groupMembers(group)).includes(input.userId)) return true;
    } catch (error) {
      input.onLookupFailure?.(`usergroup ${group}`, error);
    }
  }
  return false;
}

/** Severities on which a clicker who cannot be told apart from the actor needs a second approver. */
export const SECOND_APPROVER_SEVERITIES: readonly Severity[] = ['critical'];

/**
 * Deny by default; a failed Slack lookup never grants anything. The clicker
 * made the change when the config maps them to the actor's ARN (or its
 * session issuer's), or the actor is an SSO session named after the clicker's
 * Slack e-mail (case-insensitive). The clicker did not make it when the actor
 * is provably someone (`actorPerson`) and none of that holds. Otherwise it
 * cannot be told: allowed, except on a critical finding, where a second,
 * different approver is needed.
 */
export async function authoriseClicker(input: ClickerInput): Promise<ClickerAuthorisation> {
  if (!(await isApprover(input))) return { ok: false, reason: 'not-an-approver' };
  // No actor (a sweep item): nobody's own change.
  if (!input.actor) return { ok: true, needsSecondApprover: false };
  const person = actorPerson(input.actor, input.config);
  const unknown: ClickerAuthorisation = {
    ok: true,
    needsSecondApprover: SECOND_APPROVER_SEVERITIES.includes(input.severity),
  };
  if (!person) return unknown;
  if (person.slackUserIds.includes(input.userId)) return { ok: false, reason: 'own-change' };
  if (person.ssoUserName === undefined) return { ok: true, needsSecondApprover: false };
  let identity: SlackIdentity;
  try {
    identity = await input.directory.identity(input.userId);
  } catch (error) {
    input.onLookupFailure?.('users.info', error);
    return { ok: false, reason: 'identity-unavailable' };
  }
  const email = identity.email?.trim().toLowerCase();
  if (email && email === person.ssoUserName) return { ok: false, reason: 'own-change' };
  // A mapped actor is someone else; an SSO actor is someone else only when the clicker's e-mail is known.
  return email || person.slackUserIds.length > 0 ? { ok: true, needsSecondApprover: false } : unknown;
}
