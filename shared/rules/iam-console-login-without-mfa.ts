import { SignInEvent } from '../cloudtrail/event-names.js';
import { callerUserName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';

/**
 * An IAM user signing in with a password alone. Sign-ins through IAM Identity
 * Center, SAML or web identity federation (assumed roles, federated users) are
 * not IAM-user sign-ins: their MFA is enforced by the identity provider.
 */
export const consoleLoginWithoutMfa = defineRule({
  id: 'iam.console-login-without-mfa',
  title: 'IAM user console sign-in without MFA',
  severity: 'medium',
  on: [SignInEvent.ConsoleLogin],
  rationale:
    'Require MFA for every human who signs in to the console: a password alone is phished, guessed or reused far too easily.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    if (event.userIdentity.type !== 'IAMUser') return null;
    const mfaUsed = event.additionalEventData?.['MFAUsed'];
    if (typeof mfaUsed !== 'string' || mfaUsed.trim().toLowerCase() !== 'no') return null;
    const userName = callerUserName(event);
    const arn = event.userIdentity.arn;
    const from = event.sourceIPAddress ? ` from ${event.sourceIPAddress}` : '';
    return {
      target: { type: 'user', ...(userName ? { name: userName } : {}), ...(arn ? { arn } : {}) },
      summary: `${userName ?? 'An IAM user'} signed in to the console without MFA${from}`,
    };
  },
});
