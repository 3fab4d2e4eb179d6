import type { Decision } from '../model/decision.js';
import type { Mode } from '../model/action-kinds.js';
import type { Finding } from '../model/finding.js';
import { SEVERITIES, type Severity } from '../model/severity.js';
import type { WardenConfig } from '../settings/warden-config.js';
import { matchesAnyArnPattern, principalOfStep, protectedReason } from './protected-principals.js';

export interface DecisionInput {
  readonly finding: Finding;
  /** The rule's catalogue default (its remediation mode, `alert` for alert-only rules). */
  readonly ruleDefaultMode: Mode;
  readonly config: WardenConfig;
  /** Automatic actions already taken in the finding's account this hour (blast-radius guard). */
  readonly autoActionsThisHour: number;
}

function configuredRule(config: WardenConfig, ruleId: string): { mode?: Mode; severity?: Severity } {
  const setting = config.rules[ruleId];
  if (setting === undefined) return {};
  return typeof setting === 'string' ? { mode: setting } : setting;
}

function lower(severity: Severity): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)]!;
}

export function decide(input: DecisionInput): Decision {
  const { finding, config } = input;
  const configured = configuredRule(config, finding.ruleId);
  const notes: string[] = [];
  let severity = configured.severity ?? finding.severity;
  // A rule's steps may default to `off` (remediation available but not enabled): that means "alert".
  let mode: Mode = configured.mode ?? (input.ruleDefaultMode === 'off' ? 'alert' : input.ruleDefaultMode);
  if (mode === 'off') return { notify: false, severity, mode, dryRun: config.dryRun, steps: [], notes };

  if (finding.actor.iac && config.iac.handling !== 'none') {
    if (config.iac.handling === 'ignore') {
      return { notify: false, severity, mode: 'off', dryRun: config.dryRun, steps: [], notes: ['IaC change ignored'] };
    }
    severity = lower(severity);
    if (mode === 'auto') mode = 'approve';
    notes.push(
      finding.actor.iac === 'cloudformation'
        ? 'Made through CloudFormation (invokedBy, set by AWS): severity lowered, never automatic'
        : 'Made by a configured deploy role: severity lowered, never automatic',
    );
  }

  // Nothing to remediate leaves `steps` empty: the check after the guardrails below makes it `alert`.
  let steps = mode === 'alert' ? [] : [...finding.remediation];

  if (steps.length > 0) {
    if (finding.account && config.allowList.accounts.includes(finding.account)) {
      notes.push(`Account ${finding.account} is allow-listed: Warden only alerts`);
      steps = [];
    } else if (matchesAnyArnPattern(finding.actor.arn, config.allowList.principals)) {
      notes.push(`${finding.actor.arn} is allow-listed: Warden only alerts`);
      steps = [];
    }
  }
  const partition = /^arn:([^:]+):/.exec(finding.actor.arn ?? '')?.[1] ?? 'aws';
  steps = steps.filter((step) => {
    const principal = principalOfStep(step, finding.account, partition);
    const reason =
      principal &&
      (protectedReason(principal, config) ??
        (matchesAnyArnPattern(principal.arn, config.allowList.principals)
          ? `${principal.name} is allow-listed`
          : undefined));
    if (reason) notes.push(`${reason}: not ${step.description.charAt(0).toLowerCase()}${step.description.slice(1)}`);
    return !reason;
  });
  if (steps.length === 0) mode = 'alert';

  const decision = withDryRunNote({ notify: true, severity, mode, dryRun: config.dryRun, steps, notes });
  return applyBlastRadius(decision, input.autoActionsThisHour, config, finding.account);
}

/**
 * The blast-radius guard on a decision already made: an automatic decision in
 * an account that has taken `autoActionsThisHour` automatic actions this hour,
 * at or beyond the limit, asks for approval instead. `decide` applies it to
 * its input's count; the detect function decides with none, counts the action
 * only when the decision is to act, and applies the count then, so
 * `applyBlastRadius(decide({ ...input, autoActionsThisHour: 0 }), n, …)` is
 * `decide({ ...input, autoActionsThisHour: n })`.
 */
export function applyBlastRadius(
  decision: Decision,
  autoActionsThisHour: number,
  config: WardenConfig,
  account: string | undefined,
): Decision {
  const limit = config.rateLimit.autoActionsPerAccountPerHour;
  if (decision.mode !== 'auto' || autoActionsThisHour < limit) return decision;
  // A dry run's note, always the last, names the mode: it is written again for `approve`.
  const kept = decision.dryRun ? decision.notes.slice(0, -1) : decision.notes;
  const note = `Blast-radius limit reached (${limit} automatic actions in account ${account ?? 'unknown'} this hour): asking for approval instead`;
  return withDryRunNote({ ...decision, mode: 'approve', notes: [...kept, note] });
}

/** In a dry run, what Warden would have done, as the last note (nothing to say for an alert). */
function withDryRunNote(decision: Decision): Decision {
  if (!decision.dryRun || decision.mode === 'alert') return decision;
  const would = decision.mode === 'auto' ? 'done' : 'asked to approve';
  const steps = decision.steps.map((s) => s.description).join('; ');
  return { ...decision, notes: [...decision.notes, `Dry run: would have ${would}: ${steps}`] };
}
