import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import type { Target } from '../../model/finding.js';

/** The AWS account (its root user) as a finding target. */
export function accountTarget(event: CloudTrailEvent): Target {
  const account = event.accountId ?? event.userIdentity.accountId;
  const identityArn = event.userIdentity.arn;
  const arn = identityArn?.endsWith(':root') ? identityArn : account ? `arn:aws:iam::${account}:root` : undefined;
  return { type: 'account', ...(account ? { name: account } : {}), ...(arn ? { arn } : {}) };
}
