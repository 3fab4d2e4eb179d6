/**
 * One-line thread replies: who did what, when, with what result — for every
 * button click and every completed action (DESIGN §5).
 */
import type { ActionNotice } from '../model/notices.js';
import { SlackActionId } from './action-ids.js';
import { describeAction, whoText } from './finding-message.js';
import { escapeMrkdwn as esc, truncateText } from './slack-message.js';

const RESULT_MAX = 1000;

const STATUS_MARKER: Readonly<Record<string, string>> = {
  applied: ':white_check_mark:',
  undone: ':leftwards_arrow_with_hook:',
  failed: ':x:',
  'cannot-undo': ':warning:',
};

function when(at: Date | string): string {
  const iso = typeof at === 'string' ? at : at.toISOString();
  const epoch = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(epoch) ? `<!date^${epoch}^{date_short_pretty} {time_secs}|${esc(iso)}>` : esc(iso);
}

/** "✅ Undo of Detach AdministratorAccess from user bob by @alice at …: undone. Re-attached …" */
export function actionThreadLine(notice: ActionNotice): string {
  const { action, finding } = notice;
  const description = describeAction(action, finding.remediation);
  const what = notice.operation === 'undo' ? `Undo of ${description}` : description;
  const marker = STATUS_MARKER[action.status] ?? ':information_source:';
  const who = notice.requestedBy === 'auto' ? 'Warden (automatic)' : whoText(notice.requestedBy);
  return truncateText(
    `${marker} ${esc(what)} — requested by ${who}, ${when(action.changedAt)}: *${esc(action.status)}*. ${esc(notice.outcome)}`,
    RESULT_MAX,
  );
}

export interface ClickLine {
  /** The Slack user who clicked. */
  readonly userId: string;
  readonly action: SlackActionId;
  /** What the click was about ("Detach AdministratorAccess from user bob"). */
  readonly subject: string;
  readonly at: Date | string;
  /** Plain words of what came of it ("approved", "already approved by <someone>", "not allowed"). */
  readonly result: string;
}

const CLICK_VERB: Readonly<Record<SlackActionId, string>> = {
  [SlackActionId.Approve]: 'Approve',
  [SlackActionId.Dismiss]: 'Dismiss',
  [SlackActionId.Snooze]: 'Snooze 24h',
  [SlackActionId.Undo]: 'Undo',
  [SlackActionId.ExpectedChange]: 'Expected change',
};

/** "<@U1> clicked *Approve* on Detach … at …: approved." */
export function clickThreadLine(click: ClickLine): string {
  return truncateText(
    `${whoText(click.userId)} clicked *${CLICK_VERB[click.action]}* on ${esc(click.subject)}, ${when(click.at)}: ${esc(click.result)}`,
    RESULT_MAX,
  );
}
