import type { Mode, PlannedStep } from '../../model/action-kinds.js';
import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import type { EventName } from '../../cloudtrail/event-names.js';
import type { DetectionSettings } from '../../model/detection-settings.js';
import type { FindingDetails, Target } from '../../model/finding.js';
import type { IamContext } from './rule-context.js';
import type { Severity } from '../../model/severity.js';

/** `on` value for rules that look at every event (e.g. root activity in any service). */
export const ANY_EVENT = '*' as const;

export interface RuleInput {
  readonly context: IamContext;
  readonly settings: DetectionSettings;
}

/** What a rule's `match` returns; the engine adds actor, event facts and the id. */
export interface RuleMatch {
  readonly target: Target;
  readonly summary: string;
  /** Overrides the rule's severity for this match (e.g. critical without MFA). */
  readonly severity?: Severity;
  readonly details?: FindingDetails;
  readonly correlationKey?: string;
}

export interface RuleDefinition<N extends EventName = EventName> {
  /** `<area>.<condition>`, stable forever. */
  readonly id: string;
  readonly title: string;
  /** The usual severity; a match may raise or lower it. */
  readonly severity: Severity;
  /** Event names this rule listens to; the EventBridge pattern is generated from these. */
  readonly on: readonly N[] | typeof ANY_EVENT;
  /** The best practice the rule enforces, in one or two sentences. */
  readonly rationale: string;
  /** The remediation in the catalogue's own words, for docs ("detach-policy (approve)"). */
  readonly remediationSummary: string;
  /** The default mode of the rule's remediation: `alert` when it plans none. */
  readonly defaultMode: Mode;
  /**
   * Whether failed calls reach this rule. Only `root.console-login` sets it:
   * every other failed call is dropped before rules run.
   */
  readonly includeFailures?: boolean;
  /**
   * Ids of more specific rules: when one of them matches the same event, this
   * rule's finding is dropped (e.g. `iam.policy-changed` gives way to
   * `iam.admin-policy-attached`).
   */
  readonly supersededBy?: readonly string[];
  /** Pure: a match or null. Never checks errorCode, Warden's identity or allow-lists. */
  readonly match: (event: CloudTrailEvent & { readonly eventName: N }, input: RuleInput) => RuleMatch | null;
  /**
   * Planned steps for a match (`step(kind, params)`); absent for alert-only
   * rules. The engine gives them the rule's `defaultMode` and the event's account.
   */
  readonly remediation?: (
    match: RuleMatch,
    event: CloudTrailEvent & { readonly eventName: N },
    input: RuleInput,
  ) => readonly PlannedStep[];
}

/** A rule with its event type erased, as held in the catalogue. */
export type Rule = RuleDefinition<EventName>;

export function defineRule<N extends EventName>(definition: RuleDefinition<N>): Rule {
  return Object.freeze(definition) as unknown as Rule;
}
