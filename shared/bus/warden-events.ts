import type { ActionKind, ActionOperation } from '../model/action-kinds.js';

/** EventBridge `source` of everything Warden publishes. */
export const WARDEN_EVENT_SOURCE = 'warden';

/** The `detail-type`s Warden publishes and consumes — the one table of them. */
export const WardenDetailType = {
  Finding: 'Warden Finding',
  ActionRequested: 'Warden Action Requested',
  ActionCompleted: 'Warden Action Completed',
} as const;
export type WardenDetailType = (typeof WardenDetailType)[keyof typeof WardenDetailType];

/** Asks the executor to apply or undo one recorded action; carries ids only. */
export interface ActionRequestedDetail {
  readonly actionId: string;
  readonly findingId: string;
  readonly operation: ActionOperation;
  /** `auto`, or the Slack user id who clicked. */
  readonly requestedBy: string;
}

export interface ActionCompletedDetail {
  readonly actionId: string;
  readonly findingId: string;
  readonly kind: ActionKind;
  readonly operation: ActionOperation;
  /** The action's status after the operation (applied, failed, undone, cannot-undo, …). */
  readonly status: string;
  readonly message: string;
}
