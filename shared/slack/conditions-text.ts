/**
 * The "Conditions" section of a finding message: each condition of the
 * statements the finding rests on, in plain words with the condition as
 * written. Conditions limit when a grant applies; they never lower a finding,
 * and the heading says so.
 */
import { describeCondition } from '../policy/statement-conditions.js';
import type { StatementCondition } from '../model/statement-condition.js';
import { escapeMrkdwn as esc, truncateText } from './slack-message.js';

/** At most this many conditions are listed; the rest are counted. */
const MAX_CONDITIONS_SHOWN = 12;
/** Each line is cut to this length (long IP or ARN lists). */
const CONDITION_LINE_MAX = 220;

export function conditionsText(conditions: readonly StatementCondition[]): string {
  const shown = conditions
    .slice(0, MAX_CONDITIONS_SHOWN)
    .map((condition) => `• ${esc(truncateText(describeCondition(condition), CONDITION_LINE_MAX))}`);
  const more = conditions.length - MAX_CONDITIONS_SHOWN;
  if (more > 0) shown.push(`… ${more} more`);
  return `*Conditions* (shown for context; they do not lower the finding)\n${shown.join('\n')}`;
}
