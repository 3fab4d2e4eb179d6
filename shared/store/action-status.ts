/** Where a remediation action stands. */
export const ACTION_STATUSES = [
  'planned',
  'pending-approval',
  'approved',
  'applied',
  'undo-requested',
  'failed',
  'undone',
  'cannot-undo',
  'dismissed',
  'expired',
  'snoozed',
] as const;

export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * The allowed transitions; the store refuses every other one.
 *
 * | from             | to                                                        | who / why                               |
 * |------------------|-----------------------------------------------------------|-----------------------------------------|
 * | planned          | approved, applied, failed, pending-approval, dismissed    | auto mode; rate limit falls back to ask |
 * | pending-approval | approved, dismissed, snoozed, expired                     | Slack click or expiry                   |
 * | snoozed          | pending-approval, approved, dismissed, expired            | snooze over, or a later click           |
 * | approved         | applied, failed                                           | executor                                |
 * | applied          | undo-requested                                            | Undo click (or the executor's own claim) |
 * | undo-requested   | undone, cannot-undo, applied                              | executor (applied: the undo failed)     |
 * | failed, undone, cannot-undo, dismissed, expired | — (final)                  |                                         |
 */
export const ACTION_TRANSITIONS: { readonly [S in ActionStatus]: readonly ActionStatus[] } = {
  planned: ['approved', 'applied', 'failed', 'pending-approval', 'dismissed'],
  'pending-approval': ['approved', 'dismissed', 'snoozed', 'expired'],
  snoozed: ['pending-approval', 'approved', 'dismissed', 'expired'],
  approved: ['applied', 'failed'],
  applied: ['undo-requested'],
  'undo-requested': ['undone', 'cannot-undo', 'applied'],
  failed: [],
  undone: [],
  'cannot-undo': [],
  dismissed: [],
  expired: [],
};

/**
 * `undo-requested` is the conditional marker of an Undo: exactly one click (or
 * one direct request) moves `applied` there, so a double click or two people
 * at once give one undo. The executor only undoes from it, and puts the action
 * back to `applied` when the undo failed (so Undo can be tried again).
 */
export function canTransition(from: ActionStatus, to: ActionStatus): boolean {
  return ACTION_TRANSITIONS[from].includes(to);
}

/** Statuses an action can be created in. */
export type InitialActionStatus = Extract<ActionStatus, 'planned' | 'pending-approval'>;
