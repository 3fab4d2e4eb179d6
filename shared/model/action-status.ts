/** Where a remediation action stands. */
export const ACTION_STATUSES = [
  'planned',
  'pending-approval',
  'approved',
  'applying',
  'applied',
  'undo-requested',
  'undoing',
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
 * | approved         | applying, failed                                          | executor's claim (lease); failed: the   |
 * |                  |                                                           | request could not be sent               |
 * | applying         | applied, failed, approved, applying                       | executor: outcome; approved: released   |
 * |                  |                                                           | after an error; applying: lease expired |
 * | applied          | undo-requested                                            | Undo click (or the executor's own claim) |
 * | undo-requested   | undoing, applied                                          | executor's claim (lease); applied: the  |
 * |                  |                                                           | request could not be sent               |
 * | undoing          | undone, cannot-undo, applied, undo-requested, undoing     | executor (applied: the undo failed;     |
 * |                  |                                                           | undo-requested: released after an error; |
 * |                  |                                                           | undoing: lease expired)                 |
 * | failed, undone, cannot-undo, dismissed, expired | — (final)                  |                                         |
 */
export const ACTION_TRANSITIONS: { readonly [S in ActionStatus]: readonly ActionStatus[] } = {
  planned: ['approved', 'applied', 'failed', 'pending-approval', 'dismissed'],
  'pending-approval': ['approved', 'dismissed', 'snoozed', 'expired'],
  snoozed: ['pending-approval', 'approved', 'dismissed', 'expired'],
  approved: ['applying', 'failed'],
  applying: ['applied', 'failed', 'approved', 'applying'],
  applied: ['undo-requested'],
  'undo-requested': ['undoing', 'applied'],
  undoing: ['undone', 'cannot-undo', 'applied', 'undo-requested', 'undoing'],
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
 *
 * `applying` and `undoing` are the executor's claim before it touches IAM
 * (EventBridge delivers at least once, so two runs may start at once): one
 * conditional write wins, the other run stops. The claim carries a lease
 * (`leaseExpiresAt`); only after it has passed may another run claim the
 * action again (a run that crashed), so a live run is never overtaken.
 */
export function canTransition(from: ActionStatus, to: ActionStatus): boolean {
  return ACTION_TRANSITIONS[from].includes(to);
}

/** Statuses an action can be created in. */
export type InitialActionStatus = Extract<ActionStatus, 'planned' | 'pending-approval'>;

/** The executor's in-progress claims: IAM may be changing while an action is in one. */
export const IN_PROGRESS_STATUSES: ReadonlySet<ActionStatus> = new Set(['applying', 'undoing']);
