import { IamEvent } from '../cloudtrail/event-names.js';
import { callerName } from './support/caller-name.js';
import { accessKeyTarget, createdAccessKey, disableKeySteps } from './support/created-access-key.js';
import { defineRule } from './support/define-rule.js';

/** A key minted for someone else is a classic persistence backdoor. */
export const accessKeyCreatedForOtherUser = defineRule({
  id: 'iam.access-key-created-for-other-user',
  title: 'Access key created for another user',
  severity: 'high',
  on: [IamEvent.CreateAccessKey],
  rationale:
    'Each person manages only their own credentials. Creating an access key for a different user gives the creator a working credential of that user — a well-known backdoor for persistence and privilege escalation.',
  remediationSummary: 'disable-access-key (approve)',
  defaultMode: 'approve',
  match: (event) => {
    const key = createdAccessKey(event);
    if (key.owner !== 'other') return null;
    const keyWords = key.accessKeyId ? ` ${key.accessKeyId}` : '';
    return {
      target: accessKeyTarget(key),
      summary: `${callerName(event)} created access key${keyWords} for ${key.userName ?? 'an unnamed user'}`,
    };
  },
  remediation: (match) => disableKeySteps(match.target),
});
