import { step } from '../actions/step.js';
import { CloudTrailApiEvent } from '../cloudtrail/event-names.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { eventDataStoreReference, eventDataStoreTarget } from './support/event-data-store-reference.js';
import { trailReference, trailTarget } from './support/trail-reference.js';

/** A stopped trail (or event data store no longer ingesting) blinds every detection, this one included. */
export const loggingStopped = defineRule({
  id: 'cloudtrail.logging-stopped',
  title: 'CloudTrail logging stopped',
  severity: 'critical',
  on: [CloudTrailApiEvent.StopLogging, CloudTrailApiEvent.StopEventDataStoreIngestion],
  rationale:
    'Keep CloudTrail logging in every account and region: stopping a trail, or stopping ingestion into a CloudTrail Lake event data store, is a classic first step of an attacker covering their tracks, and leaves the team blind.',
  remediationSummary: 'start-logging (auto); event data stores: none (alert)',
  defaultMode: 'auto',
  match: (event) => {
    if (event.eventName === CloudTrailApiEvent.StopEventDataStoreIngestion) {
      const store = eventDataStoreReference(event);
      return {
        target: eventDataStoreTarget(store),
        summary: `${callerName(event)} stopped ingestion into CloudTrail Lake event data store ${store?.name ?? '(name not recorded)'}`,
      };
    }
    const trail = trailReference(event);
    return {
      target: trailTarget(trail),
      summary: `${callerName(event)} stopped logging on trail ${trail?.name ?? '(name not recorded)'}`,
    };
  },
  remediation: (_match, event) => {
    // Warden has no action that restarts event data store ingestion: that case stays an alert.
    if (event.eventName !== CloudTrailApiEvent.StopLogging) return [];
    const trail = trailReference(event);
    return trail ? [step('start-logging', { trailName: trail.reference })] : [];
  },
});
