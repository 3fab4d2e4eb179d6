import { step } from '../actions/step.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { requestParam } from '../cloudtrail/request-parameter.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import type { PasswordBaseline } from '../model/detection-settings.js';
import { looseBoolean, looseNumber } from './support/loose-value.js';

/** AWS's own minimum length when a policy does not set one. */
const AWS_DEFAULT_MINIMUM_LENGTH = 8;

/** The account password policy must stay at least as strong as the configured baseline. */
export const passwordPolicyWeakened = defineRule({
  id: 'iam.password-policy-weakened',
  title: 'Account password policy weakened',
  severity: 'high',
  on: [IamEvent.UpdateAccountPasswordPolicy, IamEvent.DeleteAccountPasswordPolicy],
  rationale:
    'Set a strong account password policy (length 14+, all character classes, rotation and reuse prevention) for any IAM user who still has a console password; weakening or deleting it quietly lowers the bar for every such user.',
  remediationSummary: 'restore-password-policy (approve)',
  defaultMode: 'approve',
  match: (event, { settings }) => {
    const who = callerName(event);
    if (event.eventName === IamEvent.DeleteAccountPasswordPolicy) {
      return {
        target: passwordPolicyTarget(event),
        summary: `${who} deleted the account password policy (AWS defaults now apply: 8 characters, no other requirements)`,
      };
    }
    const weaker = weakerThanBaseline(event, settings.passwordBaseline);
    if (weaker.length === 0) return null;
    return {
      target: passwordPolicyTarget(event),
      summary: `${who} weakened the account password policy: ${weaker.join('; ')}`,
      details: { notes: weaker },
    };
  },
  remediation: () => [step('restore-password-policy', {})],
});

function passwordPolicyTarget(event: CloudTrailEvent) {
  const account = event.accountId ?? event.userIdentity.accountId;
  return { type: 'password-policy' as const, name: account ? `account ${account}` : 'account password policy' };
}

/** One plain-words line per field of the new policy that is weaker than the baseline. */
export function weakerThanBaseline(event: CloudTrailEvent, baseline: PasswordBaseline): string[] {
  const weaker: string[] = [];
  const length = looseNumber(requestParam(event, 'minimumPasswordLength')) ?? AWS_DEFAULT_MINIMUM_LENGTH;
  if (length < baseline.minimumPasswordLength) {
    weaker.push(`minimum length ${length} (baseline ${baseline.minimumPasswordLength})`);
  }
  const required: [keyof PasswordBaseline, string][] = [
    ['requireSymbols', 'symbols'],
    ['requireNumbers', 'numbers'],
    ['requireUppercaseCharacters', 'upper-case letters'],
    ['requireLowercaseCharacters', 'lower-case letters'],
  ];
  for (const [field, words] of required) {
    if (baseline[field] && looseBoolean(requestParam(event, field)) !== true) weaker.push(`${words} not required`);
  }
  const maxAge = looseNumber(requestParam(event, 'maxPasswordAge'));
  if (baseline.maxPasswordAge > 0) {
    if (maxAge === undefined || maxAge <= 0)
      weaker.push(`passwords never expire (baseline ${baseline.maxPasswordAge} days)`);
    else if (maxAge > baseline.maxPasswordAge) {
      weaker.push(`maximum age ${maxAge} days (baseline ${baseline.maxPasswordAge})`);
    }
  }
  const reuse = looseNumber(requestParam(event, 'passwordReusePrevention'));
  if (baseline.passwordReusePrevention > 0) {
    if (reuse === undefined || reuse <= 0)
      weaker.push(`password reuse allowed (baseline: last ${baseline.passwordReusePrevention} blocked)`);
    else if (reuse < baseline.passwordReusePrevention) {
      weaker.push(`reuse prevention ${reuse} (baseline ${baseline.passwordReusePrevention})`);
    }
  }
  return weaker;
}
