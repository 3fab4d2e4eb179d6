import type { RemediationStep } from '../shared/model/action-kinds.js';
import { describeCondition } from '../shared/policy/statement-conditions.js';
import type { StatementCondition } from '../shared/model/statement-condition.js';
import type { Actor, Target } from '../shared/model/finding.js';

/** Short actor label for tables: `root`, `IAMUser alice`, `AssumedRole deploy/session-1`. */
export function actorLabel(actor: Actor): string {
  if (actor.type === 'Root') return actor.accountId ? `root (${actor.accountId})` : 'root';
  const name = actor.name ?? actor.arn ?? actor.principalId;
  const session = actor.sessionName && actor.sessionName !== actor.name ? `/${actor.sessionName}` : '';
  const via = actor.iac ? ` [${actor.iac}]` : actor.userAgentTool ? ` [user agent claims ${actor.userAgentTool}]` : '';
  return name ? `${actor.type} ${name}${session}${via}` : `${actor.type}${via}`;
}

/** Short target label: `role new-role`, `trail my-trail`. */
export function targetLabel(target: Target): string {
  const name = target.name ?? target.arn ?? target.id;
  return name ? `${target.type} ${name}` : target.type;
}

/** `would detach-policy: Detach AdministratorAccess from role x (approve)` — replay never acts. */
export function remediationLine(step: RemediationStep): string {
  const description = step.description ? `: ${step.description}` : '';
  return `would ${step.kind}${description} (${step.defaultMode})`;
}

/** `2024-08-01T13:33:28.000Z` → `2024-08-01 13:33:28Z`. */
export function shortTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]}Z` : iso;
}

/** `condition: Allow in statement 0 applies only when the caller signed in with MFA (…)`; shown, never lowering anything. */
export function conditionLine(condition: StatementCondition): string {
  return `condition: ${describeCondition(condition)}`;
}
