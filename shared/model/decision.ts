import type { Mode, RemediationStep } from './action-kinds.js';
import type { Severity } from './severity.js';

/** What Warden does with one finding. Pure: the same input gives the same decision. */
export interface Decision {
  /** False when the rule is off, or an IaC change is configured to be ignored. */
  readonly notify: boolean;
  /** The severity shown, after the config override and IaC downgrade. */
  readonly severity: Severity;
  /** `alert` (tell), `approve` (ask), `auto` (act) — `off` only when notify is false. */
  readonly mode: Mode;
  /** Shadow mode: record and say what would have happened, change nothing. */
  readonly dryRun: boolean;
  /** The steps to plan; empty when the mode is `alert` or nothing may be touched. */
  readonly steps: readonly RemediationStep[];
  /** Plain-words reasons for anything the guardrails changed, for the message and the record. */
  readonly notes: readonly string[];
}
