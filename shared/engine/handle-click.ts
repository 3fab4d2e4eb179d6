/**
 * One verified, parsed button click (DESIGN §5): load what it is about →
 * authorise the clicker → route it by the button table → one conditional
 * transition → its follow-up (publish "Warden Action Requested", suppress
 * repeats, settle the finding) → the replies in Slack. The executor does the
 * IAM work later.
 */
import type { ActionLogger } from '../actions/action.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { ActionOperation } from '../model/action-kinds.js';
import { type ActionRequestedDetail, WardenDetailType } from '../bus/warden-events.js';
import type { WardenConfig } from '../settings/warden-config.js';
import { SlackActionId } from '../slack/action-ids.js';
import { authoriseClicker, type SlackDirectory } from '../slack/authorise-clicker.js';
import { ClickReply, type ClickSubject } from '../slack/click-reply.js';
import { alreadyDoneText, REFUSAL_TEXT, slackTime, STATUS_WORDS } from '../slack/click-texts.js';
import type { ButtonClick } from '../slack/interaction-payload.js';
import { type FindingRenderSettings, withChangedAction } from '../slack/render-finding.js';
import type { SlackGateway } from '../slack/slack-gateway.js';
import type { ActionRecord, FindingRecord } from '../model/records.js';
import type { TransitionOutcome, WardenStore } from '../store/store.js';
import { ACTION_BUTTONS, type ActionButton, APPROVABLE, isActionButton } from './click-buttons.js';
import { noiseKeys } from './process-event.js';

/** How long Snooze 24h suppresses the (rule, actor, target) of a finding. */
export const SNOOZE_SECONDS = 24 * 3600;
/** How long "Expected change" suppresses repeats of the (rule, actor, target). */
export const EXPECTED_CHANGE_SECONDS = 30 * 24 * 3600;

export interface ClickDependencies {
  readonly store: WardenStore;
  readonly publisher: EventPublisher;
  /** Warden's one Web API client. */
  readonly slack: SlackGateway;
  /** User groups and identities, cached. */
  readonly directory: SlackDirectory;
  readonly config: WardenConfig;
  /** How the finding's message is re-rendered. */
  readonly render: FindingRenderSettings;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
}

/** What came of a click; logged, and returned for tests and the bench. */
export type ClickOutcome =
  | 'approved'
  /** The first of two approvals was recorded. */
  | 'first-approval'
  /** The same user approved again; a different one is still needed. */
  | 'awaiting-second-approver'
  | 'undo-requested'
  | 'dismissed'
  | 'snoozed'
  | 'expected-change'
  | 'already-done'
  | 'expired'
  | 'refused'
  | 'gone'
  | 'request-not-sent';

/** One click's context, passed to each step. */
interface Click {
  readonly click: ButtonClick;
  readonly reply: ClickReply;
  readonly deps: ClickDependencies;
}

export async function handleClick(click: ButtonClick, deps: ClickDependencies): Promise<ClickOutcome> {
  const subject = await loadSubject(click, deps.store);
  const reply = new ClickReply(click, subject, {
    gateway: deps.slack,
    render: deps.render,
    listActions: (findingId) => deps.store.listActions(findingId),
    clock: deps.clock,
    logger: deps.logger,
  });
  const outcome = await route({ click, reply, deps }, subject);
  await reply.settled();
  return outcome;
}

async function loadSubject(click: ButtonClick, store: WardenStore): Promise<ClickSubject | undefined> {
  if (click.actionId === SlackActionId.ExpectedChange) {
    const finding = await store.getFinding(click.value);
    return finding ? { finding } : undefined;
  }
  const action = await store.getAction(click.value);
  const finding = action ? await store.getFinding(action.findingId) : undefined;
  return action && finding ? { finding, action } : undefined;
}

async function route(at: Click, subject: ClickSubject | undefined): Promise<ClickOutcome> {
  const { click, reply, deps } = at;
  if (!subject) {
    reply.ephemeral('Warden no longer knows this item (it may have been removed); nothing was changed.');
    return 'gone';
  }
  const authorisation = await authoriseClicker({
    userId: click.userId,
    severity: subject.finding.severity,
    actor: subject.finding.actor,
    config: deps.config,
    directory: deps.directory,
    onLookupFailure: (what, error) =>
      deps.logger.warn('slack lookup failed', { what, error: error instanceof Error ? error.name : 'unknown' }),
  });
  if (!authorisation.ok) {
    deps.logger.info('click refused', { user: click.userId, reason: authorisation.reason, value: click.value });
    reply.ephemeral(REFUSAL_TEXT[authorisation.reason]);
    return 'refused';
  }
  if (!subject.action) return expectedChange(at, subject.finding);
  if (!isActionButton(click.actionId)) {
    // Expected change is a finding-level button: its value is never an action id.
    reply.ephemeral('This button does not apply here; nothing was changed.');
    return 'refused';
  }
  const button = ACTION_BUTTONS[click.actionId];
  const moved =
    button.then === 'request-apply' && authorisation.needsSecondApprover
      ? await twoPersonApproval(at, subject.action)
      : await deps.store.transitionAction(subject.action.id, {
          from: button.from,
          to: button.to,
          by: click.userId,
          at: deps.clock(),
        });
  if (typeof moved === 'string') return moved;
  if (!moved.ok) return refusedTransition(at, button, moved, subject.action);
  return followUp(at, button, subject.finding, moved.action);
}

/** What a successful transition leads to. */
async function followUp(
  at: Click,
  button: ActionButton,
  finding: FindingRecord,
  changed: ActionRecord,
): Promise<ClickOutcome> {
  const { reply, deps, click } = at;
  switch (button.then) {
    case 'request-apply':
    case 'request-undo': {
      const operation: ActionOperation = button.then === 'request-apply' ? 'apply' : 'undo';
      const sent = await requestExecution(changed, operation, click.userId, deps);
      if (!sent.ok) {
        await reply.refreshMessage(sent.action);
        reply.ephemeral('Warden could not pass your request on to its executor, so nothing was changed. Try again.');
        reply.threadLine('could not be passed on; nothing was changed');
        return 'request-not-sent';
      }
      await reply.refreshMessage(
        changed,
        operation === 'apply' ? 'Approved: Warden is applying it.' : 'Undo requested: Warden is undoing it.',
      );
      reply.threadLine(operation === 'apply' ? 'approved; applying' : 'undo requested; undoing');
      return operation === 'apply' ? 'approved' : 'undo-requested';
    }
    case 'snooze':
      await deps.store.putSuppression({
        ruleId: finding.ruleId,
        ...noiseKeys(finding),
        until: new Date(deps.clock().getTime() + SNOOZE_SECONDS * 1000),
        by: click.userId,
        reason: 'Snooze 24h from Slack',
      });
      await reply.refreshMessage(changed, 'Snoozed for 24 hours.');
      reply.threadLine('snoozed for 24 hours (repeats are not reported)');
      return 'snoozed';
    case 'dismiss':
      await reply.refreshMessage(changed, 'Dismissed.');
      await dismissFindingWhenSettled(finding, changed, deps.store);
      reply.threadLine('dismissed');
      return 'dismissed';
  }
}

/**
 * Approve on a critical finding by a clicker Warden cannot tell apart from
 * the actor: the first such click is recorded (conditional write, so a double
 * click records once); a click by a different Slack user then approves, the
 * same user again does not. Returns the approval's transition, or the outcome
 * when there is nothing more to do.
 */
async function twoPersonApproval(at: Click, action: ActionRecord): Promise<TransitionOutcome | ClickOutcome> {
  const { click, reply, deps } = at;
  const by = click.userId;
  const when = deps.clock();
  // Two rounds: a first approval cleared between our read and write (snooze, dismiss) is retried once.
  for (let round = 0; round < 2; round += 1) {
    const first = await deps.store.recordFirstApproval(action.id, { from: APPROVABLE, by, at: when });
    if (first.ok) {
      await reply.refreshMessage(first.action);
      reply.ephemeral(
        'Your approval is recorded. Warden cannot tell whether you made this change, so a second, different approver has to approve it too.',
      );
      reply.threadLine('first approval recorded; a second, different approver is needed');
      return 'first-approval';
    }
    if (first.reason !== 'first-approval-recorded') {
      return refusedTransition(at, ACTION_BUTTONS[SlackActionId.Approve], first, action);
    }
    const recorded = first.current.firstApproval;
    if (recorded?.by === by) {
      reply.ephemeral(
        `You approved this already at ${slackTime(recorded.at)}; a second, different approver is needed. Nothing was changed.`,
      );
      return 'awaiting-second-approver';
    }
    const moved = await deps.store.transitionAction(action.id, {
      from: APPROVABLE,
      to: 'approved',
      by,
      at: when,
      requireFirstApprovalByAnother: true,
    });
    if (moved.ok || moved.reason !== 'second-approver-required') return moved;
  }
  reply.ephemeral('The approvals of this action kept changing; nothing was changed. Try again.');
  return 'refused';
}

/**
 * Publishes "Warden Action Requested". When that fails, the transition is
 * rolled back the only way the table allows (approved → failed; undo-requested
 * → applied), so the action is never left waiting for a request that was not sent.
 */
async function requestExecution(
  action: ActionRecord,
  operation: ActionOperation,
  requestedBy: string,
  deps: ClickDependencies,
): Promise<{ ok: true } | { ok: false; action: ActionRecord }> {
  const detail: ActionRequestedDetail = { actionId: action.id, findingId: action.findingId, operation, requestedBy };
  try {
    await deps.publisher.publish(WardenDetailType.ActionRequested, detail);
    return { ok: true };
  } catch (error) {
    deps.logger.warn('action request not published', {
      actionId: action.id,
      operation,
      error: error instanceof Error ? error.name : 'unknown',
    });
    const back = await deps.store.transitionAction(action.id, {
      from: action.status,
      to: operation === 'apply' ? 'failed' : 'applied',
      by: 'warden',
      reason: 'the request could not be passed on to the executor',
    });
    return { ok: false, action: back.ok ? back.action : action };
  }
}

async function refusedTransition(
  at: Click,
  button: ActionButton,
  moved: Exclude<TransitionOutcome, { ok: true }>,
  action: ActionRecord,
): Promise<ClickOutcome> {
  const { reply, deps } = at;
  if (moved.reason === 'not-found') {
    reply.ephemeral('Warden no longer knows this action; nothing was changed.');
    return 'gone';
  }
  if (moved.reason === 'approval-expired') {
    const expired = await deps.store.transitionAction(action.id, {
      from: moved.current.status,
      to: 'expired',
      by: 'expiry',
      reason: 'approval expired',
    });
    const record = expired.ok ? expired.action : 'current' in expired ? expired.current : moved.current;
    await reply.refreshMessage(record);
    const until = moved.current.approvalExpiresAt;
    reply.ephemeral(
      `This approval expired${until ? ` at ${slackTime(until)}` : ''}, so it can no longer be approved; nothing was changed.`,
    );
    reply.threadLine('refused: the approval had expired');
    return 'expired';
  }
  const sameOutcome = button.reaches.includes(moved.current.status);
  reply.ephemeral(alreadyDoneText(button.words, moved.current, sameOutcome));
  reply.threadLine(
    sameOutcome
      ? `${STATUS_WORDS[moved.current.status]} already; nothing changed`
      : `refused: the action is ${STATUS_WORDS[moved.current.status]}; nothing changed`,
  );
  return 'already-done';
}

/** A finding whose every action was dismissed is dismissed too. */
async function dismissFindingWhenSettled(
  finding: FindingRecord,
  changed: ActionRecord,
  store: WardenStore,
): Promise<void> {
  const actions = withChangedAction(await store.listActions(finding.id), changed);
  if (actions.every((a) => a.status === 'dismissed')) await store.setFindingStatus(finding.id, 'dismissed');
}

/** "Expected change" on an alert-only finding: resolved, and repeats of (rule, actor, target) suppressed. */
async function expectedChange(at: Click, finding: FindingRecord): Promise<ClickOutcome> {
  const { click, reply, deps } = at;
  if (finding.status !== 'open') {
    reply.ephemeral(`This finding is already ${finding.status}; nothing was changed.`);
    return 'already-done';
  }
  await deps.store.putSuppression({
    ruleId: finding.ruleId,
    ...noiseKeys(finding),
    until: new Date(deps.clock().getTime() + EXPECTED_CHANGE_SECONDS * 1000),
    by: click.userId,
    reason: 'Expected change from Slack',
  });
  await deps.store.setFindingStatus(finding.id, 'resolved');
  reply.ephemeral(
    'Marked as expected: repeats of this change by the same actor on the same target will not be reported for 30 days.',
  );
  reply.threadLine('marked as an expected change; repeats suppressed for 30 days');
  return 'expected-change';
}
