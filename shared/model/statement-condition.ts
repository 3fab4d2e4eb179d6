import type { Effect } from './policy-document.js';

/**
 * One condition of one policy statement, flattened from IAM's
 * `{ Operator: { key: [values] } }` so a finding can carry it and a message
 * can say it in plain words (`describeCondition` in `shared/policy/statement-conditions.ts`). Conditions never
 * decide whether Warden reports a grant; they are shown beside it.
 */
export interface StatementCondition {
  /** The effect of the statement the condition belongs to. */
  readonly effect: Effect;
  /** The statement's position in its document. */
  readonly statementIndex: number;
  /** The policy the statement comes from, when several are judged together ("inline policy x"). */
  readonly policy?: string;
  /** As written: `Bool`, `StringEqualsIfExists`, `ForAnyValue:StringLike`, … */
  readonly operator: string;
  /** As written: `aws:MultiFactorAuthPresent`, `aws:SourceIp`, … */
  readonly key: string;
  readonly values: readonly string[];
}
