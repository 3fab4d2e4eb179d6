/**
 * The Slack Web API methods Warden calls and the bot scopes each needs — the
 * one place the app's permissions are derived from. `slack-app-manifest.yml`
 * must request exactly {@link requiredBotScopes}() (a test checks it, and that
 * the code calls no method missing here); `warden doctor` compares it with the
 * scopes a token was granted.
 *
 * `chat:write.public` is deliberately absent: the bot posts only in channels it
 * has been invited to, which `warden doctor` verifies.
 */
export const SLACK_METHOD_SCOPES = {
  /** Token check (`warden doctor`); needs no scope. */
  'auth.test': [],
  /** Finding messages and thread lines. */
  'chat.postMessage': ['chat:write'],
  /** Status changes of a finding message (buttons removed, status line). */
  'chat.update': ['chat:write'],
  /** "You may not approve this" answers to a clicker. */
  'chat.postEphemeral': ['chat:write'],
  /** Approvers named by user group, the on-call group. */
  'usergroups.users.list': ['usergroups:read'],
  /** A clicker's name and e-mail, matched against the AWS actor (no self-approval). */
  'users.info': ['users:read', 'users:read.email'],
  /** `warden doctor`: is the bot in the channel (public or private, by id). */
  'conversations.info': ['channels:read', 'groups:read'],
  /** `warden doctor`: a channel configured by name is looked up by name. */
  'conversations.list': ['channels:read', 'groups:read'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type SlackMethod = keyof typeof SLACK_METHOD_SCOPES;

export const SLACK_METHODS = Object.keys(SLACK_METHOD_SCOPES) as SlackMethod[];

/** The sorted, de-duplicated bot scopes the methods need. */
export function requiredBotScopes(methods: readonly SlackMethod[] = SLACK_METHODS): string[] {
  return [...new Set(methods.flatMap((method) => SLACK_METHOD_SCOPES[method]))].sort();
}
