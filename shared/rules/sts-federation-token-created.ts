import { StsEvent } from '../cloudtrail/event-names.js';
import { requestString, responseString } from '../cloudtrail/request-parameter.js';
import { parsePolicyDocument } from '../policy/parse-policy-document.js';
import { isAdminEquivalent } from '../policy/admin-equivalent.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';

/** What the finding says about revoking: the usual response to a leaked key does not reach this token. */
export const FEDERATION_TOKEN_NOTE =
  "Deactivating or deleting the user's access keys does not revoke this token: it stays valid until it expires (up to 36 hours). A deny on the user (quarantine-user) does cut it, because a federated session never has more than its user.";

/**
 * `GetFederationToken` by an IAM user: a credential of up to 36 hours that
 * outlives the user's keys — a known way to keep access after the keys are
 * found and disabled. Only an IAM user (or root, which `root.api-call`
 * reports) can call it: STS refuses temporary credentials here.
 */
export const federationTokenCreated = defineRule({
  id: 'sts.federation-token-created',
  title: 'Federation token created by an IAM user',
  severity: 'high',
  on: [StsEvent.GetFederationToken],
  rationale:
    'Use roles and IAM Identity Center for temporary access: a federation token is minted from a long-lived user key, survives disabling that key, and is seldom part of how a team works.',
  remediationSummary: 'none (alert); quarantine-user cuts the token, disabling keys does not',
  defaultMode: 'alert',
  match: (event) => {
    if (event.userIdentity.type !== 'IAMUser') return null;
    const name = requestString(event, 'name');
    const arn = responseString(event, 'federatedUser.arn');
    const expiration = responseString(event, 'credentials.expiration');
    const sessionPolicy = requestString(event, 'policy');
    const parsed = sessionPolicy === undefined ? undefined : parsePolicyDocument(sessionPolicy);
    const allowsAll = parsed?.ok === true && isAdminEquivalent(parsed.document);
    const notes = [
      FEDERATION_TOKEN_NOTE,
      ...(allowsAll ? ['The session policy allows everything: the token carries all of the user’s permissions.'] : []),
      ...(sessionPolicy === undefined
        ? [
            'No session policy: the token gets none of the user’s permissions, only what resource policies naming the federated user grant.',
          ]
        : []),
    ];
    return {
      target: { type: 'federated-user', ...(name ? { name } : {}), ...(arn ? { arn } : {}) },
      summary: `${callerName(event)} created a federation token for federated user ${name ?? '(name not recorded)'}${expiration ? `, valid until ${expiration}` : ''}`,
      details: { notes },
    };
  },
});
