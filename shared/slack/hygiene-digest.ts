/**
 * The daily hygiene digest (DESIGN §1 "one digest message with per-item
 * buttons"): one Block Kit message per sweep, items grouped by severity, most
 * severe first. Items with a remediation carry buttons derived from their
 * action's status — pending → Approve / Dismiss, applied → Undo — with the
 * same action ids and values (the action id) as a finding message, so the
 * interaction flow handles them unchanged. Within Slack's limits: when the
 * items do not fit in 50 blocks, the most severe keep their buttons and the
 * rest are listed compactly ("… N more"). Pure.
 */
import type { Finding } from '../model/finding.js';
import { SEVERITIES } from '../model/severity.js';
import type { ActionRecord } from '../model/records.js';
import { buttonActionId, SlackActionId } from './action-ids.js';
import { SEVERITY_MARKER } from './finding-message.js';
import { SLACK_LIMITS } from './slack-limits.js';
import {
  escapeMrkdwn,
  mrkdwnText,
  plainText,
  type SlackBlock,
  type SlackButton,
  type SlackMessage,
  truncateText,
} from './slack-message.js';

export interface DigestItem {
  readonly finding: Finding;
  /** The item's recorded actions (empty for alert-only items). */
  readonly actions: readonly ActionRecord[];
}

export interface StillOpenItem {
  readonly finding: Finding;
  /** When a digest first reported it (ISO). */
  readonly firstReportedAt: string;
}

export interface HygieneDigestInput {
  readonly account: string;
  readonly accountAlias?: string;
  /** The sweep's time (ISO); the digest is titled with its date. */
  readonly sweptAt: string;
  /** New or changed items, reported today. */
  readonly items: readonly DigestItem[];
  /** On the weekly summary day: items reported before and still found. */
  readonly stillOpen?: readonly StillOpenItem[];
  /** Shadow mode: actions were planned, not offered. */
  readonly dryRun: boolean;
}

/** Blocks kept free for the overflow list, the still-open list and the footer. */
const RESERVED_BLOCKS = 3;
const MAX_COMPACT_LINES = 40;

export function hygieneDigest(input: HygieneDigestInput): SlackMessage {
  const account = input.accountAlias ? `${input.accountAlias} (${input.account})` : input.account;
  const date = input.sweptAt.slice(0, 10);
  const items = bySeverity(input.items);
  const stillOpen = input.stillOpen ?? [];
  const counts = SEVERITIES.toReversed()
    .map((severity) => [severity, items.filter((item) => item.finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const headline =
    items.length === 0
      ? 'No new hygiene findings'
      : `${items.length} new hygiene finding${items.length === 1 ? '' : 's'}: ${counts.join(', ')}`;

  const blocks: SlackBlock[] = [
    { type: 'header', text: plainText(`IAM hygiene — ${account} — ${date}`, SLACK_LIMITS.headerText) },
    {
      type: 'context',
      elements: [
        mrkdwnText(
          escapeMrkdwn(
            `${headline}${stillOpen.length > 0 ? `; ${stillOpen.length} still open from earlier days` : ''}` +
              (input.dryRun ? ' · dry run: Warden only says what it would ask to approve' : ''),
          ),
        ),
      ],
    },
  ];
  let budget = SLACK_LIMITS.blocks - blocks.length - RESERVED_BLOCKS;
  const overflow: DigestItem[] = [];
  let buttonIndex = 0;

  for (const severity of SEVERITIES.toReversed()) {
    const group = items.filter((item) => item.finding.severity === severity);
    if (group.length === 0) continue;
    if (budget < 1) {
      overflow.push(...group);
      continue;
    }
    const alertOnly = group.filter((item) => buttonsOf(item, 0).length === 0);
    const actionable = group.filter((item) => buttonsOf(item, 0).length > 0);
    const heading = `${SEVERITY_MARKER[severity]} *${severity.toUpperCase()}* (${group.length})`;
    const lines = alertOnly.map(itemLine);
    blocks.push({ type: 'section', text: mrkdwnText(truncateLines([heading, ...lines], SLACK_LIMITS.sectionText)) });
    budget -= 1;
    for (const item of actionable) {
      if (budget < 2) {
        overflow.push(item);
        continue;
      }
      buttonIndex += 1;
      blocks.push({ type: 'section', text: mrkdwnText(itemLine(item)) });
      blocks.push({
        type: 'actions',
        block_id: `item:${item.finding.id}`,
        elements: buttonsOf(item, buttonIndex),
      });
      budget -= 2;
    }
  }

  if (overflow.length > 0) {
    const shown = overflow
      .slice(0, MAX_COMPACT_LINES)
      .map((item) => `${SEVERITY_MARKER[item.finding.severity]} ${itemText(item.finding)}`);
    const more = overflow.length - shown.length;
    blocks.push({
      type: 'section',
      text: mrkdwnText(
        truncateLines(
          [
            `*${overflow.length} more without buttons here* (they are recorded; run \`warden sweep\` for the full list)`,
            ...shown,
            ...(more > 0 ? [`… ${more} more`] : []),
          ],
          SLACK_LIMITS.sectionText,
        ),
      ),
    });
  }
  if (stillOpen.length > 0) {
    const sorted = [...stillOpen].sort(
      (a, b) => SEVERITIES.indexOf(b.finding.severity) - SEVERITIES.indexOf(a.finding.severity),
    );
    const shown = sorted
      .slice(0, MAX_COMPACT_LINES)
      .map(
        (item) =>
          `${SEVERITY_MARKER[item.finding.severity]} ${itemText(item.finding)} _(since ${item.firstReportedAt.slice(0, 10)})_`,
      );
    const more = sorted.length - shown.length;
    blocks.push({
      type: 'section',
      text: mrkdwnText(
        truncateLines(
          [`*Weekly summary: ${stillOpen.length} still open*`, ...shown, ...(more > 0 ? [`… ${more} more`] : [])],
          SLACK_LIMITS.sectionText,
        ),
      ),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwnText(
        'From the IAM credential report. Items already reported are not repeated until they change; the weekly summary lists what is still open.',
      ),
    ],
  });
  return { text: truncateText(`IAM hygiene ${date} for ${account}: ${headline}`, SLACK_LIMITS.fallbackText), blocks };
}

function bySeverity(items: readonly DigestItem[]): DigestItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(b.item.finding.severity) - SEVERITIES.indexOf(a.item.finding.severity) || a.index - b.index,
    )
    .map(({ item }) => item);
}

function itemText(finding: Finding): string {
  return `*${escapeMrkdwn(finding.title)}* — ${escapeMrkdwn(finding.summary)}`;
}

function itemLine(item: DigestItem): string {
  const status = item.actions.map(statusLine).filter((line) => line !== undefined);
  return [`• ${itemText(item.finding)}`, ...status.map((line) => `   _${escapeMrkdwn(line)}_`)].join('\n');
}

function statusLine(action: ActionRecord): string | undefined {
  const label = action.kind === 'disable-access-key' ? 'key deactivation' : action.kind.replace(/-/g, ' ');
  switch (action.status) {
    case 'pending-approval':
      return undefined;
    case 'planned':
      return `would ask to approve the ${label}`;
    case 'applied':
      return `${action.result ?? `${label} done`} (by ${action.changedBy})`;
    case 'undone':
      return `${label} undone (by ${action.changedBy})`;
    default:
      return `${label}: ${action.status}${action.reason ? ` — ${action.reason}` : ''}`;
  }
}

/** The buttons of an item, numbered from `n` (unique `action_id`s within the message). */
function buttonsOf(item: DigestItem, n: number): SlackButton[] {
  const buttons: SlackButton[] = [];
  for (const action of item.actions) {
    if (action.status === 'pending-approval' || action.status === 'snoozed') {
      buttons.push(
        {
          type: 'button',
          text: plainText(approveLabel(action), SLACK_LIMITS.buttonText),
          action_id: buttonActionId(SlackActionId.Approve, n),
          value: action.id,
          style: 'danger',
          confirm: {
            title: plainText('Approve this change?', SLACK_LIMITS.confirmTitle),
            text: plainText(truncateText(approveLabel(action), SLACK_LIMITS.confirmText)),
            confirm: plainText('Approve', SLACK_LIMITS.confirmButton),
            deny: plainText('Cancel', SLACK_LIMITS.confirmButton),
          },
        },
        {
          type: 'button',
          text: plainText('Dismiss', SLACK_LIMITS.buttonText),
          action_id: buttonActionId(SlackActionId.Dismiss, n),
          value: action.id,
        },
      );
    } else if (action.status === 'applied') {
      buttons.push({
        type: 'button',
        text: plainText('Undo', SLACK_LIMITS.buttonText),
        action_id: buttonActionId(SlackActionId.Undo, n),
        value: action.id,
        confirm: {
          title: plainText('Undo this change?', SLACK_LIMITS.confirmTitle),
          text: plainText(truncateText(action.result ?? action.kind, SLACK_LIMITS.confirmText)),
          confirm: plainText('Undo', SLACK_LIMITS.confirmButton),
          deny: plainText('Cancel', SLACK_LIMITS.confirmButton),
        },
      });
    }
  }
  return buttons;
}

function approveLabel(action: ActionRecord): string {
  switch (action.kind) {
    case 'disable-access-key':
      return `Disable key ${action.params.accessKeyId}`;
    case 'quarantine-user':
      return `Quarantine ${action.params.userName}`;
    default:
      return `Approve ${action.kind}`;
  }
}

/** Joins lines, dropping whole lines (with "… N more") rather than cutting one in half. */
function truncateLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const reserve = index < lines.length - 1 ? 20 : 0;
    if (length + line.length + 1 + reserve > max) {
      kept.push(`… ${lines.length - index} more`);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return truncateText(kept.join('\n'), max);
}
