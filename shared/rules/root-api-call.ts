import { SignInEvent } from '../cloudtrail/event-names.js';
import { isAwsServiceCall, isRoot } from '../cloudtrail/identity.js';
import { accountTarget } from './support/account-target.js';
import { ANY_EVENT, defineRule } from './support/define-rule.js';

/**
 * Any call made with root credentials (console or keys), in any service. A
 * root session is one alert: every call of the session carries the same
 * correlation key, so notifiers thread later calls under the first.
 */
export const rootApiCall = defineRule({
  id: 'root.api-call',
  title: 'Root user activity',
  severity: 'high',
  on: ANY_EVENT,
  rationale:
    'Do not use the root user for everyday tasks: it has unrestricted access that no policy can limit. Every root action should be a deliberate, rare exception that someone knows about.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  // The sign-in itself, a root access key and root MFA removal have their own, sharper findings.
  supersededBy: ['root.access-key-created', 'root.mfa-removed'],
  match: (event) => {
    if (!isRoot(event) || event.eventName === SignInEvent.ConsoleLogin || isAwsServiceCall(event)) return null;
    const service = serviceOf(event.eventSource);
    const call = service ? `${service}:${event.eventName}` : event.eventName;
    const via = event.userIdentity.invokedBy === 'signin.amazonaws.com' ? ' in the console' : '';
    const from = event.sourceIPAddress ? ` from ${event.sourceIPAddress}` : '';
    const account = event.accountId ?? event.userIdentity.accountId ?? 'unknown-account';
    const session =
      event.userIdentity.accessKeyId || event.userIdentity.sessionContext?.creationDate || `event:${event.eventId}`;
    return {
      target: accountTarget(event),
      summary: `root called ${call}${via}${from}`,
      correlationKey: `root-session:${account}:${session}`,
    };
  },
});

/** `iam.amazonaws.com` → `iam`; undefined when the source is not an AWS service host. */
function serviceOf(eventSource: string): string | undefined {
  const suffix = '.amazonaws.com';
  return eventSource.endsWith(suffix) ? eventSource.slice(0, -suffix.length) : undefined;
}
