import type { CloudTrailEvent } from '../cloudtrail/event.js';

/**
 * Keeps a document snapshot current with the IAM writes Warden sees: called
 * once per event after it was evaluated (Warden's own calls included: they
 * change IAM too). Never throws: a failed update is logged by the follower and
 * the event's findings go on.
 */
export interface SnapshotFollower {
  follow(event: CloudTrailEvent): Promise<void>;
}
