import { createHash } from 'node:crypto';
import type { ActionLogger } from '../actions/action.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import { type ActionOperation, type ActionRequestedDetail, WardenDetailType } from '../bus/warden-events.js';
import type { WardenConfig } from '../settings/warden-config.js';
import { SlackActionId } from '../slack/action-ids.js';
import { authoriseClicker, type ClickerRefusal, type SlackDirectory } from '../slack/authorise-clicker.js';
import { describeAction, findingMessage, whoText } from '../slack/finding-message.js';
import { type ButtonClick, parseInteraction } from '../slack/interaction-payload.js';
import type { SlackBlock } from '../slack/slack-message.js';
import { clickThreadLine } from '../slack/thread-line.js';
import { verifySlackSignature } from '../slack/verify-signature.js';
import type { ActionStatus } from '../store/action-status.js';
import type { ActionRecord, FindingRecord, TransitionOutcome, WardenStore } from '../store/store.js';
import { noiseKeys } from './process-event.js';

/** Longer than the 5 minutes a Slack signature is accepted, plus clock skew. */
const REPLAY_WINDOW_SECONDS = 10 * 60;
/** How long Snooze 24h suppresses the (rule, actor, target) of a finding. */
export const SNOOZE_SECONDS = 24 * 3600;
/** How long "Expected change" suppresses repeats of the (rule, actor, target). */
export const EXPECTED_CHANGE_SECONDS = 30 * 24 * 3600;

/** The Web API calls the endpoint makes (chat:write). `@slack/web-api`'s WebClient has them. */
export interface InteractionSlackClient {
  readonly chat: {
    update(args: { channel: string; ts: string; text: string; blocks: readonly SlackBlock[] }): Promise<unknown>;
    postEphemeral(args: { channel: string; user: string; text: string; thread_ts?: string }): Promise<unknown>;
    postMessage(args: { channel: string; thread_ts: string; text: string }): Promise<unknown>;
  };
}

export interface InteractionDependencies {
  readonly store: WardenStore;
  readonly publisher: EventPublisher;
  /** The Web API client (the bot token is read on first use). */
  readonly slack: () => Promise<InteractionSlackClient>;
  /** User groups and identities, cached. */
  readonly directory: SlackDirectory;
  readonly config: WardenConfig;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
  /** The Slack app's signing secret (cached by the provider). */
  readonly signingSecret: () => Promise<string>;
}

/** An HTTP request as received: header names in any case, the body's exact bytes. */
export interface RawHttpRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
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

/** Short fixed bodies: no internal error text ever reaches the caller. */
function respond(statusCode: number, body = ''): HttpResponse {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function header(request: RawHttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * The interactivity endpoint (DESIGN §1, §5): verify Slack's signature over
 * the raw body → parse the click → authorise the clicker → load the state by
 * id → one conditional transition → publish "Warden Action Requested" → update
 * the message and its thread → 200. The executor does the IAM work later.
 */
export async function handleInteraction(request: RawHttpRequest, deps: InteractionDependencies): Promise<HttpResponse> {
  try {
    const check = verifySlackSignature({
      signingSecret: await deps.signingSecret(),
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature: header(request, 'x-slack-signature'),
      rawBody: request.body,
      now: deps.clock(),
    });
    if (!check.ok) {
      deps.logger.warn('slack request refused', { reason: check.reason });
      return respond(401, 'unauthorised');
    }
    // Slack's signature stays valid for 5 minutes: a replay of the same request acts (and posts) nothing.
    const digest = createHash('sha256')
      .update(`${header(request, 'x-slack-request-timestamp') ?? ''}:`)
      .update(request.body)
      .digest('hex');
    if (!(await deps.store.claimSlackRequest(digest, REPLAY_WINDOW_SECONDS))) {
      deps.logger.warn('slack request replayed', { digest });
      return respond(200);
    }
    const parsed = parseInteraction(request.body);
    if (!parsed.ok) {
      deps.logger.warn('slack interaction rejected', { reason: parsed.reason, detail: parsed.detail });
      return respond(400, 'bad request');
    }
    const outcome = await handleClick(parsed.click, deps);
    deps.logger.info('slack click handled', {
      action: parsed.click.actionId,
      value: parsed.click.value,
      user: parsed.click.userId,
      outcome,
    });
    return respond(200);
  } catch (error) {
    deps.logger.warn('slack interaction failed', {
      error: error instanceof Error ? error.name : 'unknown',
      code: (error as { code?: unknown } | undefined)?.code,
    });
    return respond(500, 'internal error');
  }
}

interface ClickTarget {
  readonly finding: FindingRecord;
  /** Absent for finding-level buttons (Expected change). */
  readonly action?: ActionRecord;
}

async function loadTarget(click: ButtonClick, store: WardenStore): Promise<ClickTarget | undefined> {
  if (click.actionId === SlackActionId.ExpectedChange) {
    const finding = await store.getFinding(click.value);
    return finding ? { finding } : undefined;
  }
  const action = await store.getAction(click.value);
  const finding = action ? await store.getFinding(action.findingId) : undefined;
  return action && finding ? { finding, action } : undefined;
}

const REFUSAL_TEXT: Readonly<Record<ClickerRefusal, string>> = {
  'not-an-approver': 'You are not an approver for findings of this severity, so nothing was changed.',
  'own-change': 'This finding is about a change you made yourself; someone else has to decide. Nothing was changed.',
  'identity-unavailable': 'Warden could not check who you are in Slack right now, so nothing was changed. Try again.',
};

/** Why a transition did not happen, in the clicker's words. */
const STATUS_WORDS: Readonly<Record<ActionStatus, string>> = {
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

function slackTime(iso: string): string {
  const epoch = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(epoch) ? `<!date^${epoch}^{date_short_pretty} {time_secs}|${iso}>` : iso;
}

/** The statuses a click would have led to: finding one of them, someone else got there first. */
const CLICK_REACHES: Readonly<Partial<Record<SlackActionId, readonly ActionStatus[]>>> = {
  [SlackActionId.Approve]: ['approved', 'applying', 'applied'],
  [SlackActionId.Undo]: ['undo-requested', 'undoing', 'undone'],
  [SlackActionId.Dismiss]: ['dismissed'],
  [SlackActionId.Snooze]: ['snoozed'],
};

const CLICK_WORDS: Readonly<Record<SlackActionId, string>> = {
  [SlackActionId.Approve]: 'Approve',
  [SlackActionId.Dismiss]: 'Dismiss',
  [SlackActionId.Snooze]: 'Snooze',
  [SlackActionId.Undo]: 'Undo',
  [SlackActionId.ExpectedChange]: 'Expected change',
};

function sameOutcome(click: ButtonClick, current: ActionRecord): boolean {
  return CLICK_REACHES[click.actionId]?.includes(current.status) ?? false;
}

/**
 * "Already approved by <@U1> at …" when someone else's click got there first;
 * otherwise the state the action is in, without a "by": an Undo on a pending
 * action was not refused because Warden did anything.
 */
function alreadyDone(click: ButtonClick, current: ActionRecord): string {
  const at = slackTime(current.changedAt);
  if (sameOutcome(click, current)) {
    return `Already ${STATUS_WORDS[current.status]} by ${whoText(current.changedBy)} at ${at}; nothing was changed.`;
  }
  return `This action is ${STATUS_WORDS[current.status]} (since ${at}), so ${CLICK_WORDS[click.actionId]} does not apply; nothing was changed.`;
}

class ClickReply {
  private readonly tasks: Promise<unknown>[] = [];

  constructor(
    private readonly click: ButtonClick,
    private readonly target: ClickTarget | undefined,
    private readonly deps: InteractionDependencies,
  ) {}

  private slackCall(what: string, call: (client: InteractionSlackClient) => Promise<unknown>): void {
    this.tasks.push(
      this.deps
        .slack()
        .then(call)
        .catch((error: unknown) => {
          this.deps.logger.warn('slack call failed', {
            call: what,
            error: error instanceof Error ? error.name : 'unknown',
            code: (error as { code?: unknown } | undefined)?.code,
          });
        }),
    );
  }

  /** Only the clicker sees it. */
  ephemeral(text: string): void {
    const threadTs = this.click.threadTs;
    this.slackCall('chat.postEphemeral', (slack) =>
      slack.chat.postEphemeral({
        channel: this.click.channel,
        user: this.click.userId,
        text,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
  }

  /** The click, who/what/when/result, in the message's thread. */
  threadLine(result: string): void {
    if (!this.target) return;
    const { finding, action } = this.target;
    // Under the message clicked (a finding's own message, or a digest); else the finding's message.
    const clicked = this.click.threadTs ?? this.click.messageTs;
    const channel = clicked ? this.click.channel : finding.slack?.channel;
    const ts = clicked ?? finding.slack?.ts;
    if (!channel || !ts) return;
    const subject = action ? describeAction(action, finding.remediation) : finding.title;
    const text = clickThreadLine({
      userId: this.click.userId,
      action: this.click.actionId,
      subject,
      at: this.deps.clock(),
      result,
    });
    this.slackCall('chat.postMessage', (slack) => slack.chat.postMessage({ channel, thread_ts: ts, text }));
  }

  /**
   * Re-renders the finding's own message with the action's new record (the
   * list read may lag behind it). A finding without a message of its own (an
   * item of a sweep digest) leaves the clicked message as it is; the clicker
   * gets `confirmation` instead.
   */
  async refreshMessage(changed: ActionRecord, confirmation?: string): Promise<void> {
    if (!this.target) return;
    const { finding } = this.target;
    if (!finding.slack) {
      if (confirmation) this.ephemeral(confirmation);
      return;
    }
    const { channel, ts } = finding.slack;
    const listed = await this.deps.store.listActions(finding.id);
    const actions = listed.some((a) => a.id === changed.id)
      ? listed.map((a) => (a.id === changed.id ? changed : a))
      : [...listed, changed];
    const message = findingMessage({
      finding,
      decision: { mode: changed.mode, dryRun: false, notes: [], severity: finding.severity },
      actions,
      ...(this.deps.config.slack.onCallUserGroup ? { onCallUserGroup: this.deps.config.slack.onCallUserGroup } : {}),
    });
    this.slackCall('chat.update', (slack) =>
      slack.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
    );
  }

  /** Waits for the Slack calls started (each failure is logged, none thrown). */
  async settled(): Promise<void> {
    await Promise.all(this.tasks);
  }
}

async function handleClick(click: ButtonClick, deps: InteractionDependencies): Promise<ClickOutcome> {
  const target = await loadTarget(click, deps.store);
  const reply = new ClickReply(click, target, deps);
  if (!target) {
    reply.ephemeral('Warden no longer knows this item (it may have been removed); nothing was changed.');
    await reply.settled();
    return 'gone';
  }
  const authorisation = await authoriseClicker({
    userId: click.userId,
    severity: target.finding.severity,
    actor: target.finding.actor,
    config: deps.config,
    directory: deps.directory,
    onLookupFailure: (what, error) =>
      deps.logger.warn('slack lookup failed', { what, error: error instanceof Error ? error.name : 'unknown' }),
  });
  let outcome: ClickOutcome;
  if (!authorisation.ok) {
    deps.logger.info('click refused', { user: click.userId, reason: authorisation.reason, value: click.value });
    reply.ephemeral(REFUSAL_TEXT[authorisation.reason]);
    outcome = 'refused';
  } else if (!target.action) {
    outcome = await expectedChange(click, target.finding, reply, deps);
  } else {
    outcome = await actOn(click, target.finding, target.action, reply, deps, authorisation.needsSecondApprover);
  }
  await reply.settled();
  return outcome;
}

async function actOn(
  click: ButtonClick,
  finding: FindingRecord,
  action: ActionRecord,
  reply: ClickReply,
  deps: InteractionDependencies,
  needsSecondApprover: boolean,
): Promise<ClickOutcome> {
  const by = click.userId;
  const at = deps.clock();
  let moved: TransitionOutcome;
  switch (click.actionId) {
    case SlackActionId.Approve:
      if (needsSecondApprover) {
        const step = await twoPersonApproval(click, action, reply, deps, at);
        if (typeof step === 'string') return step;
        moved = step;
        break;
      }
      moved = await deps.store.transitionAction(action.id, {
        from: APPROVABLE,
        to: 'approved',
        by,
        at,
      });
      break;
    case SlackActionId.Undo:
      moved = await deps.store.transitionAction(action.id, { from: 'applied', to: 'undo-requested', by, at });
      break;
    case SlackActionId.Dismiss:
      moved = await deps.store.transitionAction(action.id, {
        from: ['pending-approval', 'snoozed', 'planned'],
        to: 'dismissed',
        by,
        at,
      });
      break;
    case SlackActionId.Snooze:
      moved = await deps.store.transitionAction(action.id, { from: 'pending-approval', to: 'snoozed', by, at });
      break;
    default:
      // Expected change is a finding-level button: its value is never an action id.
      reply.ephemeral('This button does not apply here; nothing was changed.');
      return 'refused';
  }

  if (!moved.ok) return refusedTransition(click, moved, action, reply, deps);
  const changed = moved.action;

  if (click.actionId === SlackActionId.Approve || click.actionId === SlackActionId.Undo) {
    const operation: ActionOperation = click.actionId === SlackActionId.Approve ? 'apply' : 'undo';
    const sent = await requestExecution(changed, operation, by, deps);
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
  if (click.actionId === SlackActionId.Snooze) {
    await deps.store.putSuppression({
      ruleId: finding.ruleId,
      ...noiseKeys(finding),
      until: new Date(at.getTime() + SNOOZE_SECONDS * 1000),
      by,
      reason: 'Snooze 24h from Slack',
    });
    await reply.refreshMessage(changed, 'Snoozed for 24 hours.');
    reply.threadLine('snoozed for 24 hours (repeats are not reported)');
    return 'snoozed';
  }
  await reply.refreshMessage(changed, 'Dismissed.');
  await dismissFindingWhenSettled(finding, changed, deps);
  reply.threadLine('dismissed');
  return 'dismissed';
}

const APPROVABLE: readonly ActionStatus[] = ['pending-approval', 'snoozed'];

/**
 * Approve on a critical finding by a clicker Warden cannot tell apart from
 * the actor: the first such click is recorded (conditional write, so a double
 * click records once); a click by a different Slack user then approves, the
 * same user again does not. Returns the approval's transition, or the outcome
 * when there is nothing more to do.
 */
async function twoPersonApproval(
  click: ButtonClick,
  action: ActionRecord,
  reply: ClickReply,
  deps: InteractionDependencies,
  at: Date,
): Promise<TransitionOutcome | ClickOutcome> {
  const by = click.userId;
  // Two rounds: a first approval cleared between our read and write (snooze, dismiss) is retried once.
  for (let round = 0; round < 2; round += 1) {
    const first = await deps.store.recordFirstApproval(action.id, { from: APPROVABLE, by, at });
    if (first.ok) {
      await reply.refreshMessage(first.action);
      reply.ephemeral(
        'Your approval is recorded. Warden cannot tell whether you made this change, so a second, different approver has to approve it too.',
      );
      reply.threadLine('first approval recorded; a second, different approver is needed');
      return 'first-approval';
    }
    if (first.reason !== 'first-approval-recorded') return refusedTransition(click, first, action, reply, deps);
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
      at,
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
  deps: InteractionDependencies,
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
  click: ButtonClick,
  moved: Exclude<TransitionOutcome, { ok: true }>,
  action: ActionRecord,
  reply: ClickReply,
  deps: InteractionDependencies,
): Promise<ClickOutcome> {
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
  reply.ephemeral(alreadyDone(click, moved.current));
  reply.threadLine(
    sameOutcome(click, moved.current)
      ? `${STATUS_WORDS[moved.current.status]} already; nothing changed`
      : `refused: the action is ${STATUS_WORDS[moved.current.status]}; nothing changed`,
  );
  return 'already-done';
}

/** A finding whose every action was dismissed is dismissed too. */
async function dismissFindingWhenSettled(
  finding: FindingRecord,
  changed: ActionRecord,
  deps: InteractionDependencies,
): Promise<void> {
  const actions = (await deps.store.listActions(finding.id)).map((a) => (a.id === changed.id ? changed : a));
  if (actions.every((a) => a.status === 'dismissed')) await deps.store.setFindingStatus(finding.id, 'dismissed');
}

/** "Expected change" on an alert-only finding: resolved, and repeats of (rule, actor, target) suppressed. */
async function expectedChange(
  click: ButtonClick,
  finding: FindingRecord,
  reply: ClickReply,
  deps: InteractionDependencies,
): Promise<ClickOutcome> {
  if (finding.status !== 'open') {
    reply.ephemeral(`This finding is already ${finding.status}; nothing was changed.`);
    return 'already-done';
  }
  const at = deps.clock();
  await deps.store.putSuppression({
    ruleId: finding.ruleId,
    ...noiseKeys(finding),
    until: new Date(at.getTime() + EXPECTED_CHANGE_SECONDS * 1000),
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
