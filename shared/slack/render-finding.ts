/**
 * The one rendering of a finding's Slack message, used wherever Warden posts
 * or re-posts it: detect (first message), execute (after apply or undo) and
 * the click handler (after a button). The settings that are not part of the
 * finding (the on-call group, account aliases) are read from one place, so
 * the three can never differ.
 */
import type { Decision } from '../model/decision.js';
import type { Finding } from '../model/finding.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { ActionRecord } from '../model/records.js';
import { findingMessage } from './finding-message.js';
import type { SlackMessage } from './slack-message.js';

export interface FindingRenderSettings {
  /** Slack user group id (S…) mentioned on critical findings. */
  readonly onCallUserGroup?: string;
  /** Account id → alias shown beside the id. */
  readonly accountAlias?: (account: string) => string | undefined;
}

export type RenderedDecision = Pick<Decision, 'mode' | 'dryRun' | 'notes' | 'severity'>;

export function findingRenderSettings(
  config: Pick<WardenConfig, 'slack'>,
  accountAlias?: (account: string) => string | undefined,
): FindingRenderSettings {
  return {
    ...(config.slack.onCallUserGroup ? { onCallUserGroup: config.slack.onCallUserGroup } : {}),
    ...(accountAlias ? { accountAlias } : {}),
  };
}

/**
 * The message for `finding` with its recorded `actions`. `decision` is what
 * detect decided, shown on the first message (its notes, dry run); a later
 * re-rendering passes none and shows the finding at its own severity, in the
 * mode its actions were recorded with.
 */
export function renderFinding(
  finding: Finding,
  actions: readonly ActionRecord[],
  settings: FindingRenderSettings,
  decision?: RenderedDecision,
): SlackMessage {
  const alias = finding.account !== undefined ? settings.accountAlias?.(finding.account) : undefined;
  return findingMessage({
    finding,
    decision: decision ?? {
      mode: actions[0]?.mode ?? 'alert',
      dryRun: false,
      notes: [],
      severity: finding.severity,
    },
    actions,
    ...(alias ? { accountAlias: alias } : {}),
    ...(settings.onCallUserGroup ? { onCallUserGroup: settings.onCallUserGroup } : {}),
  });
}

/** `actions` with `changed` in its new state (a list read may lag behind a write). */
export function withChangedAction(actions: readonly ActionRecord[], changed: ActionRecord): ActionRecord[] {
  return actions.some((action) => action.id === changed.id)
    ? actions.map((action) => (action.id === changed.id ? changed : action))
    : [...actions, changed];
}
