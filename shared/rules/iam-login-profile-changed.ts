import { step } from '../actions/step.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { isRoot } from '../cloudtrail/identity.js';
import { requestParam, requestString } from '../cloudtrail/request-parameter.js';
import { looseBoolean } from './support/loose-value.js';
import { callerName, callerSessionName, callerUserNames, sameIamName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';

/** Setting someone else's console password lets the setter sign in as them. */
export const loginProfileChanged = defineRule({
  id: 'iam.login-profile-changed',
  title: 'Console password set for another user',
  severity: 'high',
  on: [IamEvent.CreateLoginProfile, IamEvent.UpdateLoginProfile],
  rationale:
    'Each person manages only their own credentials. Creating or resetting the console password of a different user lets the caller sign in as that user — a known privilege-escalation and persistence path.',
  remediationSummary: 'quarantine-user (approve)',
  defaultMode: 'approve',
  match: (event) => {
    const userName = requestString(event, 'userName');
    // Without userName the call acts on the caller's own user.
    if (userName === undefined) return null;
    if (!isRoot(event)) {
      // A user changing their own password (directly or through a session named after them) is routine.
      const own = [...callerUserNames(event), callerSessionName(event)];
      if (own.some((name) => sameIamName(name, userName))) return null;
    }
    const verb =
      event.eventName === IamEvent.CreateLoginProfile ? 'created a console password' : 'reset the console password';
    const resetRequired = looseBoolean(requestParam(event, 'passwordResetRequired'));
    return {
      target: { type: 'user', name: userName },
      summary: `${callerName(event)} ${verb} for user ${userName}`,
      ...(resetRequired === true ? { details: { notes: ['The user must change the password at next sign-in.'] } } : {}),
    };
  },
  remediation: (match) => (match.target.name ? [step('quarantine-user', { userName: match.target.name })] : []),
});
