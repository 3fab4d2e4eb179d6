/**
 * The opening every policy-write rule shares: read what the event's policy
 * write did, let the rule judge it, and give what it found the shape all
 * policy findings have — the caller's name before what they did, the
 * principal (or the policy) as target, and for judged content the
 * before/after diff. A rule file then says only what is its own: its test of
 * meaning, its words, its severity.
 */
import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import type { PlannedStep } from '../../model/action-kinds.js';
import type { FindingDetails, Target } from '../../model/finding.js';
import type { Severity } from '../../model/severity.js';
import type { StatementCondition } from '../../model/statement-condition.js';
import { callerName } from './caller-name.js';
import type { RuleInput, RuleMatch } from './define-rule.js';
import { policyDiffLines, policyWriteTarget, readPolicyWrite, type PolicyWrite } from './policy-write.js';
import { policyWriteRemediation } from './policy-write-remediation.js';
import type { IamContext } from './rule-context.js';

/** What a rule found in a write: its own part of the match. */
export interface PolicyWriteVerdict {
  /** What the caller did and why it matters; the caller's name goes before it. */
  readonly summary: string;
  readonly severity?: Severity;
  readonly details?: FindingDetails;
  /** Only where the finding names something else than the write's principal (else its policy). */
  readonly target?: Target;
}

/**
 * A match for the event's policy write, when it is one and `judge` finds
 * something in it; null otherwise.
 */
export function policyWriteMatch(
  event: CloudTrailEvent,
  context: IamContext,
  judge: (write: PolicyWrite) => PolicyWriteVerdict | null,
): RuleMatch | null {
  const write = readPolicyWrite(event, context);
  const verdict = write ? judge(write) : null;
  if (!write || !verdict) return null;
  return {
    target: verdict.target ?? policyWriteTarget(write),
    summary: `${callerName(event)} ${verdict.summary}`,
    ...(verdict.severity ? { severity: verdict.severity } : {}),
    ...(verdict.details ? { details: verdict.details } : {}),
  };
}

/**
 * The details of a verdict on the content the write put in force: why, the
 * diff, and the statements' conditions (shown, never lowering the verdict).
 */
export function judgedContent(
  write: PolicyWrite,
  notes: readonly string[],
  conditions: readonly StatementCondition[] = [],
): FindingDetails {
  return {
    notes,
    policyDiff: policyDiffLines(write),
    contentAnalysed: true,
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

/**
 * The `remediation` of the rules that take a grant back: the step per write
 * type (detach, delete the inline policy, revert the default version).
 */
export function undoPolicyWrite(
  _match: RuleMatch,
  event: CloudTrailEvent,
  { context }: RuleInput,
): readonly PlannedStep[] {
  const write = readPolicyWrite(event, context);
  return write ? policyWriteRemediation(write) : [];
}
