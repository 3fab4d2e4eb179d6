import { isFailedCall } from '../cloudtrail/event.js';
import { SignInEvent } from '../cloudtrail/event-names.js';
import { isRoot } from '../cloudtrail/identity.js';
import { accountTarget } from './support/account-target.js';
import { defineRule } from './support/define-rule.js';

/** The root user should sign in only for the few tasks that need it, and always with MFA. */
export const rootConsoleLogin = defineRule({
  id: 'root.console-login',
  title: 'Root user console sign-in',
  severity: 'critical',
  on: [SignInEvent.ConsoleLogin],
  rationale:
    'Lock away the root user: it cannot be restricted by IAM, so daily work uses IAM roles and root signs in only for the few tasks that require it — always with MFA. A failed root sign-in means someone is trying the root password.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  includeFailures: true,
  match: (event) => {
    if (!isRoot(event)) return null;
    const mfaUsed = event.additionalEventData?.['MFAUsed'];
    const withMfa = typeof mfaUsed === 'string' && mfaUsed.trim().toLowerCase() === 'yes';
    const mfaWords = withMfa
      ? 'with MFA'
      : typeof mfaUsed === 'string' && mfaUsed.trim().toLowerCase() === 'no'
        ? 'without MFA'
        : 'with no MFA recorded';
    const from = event.sourceIPAddress ? ` from ${event.sourceIPAddress}` : '';
    const summary = isFailedCall(event)
      ? `Failed root console sign-in attempt (${mfaWords})${from}`
      : `root signed in to the console ${mfaWords}${from}`;
    return {
      target: accountTarget(event),
      summary,
      severity: withMfa ? 'high' : 'critical',
      details: { notes: [isFailedCall(event) ? 'The sign-in failed.' : 'The sign-in succeeded.'] },
    };
  },
});
