/**
 * The pre-rule filter: events no rule should see. Failed calls change nothing,
 * so they are dropped — except a failed root console sign-in, which
 * `root.console-login` reports (someone is trying the root password).
 */
import { isFailedCall, isSignInEvent, type CloudTrailEvent } from './event.js';
import { isRoot } from './identity.js';

export type IgnoreReason = 'failed-call';

export function ignoreReason(event: CloudTrailEvent): IgnoreReason | undefined {
  if (!isFailedCall(event)) return undefined;
  if (isRoot(event) && isSignInEvent(event)) return undefined;
  return 'failed-call';
}
