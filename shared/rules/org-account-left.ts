import { OrganizationsEvent } from '../cloudtrail/event-names.js';
import { requestString } from '../cloudtrail/request-parameter.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';

/**
 * A member account leaving the organisation (its own `LeaveOrganization`),
 * removed by the management account, or closed: every guardrail of the
 * organisation (SCPs, RCPs, delegated security services, the organisation
 * trail) stops applying to it.
 */
export const accountLeft = defineRule({
  id: 'org.account-left',
  title: 'Account left or was removed from the organisation',
  severity: 'critical',
  on: [
    OrganizationsEvent.LeaveOrganization,
    OrganizationsEvent.RemoveAccountFromOrganization,
    OrganizationsEvent.CloseAccount,
  ],
  rationale:
    'Use Organizations guardrails across separate accounts: an account outside the organisation is outside its SCPs, its organisation trail and its delegated security services, and can be used without any of them seeing it.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    // LeaveOrganization is the member's own call; the others name the account.
    const account =
      event.eventName === OrganizationsEvent.LeaveOrganization ? event.accountId : requestString(event, 'accountId');
    const what =
      event.eventName === OrganizationsEvent.LeaveOrganization
        ? 'took account {} out of the organisation'
        : event.eventName === OrganizationsEvent.RemoveAccountFromOrganization
          ? 'removed account {} from the organisation'
          : 'closed account {}';
    return {
      target: { type: 'account', ...(account ? { name: account, id: account } : {}) },
      summary: `${callerName(event)} ${what.replace('{}', account ?? '(not recorded)')}`,
      details: {
        notes: [
          'The organisation’s SCPs, RCPs, organisation trail and delegated security services no longer cover it.',
        ],
      },
    };
  },
});
