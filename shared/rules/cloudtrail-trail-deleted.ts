import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { CloudTrailApiEvent, S3Event } from '../cloudtrail/event-names.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import type { RuleMatch } from './support/define-rule.js';
import { eventDataStoreReference, eventDataStoreTarget } from './support/event-data-store-reference.js';
import { bucketTarget, trailBucketOf } from './support/trail-bucket.js';
import { trailReference, trailTarget } from './support/trail-reference.js';

/**
 * A deleted trail cannot be restarted: its configuration has to be rebuilt.
 * A deleted CloudTrail Lake event data store takes its stored events with it
 * once the pending-deletion window ends. A deleted trail bucket
 * (`cloudtrail.trailBuckets`) takes the delivered logs and stops delivery.
 */
export const trailDeleted = defineRule({
  id: 'cloudtrail.trail-deleted',
  title: 'CloudTrail trail deleted',
  severity: 'critical',
  on: [CloudTrailApiEvent.DeleteTrail, CloudTrailApiEvent.DeleteEventDataStore, S3Event.DeleteBucket],
  rationale:
    'Keep CloudTrail logging in every account and region: deleting a trail removes the audit record of everything that follows, and deleting a CloudTrail Lake event data store removes the record of what came before, as does deleting the bucket a trail delivers to; all are common defence-evasion steps.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event, { settings, context }) => {
    if (event.eventName === CloudTrailApiEvent.DeleteEventDataStore) return storeDeleted(event);
    if (event.eventName === CloudTrailApiEvent.DeleteTrail) return trailGone(event);
    const bucket = trailBucketOf(event, settings, context);
    return bucket
      ? {
          target: bucketTarget(bucket),
          summary: `${callerName(event)} deleted trail bucket ${bucket}: its logs are gone and trails delivering to it fail`,
        }
      : null;
  },
});

function trailGone(event: CloudTrailEvent): RuleMatch {
  const trail = trailReference(event);
  const owner = trailOwnerAccount(trail?.arn);
  // The event account (recipientAccountId) is set by AWS; a successful delete of a trail owned by
  // another account can only be an organisation trail removed from a member.
  if (owner && event.accountId && owner !== event.accountId) {
    const note = `organisation trail of account ${owner} deleted in member account ${event.accountId}`;
    return {
      target: trailTarget(trail),
      summary: `${callerName(event)} deleted trail ${trail?.name ?? '(name not recorded)'}: ${note}`,
      details: { notes: [note] },
    };
  }
  return {
    target: trailTarget(trail),
    summary: `${callerName(event)} deleted trail ${trail?.name ?? '(name not recorded)'}`,
  };
}

function storeDeleted(event: CloudTrailEvent): RuleMatch {
  const store = eventDataStoreReference(event);
  return {
    target: eventDataStoreTarget(store),
    summary: `${callerName(event)} deleted CloudTrail Lake event data store ${store?.name ?? '(name not recorded)'}`,
  };
}

/** The account in `arn:aws:cloudtrail:<region>:<account>:trail/<name>`, when the reference is an ARN. */
function trailOwnerAccount(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
