/**
 * The words a clicker reads in the replies only they see: why a click was
 * refused, what state an action is in, and when.
 */
import type { ActionStatus } from '../model/action-status.js';
import type { ActionRecord } from '../model/records.js';
import type { ClickerRefusal } from './authorise-clicker.js';
import { whoText } from './finding-message.js';

export const REFUSAL_TEXT: Readonly<Record<ClickerRefusal, string>> = {
  'not-an-approver': 'You are not an approver for findings of this severity, so nothing was changed.',
  'own-change': 'This finding is about a change you made yourself; someone else has to decide. Nothing was changed.',
  'identity-unavailable': 'Warden could not check who you are in Slack right now, so nothing was changed. Try again.',
};

/** Why a transition did not happen, in the clicker's words. */
export const STATUS_WORDS: Readonly<Record<ActionStatus, string>> = {
  planned: 'planned',
  'pending-approval': 'waiting for approval',
  approved: 'approved',
  applying: 'being applied',
  applied: 'applied',
  'undo-requested': 'being undone',
  undoing: 'being undone',
  failed: 'failed',
  undone: 'undone',
  'cannot-undo': 'marked cannot-undo',
  dismissed: 'dismissed',
  expired: 'expired',
  snoozed: 'snoozed',
};

/** A time Slack shows in the reader's own time zone (the ISO text where it cannot). */
export function slackTime(iso: string): string {
  const epoch = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(epoch) ? `<!date^${epoch}^{date_short_pretty} {time_secs}|${iso}>` : iso;
}

/**
 * "Already approved by <@U1> at …" when someone else's click got there first
 * (`sameOutcome`); otherwise the state the action is in, without a "by": an
 * Undo on a pending action was not refused because Warden did anything.
 */
export function alreadyDoneText(button: string, current: ActionRecord, sameOutcome: boolean): string {
  const at = slackTime(current.changedAt);
  if (sameOutcome) {
    return `Already ${STATUS_WORDS[current.status]} by ${whoText(current.changedBy)} at ${at}; nothing was changed.`;
  }
  return `This action is ${STATUS_WORDS[current.status]} (since ${at}), so ${button} does not apply; nothing was changed.`;
}
