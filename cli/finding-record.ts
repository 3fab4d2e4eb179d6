import type { RemediationStep } from '../shared/model/action-kinds.js';
import type { EventOrigin } from '../shared/cloudtrail/event.js';
import type { Actor, Finding, Target } from '../shared/model/finding.js';
import type { Severity } from '../shared/model/severity.js';

/** One line of `warden replay --format json`: exactly these keys, in this order. */
export interface FindingRecord {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: string;
  /** null when the record does not tell the account. */
  readonly account: string | null;
  readonly region: string;
  readonly actor: Actor;
  readonly target: Target;
  readonly summary: string;
  readonly remediation: readonly RemediationStep[];
  readonly input: EventOrigin;
}

export function findingRecord(finding: Finding, origin: EventOrigin): FindingRecord {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    eventId: finding.eventId,
    eventName: finding.eventName,
    eventTime: finding.eventTime,
    account: finding.account ?? null,
    region: finding.region,
    actor: finding.actor,
    target: finding.target,
    summary: finding.summary,
    remediation: finding.remediation,
    input: { file: origin.file, index: origin.index },
  };
}
