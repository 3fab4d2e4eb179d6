import { step } from '../actions/action-kinds.js';
import { CloudTrailApiEvent } from '../cloudtrail/event-names.js';
import { callerName } from './caller-name.js';
import { defineRule } from './define-rule.js';
import { trailReference, trailTarget } from './trail-reference.js';

/** A stopped trail blinds every detection, this one included. */
export const loggingStopped = defineRule({
  id: 'cloudtrail.logging-stopped',
  title: 'CloudTrail logging stopped',
  severity: 'critical',
  on: [CloudTrailApiEvent.StopLogging],
  rationale:
    'Keep CloudTrail logging in every account and region: stopping a trail is a classic first step of an attacker covering their tracks, and leaves the team blind.',
  remediationSummary: 'start-logging (auto)',
  defaultMode: 'auto',
  match: (event) => {
    const trail = trailReference(event);
    return {
      target: trailTarget(trail),
      summary: `${callerName(event)} stopped logging on trail ${trail?.name ?? '(name not recorded)'}`,
    };
  },
  remediation: (_match, event) => {
    const trail = trailReference(event);
    return trail
      ? [step('start-logging', { trailName: trail.reference }, 'auto', `Start logging on trail ${trail.name} again`)]
      : [];
  },
});
