import { IamEvent } from '../cloudtrail/event-names.js';
import { requestString, responseParam } from '../cloudtrail/request-parameter.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';

/** New IAM users mean new long-lived identities; people should come through federation. */
export const userCreated = defineRule({
  id: 'iam.user-created',
  title: 'IAM user created',
  severity: 'info',
  on: [IamEvent.CreateUser],
  rationale:
    'Prefer federation (IAM Identity Center, an identity provider) for people and roles for workloads; every IAM user is another long-lived identity with its own password and keys to manage.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    const fromResponse = responseParam(event, 'user.userName');
    const userName = requestString(event, 'userName') ?? (typeof fromResponse === 'string' ? fromResponse : undefined);
    const arn = responseParam(event, 'user.arn');
    return {
      target: { type: 'user', ...(userName ? { name: userName } : {}), ...(typeof arn === 'string' ? { arn } : {}) },
      summary: `${callerName(event)} created IAM user ${userName ?? '(name not recorded)'}`,
    };
  },
});
