import { IamEvent } from '../cloudtrail/event-names.js';
import { isAwsServiceCall } from '../cloudtrail/identity.js';
import { requestString, responseParam } from '../cloudtrail/request-parameter.js';
import { callerName, lastArnSegment } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';

/** A new identity provider is a new door into the account: whoever controls it can assume the roles that trust it. */
export const identityProviderCreated = defineRule({
  id: 'iam.identity-provider-created',
  title: 'Identity provider created',
  severity: 'medium',
  on: [IamEvent.CreateSAMLProvider, IamEvent.CreateOpenIDConnectProvider],
  rationale:
    'Keep the set of trusted identity providers small and reviewed: anyone who controls a SAML or OIDC provider the account trusts can sign in to every role that trusts it, without any IAM credential.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    const saml = event.eventName === IamEvent.CreateSAMLProvider;
    const arnValue = responseParam(event, saml ? 'SAMLProviderArn' : 'openIDConnectProviderArn');
    const arn = typeof arnValue === 'string' ? arnValue : undefined;
    const name = saml
      ? (requestString(event, 'name') ?? lastArnSegment(arn))
      : (requestString(event, 'url') ?? lastArnSegment(arn));
    const kind = saml ? 'SAML' : 'OpenID Connect';
    // Made by an AWS service on the account's behalf (a CloudFormation stack, IAM Identity Center's own provider):
    // a reviewed or AWS-managed change, still worth a record.
    const viaService = isAwsServiceCall(event);
    const via = viaService && event.userIdentity.invokedBy ? ` through ${event.userIdentity.invokedBy}` : '';
    return {
      target: { type: 'identity-provider', ...(name ? { name } : {}), ...(arn ? { arn } : {}) },
      summary: `${callerName(event)} created ${kind} identity provider ${name ?? '(name not recorded)'}${via}`,
      ...(viaService
        ? { severity: 'low' as const, details: { notes: ['Created by an AWS service on the account’s behalf.'] } }
        : {}),
    };
  },
});
