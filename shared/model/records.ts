import type { ActionKind, ActionParams, Mode } from './action-kinds.js';
import type { ActionStatus } from './action-status.js';
import type { Finding } from './finding.js';

/**
 * What the store remembers about a finding and its actions, as every part of
 * Warden reads it (the store's interface is in `shared/store/store.ts`).
 */

/** JSON-serialisable state an action saw before it acted; stored and handed back to `undo`. */
export type PriorState = { readonly [key: string]: unknown };

export interface SlackRef {
  readonly channel: string;
  readonly ts: string;
}

export type FindingStatus = 'open' | 'suppressed' | 'resolved' | 'dismissed';

/** A finding as stored: the whole finding (so a message can be re-rendered) plus its state. */
export interface FindingRecord extends Finding {
  readonly status: FindingStatus;
  readonly slack?: SlackRef;
  readonly createdAt: string;
}

interface ActionRecordBase {
  readonly id: string;
  readonly findingId: string;
  readonly account: string;
  readonly status: ActionStatus;
  readonly mode: Mode;
  readonly createdAt: string;
  /** Pending approvals past this time cannot be approved. */
  readonly approvalExpiresAt?: string;
  /** While `applying`/`undoing`: until when the executor's claim holds (ISO). */
  readonly leaseExpiresAt?: string;
  /** What `apply` saw before it acted; handed back to `undo`. */
  readonly priorState?: PriorState;
  /** Plain words about the last transition's outcome ("Detached AdministratorAccess"). */
  readonly result?: string;
  /** Why the last transition happened or failed. */
  readonly reason?: string;
  /** Who made the last change: 'auto', 'warden', a Slack user id, … */
  readonly changedBy: string;
  readonly changedAt: string;
  /** The first of two approvals, while a second, different approver is awaited. */
  readonly firstApproval?: { readonly by: string; readonly at: string };
  /** Number of transitions so far (0 after creation); the audit sequence. */
  readonly version: number;
}

/** A stored action, its params typed by its kind. */
export type ActionRecord = {
  [K in ActionKind]: ActionRecordBase & { readonly kind: K; readonly params: ActionParams[K] };
}[ActionKind];
