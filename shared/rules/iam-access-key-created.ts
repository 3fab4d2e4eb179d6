import { IamEvent } from '../cloudtrail/event-names.js';
import { callerName } from './support/caller-name.js';
import { accessKeyTarget, createdAccessKey, disableKeySteps } from './support/created-access-key.js';
import { defineRule } from './support/define-rule.js';

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
      target: accessKeyTarget(key),
      summary: `${who} created access key${key.accessKeyId ? ` ${key.accessKeyId}` : ''} for themselves`,
    };
  },
  remediation: (match) => disableKeySteps(match.target),
});
