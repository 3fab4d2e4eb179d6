import { SLACK_LIMITS } from './slack-limits.js';
import { escapeMrkdwn, mrkdwnText, plainText, type SlackMessage } from './slack-message.js';

/** Why the sweep could not read an account: fixed phrases, never an error's text. */
export type UnreadableReason =
  'role-not-assumable' | 'no-external-id' | 'credential-report-timeout' | 'iam-read-failed' | 'sweep-failed';

export const UNREADABLE_REASON_TEXT: { readonly [R in UnreadableReason]: string } = Object.freeze({
  'role-not-assumable': 'WardenReader could not be assumed (is the member stack deployed, with this ExternalId?)',
  'no-external-id': 'no ExternalId configured (hub param memberExternalId)',
  'credential-report-timeout': 'the credential report was not ready in time',
  'iam-read-failed': 'an IAM read was refused or failed',
  'sweep-failed': 'the sweep failed (see the sweep log)',
});

export interface UnreadableAccount {
  readonly account: string;
  readonly reason: UnreadableReason;
}

/** Accounts per notice; the rest are counted (the log lists every one). */
const MAX_LISTED = 20;

/** One short notice for a sweep run: which accounts were not swept, and why. Their open items stay open. */
export function unreadableAccountsNotice(input: {
  readonly accounts: readonly UnreadableAccount[];
  readonly sweptAt: string;
}): SlackMessage {
  const count = input.accounts.length;
  const headline = `IAM hygiene sweep could not read ${count} account${count === 1 ? '' : 's'}`;
  const listed = input.accounts
    .slice(0, MAX_LISTED)
    .map(({ account, reason }) => `• ${account}: ${UNREADABLE_REASON_TEXT[reason]}`);
  if (count > MAX_LISTED) listed.push(`… and ${count - MAX_LISTED} more (see the sweep log)`);
  return {
    text: `${headline} (${input.sweptAt.slice(0, 10)}); their open items stay open until a sweep reads them`,
    blocks: [
      { type: 'header', text: plainText(`${headline} — ${input.sweptAt.slice(0, 10)}`, SLACK_LIMITS.headerText) },
      { type: 'section', text: mrkdwnText(escapeMrkdwn(listed.join('\n'))) },
      {
        type: 'context',
        elements: [
          mrkdwnText('Their open items are kept as they were (not marked resolved) until a sweep reads them.'),
        ],
      },
    ],
  };
}
