import type { ActionEnv, ActionLogger, ApplyResult, UndoResult } from '../actions/action.js';
import type { ActionKind, ActionParams } from '../model/action-kinds.js';
import * as v from 'valibot';
import { actionFor, isActionKind, specFor } from '../actions/registry.js';
import type { RemediationClients } from '../aws/remediation-clients.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import { type ActionCompletedDetail, type ActionRequestedDetail, WardenDetailType } from '../bus/warden-events.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { ActionRecord } from '../model/records.js';
import type { ActionTransition, WardenStore } from '../store/store.js';
import type { Notifier } from '../model/notices.js';
import { remediationSessionName } from './own-calls.js';

/**
 * How long an executor's claim holds: longer than the execute function's
 * 60 s timeout (serverless.yml), so a live run is never overtaken, and shorter
 * than Lambda's first retry of a crashed run (about a minute after it ended).
 */
export const EXECUTE_LEASE_SECONDS = 90;

export interface ExecuteDependencies {
  readonly store: WardenStore;
  /** IAM/CloudTrail clients acting in an account (the hub's own, or the member role). */
  /** Per action: member roles are assumed with the action's session name (own-calls.ts). */
  readonly clientsFor: (accountId: string, sessionName: string) => Promise<RemediationClients>;
  readonly publisher: EventPublisher;
  readonly notifier: Notifier;
  readonly config: WardenConfig;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
}

export type ExecuteOutcome =
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: ActionRecord['status']; readonly message: string };

/**
 * The record's parameters, checked against its kind's schema and completed
 * from configuration (the password baseline), or why Warden will not act on
 * them: a record changed or damaged in the store must not reach IAM.
 */
function paramsOf(
  action: ActionRecord,
  config: WardenConfig,
): { readonly ok: true; readonly params: ActionParams[ActionKind] } | { readonly ok: false; readonly reason: string } {
  if (!isActionKind(action.kind))
    return { ok: false, reason: `the stored action kind ${String(action.kind)} is unknown` };
  const spec = specFor(action.kind);
  const checked = v.safeParse(spec.params, action.params);
  if (!checked.success) {
    const issue = checked.issues[0];
    const where = issue.path?.map((item) => String(item.key)).join('.');
    return {
      ok: false,
      reason: `the stored parameters of this ${action.kind} action are not valid (${where ? `${where}: ` : ''}${issue.message})`,
    };
  }
  const fill = spec.withSettings as
    ((params: ActionParams[ActionKind], settings: WardenConfig) => ActionParams[ActionKind]) | undefined;
  return { ok: true, params: fill ? fill(checked.output, config) : checked.output };
}

function applyTransition(result: ApplyResult): Omit<ActionTransition, 'by'> {
  return result.status === 'failed'
    ? { from: 'applying', to: 'failed', reason: result.reason }
    : { from: 'applying', to: 'applied', priorState: result.priorState, result: result.message };
}

function undoTransition(result: UndoResult): Omit<ActionTransition, 'by'> {
  switch (result.status) {
    case 'undone':
    case 'already-undone':
      return { from: 'undoing', to: 'undone', result: result.message };
    case 'cannot-undo':
      return { from: 'undoing', to: 'cannot-undo', reason: result.reason };
    case 'failed':
      // Back to applied so Undo can be tried again; the failure is reported and logged.
      return { from: 'undoing', to: 'applied', reason: result.reason };
  }
}

/** The claim a request takes, and the status it gives back when the run fails before recording. */
const CLAIMS = {
  apply: { from: ['approved', 'applying'], to: 'applying', release: 'approved' },
  undo: { from: ['undo-requested', 'undoing'], to: 'undoing', release: 'undo-requested' },
} as const;

/**
 * Claims the action for this run before anything touches IAM: one conditional
 * write to `applying`/`undoing` with a lease. A concurrent delivery of the same
 * request loses it and stops; a claim whose lease has passed (its run crashed)
 * is taken over. A direct undo request for an `applied` action (CLI, tests)
 * first takes the `undo-requested` marker an Undo click would have set.
 */
async function claimAction(
  action: ActionRecord,
  request: ActionRequestedDetail,
  deps: ExecuteDependencies,
): Promise<{ claimed: ActionRecord } | { skip: string }> {
  const claim = CLAIMS[request.operation];
  let current = action;
  if (request.operation === 'undo' && current.status === 'applied') {
    const marked = await deps.store.transitionAction(current.id, {
      from: 'applied',
      to: 'undo-requested',
      by: request.requestedBy,
    });
    if (!marked.ok) return { skip: `action changed meanwhile (${marked.reason})` };
    current = marked.action;
  }
  if (!(claim.from as readonly string[]).includes(current.status)) {
    return { skip: `action is ${current.status}, not ${claim.from[0]}` };
  }
  const now = deps.clock();
  const claimed = await deps.store.transitionAction(current.id, {
    from: current.status,
    to: claim.to,
    by: request.requestedBy,
    at: now,
    leaseUntil: new Date(now.getTime() + EXECUTE_LEASE_SECONDS * 1000),
    ...(current.status === claim.to ? { reason: 'the previous run did not finish before its lease passed' } : {}),
  });
  return claimed.ok ? { claimed: claimed.action } : { skip: `action is claimed or changed (${claimed.reason})` };
}

/** Gives the claim back after an error, so the retried delivery can run at once; the error propagates. */
async function releaseClaim(claimed: ActionRecord, request: ActionRequestedDetail, deps: ExecuteDependencies) {
  try {
    await deps.store.transitionAction(claimed.id, {
      from: claimed.status,
      to: CLAIMS[request.operation].release,
      by: request.requestedBy,
      version: claimed.version,
      reason: 'the executor stopped with an error before recording an outcome',
    });
  } catch (error) {
    // The lease expires on its own; the original error is the one to report.
    deps.logger.warn('claim not released', { actionId: claimed.id, error: (error as Error).name });
  }
}

/**
 * The only code path that changes IAM (DESIGN §1, functions/execute): load the
 * recorded action, check it is in the state the request needs, act in the
 * event's account, record the outcome (conditional, audited), tell Slack and
 * publish "Warden Action Completed". Requests for actions in another state are
 * skipped, so repeated deliveries act once.
 */
export async function executeRequest(
  request: ActionRequestedDetail,
  deps: ExecuteDependencies,
): Promise<ExecuteOutcome> {
  const stored = await deps.store.getAction(request.actionId);
  if (!stored) {
    deps.logger.warn('action request for unknown action', { actionId: request.actionId });
    return { status: 'skipped', reason: 'unknown action' };
  }
  const claim = await claimAction(stored, request, deps);
  if ('skip' in claim) {
    deps.logger.info('action request skipped', {
      actionId: stored.id,
      status: stored.status,
      operation: request.operation,
      reason: claim.skip,
    });
    return { status: 'skipped', reason: claim.skip };
  }
  const action = claim.claimed;
  let ran: Ran;
  try {
    ran = await runAction(action, request, deps);
  } catch (error) {
    await releaseClaim(action, request, deps);
    throw error;
  }
  if ('skip' in ran) {
    deps.logger.warn('claim lost before changing IAM', { actionId: action.id, reason: ran.skip });
    return { status: 'skipped', reason: ran.skip };
  }
  const { transition, message } = ran;

  const moved = await deps.store.transitionAction(action.id, {
    ...transition,
    by: request.requestedBy,
    version: ran.version,
  });
  if (!moved.ok) {
    deps.logger.warn('action changed while executing', { actionId: action.id, reason: moved.reason });
    return { status: 'skipped', reason: `action changed meanwhile (${moved.reason})` };
  }
  const record = moved.action;
  if (request.operation === 'undo' && record.status === 'applied') {
    deps.logger.warn('undo failed', { actionId: action.id, message });
  }

  const finding = await deps.store.getFinding(action.findingId);
  if (finding) {
    await deps.notifier.actionCompleted({
      finding,
      action: record,
      operation: request.operation,
      requestedBy: request.requestedBy,
      outcome: message,
    });
  }
  const completed: ActionCompletedDetail = {
    actionId: record.id,
    findingId: record.findingId,
    kind: record.kind,
    operation: request.operation,
    status: record.status,
    message,
  };
  await deps.publisher.publish(WardenDetailType.ActionCompleted, completed);
  return { status: record.status, message };
}

/** What a run did: the outcome to record (at the claim's `version`), or why it stopped before IAM. */
type Ran =
  | { readonly transition: Omit<ActionTransition, 'by'>; readonly message: string; readonly version: number }
  | { readonly skip: string };

/** Applies or undoes the claimed action in its account, as the action's own session. */
async function runAction(
  action: ActionRecord,
  request: ActionRequestedDetail,
  deps: ExecuteDependencies,
): Promise<Ran> {
  // Checked before any role is assumed: a damaged record reaches no account.
  const checked = paramsOf(action, deps.config);
  if (!checked.ok) {
    return request.operation === 'apply'
      ? applied({ status: 'failed', reason: checked.reason, retryable: false }, action.version)
      : undone({ status: 'cannot-undo', reason: checked.reason }, action.version);
  }
  const clients = await deps.clientsFor(action.account, remediationSessionName(action.id));
  const env = { ...clients, clock: deps.clock, logger: deps.logger };
  if (request.operation === 'apply') {
    const outcome = await applyClaimed(action, checked.params, request, env, deps);
    return 'skip' in outcome ? outcome : applied(outcome.result, outcome.version);
  }
  const result = await actionFor(action.kind).undo(checked.params as never, (action.priorState ?? {}) as never, env);
  return undone(result, action.version);
}

function applied(result: ApplyResult, version: number): Ran {
  return {
    transition: applyTransition(result),
    message: result.status === 'failed' ? `Failed: ${result.reason}` : result.message,
    version,
  };
}

function undone(result: UndoResult, version: number): Ran {
  return {
    transition: undoTransition(result),
    message:
      result.status === 'cannot-undo'
        ? `Cannot undo: ${result.reason}`
        : result.status === 'failed'
          ? `Undo failed: ${result.reason}`
          : result.message,
    version,
  };
}

/**
 * Inspect, record the prior state in the claimed record, then change. The
 * record comes first so a run that crashes after changing IAM leaves the
 * state from before the change: the retry that takes over the lease finds it
 * and changes from it, never re-reading (IAM would by then show Warden's own
 * change, and Undo would restore that).
 */
async function applyClaimed(
  action: ActionRecord,
  params: ActionParams[ActionKind],
  request: ActionRequestedDetail,
  env: ActionEnv,
  deps: ExecuteDependencies,
): Promise<{ readonly result: ApplyResult; readonly version: number } | { readonly skip: string }> {
  const definition = actionFor(action.kind);
  // Only an earlier run of this apply records a prior state on an action not yet applied.
  if (action.priorState) {
    deps.logger.info('apply resumed from the recorded prior state', { actionId: action.id });
    const result = await definition.change(params as never, action.priorState as never, env);
    // "Already so" may be the earlier run's own change: what Undo restores is the state recorded before it.
    const resumed: ApplyResult =
      result.status === 'already-applied'
        ? {
            ...result,
            priorState: action.priorState,
            message: `${result.message} (resumed after an earlier run stopped; Undo restores the state recorded before it)`,
          }
        : result;
    return { result: resumed, version: action.version };
  }
  const inspection = await definition.inspect(params as never, env);
  if (inspection.status !== 'ready') return { result: inspection, version: action.version };
  const recorded = await deps.store.recordPriorState(action.id, {
    version: action.version,
    priorState: inspection.priorState,
    by: request.requestedBy,
    at: deps.clock(),
  });
  if (!recorded.ok) return { skip: `action changed meanwhile (${recorded.reason})` };
  return {
    result: await definition.change(params as never, inspection.priorState as never, env),
    version: recorded.action.version,
  };
}
