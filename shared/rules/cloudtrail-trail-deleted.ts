import { CloudTrailApiEvent } from '../cloudtrail/event-names.js';
import { callerName } from './caller-name.js';
import { defineRule } from './define-rule.js';
import { trailReference, trailTarget } from './trail-reference.js';

/** A deleted trail cannot be restarted: its configuration has to be rebuilt. */
export const trailDeleted = defineRule({
  id: 'cloudtrail.trail-deleted',
  title: 'CloudTrail trail deleted',
  severity: 'critical',
  on: [CloudTrailApiEvent.DeleteTrail],
  rationale:
    'Keep CloudTrail logging in every account and region: deleting a trail removes the audit record of everything that follows, a common defence-evasion step.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    const trail = trailReference(event);
    return {
      target: trailTarget(trail),
      summary: `${callerName(event)} deleted trail ${trail?.name ?? '(name not recorded)'}`,
    };
  },
});
