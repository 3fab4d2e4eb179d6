/**
 * The Block Kit subset Warden sends (types only, plus text-object builders
 * that escape and truncate to Slack's limits).
 */
import { SLACK_LIMITS } from './slack-limits.js';

export interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

export interface MrkdwnText {
  readonly type: 'mrkdwn';
  readonly text: string;
}

export type SlackTextObject = PlainText | MrkdwnText;

export interface SlackConfirm {
  readonly title: PlainText;
  readonly text: SlackTextObject;
  readonly confirm: PlainText;
  readonly deny: PlainText;
  readonly style?: 'primary' | 'danger';
}

export interface SlackButton {
  readonly type: 'button';
  readonly text: PlainText;
  readonly action_id: string;
  /** Only an action id or a finding id. */
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: SlackConfirm;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | {
      readonly type: 'section';
      readonly text?: SlackTextObject;
      readonly fields?: readonly SlackTextObject[];
      readonly block_id?: string;
    }
  | { readonly type: 'context'; readonly elements: readonly SlackTextObject[] }
  | { readonly type: 'actions'; readonly block_id?: string; readonly elements: readonly SlackButton[] }
  | { readonly type: 'divider' };

export interface SlackMessage {
  /** Fallback text for notifications and clients without blocks. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Escapes Slack's mrkdwn control characters, so no input can mention or link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to `max` characters with an ellipsis. */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function plainText(text: string, max: number = SLACK_LIMITS.sectionText): PlainText {
  return { type: 'plain_text', text: truncateText(text, max), emoji: true };
}

/** Already-escaped mrkdwn, truncated to `max`. */
export function mrkdwnText(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnText {
  return { type: 'mrkdwn', text: truncateText(text, max) };
}
