import { DEFAULT_REMEDIATION_ROLE, partitionOf } from '../aws/account-clients.js';
import { permissionsOf } from '../actions/registry.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { parseIdentityArn } from '../cloudtrail/identity.js';
import { stageResources } from '../settings/stage-resources.js';
import type { ActionStatus } from '../model/action-status.js';
import type { ActionRecord } from '../model/records.js';
import type { WardenStore } from '../store/store.js';
import type { WardenConfig } from '../settings/warden-config.js';

/**
 * Recognising Warden's own calls, exactly (DESIGN §9 "no self-triggered loops").
 *
 * Warden acts on IAM in two ways only: the hub's execute function with its own
 * role (`warden-<stage>-execute` in the hub account), and, in member accounts,
 * the `WardenRemediation` role assumed with the session name
 * `warden-<actionId>`. An event is Warden's own only when
 *
 * - its caller's role (the AWS-set session issuer, never a name the caller
 *   chose) is exactly the hub execute role; or
 * - its caller is a `WardenRemediation` session named `warden-<actionId>`
 *   and, in the Lambda, that action exists in the store, in the same account,
 *   was executed (not only planned), is of a kind whose permissions include
 *   the call, names the call's target, and the call falls within the action's
 *   lifetime. In replay there is no store: the session is recognised by the
 *   exact role ARN in the accounts the config lists.
 *
 * A role merely *named* like Warden's (`warden-backdoor`), a session named
 * `warden-…` of any other role, or a made-up action id is evaluated like any
 * other caller.
 */

/** Who Warden is, in one deployment. */
export interface WardenSelf {
  /** The hub account (`WARDEN_HUB_ACCOUNT_ID`, or `hub.accountId` in the config). */
  readonly hubAccountId?: string;
  /** The deployed stage (`WARDEN_STAGE`, or `hub.stage`): names the hub's execute role. */
  readonly stage?: string;
  /** The role assumed in member accounts; default `WardenRemediation`. */
  readonly remediationRoleName?: string;
  /**
   * Replay only (no store): accounts where the member roles are deployed; a
   * `WardenRemediation` session there is trusted on its exact ARN alone.
   */
  readonly memberAccounts?: readonly string[];
}

export type OwnCallClaim =
  | { readonly kind: 'hub-execute-role'; readonly roleArn: string }
  | {
      readonly kind: 'remediation-session';
      readonly roleArn: string;
      readonly account: string;
      readonly actionId: string;
    };

/** The session name the executor uses for an action (STS allows `[\w+=,.@-]{2,64}`). */
export function remediationSessionName(actionId: string): string {
  return `warden-${actionId}`.slice(0, 64);
}

const SESSION_NAME = /^warden-([\w+=,.@-]+)$/;

/** The role behind the caller: account, name and ARN, from AWS-set fields only. */
function callerRole(event: CloudTrailEvent): { account: string; name: string; arn: string } | undefined {
  const identity = event.userIdentity;
  if (identity.type !== 'AssumedRole') return undefined;
  const issuer = identity.sessionContext?.sessionIssuer;
  const assumed = parseIdentityArn(identity.arn);
  if (assumed?.kind !== 'assumed-role') return undefined;
  const issuerArn = issuer?.type === 'Role' ? issuer.arn : undefined;
  const arn = issuerArn ?? assumed.roleArn;
  const fields = arn.split(':');
  const account = fields[4];
  const name = assumed.name;
  if (!account || !/^\d{12}$/.test(account)) return undefined;
  // The issuer ARN (with its path) and the session ARN must name the same role.
  if (!arn.endsWith(`/${name}`)) return undefined;
  return { account, name, arn };
}

/** The session name of an assumed-role caller (set by whoever called AssumeRole). */
function sessionNameOf(event: CloudTrailEvent): string | undefined {
  const parts = parseIdentityArn(event.userIdentity.arn);
  return parts?.kind === 'assumed-role' ? parts.session : undefined;
}

/**
 * What the event's caller would be if it is Warden: a claim to confirm, or
 * undefined for every other caller. Pure; reads AWS-set identity fields only.
 */
export function ownCallClaim(event: CloudTrailEvent, self: WardenSelf): OwnCallClaim | undefined {
  const role = callerRole(event);
  if (!role) return undefined;
  if (self.hubAccountId && self.stage && role.account === self.hubAccountId) {
    const executeRole = stageResources(self.stage).roleName('execute');
    if (role.name === executeRole) return { kind: 'hub-execute-role', roleArn: role.arn };
  }
  const remediationRole = self.remediationRoleName ?? DEFAULT_REMEDIATION_ROLE;
  if (role.name !== remediationRole) return undefined;
  const session = SESSION_NAME.exec(sessionNameOf(event) ?? '');
  if (!session) return undefined;
  return { kind: 'remediation-session', roleArn: role.arn, account: role.account, actionId: session[1]! };
}

/**
 * Statuses of an action that never ran: no call can be its own. The
 * executor's claims (`applying`, `undoing`) are not among them: it calls IAM
 * only while it holds one, so a call made then is Warden's own.
 */
const NEVER_EXECUTED: ReadonlySet<ActionStatus> = new Set([
  'planned',
  'pending-approval',
  'snoozed',
  'dismissed',
  'expired',
]);

/** Clock skew allowed between the store's and CloudTrail's times. */
const SKEW_MS = 2 * 60_000;
/** An assumed session lasts at most this long after the action's last change. */
const SESSION_MS = 15 * 60_000;

/**
 * Why `event` is NOT the action's own call, or undefined when it is:
 * same account, executed, a call the kind makes, on the action's target,
 * within its lifetime.
 */
export function actionMismatch(event: CloudTrailEvent, action: ActionRecord): string | undefined {
  if (action.account !== event.accountId) return `action ${action.id} is for account ${action.account}`;
  if (NEVER_EXECUTED.has(action.status)) return `action ${action.id} never ran (${action.status})`;
  const service = event.eventSource.split('.')[0] ?? '';
  const permission = `${service}:${event.eventName}`.toLowerCase();
  if (!permissionsOf(action.kind).some((p) => p.toLowerCase() === permission)) {
    return `${action.kind} never calls ${event.eventName}`;
  }
  const targets = targetNames(action);
  const names = requestNames(event);
  const missing = targets.filter((name) => !names.has(name));
  if (missing.length > 0) return `the call is not on ${missing.join(', ')}`;
  const at = Date.parse(event.eventTime);
  const from = Date.parse(action.createdAt) - SKEW_MS;
  const until = Date.parse(action.changedAt) + SESSION_MS + SKEW_MS;
  if (!(at >= from && at <= until)) return `the call is outside the lifetime of action ${action.id}`;
  return undefined;
}

/** Names the action acts on (principal, group, policy, trail): each must appear in the call. */
function targetNames(action: ActionRecord): string[] {
  const params = action.params as Record<string, unknown>;
  const names: string[] = [];
  for (const key of TARGET_PARAMS) {
    const value = params[key];
    if (typeof value === 'string' && value !== '') names.push(value);
  }
  return names;
}

/** Params that name what an action changes, and the request keys CloudTrail uses for them. */
const TARGET_PARAMS = ['userName', 'roleName', 'groupName', 'principalName', 'trailName', 'policyArn'] as const;
const REQUEST_KEYS = ['userName', 'roleName', 'groupName', 'name', 'policyArn'] as const;

function requestNames(event: CloudTrailEvent): Set<string> {
  const request = (event.requestParameters ?? {}) as Record<string, unknown>;
  const names = new Set<string>();
  for (const key of REQUEST_KEYS) {
    const value = request[key];
    if (typeof value !== 'string') continue;
    names.add(value);
    // Trails are named by name or ARN (`arn:aws:cloudtrail:…:trail/name`).
    const slash = value.lastIndexOf('/');
    if (value.startsWith('arn:') && slash >= 0) names.add(value.slice(slash + 1));
  }
  return names;
}

export interface OwnCallVerdict {
  readonly own: boolean;
  /** Why a claim was not confirmed (logged: someone imitating Warden's session name). */
  readonly rejected?: string;
}

/**
 * Confirms a claim. With a store (Lambda), a remediation session must match a
 * stored, executed action; without one (replay), the exact role ARN in a
 * configured member account (or the hub) is enough.
 */
export async function confirmOwnCall(
  event: CloudTrailEvent,
  claim: OwnCallClaim,
  self: WardenSelf,
  store: Pick<WardenStore, 'getAction'> | undefined,
): Promise<OwnCallVerdict> {
  if (claim.kind === 'hub-execute-role') return { own: true };
  if (!store) {
    const accounts = new Set([...(self.memberAccounts ?? []), ...(self.hubAccountId ? [self.hubAccountId] : [])]);
    return accounts.has(claim.account)
      ? { own: true }
      : { own: false, rejected: `account ${claim.account} is not a configured member account` };
  }
  const action = await store.getAction(claim.actionId);
  if (!action) return { own: false, rejected: `no action ${claim.actionId}` };
  const mismatch = actionMismatch(event, action);
  return mismatch ? { own: false, rejected: mismatch } : { own: true };
}

/** The exact ARN of the hub's execute role, for docs and the tampering rule. */
export function hubExecuteRoleArn(self: WardenSelf, region = 'us-east-1'): string | undefined {
  if (!self.hubAccountId || !self.stage) return undefined;
  return `arn:${partitionOf(region)}:iam::${self.hubAccountId}:role/${stageResources(self.stage).roleName('execute')}`;
}

/** Who Warden is, from the configuration (in the Lambda its `hub` is the deployed stage and account). */
export function selfOf(config: Pick<WardenConfig, 'hub' | 'memberAccounts'>): WardenSelf {
  return {
    ...(config.hub.accountId ? { hubAccountId: config.hub.accountId } : {}),
    ...(config.hub.stage ? { stage: config.hub.stage } : {}),
    memberAccounts: config.memberAccounts,
  };
}
