import { decide } from '../engine/decide.js';
import type { Decision } from '../model/decision.js';
import type { Finding } from '../model/finding.js';
import type { WardenConfig } from '../settings/warden-config.js';
import { HYGIENE_CHECKS, isHygieneCheckId } from './hygiene-checks.js';

/**
 * What Warden does with a hygiene finding: the engine's decision (per-rule
 * mode and severity from `rules:`, dry-run, allow-lists, break-glass and
 * never-act guardrails), except that the sweep never acts on its own — `auto`
 * becomes `approve`, because a stale key is not an attack in progress.
 */
export function decideHygiene(finding: Finding, config: WardenConfig): Decision {
  const ruleDefaultMode = isHygieneCheckId(finding.ruleId) ? HYGIENE_CHECKS[finding.ruleId].defaultMode : 'alert';
  const decision = decide({ finding, ruleDefaultMode, config, autoActionsThisHour: 0 });
  if (decision.mode !== 'auto') return decision;
  return {
    ...decision,
    mode: 'approve',
    notes: [
      ...decision.notes.map((note) => note.replace('would have done', 'would have asked to approve')),
      'The sweep asks for approval instead of acting automatically',
    ],
  };
}
