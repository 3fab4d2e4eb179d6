import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import { requestString } from '../../cloudtrail/request-parameter.js';
import type { Target } from '../../model/finding.js';

/**
 * The trail a CloudTrail API call names. `name` / `trailName` may be a plain
 * name or a trail ARN (`arn:aws:cloudtrail:us-east-1:1:trail/org-trail`).
 */
export interface TrailReference {
  /** Exactly as sent (name or ARN): what the CloudTrail API accepts back. */
  readonly reference: string;
  readonly name: string;
  readonly arn?: string;
}

export function trailReference(event: CloudTrailEvent): TrailReference | undefined {
  const reference = requestString(event, 'name') ?? requestString(event, 'trailName');
  if (!reference) return undefined;
  if (reference.startsWith('arn:')) {
    const marker = reference.indexOf(':trail/');
    const name = marker >= 0 ? reference.slice(marker + ':trail/'.length) : reference;
    return { reference, name, arn: reference };
  }
  return { reference, name: reference };
}

export function trailTarget(trail: TrailReference | undefined): Target {
  return { type: 'trail', ...(trail ? { name: trail.name } : {}), ...(trail?.arn ? { arn: trail.arn } : {}) };
}
