/**
 * The Block Kit message for one finding (DESIGN §5). Pure: the same input
 * always gives the same payload. Buttons follow the actions' statuses; their
 * values carry only an action id or the finding id.
 */
import type { RemediationStep } from '../model/action-kinds.js';
import type { Decision } from '../model/decision.js';
import type { Actor, ClaimedTool, Finding, IacTool, Target } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import type { ActionRecord } from '../model/records.js';
import { buttonActionId, SlackActionId } from './action-ids.js';
import { cloudTrailConsoleUrl } from './cloudtrail-console-url.js';
import { conditionsText } from './conditions-text.js';
import { SLACK_LIMITS } from './slack-limits.js';
import {
  escapeMrkdwn as esc,
  mrkdwnText,
  plainText,
  type SlackBlock,
  type SlackButton,
  type SlackMessage,
  truncateText,
} from './slack-message.js';

export type { SlackBlock, SlackMessage } from './slack-message.js';

export interface FindingMessageInput {
  readonly finding: Finding;
  /** What Warden decided; absent in `warden replay`, where the remediation plan is shown as "would …". */
  readonly decision?: Pick<Decision, 'mode' | 'dryRun' | 'notes' | 'severity'>;
  /** The recorded actions of the finding, in plan order; their statuses choose the buttons. */
  readonly actions: readonly ActionRecord[];
  readonly accountAlias?: string;
  /** Slack user group id (S…) mentioned on critical findings. */
  readonly onCallUserGroup?: string;
}

export const SEVERITY_MARKER: Readonly<Record<Severity, string>> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

/** At most this many actions get their own blocks (two each); the rest are counted. */
const MAX_ACTIONS_SHOWN = 10;
/** Policy diff lines are cut to this length each. */
const DIFF_LINE_MAX = 300;
const USER_AGENT_MAX = 200;
const REASON_MAX = 600;

export function findingMessage(input: FindingMessageInput): SlackMessage {
  const { finding, decision } = input;
  const severity = decision?.severity ?? finding.severity;
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: plainText(
        `${SEVERITY_MARKER[severity]} ${severity.toUpperCase()} · ${finding.title}`,
        SLACK_LIMITS.headerText,
      ),
    },
    { type: 'section', text: mrkdwnText(`${mentionOf(severity, input.onCallUserGroup)}${esc(finding.summary)}`) },
    {
      type: 'section',
      fields: [
        mrkdwnText(`*Who*\n${actorText(finding.actor)}`, SLACK_LIMITS.fieldText),
        mrkdwnText(`*Target*\n${targetText(finding.target)}`, SLACK_LIMITS.fieldText),
        mrkdwnText(`*Account*\n${accountText(finding.account, input.accountAlias)}`, SLACK_LIMITS.fieldText),
        mrkdwnText(`*Region*\n${esc(finding.region)}`, SLACK_LIMITS.fieldText),
        mrkdwnText(`*When*\n${slackDate(finding.eventTime)}`, SLACK_LIMITS.fieldText),
        mrkdwnText(`*Call*\n${esc(finding.eventSource)} ${esc(finding.eventName)}`, SLACK_LIMITS.fieldText),
      ],
    },
  ];

  const diff = finding.details.policyDiff ?? [];
  if (diff.length > 0) blocks.push({ type: 'section', text: mrkdwnText(policyDiffText(diff)) });

  const notes = [
    ...(decision?.notes ?? []),
    ...(finding.details.notes ?? []),
    ...(finding.details.contentAnalysed === false
      ? ['The policy or group content was not available, so it was not analysed.']
      : []),
  ];
  if (notes.length > 0) {
    blocks.push({ type: 'section', text: mrkdwnText(`*Notes*\n${notes.map((note) => `• ${esc(note)}`).join('\n')}`) });
  }
  const conditions = finding.details.conditions ?? [];
  if (conditions.length > 0) blocks.push({ type: 'section', text: mrkdwnText(conditionsText(conditions)) });
  blocks.push({ type: 'section', text: mrkdwnText(`*Why it matters*\n${esc(finding.rationale)}`) });
  blocks.push(...remediationBlocks(input));

  const url = cloudTrailConsoleUrl(finding.region, finding.eventId, finding.actor.arn ?? finding.target.arn);
  blocks.push({
    type: 'context',
    elements: [
      mrkdwnText(
        `${esc(finding.ruleId)} · event ${esc(finding.eventId)} · <${url}|View in CloudTrail> · finding ${esc(finding.id)}`,
      ),
    ],
  });

  return { text: fallbackText(input, severity), blocks };
}

function mentionOf(severity: Severity, group: string | undefined): string {
  return severity === 'critical' && group && /^S[A-Z0-9]{2,}$/.test(group) ? `<!subteam^${group}> ` : '';
}

const IAC_LABEL: Readonly<Record<IacTool, string>> = {
  cloudformation: 'CloudFormation',
  'configured-deploy-role': 'a configured deploy role',
};
const CLAIMED_LABEL: Readonly<Record<ClaimedTool, string>> = {
  terraform: 'Terraform',
  pulumi: 'Pulumi',
  cdk: 'the AWS CDK',
  serverless: 'the Serverless Framework',
  cloudformation: 'CloudFormation',
};

function actorText(actor: Actor): string {
  const lines = [esc(actor.arn ?? actor.name ?? actor.principalId ?? actor.type)];
  if (actor.sessionName) lines.push(`session ${esc(actor.sessionName)}`);
  if (actor.mfa !== undefined) lines.push(actor.mfa ? 'MFA: yes' : 'MFA: *no*');
  if (actor.sourceIp) lines.push(`IP ${esc(actor.sourceIp)}`);
  if (actor.userAgent) lines.push(`agent ${esc(truncateText(actor.userAgent, USER_AGENT_MAX))}`);
  if (actor.invokedBy) lines.push(`via ${esc(actor.invokedBy)}`);
  if (actor.iac) lines.push(`:building_construction: infrastructure as code (${esc(IAC_LABEL[actor.iac])})`);
  else if (actor.userAgentTool) {
    lines.push(`user agent claims ${esc(CLAIMED_LABEL[actor.userAgentTool])} (not verified; nothing lowered)`);
  }
  return lines.join('\n');
}

function targetText(target: Target): string {
  const lines = [`${esc(target.type)} ${esc(target.name ?? target.arn ?? '')}`.trim()];
  if (target.arn && target.name) lines.push(esc(target.arn));
  if (target.id) lines.push(esc(target.id));
  return lines.join('\n');
}

function accountText(account: string | undefined, alias: string | undefined): string {
  if (!account) return 'unknown';
  return alias ? `${esc(account)} (${esc(alias)})` : esc(account);
}

/** Slack renders the time in the reader's zone; the ISO text is the fallback. */
function slackDate(iso: string): string {
  const epoch = Math.floor(Date.parse(iso) / 1000);
  if (!Number.isFinite(epoch)) return esc(iso);
  return `<!date^${epoch}^{date_short_pretty} {time_secs}|${esc(iso)}>`;
}

/** The diff in a code block, cut line by line to fit one section, with "… N more" for the rest. */
function policyDiffText(lines: readonly string[]): string {
  const head = '*Policy change*\n```';
  const tail = '```';
  const budget = SLACK_LIMITS.sectionText - head.length - tail.length - 40;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    const text = esc(truncateText(line, DIFF_LINE_MAX));
    if (used + text.length + 1 > budget) break;
    shown.push(text);
    used += text.length + 1;
  }
  const more = lines.length - shown.length;
  if (more > 0) shown.push(`… ${more} more`);
  return `${head}${shown.join('\n')}${tail}`;
}

function remediationBlocks(input: FindingMessageInput): SlackBlock[] {
  const { finding, decision, actions } = input;
  if (actions.length === 0) {
    if (decision === undefined) {
      if (finding.remediation.length === 0) return [];
      const lines = finding.remediation.map(
        (step) =>
          `• Would ${lowerFirst(esc(step.description || step.kind))} — \`${step.kind}\`, mode ${step.defaultMode}`,
      );
      return [{ type: 'section', text: mrkdwnText(`*Planned remediation*\n${lines.join('\n')}`) }];
    }
    const blocks: SlackBlock[] = [];
    if (finding.remediation.length > 0) {
      const lines = finding.remediation.map((step) => `• ${esc(step.description || step.kind)} — \`${step.kind}\``);
      blocks.push({
        type: 'section',
        text: mrkdwnText(`*Remediation available* (Warden only alerts here)\n${lines.join('\n')}`),
      });
    }
    if (decision.mode === 'alert') {
      blocks.push({
        type: 'actions',
        block_id: 'finding',
        elements: [
          button(SlackActionId.ExpectedChange, 1, 'Expected change', finding.id, {
            confirm: confirmDialog(
              'Mark as expected?',
              'Repeats of this change by the same actor on the same target will not be reported.',
              'Expected',
            ),
          }),
        ],
      });
    }
    return blocks;
  }
  const blocks: SlackBlock[] = [];
  actions.slice(0, MAX_ACTIONS_SHOWN).forEach((action, index) => {
    const n = index + 1;
    const description = describeAction(action, finding.remediation);
    const view = actionView(action, description, n, decision?.dryRun ?? false);
    blocks.push({
      type: 'section',
      block_id: `action:${n}`,
      text: mrkdwnText(`*${esc(description)}*\n${view.status}`),
    });
    if (view.buttons.length > 0) blocks.push({ type: 'actions', block_id: `buttons:${n}`, elements: view.buttons });
  });
  if (actions.length > MAX_ACTIONS_SHOWN) {
    blocks.push({
      type: 'context',
      elements: [mrkdwnText(`… ${actions.length - MAX_ACTIONS_SHOWN} more actions (see \`warden\` records)`)],
    });
  }
  return blocks;
}

/** The plan step's plain words for an action (same kind and parameters), else the kind in words. */
export function describeAction(action: ActionRecord, plan: readonly RemediationStep[]): string {
  const params = JSON.stringify(action.params);
  const step = plan.find((s) => s.kind === action.kind && JSON.stringify(s.params) === params);
  if (step?.description) return step.description;
  const kind = action.kind.replace(/-/g, ' ');
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

interface ActionView {
  readonly status: string;
  readonly buttons: readonly SlackButton[];
}

function actionView(action: ActionRecord, description: string, n: number, dryRun: boolean): ActionView {
  const by = whoText(action.changedBy);
  const at = slackDate(action.changedAt);
  const reason = action.reason ? esc(truncateText(action.reason, REASON_MAX)) : undefined;
  const result = action.result ? esc(truncateText(action.result, REASON_MAX)) : undefined;
  const status = action.status as string;
  switch (status) {
    case 'planned':
      if (dryRun || action.mode === 'approve') {
        const what = action.mode === 'approve' ? 'asked for approval' : 'applied it automatically';
        return { status: `:test_tube: Dry run: would have ${what}; nothing was changed`, buttons: [] };
      }
      return { status: ':gear: Applying automatically…', buttons: [] };
    case 'pending-approval': {
      const expires = action.approvalExpiresAt ? ` (expires ${slackDate(action.approvalExpiresAt)})` : '';
      const first = action.firstApproval
        ? `; approved once by ${whoText(action.firstApproval.by)} — a second, different approver is needed`
        : '';
      return {
        status: `:raised_hand: Waiting for approval${expires}${first}`,
        buttons: [
          button(SlackActionId.Approve, n, 'Approve', action.id, {
            style: 'primary',
            confirm: confirmDialog('Approve remediation?', `Warden will ${lowerFirst(description)}.`, 'Approve'),
          }),
          button(SlackActionId.Dismiss, n, 'Dismiss', action.id),
          button(SlackActionId.Snooze, n, 'Snooze 24h', action.id),
        ],
      };
    }
    case 'snoozed':
      return {
        status: `:zzz: Snoozed by ${by} ${at}`,
        buttons: [
          button(SlackActionId.Approve, n, 'Approve', action.id, {
            style: 'primary',
            confirm: confirmDialog('Approve remediation?', `Warden will ${lowerFirst(description)}.`, 'Approve'),
          }),
          button(SlackActionId.Dismiss, n, 'Dismiss', action.id),
        ],
      };
    case 'approved':
      return { status: `:gear: Approved by ${by} ${at}: applying…`, buttons: [] };
    case 'applied':
      return {
        status: `:white_check_mark: Done (${by}, ${at})${result ? `: ${result}` : ''}`,
        buttons: [
          button(SlackActionId.Undo, n, 'Undo', action.id, {
            style: 'danger',
            confirm: confirmDialog(
              'Undo remediation?',
              `Warden will put back what it changed (${lowerFirst(description)}), unless it changed again since.`,
              'Undo',
            ),
          }),
        ],
      };
    case 'applying':
      return { status: `:gear: Applying (${by}, ${at})…`, buttons: [] };
    case 'undo-requested':
    case 'undoing':
      return { status: `:gear: Undo requested by ${by} ${at}: undoing…`, buttons: [] };
    case 'undone':
      return { status: `:leftwards_arrow_with_hook: Undone by ${by} ${at}${result ? `: ${result}` : ''}`, buttons: [] };
    case 'failed':
      return { status: `:x: Failed ${at}${reason ? `: ${reason}` : ''}`, buttons: [] };
    case 'cannot-undo':
      return { status: `:warning: Cannot undo (${by}, ${at})${reason ? `: ${reason}` : ''}`, buttons: [] };
    case 'dismissed':
      return { status: `:no_entry_sign: Dismissed by ${by} ${at}`, buttons: [] };
    case 'expired':
      return { status: `:hourglass: Approval expired ${at}: nothing was changed`, buttons: [] };
    default:
      return { status: `Status: ${esc(status)} (${by}, ${at})`, buttons: [] };
  }
}

/** 'auto' → Warden (automatic); a Slack user id → a mention; anything else in words. */
export function whoText(by: string): string {
  if (by === 'auto') return 'Warden (automatic)';
  if (by === 'warden') return 'Warden';
  if (by === 'expiry') return 'expiry';
  if (/^[UW][A-Z0-9]{2,}$/.test(by)) return `<@${by}>`;
  return esc(by);
}

function button(
  id: SlackActionId,
  n: number,
  label: string,
  value: string,
  extra: Pick<SlackButton, 'style' | 'confirm'> = {},
): SlackButton {
  return {
    type: 'button',
    text: plainText(label, SLACK_LIMITS.buttonText),
    action_id: buttonActionId(id, n),
    value,
    ...extra,
  };
}

function confirmDialog(title: string, text: string, confirm: string) {
  return {
    title: plainText(title, SLACK_LIMITS.confirmTitle),
    text: plainText(text, SLACK_LIMITS.confirmText),
    confirm: plainText(confirm, SLACK_LIMITS.confirmButton),
    deny: plainText('Cancel', SLACK_LIMITS.confirmButton),
  };
}

function fallbackText(input: FindingMessageInput, severity: Severity): string {
  const { finding } = input;
  const mention = mentionOf(severity, input.onCallUserGroup);
  return truncateText(
    `${mention}[${severity.toUpperCase()}] ${finding.title}: ${esc(finding.summary)}`,
    SLACK_LIMITS.sectionText,
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
