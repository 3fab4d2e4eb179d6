/**
 * The remediation vocabulary (DESIGN §4). Each kind is defined by its own
 * file in `shared/actions/` — its parameters, the principal it changes, its
 * words, permissions, apply and undo — and registered in
 * `shared/actions/registry.ts`. This floor holds only the shapes the rest of
 * Warden passes around, so it imports nothing of Warden's.
 */

/**
 * Parameters per action kind. Empty here: each action file adds its entry by
 * declaration merging (`declare module '../model/action-kinds.js'`), typed as
 * the output of its own parameter schema, so the kinds and their parameter
 * types derive from the action definitions and never drift from them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each shared/actions/<kind>.ts
export interface ActionParams {}

export type ActionKind = keyof ActionParams;

export type PrincipalKind = 'user' | 'group' | 'role';

/** Which way an action runs: apply the remediation, or undo it. */
export type ActionOperation = 'apply' | 'undo';

/** How Warden handles a finding: nothing, tell, ask, or act. */
export const MODES = ['off', 'alert', 'approve', 'auto'] as const;
export type Mode = (typeof MODES)[number];

/** A step as a rule plans it: the kind, its parameters and the kind's own words for them. */
export type PlannedStep = {
  [K in ActionKind]: {
    readonly kind: K;
    readonly params: Readonly<ActionParams[K]>;
    /** Plain words from the action's `describe`: "Detach AdministratorAccess from user alice". */
    readonly description: string;
  };
}[ActionKind];

/** One remediation step of a finding: the planned step in the account and mode its rule gives it. */
export type RemediationStep = PlannedStep & {
  /** The mode the catalogue gives the step's rule by default; configuration may override it. */
  readonly defaultMode: Mode;
  /** The account the step acts in (the event's account). */
  readonly account?: string;
};
