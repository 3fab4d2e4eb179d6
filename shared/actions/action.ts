import type { PriorState } from '../model/records.js';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { GenericSchema } from 'valibot';
import type { ActionKind, ActionParams, PrincipalKind } from '../model/action-kinds.js';
import type { PasswordBaseline } from '../model/detection-settings.js';

/** The minimal logger actions use (Powertools' Logger satisfies it). */
export interface ActionLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/**
 * Everything an action may touch, passed in by the executor: clients already
 * scoped to the target account (assumed role), a clock and a logger.
 * Nothing in `shared/actions/` constructs a client.
 */
export interface ActionEnv {
  readonly iam: IAMClient;
  readonly cloudtrail: CloudTrailClient;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
}

export type ApplyResult<S extends PriorState = PriorState> =
  /** Warden changed IAM; `priorState` is what it saw first. */
  | { readonly status: 'applied'; readonly priorState: S; readonly message: string }
  /** Already in the wanted state: success, nothing changed. */
  | { readonly status: 'already-applied'; readonly priorState: S; readonly message: string }
  /** Could not act (target gone, access denied, …). */
  | { readonly status: 'failed'; readonly reason: string; readonly retryable: boolean };

/**
 * What `inspect` found, before anything changes: the prior state to record
 * and act from (`ready`), or an outcome that needs no change at all.
 */
export type Inspection<S extends PriorState = PriorState> =
  { readonly status: 'ready'; readonly priorState: S } | NoChange<S>;

/** An apply outcome in which Warden changed nothing: already so, or could not act. */
export type NoChange<S extends PriorState = PriorState> = Exclude<ApplyResult<S>, { readonly status: 'applied' }>;

export type UndoResult =
  | { readonly status: 'undone'; readonly message: string }
  | { readonly status: 'already-undone'; readonly message: string }
  /** Someone changed the target since: Warden will not overwrite their change. */
  | { readonly status: 'cannot-undo'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string; readonly retryable: boolean };

/** The IAM principal an action changes, for the break-glass and own-role guards. */
export interface ActionTarget {
  readonly kind: PrincipalKind;
  readonly name: string;
}

/** The configuration an action may draw parameters from at run time. */
export interface ActionSettings {
  readonly passwordBaseline: PasswordBaseline;
}

/**
 * What Warden knows of a remediation kind without running it: enough for the
 * rules (words), the guards (target), the own-call check and the remediation
 * role (permissions) and the executor (parameter check). Free of SDK code, so
 * the detect and interact bundles carry specs, not implementations.
 */
export interface ActionSpec<K extends ActionKind = ActionKind> {
  readonly kind: K;
  /** The parameters a step of this kind carries; the executor checks a stored record against it. */
  readonly params: GenericSchema<unknown, ActionParams[K]>;
  /**
   * The IAM principal the action changes, or `null` for an account- or
   * trail-level change. Required: a kind that forgets it cannot compile, so no
   * kind can slip past the break-glass and own-role guards.
   */
  target(params: ActionParams[K]): ActionTarget | null;
  /** Plain words for Slack, replay and logs: "Detach AdministratorAccess from user alice". */
  describe(params: ActionParams[K]): string;
  /** Every IAM/CloudTrail API action `inspect`, `change` and `undo` may call (`iam:DetachUserPolicy`, …). */
  readonly permissions: readonly string[];
  /** Parameters the planner leaves to configuration, filled when the action runs (the password baseline). */
  withSettings?(params: ActionParams[K], settings: ActionSettings): ActionParams[K];
}

/** The running half of a remediation kind: both directions. */
export interface ActionImplementation<K extends ActionKind = ActionKind, S extends PriorState = PriorState> {
  /**
   * Reads the live state the change replaces; changes nothing. Its `priorState`
   * is recorded (durably) before `change` runs, so Undo restores what was there
   * before Warden acted even when a run crashes after changing IAM.
   */
  inspect(params: ActionParams[K], env: ActionEnv): Promise<Inspection<S>>;
  /**
   * Makes the change from `priorState` (inspect's, or the one a crashed run
   * recorded). Safe to run again. A target already in the wanted state is
   * `already-applied` with the prior state of "Warden changed nothing" (the
   * executor keeps the recorded one instead when it resumes a crashed run,
   * which may have made the change); a target no longer as recorded is
   * `failed`, never overwritten. Never throws for AWS errors.
   */
  change(params: ActionParams[K], priorState: S, env: ActionEnv): Promise<ApplyResult<S>>;
  /** Restores `priorState` unless the target drifted since apply. Never throws for AWS errors. */
  undo(params: ActionParams[K], priorState: S, env: ActionEnv): Promise<UndoResult>;
}

/** One remediation kind: its spec and both directions. */
export type ActionDefinition<K extends ActionKind = ActionKind, S extends PriorState = PriorState> = ActionSpec<K> &
  ActionImplementation<K, S>;

export function defineActionSpec<K extends ActionKind>(spec: ActionSpec<K>): ActionSpec<K> {
  return Object.freeze(spec);
}

export function defineAction<K extends ActionKind, S extends PriorState>(
  spec: ActionSpec<K>,
  implementation: ActionImplementation<K, S>,
): ActionDefinition<K, S> {
  return Object.freeze({ ...spec, ...implementation });
}
