/** Where a remediation action stands. */
export const ACTION_STATUSES = [
  'planned',
  'pending-approval',
  'approved',
  'applied',
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
 * | applied          | undone, cannot-undo                                       | Undo click, executor                    |
 * | failed, undone, cannot-undo, dismissed, expired | — (final)                  |                                         |
 */
export const ACTION_TRANSITIONS: { readonly [S in ActionStatus]: readonly ActionStatus[] } = {
  planned: ['approved', 'applied', 'failed', 'pending-approval', 'dismissed'],
  'pending-approval': ['approved', 'dismissed', 'snoozed', 'expired'],
  snoozed: ['pending-approval', 'approved', 'dismissed', 'expired'],
  approved: ['applied', 'failed'],
  applied: ['undone', 'cannot-undo'],
  failed: [],
  undone: [],
  'cannot-undo': [],
  dismissed: [],
  expired: [],
};

export function canTransition(from: ActionStatus, to: ActionStatus): boolean {
  return ACTION_TRANSITIONS[from].includes(to);
}

/** Statuses an action can be created in. */
export type InitialActionStatus = Extract<ActionStatus, 'planned' | 'pending-approval'>;
