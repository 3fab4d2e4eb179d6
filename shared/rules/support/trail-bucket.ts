/**
 * S3 calls on a bucket that trails deliver to. Only buckets named exactly in
 * `cloudtrail.trailBuckets`, or by a trail the sweep read (`DescribeTrails`,
 * through the rule context), count: S3 bucket names are global, and the call
 * succeeded on that bucket, so the name identifies it. The stored buckets only
 * add to the config: no event and no failed read can remove a configured one.
 */
import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import type { JsonObject } from '../../cloudtrail/json-object.js';
import { readPath, requestParam, requestString } from '../../cloudtrail/request-parameter.js';
import type { DetectionSettings } from '../../model/detection-settings.js';
import type { IamContext } from './rule-context.js';
import type { Target } from '../../model/finding.js';
import { looseNumber } from './loose-value.js';

/** Log objects kept for less than this many days count as a weakening (a quarter of investigation). */
export const TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The bucket the call names, when it is a configured trail bucket or one a trail was read delivering to. */
export function trailBucketOf(
  event: CloudTrailEvent,
  settings: DetectionSettings,
  context?: Pick<IamContext, 'trailBuckets'>,
): string | undefined {
  const bucket = requestString(event, 'bucketName');
  if (!bucket) return undefined;
  const watched = (settings.trailBuckets ?? []).includes(bucket) || (context?.trailBuckets?.() ?? []).includes(bucket);
  return watched ? bucket : undefined;
}

export function bucketTarget(bucket: string): Target {
  return { type: 'bucket', name: bucket, arn: `arn:aws:s3:::${bucket}` };
}

/**
 * Enabled lifecycle rules that delete log objects (current or noncurrent
 * versions) sooner than the floor, described; empty when none does.
 */
export function shortExpirations(event: CloudTrailEvent): string[] {
  const configuration = requestParam(event, 'LifecycleConfiguration');
  const rules = asList(isObject(configuration) ? readPath(configuration, 'Rule') : undefined);
  const found: string[] = [];
  for (const rule of rules) {
    if (!isObject(rule)) continue;
    const status = readPath(rule, 'Status');
    if (typeof status === 'string' && status.toLowerCase() === 'disabled') continue;
    const id = typeof readPath(rule, 'ID') === 'string' ? `rule ${String(readPath(rule, 'ID'))}: ` : '';
    const days = looseNumber(readPath(rule, 'Expiration.Days'));
    if (days !== undefined && days < TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS) {
      found.push(`${id}log objects expire after ${plural(days)}`);
    }
    const date = readPath(rule, 'Expiration.Date');
    const at = typeof date === 'string' ? Date.parse(date) : Number.NaN;
    const sent = Date.parse(event.eventTime);
    if (!Number.isNaN(at) && !Number.isNaN(sent) && at - sent < TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS * DAY_MS) {
      found.push(`${id}log objects expire on ${date as string}`);
    }
    const noncurrent = looseNumber(readPath(rule, 'NoncurrentVersionExpiration.NoncurrentDays'));
    if (noncurrent !== undefined && noncurrent < TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS) {
      found.push(`${id}noncurrent log versions expire after ${plural(noncurrent)}`);
    }
  }
  return found;
}

/**
 * What a PutObjectLockConfiguration on a trail bucket takes away: object lock
 * cannot be switched off once enabled, but its default retention can be
 * removed or shortened, after which new log objects can be deleted at once.
 * Nothing when the record does not carry the configuration.
 */
export function objectLockWeakenings(event: CloudTrailEvent): string[] {
  const configuration = requestParam(event, 'ObjectLockConfiguration');
  if (!isObject(configuration)) return [];
  const retention = readPath(configuration, 'Rule.DefaultRetention');
  if (!isObject(retention)) {
    return ['object lock default retention removed: new log objects can be deleted or overwritten at once'];
  }
  const days = looseNumber(readPath(retention, 'Days'));
  const years = looseNumber(readPath(retention, 'Years'));
  const retained = days ?? (years !== undefined ? years * 365 : undefined);
  if (retained === undefined || retained >= TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS) return [];
  const mode = readPath(retention, 'Mode');
  const modeText = typeof mode === 'string' ? ` (${mode.toLowerCase()} mode)` : '';
  return [
    `object lock default retention shortened to ${plural(retained)}${modeText}, below the ${TRAIL_BUCKET_EXPIRATION_FLOOR_DAYS}-day floor`,
  ];
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plural(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
