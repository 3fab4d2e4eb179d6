/**
 * What each button on an action does (DESIGN §5): the statuses it may be
 * clicked from, the status it moves the action to, the statuses that mean
 * someone else's click already got there, and what follows a successful move.
 * One table, read by the click handler; a new button is one row here and one
 * `then` step.
 */
import { SlackActionId } from '../slack/action-ids.js';
import type { ActionStatus } from '../model/action-status.js';

/** The buttons whose value is an action id (Expected change is the finding's). */
export type ActionButtonId = Exclude<SlackActionId, typeof SlackActionId.ExpectedChange>;

/** What follows a successful transition. */
export type ButtonFollowUp = 'request-apply' | 'request-undo' | 'snooze' | 'dismiss';

export interface ActionButton {
  /** The statuses the conditional transition accepts. */
  readonly from: readonly ActionStatus[];
  readonly to: ActionStatus;
  /** Statuses the click would have led to: finding one of them, someone else got there first. */
  readonly reaches: readonly ActionStatus[];
  readonly then: ButtonFollowUp;
  /** The button's label, for "… does not apply" replies. */
  readonly words: string;
}

/** Statuses an approval can start from (a snoozed action can still be approved). */
export const APPROVABLE: readonly ActionStatus[] = ['pending-approval', 'snoozed'];

export const ACTION_BUTTONS: Readonly<Record<ActionButtonId, ActionButton>> = {
  [SlackActionId.Approve]: {
    from: APPROVABLE,
    to: 'approved',
    reaches: ['approved', 'applying', 'applied'],
    then: 'request-apply',
    words: 'Approve',
  },
  [SlackActionId.Undo]: {
    from: ['applied'],
    to: 'undo-requested',
    reaches: ['undo-requested', 'undoing', 'undone'],
    then: 'request-undo',
    words: 'Undo',
  },
  [SlackActionId.Dismiss]: {
    from: ['pending-approval', 'snoozed', 'planned'],
    to: 'dismissed',
    reaches: ['dismissed'],
    then: 'dismiss',
    words: 'Dismiss',
  },
  [SlackActionId.Snooze]: {
    from: ['pending-approval'],
    to: 'snoozed',
    reaches: ['snoozed'],
    then: 'snooze',
    words: 'Snooze',
  },
};

export function isActionButton(id: SlackActionId): id is ActionButtonId {
  return Object.hasOwn(ACTION_BUTTONS, id);
}
