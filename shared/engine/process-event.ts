import type { ActionLogger } from '../actions/action.js';
import type { Mode } from '../model/action-kinds.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import { type ActionRequestedDetail, WardenDetailType } from '../bus/warden-events.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { Finding } from '../model/finding.js';
import type { IamContextSource } from '../rules/support/rule-context.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { SnapshotFollower } from '../snapshot/snapshot-follower.js';
import type { ActionRecord } from '../model/records.js';
import type { WardenStore } from '../store/store.js';
import type { Decision } from '../model/decision.js';
import { applyBlastRadius } from './decide.js';
import type { Detector } from './detect.js';
import { evaluateEvent } from './evaluate-event.js';
import { type IgnoreReason, logIgnored, ownCallFields, readEvent } from './ignore-stage.js';
import type { WardenSelf } from './own-calls.js';
import { recordActions } from './record-actions.js';
import type { Notifier } from '../model/notices.js';

/** How long an (event id, rule id) claim is kept: far beyond EventBridge's 24 h redelivery window. */
export const EVENT_CLAIM_TTL_SECONDS = 7 * 24 * 3600;
/** Root sessions last at most 12 h; one thread per session. */
const THREAD_TTL_SECONDS = 12 * 3600;

export type EngineLogger = ActionLogger;

export interface DetectDependencies {
  readonly detector: Detector;
  /** Where each event's context comes from: loaded before the detector reads it. */
  readonly context: IamContextSource;
  /** The document snapshot the context reads before-documents from, kept current with each write. */
  readonly snapshot?: SnapshotFollower;
  readonly store: WardenStore;
  readonly notifier: Notifier;
  readonly publisher: EventPublisher;
  readonly config: WardenConfig;
  /** Rule id → the catalogue's default mode. */
  readonly defaultModes: ReadonlyMap<string, Mode>;
  /** Who Warden is here: its own calls are recognised exactly (own-calls.ts). */
  readonly self: WardenSelf;
  readonly clock: () => Date;
  readonly logger: EngineLogger;
}

export type FindingOutcome =
  | {
      readonly findingId: string;
      readonly ruleId: string;
      readonly outcome: 'duplicate' | 'off' | 'suppressed' | 'repeat';
    }
  | {
      readonly findingId: string;
      readonly ruleId: string;
      readonly outcome: 'notified';
      readonly mode: Mode;
      readonly dryRun: boolean;
      readonly actionIds: readonly string[];
    };

export interface EventOutcome {
  /** Why the event was not evaluated (malformed, `warden-own-call`: IGNORE_REASONS). */
  readonly skipped?: IgnoreReason;
  readonly findings: readonly FindingOutcome[];
}

/** The (actor, target) keys under which repeats are deduplicated and snoozes are stored. */
export function noiseKeys(finding: Finding): { actorKey: string; targetKey: string } {
  return {
    actorKey: finding.actor.arn ?? finding.actor.principalId ?? finding.actor.type,
    targetKey: `${finding.target.type}:${finding.target.arn ?? finding.target.name ?? ''}`,
  };
}

/**
 * The detect function's whole job (DESIGN §1): parse → ignore → evaluate →
 * dedupe → decide → record → notify → (auto) request the action. Malformed
 * input is logged and skipped; AWS errors propagate so the invocation is
 * retried (claims make the retry safe).
 */
export async function processEvent(input: unknown, deps: DetectDependencies): Promise<EventOutcome> {
  const parsed = readEvent(input);
  if (!parsed.ok) return skipped(parsed.reason, { reason: parsed.reason, detail: parsed.detail }, deps);
  const event = parsed.event;
  const evaluation = await evaluateEvent(event, deps);
  if (evaluation.own) return skipped(evaluation.ignored, ownCallFields(event, evaluation.own), deps);
  for (const failure of evaluation.detection.errors ?? []) deps.logger.warn('rule failed', { ...failure });
  const findings: FindingOutcome[] = [];
  for (const { finding, decision } of evaluation.decided) {
    findings.push(await processFinding(finding, decision, event, deps));
  }
  return { findings };
}

/** An input no rule sees (IGNORE_REASONS), logged as its row says. */
function skipped(reason: IgnoreReason, fields: Record<string, unknown>, deps: DetectDependencies): EventOutcome {
  logIgnored(deps.logger, reason, fields);
  return { skipped: reason, findings: [] };
}

/**
 * One finding, in named steps: claim → decide → record → announce. The claim
 * is the first store write, so an event delivered twice at once is acted on
 * once; a finding the configuration turns off, a snooze or a repeat stops
 * before the blast-radius count, which only an action Warden will take uses.
 */
async function processFinding(
  finding: Finding,
  evaluated: Decision,
  event: CloudTrailEvent,
  deps: DetectDependencies,
): Promise<FindingOutcome> {
  const ids = { findingId: finding.id, ruleId: finding.ruleId };
  if (!(await claim(event, finding, deps))) return { ...ids, outcome: 'duplicate' };
  const now = deps.clock();
  if (!evaluated.notify) return { ...ids, outcome: 'off' };
  const quiet = await quietened(finding, evaluated, deps, now);
  if (quiet) return { ...ids, outcome: quiet };

  const decision = await decideWithinBlastRadius(finding, evaluated, deps, now);
  const actions = await record(finding, decision, deps);
  await announce(finding, decision, actions, deps);
  return {
    ...ids,
    outcome: 'notified',
    mode: decision.mode,
    dryRun: decision.dryRun,
    actionIds: actions.map((a) => a.id),
  };
}

/** Claims (event id, rule id): false when another delivery of the event already has it. */
function claim(event: CloudTrailEvent, finding: Finding, deps: DetectDependencies): Promise<boolean> {
  return deps.store.claimEvent(event.eventId, finding.ruleId, EVENT_CLAIM_TTL_SECONDS);
}

/**
 * A snoozed (rule, actor, target), or an alert repeated within the dedupe
 * window: the finding is recorded as suppressed and no one is told.
 */
async function quietened(
  finding: Finding,
  decision: Decision,
  deps: DetectDependencies,
  now: Date,
): Promise<'suppressed' | 'repeat' | undefined> {
  const { store, config } = deps;
  const { actorKey, targetKey } = noiseKeys(finding);
  const suppression = await store.findSuppression(finding.ruleId, actorKey, targetKey, now);
  if (suppression) {
    await store.putFinding({ ...finding, severity: decision.severity, status: 'suppressed' });
    deps.logger.info('finding suppressed', {
      findingId: finding.id,
      ruleId: finding.ruleId,
      until: suppression.until,
      by: suppression.by,
    });
    return 'suppressed';
  }
  if (decision.mode === 'alert' && !finding.correlationKey) {
    const window = config.dedupeWindowMinutes * 60;
    if (!(await store.claimNotification(finding.ruleId, actorKey, targetKey, window))) {
      await store.putFinding({ ...finding, severity: decision.severity, status: 'suppressed' });
      return 'repeat';
    }
  }
  return undefined;
}

/**
 * The evaluation's decision, with the blast-radius guard applied: an action
 * Warden is about to take on its own is counted against the account's hourly
 * limit first, and one past the limit asks for approval instead (decide.ts).
 */
async function decideWithinBlastRadius(
  finding: Finding,
  decision: Decision,
  deps: DetectDependencies,
  now: Date,
): Promise<Decision> {
  if (decision.mode !== 'auto' || decision.dryRun || !finding.account) return decision;
  const count = await deps.store.incrementAutoActions(finding.account, now);
  // The count includes this action: the ones before it are what the guard weighs.
  return applyBlastRadius(decision, count - 1, deps.config, finding.account);
}

/** The open finding and its planned actions. */
async function record(finding: Finding, decision: Decision, deps: DetectDependencies): Promise<ActionRecord[]> {
  await deps.store.putFinding({ ...finding, severity: decision.severity, status: 'open' });
  return recordActions(finding, decision, deps);
}

/**
 * Tells people and the bus: the Slack notice (in the session's thread when
 * there is one), its reference on the finding, "Warden Finding", and for an
 * automatic decision the request to apply each action.
 */
async function announce(
  finding: Finding,
  decision: Decision,
  actions: readonly ActionRecord[],
  deps: DetectDependencies,
): Promise<void> {
  const thread = await threadOf(finding, deps);
  const slack = await deps.notifier.findingRaised({
    finding: { ...finding, severity: decision.severity },
    decision,
    actions,
    thread,
  });
  if (slack) await deps.store.setFindingSlackRef(finding.id, slack.channel, slack.ts);
  await deps.publisher.publish(WardenDetailType.Finding, {
    findingId: finding.id,
    ruleId: finding.ruleId,
    severity: decision.severity,
    title: finding.title,
    summary: finding.summary,
    eventId: finding.eventId,
    account: finding.account,
    region: finding.region,
    mode: decision.mode,
    dryRun: decision.dryRun,
  });
  if (decision.mode === 'auto' && !decision.dryRun) {
    for (const action of actions) await requestAutoApply(action, deps);
  }
}

async function threadOf(finding: Finding, deps: DetectDependencies): Promise<{ findingId: string } | undefined> {
  if (!finding.correlationKey) return undefined;
  const claim = await deps.store.claimThread(finding.correlationKey, finding.id, THREAD_TTL_SECONDS);
  if (claim.claimed) return undefined;
  const first = await deps.store.getFinding(claim.thread.findingId);
  return { findingId: claim.thread.findingId, ...(first?.slack ? { slack: first.slack } : {}) };
}

async function requestAutoApply(action: ActionRecord, deps: DetectDependencies): Promise<void> {
  const moved = await deps.store.transitionAction(action.id, { from: 'planned', to: 'approved', by: 'auto' });
  if (!moved.ok) return;
  const detail: ActionRequestedDetail = {
    actionId: action.id,
    findingId: action.findingId,
    operation: 'apply',
    requestedBy: 'auto',
  };
  await deps.publisher.publish(WardenDetailType.ActionRequested, detail);
}
