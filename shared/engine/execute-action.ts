import type { ActionLogger, ApplyResult, UndoResult } from '../actions/action.js';
import type { ActionKind, ActionParams } from '../actions/action-kinds.js';
import { actionFor } from '../actions/registry.js';
import type { RemediationClients } from '../aws/remediation-clients.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import { type ActionCompletedDetail, type ActionRequestedDetail, WardenDetailType } from '../bus/warden-events.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { ActionRecord, ActionTransition, WardenStore } from '../store/store.js';
import type { Notifier } from './notifier.js';

export interface ExecuteDependencies {
  readonly store: WardenStore;
  /** IAM/CloudTrail clients acting in an account (the hub's own, or the member role). */
  readonly clientsFor: (accountId: string) => Promise<RemediationClients>;
  readonly publisher: EventPublisher;
  readonly notifier: Notifier;
  readonly config: WardenConfig;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
}

export type ExecuteOutcome =
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: ActionRecord['status']; readonly message: string };

/** Fills parameters the planner leaves to configuration (the password baseline). */
function paramsFor<K extends ActionKind>(action: ActionRecord & { kind: K }, config: WardenConfig): ActionParams[K] {
  if (action.kind === 'restore-password-policy') {
    const params = action.params as ActionParams['restore-password-policy'];
    return { ...params, baseline: params.baseline ?? config.passwordBaseline } as ActionParams[K];
  }
  return action.params as ActionParams[K];
}

function applyTransition(result: ApplyResult): Omit<ActionTransition, 'by'> {
  return result.status === 'failed'
    ? { from: 'approved', to: 'failed', reason: result.reason }
    : { from: 'approved', to: 'applied', priorState: result.priorState, result: result.message };
}

function undoTransition(result: UndoResult): Omit<ActionTransition, 'by'> {
  switch (result.status) {
    case 'undone':
    case 'already-undone':
      return { from: 'undo-requested', to: 'undone', result: result.message };
    case 'cannot-undo':
      return { from: 'undo-requested', to: 'cannot-undo', reason: result.reason };
    case 'failed':
      // Back to applied so Undo can be tried again; the failure is reported and logged.
      return { from: 'undo-requested', to: 'applied', reason: result.reason };
  }
}

/**
 * The action in the state the request needs, or why not. An undo runs from
 * `undo-requested` (the Undo click's conditional marker); a direct undo request
 * for an `applied` action (CLI, tests) claims that marker itself first, so two
 * requests never undo twice.
 */
async function readyAction(
  action: ActionRecord,
  request: ActionRequestedDetail,
  store: WardenStore,
): Promise<{ ready: ActionRecord } | { skip: string }> {
  if (request.operation === 'apply') {
    return action.status === 'approved' ? { ready: action } : { skip: `action is ${action.status}, not approved` };
  }
  if (action.status === 'undo-requested') return { ready: action };
  if (action.status !== 'applied') return { skip: `action is ${action.status}, not undo-requested` };
  const claimed = await store.transitionAction(action.id, {
    from: 'applied',
    to: 'undo-requested',
    by: request.requestedBy,
  });
  return claimed.ok ? { ready: claimed.action } : { skip: `action changed meanwhile (${claimed.reason})` };
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
  const readiness = await readyAction(stored, request, deps.store);
  if ('skip' in readiness) {
    deps.logger.info('action request skipped', {
      actionId: stored.id,
      status: stored.status,
      operation: request.operation,
    });
    return { status: 'skipped', reason: readiness.skip };
  }
  const action = readiness.ready;
  const clients = await deps.clientsFor(action.account);
  const env = { ...clients, clock: deps.clock, logger: deps.logger };
  const definition = actionFor(action.kind);
  const params = paramsFor(action, deps.config);

  let transition: Omit<ActionTransition, 'by'>;
  let message: string;
  if (request.operation === 'apply') {
    const result = await definition.apply(params as never, env);
    transition = applyTransition(result);
    message = result.status === 'failed' ? `Failed: ${result.reason}` : result.message;
  } else {
    const result = await definition.undo(params as never, (action.priorState ?? {}) as never, env);
    transition = undoTransition(result);
    message =
      result.status === 'cannot-undo'
        ? `Cannot undo: ${result.reason}`
        : result.status === 'failed'
          ? `Undo failed: ${result.reason}`
          : result.message;
  }

  const moved = await deps.store.transitionAction(action.id, { ...transition, by: request.requestedBy });
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
