import type { ActionKind, ActionParams, Mode } from '../model/action-kinds.js';
import type { ActionRecord, FindingRecord, FindingStatus, PriorState } from '../model/records.js';
import type { ActionStatus, InitialActionStatus } from '../model/action-status.js';

/**
 * What the engine and the handlers need to remember between invocations.
 * Times in records are ISO-8601 UTC strings; times passed in are `Date`s.
 * `shared/store/dynamodb-store.ts` implements it on one DynamoDB table.
 */
export interface WardenStore {
  /**
   * Claims (event id, rule id) for processing: true the first time, false on
   * a repeat delivery within `ttlSeconds` (EventBridge delivers at least once).
   */
  claimEvent(eventId: string, ruleId: string, ttlSeconds: number): Promise<boolean>;

  /**
   * Claims one signed Slack request (`digest` of its timestamp and body): true
   * the first time, false when the same request is replayed within `ttlSeconds`.
   */
  claimSlackRequest(digest: string, ttlSeconds: number): Promise<boolean>;

  /** Records a finding; false (and nothing changed) when the id is already stored. */
  putFinding(record: NewFinding): Promise<boolean>;
  getFinding(id: string): Promise<FindingRecord | undefined>;
  /** Remembers the Slack message of a finding; false when the finding does not exist. */
  setFindingSlackRef(id: string, channel: string, ts: string): Promise<boolean>;
  /** False when the finding does not exist. */
  setFindingStatus(id: string, status: FindingStatus): Promise<boolean>;

  /** Records a new action and its creation audit entry; returns the stored one when the id exists. */
  createAction(input: NewAction): Promise<{ created: boolean; action: ActionRecord }>;
  getAction(id: string): Promise<ActionRecord | undefined>;
  /** The actions of a finding, oldest first (eventually consistent). */
  listActions(findingId: string): Promise<ActionRecord[]>;
  /**
   * Moves an action from one of `from` to `to`, atomically with its audit
   * entry. Exactly one of concurrent callers succeeds; the others get the
   * current record (who changed it, when).
   */
  transitionAction(id: string, transition: ActionTransition): Promise<TransitionOutcome>;
  /**
   * Records the first of two approvals (a critical finding whose actor could
   * not be told apart from the clicker), without changing the status. Exactly
   * one of concurrent callers records it; the others get
   * `first-approval-recorded` with the current record. Any later transition
   * clears it.
   */
  recordFirstApproval(id: string, approval: FirstApprovalInput): Promise<TransitionOutcome>;
  /**
   * Records the prior state an in-progress run read, before it changes IAM:
   * only while the action is still in progress at `version` (the caller's
   * claim), keeping its status and lease, atomically with an audit entry.
   * Otherwise `status-mismatch` with the current record.
   */
  recordPriorState(id: string, input: PriorStateInput): Promise<TransitionOutcome>;
  /** Every audit entry of an action, in order (creation first). */
  listAudit(actionId: string): Promise<AuditEntry[]>;

  /** Stores (or replaces) the suppression of one (rule, actor, target). */
  putSuppression(input: NewSuppression): Promise<SuppressionRecord>;
  /** The suppression in force at `now`, if any. */
  findSuppression(
    ruleId: string,
    actorKey: string,
    targetKey: string,
    now: Date,
  ): Promise<SuppressionRecord | undefined>;

  /** True for the first notification of (rule, actor, target) in a window of `windowSeconds`. */
  claimNotification(ruleId: string, actorKey: string, targetKey: string, windowSeconds: number): Promise<boolean>;

  /** Atomically counts one automatic action for the account in the hour of `now`; returns the new count. */
  incrementAutoActions(account: string, now: Date): Promise<number>;

  /**
   * Claims a thread (e.g. a root session's correlation key) for its first
   * finding. Later callers get that finding's id, and thread under its message.
   */
  claimThread(key: string, findingId: string, ttlSeconds: number): Promise<ThreadClaim>;
  getThread(key: string): Promise<ThreadRecord | undefined>;
}

export type NewFinding = Omit<FindingRecord, 'createdAt' | 'status'> & {
  readonly status?: FindingStatus;
  readonly createdAt?: Date;
};

export type NewAction = {
  [K in ActionKind]: {
    readonly id: string;
    readonly findingId: string;
    readonly kind: K;
    readonly params: ActionParams[K];
    readonly account: string;
    readonly status: InitialActionStatus;
    readonly mode: Mode;
    readonly approvalExpiresAt?: Date;
    /** Who planned it; 'warden' by default. */
    readonly by?: string;
  };
}[ActionKind];

export interface ActionTransition {
  readonly from: ActionStatus | readonly ActionStatus[];
  readonly to: ActionStatus;
  /** Who: 'auto', a Slack user id, 'expiry', … */
  readonly by: string;
  /** When; the store's clock by default. */
  readonly at?: Date;
  /**
   * Only when the action is still at this version (the caller's own claim):
   * a run whose lease was taken over cannot record its outcome.
   */
  readonly version?: number;
  /** Sets the lease of an in-progress claim; any lease is cleared when absent. */
  readonly leaseUntil?: Date;
  /** Replaces the stored prior state (set by apply); kept when absent. */
  readonly priorState?: PriorState;
  readonly result?: string;
  readonly reason?: string;
  /**
   * The second of two approvals: refused (`second-approver-required`) unless a
   * first approval by a different Slack user is recorded.
   */
  readonly requireFirstApprovalByAnother?: boolean;
}

export interface PriorStateInput {
  /** The version of the caller's claim. */
  readonly version: number;
  readonly priorState: PriorState;
  readonly by: string;
  readonly at?: Date;
}

export interface FirstApprovalInput {
  readonly from: readonly ActionStatus[];
  /** The Slack user id. */
  readonly by: string;
  readonly at?: Date;
}

export type TransitionRefusal =
  /** No action with that id. */
  | 'not-found'
  /** The action is not in any of `from` (someone else got there first). */
  | 'status-mismatch'
  /** The transition table does not allow current → to. */
  | 'illegal-transition'
  /** Approval asked after `approvalExpiresAt`. */
  | 'approval-expired'
  /** Another run's claim (`applying`/`undoing`) holds its lease. */
  | 'lease-held'
  /** A first approval is already recorded (by `current.firstApproval.by`). */
  | 'first-approval-recorded'
  /** A second approval without a first one by somebody else. */
  | 'second-approver-required';

export type TransitionOutcome =
  | { readonly ok: true; readonly action: ActionRecord }
  | { readonly ok: false; readonly reason: 'not-found' }
  | { readonly ok: false; readonly reason: Exclude<TransitionRefusal, 'not-found'>; readonly current: ActionRecord };

export interface AuditEntry {
  readonly actionId: string;
  readonly seq: number;
  readonly at: string;
  readonly by: string;
  /** Undefined for the creation entry. */
  readonly from?: ActionStatus;
  readonly to: ActionStatus;
  readonly result?: string;
  readonly reason?: string;
}

export interface NewSuppression {
  readonly ruleId: string;
  readonly actorKey: string;
  readonly targetKey: string;
  readonly until: Date;
  readonly by: string;
  readonly reason: string;
}

export interface SuppressionRecord {
  readonly ruleId: string;
  readonly actorKey: string;
  readonly targetKey: string;
  readonly until: string;
  readonly by: string;
  readonly reason: string;
  readonly createdAt: string;
}

export interface ThreadRecord {
  readonly key: string;
  readonly findingId: string;
  readonly createdAt: string;
}

export type ThreadClaim = { readonly claimed: true } | { readonly claimed: false; readonly thread: ThreadRecord };

/** Where a hygiene-sweep item stands: still found, or gone from the last report. */
export type SweepItemStatus = 'open' | 'resolved';

/**
 * The memory of one sweep item across days, so an unchanged item is not
 * reported every day: reported again only when its fingerprint changes (a
 * later use, a new key) or after it was resolved.
 */
export interface SweepItemRecord {
  readonly account: string;
  /** Stable per (check, account, principal, key); see `evaluateHygiene`. */
  readonly itemKey: string;
  readonly ruleId: string;
  readonly fingerprint: string;
  /** The finding recorded when it was last reported (its actions carry the buttons). */
  readonly findingId: string;
  readonly status: SweepItemStatus;
  /** First and last time a digest reported it (ISO). */
  readonly firstReportedAt: string;
  readonly lastReportedAt: string;
  /** The last sweep that found it (ISO). */
  readonly lastSeenAt: string;
}

/**
 * What the hygiene sweep remembers between runs. A separate interface, so
 * stores and test doubles of {@link WardenStore} need not implement it;
 * `DynamoDbStore` implements both.
 */
export interface SweepStore {
  /** Every item of the account, open or resolved. */
  listSweepItems(account: string): Promise<SweepItemRecord[]>;
  /** Stores (or replaces) an item. */
  putSweepItem(record: SweepItemRecord): Promise<void>;
}
