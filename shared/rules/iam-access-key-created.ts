import { step } from '../actions/action-kinds.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { callerName } from './caller-name.js';
import { createdAccessKey } from './created-access-key.js';
import { defineRule } from './define-rule.js';

/** Long-lived access keys leak; people should use roles and temporary credentials. */
export const accessKeyCreated = defineRule({
  id: 'iam.access-key-created',
  title: 'Long-lived access key created',
  severity: 'low',
  on: [IamEvent.CreateAccessKey],
  rationale:
    'Prefer temporary credentials: IAM roles, IAM Identity Center and workload identity. Long-lived access keys are the credential most often leaked in code, logs and laptops.',
  remediationSummary: 'disable-access-key (off)',
  defaultMode: 'off',
  match: (event) => {
    const key = createdAccessKey(event);
    if (key.owner !== 'self') return null;
    const who = callerName(event);
    return {
      target: {
        type: 'access-key',
        ...(key.userName ? { name: key.userName } : {}),
        ...(key.accessKeyId ? { id: key.accessKeyId } : {}),
      },
      summary: `${who} created access key${key.accessKeyId ? ` ${key.accessKeyId}` : ''} for themselves`,
    };
  },
  remediation: (match) => {
    const { name: userName, id: accessKeyId } = match.target;
    return userName && accessKeyId
      ? [
          step(
            'disable-access-key',
            { userName, accessKeyId },
            'off',
            `Deactivate access key ${accessKeyId} of user ${userName}`,
          ),
        ]
      : [];
  },
});
