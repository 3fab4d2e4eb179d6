import { IamEvent } from '../cloudtrail/event-names.js';
import { isRoot } from '../cloudtrail/identity.js';
import { requestString, responseParam } from '../cloudtrail/request-parameter.js';
import { accountTarget } from './support/account-target.js';
import { defineRule } from './support/define-rule.js';

/** Root access keys are never needed for daily work and can do anything, forever. */
export const rootAccessKeyCreated = defineRule({
  id: 'root.access-key-created',
  title: 'Access key created for the root user',
  severity: 'critical',
  on: [IamEvent.CreateAccessKey],
  rationale:
    'Do not create access keys for the root user: a leaked root key gives unrestricted, unconditional control of the account. Use IAM roles and temporary credentials instead.',
  remediationSummary: 'none (alert); removing root keys needs centralised root access (DESIGN §9)',
  defaultMode: 'alert',
  match: (event) => {
    if (!isRoot(event)) return null;
    // A key for a named IAM user is access-key-created-for-other-user, not a root key.
    if (requestString(event, 'userName') || typeof responseParam(event, 'accessKey.userName') === 'string') return null;
    const keyId = responseParam(event, 'accessKey.accessKeyId');
    const key = typeof keyId === 'string' ? ` ${keyId}` : '';
    const account = accountTarget(event);
    return {
      target: {
        type: 'access-key',
        name: 'root',
        ...(account.arn ? { arn: account.arn } : {}),
        ...(key ? { id: key.trim() } : {}),
      },
      summary: `root created access key${key} for the root user`,
    };
  },
});
