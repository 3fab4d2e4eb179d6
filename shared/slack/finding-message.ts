/**
 * A Block Kit message for one finding (DESIGN §5, first version: no buttons yet).
 * Pure: the same finding always gives the same payload.
 */
import type { Finding } from '../rules/finding.js';
import type { Severity } from '../rules/severity.js';

export interface SlackTextObject {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
  readonly emoji?: boolean;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackTextObject }
  | { readonly type: 'section'; readonly text?: SlackTextObject; readonly fields?: readonly SlackTextObject[] }
  | { readonly type: 'context'; readonly elements: readonly SlackTextObject[] }
  | { readonly type: 'divider' };

export interface SlackMessage {
  /** Fallback text for notifications and clients without blocks. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

const SEVERITY_MARKER: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

/** Slack limits: header text 150 characters, section text 3000, field text 2000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

export function findingMessage(finding: Finding): SlackMessage {
  const severity = finding.severity.toUpperCase();
  const actor = finding.actor;
  const who = [
    actor.arn ?? actor.name ?? actor.type,
    actor.sessionName ? `session ${actor.sessionName}` : undefined,
    actor.mfa === undefined ? undefined : actor.mfa ? 'MFA' : 'no MFA',
    actor.sourceIp ? `from ${actor.sourceIp}` : undefined,
    actor.iac ? `via ${actor.iac}` : undefined,
  ].filter((part): part is string => part !== undefined);
  const target = finding.target;
  const targetText = [target.type, target.name ?? target.arn, target.id ? `(${target.id})` : undefined]
    .filter(Boolean)
    .join(' ');

  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(`${severity}: ${finding.title}`, HEADER_MAX) },
    { type: 'section', text: mrkdwn(`${SEVERITY_MARKER[finding.severity]} ${escape(finding.summary)}`, SECTION_MAX) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Who*\n${escape(who.join(', '))}`, FIELD_MAX),
        mrkdwn(`*Target*\n${escape(targetText)}`, FIELD_MAX),
        mrkdwn(`*Account / region*\n${escape(finding.account ?? 'unknown')} / ${escape(finding.region)}`, FIELD_MAX),
        mrkdwn(`*When*\n${escape(finding.eventTime)}`, FIELD_MAX),
      ],
    },
  ];
  const diff = finding.details.policyDiff ?? [];
  if (diff.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn(`*Policy change*\n\`\`\`${diff.join('\n')}\`\`\``, SECTION_MAX) });
  }
  if (finding.details.contentAnalysed === false) {
    blocks.push({ type: 'section', text: mrkdwn('_The policy content was not available, so it was not analysed._') });
  }
  blocks.push({ type: 'section', text: mrkdwn(`*Why it matters*\n${escape(finding.rationale)}`, SECTION_MAX) });
  if (finding.remediation.length > 0) {
    const lines = finding.remediation.map(
      (step) => `• ${escape(step.description || step.kind)} — \`${step.kind}\`, mode ${step.defaultMode}`,
    );
    blocks.push({ type: 'section', text: mrkdwn(`*Planned remediation*\n${lines.join('\n')}`, SECTION_MAX) });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        `${escape(finding.ruleId)} · ${escape(finding.eventSource)} ${escape(finding.eventName)} · event ${escape(finding.eventId)}`,
      ),
    ],
  });

  return {
    text: truncate(`[${severity}] ${finding.title}: ${finding.summary}`, SECTION_MAX),
    blocks,
  };
}

function plain(text: string, max: number): SlackTextObject {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

function mrkdwn(text: string, max = SECTION_MAX): SlackTextObject {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

/** Slack mrkdwn control characters. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
