import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { CloudTrailApiEvent, S3Event } from '../cloudtrail/event-names.js';
import { requestParam } from '../cloudtrail/request-parameter.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { eventDataStoreReference, eventDataStoreTarget } from './support/event-data-store-reference.js';
import type { RuleMatch } from './support/define-rule.js';
import type { DetectionSettings } from '../model/detection-settings.js';
import type { IamContext } from './support/rule-context.js';
import type { Severity } from '../model/severity.js';
import { looseBoolean, looseNumber } from './support/loose-value.js';
import {
  bucketTarget,
  objectLockWeakenings,
  shortExpirations,
  trailBucketOf,
  TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS,
} from './support/trail-bucket.js';
import { advancedSelectorWeakenings, basicSelectorWeakenings } from './support/trail-event-selectors.js';
import { trailReference, trailTarget } from './support/trail-reference.js';

/**
 * Shortest CloudTrail Lake retention (days) Warden accepts without an alert:
 * 90 days covers a quarter of investigation, and is the window CloudTrail's
 * own free event history keeps.
 */
export const EVENT_DATA_STORE_RETENTION_FLOOR_DAYS = 90;

/**
 * A trail (or CloudTrail Lake event data store) kept running but made to
 * record less or to deliver elsewhere: single-region, no global (IAM, STS,
 * sign-in) events, not organisation-wide, no log-file validation, a new or
 * removed KMS key, a new bucket, prefix or CloudWatch Logs destination, or
 * event selectors that no longer record every management write.
 */
export const trailWeakened = defineRule({
  id: 'cloudtrail.trail-weakened',
  title: 'CloudTrail trail weakened',
  severity: 'high',
  on: [
    CloudTrailApiEvent.UpdateTrail,
    CloudTrailApiEvent.PutEventSelectors,
    CloudTrailApiEvent.UpdateEventDataStore,
    S3Event.PutBucketPolicy,
    S3Event.DeleteBucketPolicy,
    S3Event.PutBucketLifecycle,
    S3Event.PutBucketLifecycleConfiguration,
    S3Event.PutObjectLockConfiguration,
  ],
  rationale:
    'Keep a multi-region, organisation-wide trail that records all management events, including global service events, with log-file validation and KMS encryption, delivered to the bucket and log group you monitor; keep CloudTrail Lake event data stores protected from termination and retained long enough to investigate; keep the policy and retention of the trail buckets as reviewed: each of these settings, once changed, silently removes evidence, sends it where the attacker controls it or makes it deniable.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event, { settings, context }) => {
    if (event.eventName === CloudTrailApiEvent.UpdateEventDataStore) return eventDataStoreMatch(event);
    if (
      event.eventName === CloudTrailApiEvent.UpdateTrail ||
      event.eventName === CloudTrailApiEvent.PutEventSelectors
    ) {
      return trailMatch(event);
    }
    return trailBucketMatch(event, settings, context);
  },
});

function trailMatch(event: CloudTrailEvent): RuleMatch | null {
  const changes =
    event.eventName === CloudTrailApiEvent.UpdateTrail
      ? updateTrailWeakenings(event)
      : [
          ...basicSelectorWeakenings(requestParam(event, 'eventSelectors')),
          ...advancedSelectorWeakenings(requestParam(event, 'advancedEventSelectors')),
        ];
  if (changes.length === 0) return null;
  const trail = trailReference(event);
  return {
    target: trailTarget(trail),
    summary: `${callerName(event)} weakened trail ${trail?.name ?? '(name not recorded)'}: ${changes.join('; ')}`,
    details: { notes: changes },
  };
}

/** Policy, lifecycle and object-lock retention changes on a trail bucket (`cloudtrail.trailBuckets`, or one a trail was read delivering to). */
function trailBucketMatch(event: CloudTrailEvent, settings: DetectionSettings, context: IamContext): RuleMatch | null {
  const bucket = trailBucketOf(event, settings, context);
  if (!bucket) return null;
  let change: string;
  let severity: Severity | undefined;
  if (event.eventName === S3Event.DeleteBucketPolicy) {
    change = 'bucket policy deleted: CloudTrail can no longer deliver logs to it';
    severity = 'critical';
  } else if (event.eventName === S3Event.PutBucketPolicy) {
    // Replacing the policy can drop CloudTrail's write grant or let someone delete logs: a person must review it.
    change = "bucket policy replaced (check CloudTrail's write grant and who may delete or overwrite log objects)";
  } else if (event.eventName === S3Event.PutObjectLockConfiguration) {
    const weakenings = objectLockWeakenings(event);
    if (weakenings.length === 0) return null;
    change = weakenings.join('; ');
  } else {
    const expirations = shortExpirations(event);
    if (expirations.length === 0) return null;
    change = `lifecycle deletes logs within ${TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS} days (${expirations.join('; ')})`;
  }
  return {
    target: bucketTarget(bucket),
    summary: `${callerName(event)} weakened trail bucket ${bucket}: ${change}`,
    ...(severity ? { severity } : {}),
    details: { notes: [change] },
  };
}

function eventDataStoreMatch(event: CloudTrailEvent): RuleMatch | null {
  const changes = eventDataStoreWeakenings(event);
  if (changes.length === 0) return null;
  const store = eventDataStoreReference(event);
  return {
    target: eventDataStoreTarget(store),
    summary: `${callerName(event)} weakened CloudTrail Lake event data store ${store?.name ?? '(name not recorded)'}: ${changes.join('; ')}`,
    details: { notes: changes },
  };
}

function updateTrailWeakenings(event: CloudTrailEvent): string[] {
  const changes: string[] = [];
  if (looseBoolean(requestParam(event, 'isMultiRegionTrail')) === false) changes.push('no longer multi-region');
  if (looseBoolean(requestParam(event, 'isOrganizationTrail')) === false) {
    changes.push('no longer an organisation trail (member accounts stop being recorded)');
  }
  if (looseBoolean(requestParam(event, 'includeGlobalServiceEvents')) === false) {
    changes.push('global service events (IAM, STS, sign-in) no longer recorded');
  }
  if (looseBoolean(requestParam(event, 'enableLogFileValidation')) === false) {
    changes.push('log-file validation turned off');
  }
  changes.push(...destinationChanges(event));
  return changes;
}

/**
 * UpdateTrail only sends what it changes, so any destination parameter present
 * is a change: logs now go (or are encrypted) somewhere the team may not watch.
 */
function destinationChanges(event: CloudTrailEvent): string[] {
  const changes: string[] = [];
  const bucket = textParam(event, 's3BucketName');
  if (bucket !== undefined) changes.push(`log delivery moved to S3 bucket ${bucket || '(empty)'}`);
  const prefix = textParam(event, 's3KeyPrefix');
  if (prefix !== undefined) {
    changes.push(prefix === '' ? 'S3 key prefix removed' : `S3 key prefix changed to ${prefix}`);
  }
  const logGroup = textParam(event, 'cloudWatchLogsLogGroupArn');
  const logRole = textParam(event, 'cloudWatchLogsRoleArn');
  if (logGroup === '' || logRole === '') {
    changes.push('CloudWatch Logs delivery removed');
  } else if (logGroup !== undefined) {
    changes.push(`CloudWatch Logs delivery moved to ${logGroup}`);
  } else if (logRole !== undefined) {
    changes.push(`CloudWatch Logs delivery role changed to ${logRole}`);
  }
  const kmsKeyId = textParam(event, 'kmsKeyId');
  if (kmsKeyId === '') changes.push('KMS encryption removed');
  else if (kmsKeyId !== undefined) changes.push(`KMS key changed to ${kmsKeyId}`);
  return changes;
}

function eventDataStoreWeakenings(event: CloudTrailEvent): string[] {
  const changes: string[] = [];
  const retention = looseNumber(requestParam(event, 'retentionPeriod'));
  if (retention !== undefined && retention < EVENT_DATA_STORE_RETENTION_FLOOR_DAYS) {
    changes.push(
      `retention shortened to ${retention} days (below the ${EVENT_DATA_STORE_RETENTION_FLOOR_DAYS}-day floor)`,
    );
  }
  if (looseBoolean(requestParam(event, 'terminationProtectionEnabled')) === false) {
    changes.push('termination protection turned off');
  }
  if (looseBoolean(requestParam(event, 'multiRegionEnabled')) === false) changes.push('no longer multi-region');
  if (looseBoolean(requestParam(event, 'organizationEnabled')) === false) {
    changes.push('no longer organisation-wide (member accounts stop being recorded)');
  }
  const kmsKeyId = textParam(event, 'kmsKeyId');
  if (kmsKeyId !== undefined && kmsKeyId !== '') changes.push(`KMS key changed to ${kmsKeyId}`);
  changes.push(...advancedSelectorWeakenings(requestParam(event, 'advancedEventSelectors')));
  return changes;
}

/** A string request parameter as sent, `''` kept (it means "remove"); undefined when absent or not text. */
function textParam(event: CloudTrailEvent, key: string): string | undefined {
  const value = requestParam(event, key);
  return typeof value === 'string' ? value.trim() : undefined;
}
