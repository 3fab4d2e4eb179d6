import type { PasswordBaseline } from './detection-settings.js';

/**
 * The remediation vocabulary (DESIGN §4). Rules plan steps with these kinds and
 * parameters; the action registry (`registry.ts`) implements each kind with
 * `permissions`, `describe`, `apply` and `undo`.
 */

export type PrincipalKind = 'user' | 'group' | 'role';

/** Parameters per action kind. Every step targets one account (the event's). */
export interface ActionParams {
  'disable-access-key': { userName: string; accessKeyId: string };
  'detach-policy': { principalKind: PrincipalKind; principalName: string; policyArn: string };
  'delete-inline-policy': { principalKind: PrincipalKind; principalName: string; policyName: string };
  'revert-default-policy-version': {
    policyArn: string;
    /** The version the event made default. */
    newVersionId: string;
    /** The default before the event, when the event or context tells it; apply re-reads it otherwise. */
    previousVersionId?: string;
  };
  'remove-user-from-group': { userName: string; groupName: string };
  /** The baseline to enforce; the executor fills it from configuration when absent. */
  'restore-password-policy': { baseline?: PasswordBaseline };
  'restore-permissions-boundary': {
    principalKind: 'user' | 'role';
    principalName: string;
    /** When the boundary was removed or widened (the event time): history after it is ignored. */
    changedAt?: string;
  };
  'restore-trust-policy': {
    roleName: string;
    /** The trust policy before the event (JSON), from the snapshot or context file. */
    previousDocument: string;
    /** The event's trust policy (JSON): apply acts only while the role still has it. */
    newDocument: string;
  };
  'start-logging': { trailName: string };
  'quarantine-user': { userName: string };
  'quarantine-role': { roleName: string };
}

export type ActionKind = keyof ActionParams;

export const ACTION_KINDS = [
  'disable-access-key',
  'detach-policy',
  'delete-inline-policy',
  'revert-default-policy-version',
  'remove-user-from-group',
  'restore-password-policy',
  'restore-permissions-boundary',
  'restore-trust-policy',
  'start-logging',
  'quarantine-user',
  'quarantine-role',
] as const satisfies readonly ActionKind[];

/** Which way an action runs: apply the remediation, or undo it. */
export type ActionOperation = 'apply' | 'undo';

/** How Warden handles a finding: nothing, tell, ask, or act. */
export const MODES = ['off', 'alert', 'approve', 'auto'] as const;
export type Mode = (typeof MODES)[number];

/** One planned remediation step, typed against {@link ActionParams}. */
export type RemediationStep = {
  [K in ActionKind]: {
    readonly kind: K;
    readonly params: Readonly<ActionParams[K]>;
    /** The account the step acts in (the event's account). */
    readonly account?: string;
    /** The mode the catalogue gives this step by default; configuration may override it. */
    readonly defaultMode: Mode;
    /** Plain words: "Detach AdministratorAccess from user alice". */
    readonly description: string;
  };
}[ActionKind];

export function step<K extends ActionKind>(
  kind: K,
  params: ActionParams[K],
  defaultMode: Mode,
  description: string,
  account?: string,
): RemediationStep {
  return { kind, params, defaultMode, description, account } as RemediationStep;
}
