import type { Actor } from '../rules/finding.js';
import type { Severity } from '../rules/severity.js';
import type { WardenConfig } from '../settings/warden-config.js';

/**
 * Who may click Warden's buttons (DESIGN §5): the Slack users and user groups
 * configured for the finding's severity (`approvers[severity]`, else
 * `approvers.default`), deny by default; and nobody acts on a change they made
 * themselves, when the Slack user and the change's actor can be matched.
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

function localPart(value: string): string {
  return value.trim().split('@')[0]!.toLowerCase();
}

/**
 * The person names an AWS actor is known by, lower-cased local parts: the IAM
 * user name for an IAM user; the session name for an assumed role or a
 * federated user (SSO sessions are usually named after the person's e-mail or
 * login). A role's own name, the IAM user behind a federation token, root and
 * AWS services are not matched.
 */
export function actorPersonNames(actor: Actor): string[] {
  const names: string[] = [];
  if (actor.type === 'IAMUser' && actor.name) names.push(actor.name);
  if (actor.sessionName) names.push(actor.sessionName);
  return [...new Set(names.map(localPart).filter((name) => name.length > 0))];
}

/** The lower-cased local part of the Slack e-mail, and the Slack user name. */
export function slackPersonNames(identity: SlackIdentity): string[] {
  const names = [identity.email, identity.name].filter((name): name is string => !!name);
  return [...new Set(names.map(localPart).filter((name) => name.length > 0))];
}

/**
 * True when the Slack user is (as far as can be told) the actor: any of
 * `slackPersonNames` equals any of `actorPersonNames`, case-insensitively.
 * `alice@example.com` in Slack matches IAM user `Alice`, session
 * `alice@example.com` or `alice`. Matching on local parts may also match a
 * different person with the same login elsewhere — that errs on refusing.
 */
export function isOwnChange(identity: SlackIdentity, actor: Actor): boolean {
  const actorNames = new Set(actorPersonNames(actor));
  return slackPersonNames(identity).some((name) => actorNames.has(name));
}

export type ClickerRefusal =
  /** Not listed for this severity (directly or through a user group). */
  | 'not-an-approver'
  /** The clicker made the change the finding is about. */
  | 'own-change'
  /** Slack could not say who the clicker is, so the own-change check could not run. */
  | 'identity-unavailable';

export type ClickerAuthorisation = { readonly ok: true } | { readonly ok: false; readonly reason: ClickerRefusal };

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

/** Deny by default; a failed Slack lookup never grants anything. */
export async function authoriseClicker(input: ClickerInput): Promise<ClickerAuthorisation> {
  if (!(await isApprover(input))) return { ok: false, reason: 'not-an-approver' };
  if (!input.actor || actorPersonNames(input.actor).length === 0) return { ok: true };
  let identity: SlackIdentity;
  try {
    identity = await input.directory.identity(input.userId);
  } catch (error) {
    input.onLookupFailure?.('users.info', error);
    return { ok: false, reason: 'identity-unavailable' };
  }
  return isOwnChange(identity, input.actor) ? { ok: false, reason: 'own-change' } : { ok: true };
}
