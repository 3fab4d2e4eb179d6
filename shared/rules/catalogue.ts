import { trailDeleted } from './cloudtrail-trail-deleted.js';
import { loggingStopped } from './cloudtrail-logging-stopped.js';
import { trailWeakened } from './cloudtrail-trail-weakened.js';
import type { Rule } from './support/define-rule.js';
import { accessKeyCreatedForOtherUser } from './iam-access-key-created-for-other-user.js';
import { accessKeyCreated } from './iam-access-key-created.js';
import { adminInlinePolicy } from './iam-admin-inline-policy.js';
import { adminPolicyAttached } from './iam-admin-policy-attached.js';
import { consoleLoginWithoutMfa } from './iam-console-login-without-mfa.js';
import { identityProviderCreated } from './iam-identity-provider-created.js';
import { rolesAnywhereTrustAnchorCreated } from './iam-roles-anywhere-trust-anchor-created.js';
import { federationTokenCreated } from './sts-federation-token-created.js';
import { inlinePolicyAdded } from './iam-inline-policy-added.js';
import { loginProfileChanged } from './iam-login-profile-changed.js';
import { mfaRemoved } from './iam-mfa-removed.js';
import { passwordPolicyWeakened } from './iam-password-policy-weakened.js';
import { permissionsBoundaryRemoved } from './iam-permissions-boundary-removed.js';
import { policyAttachedToUser } from './iam-policy-attached-to-user.js';
import { policyChanged } from './iam-policy-changed.js';
import { policyVersionEscalated } from './iam-policy-version-escalated.js';
import { privilegeEscalationGranted } from './iam-privilege-escalation-granted.js';
import { trustPolicyOpened } from './iam-trust-policy-opened.js';
import { userAddedToAdminGroup } from './iam-user-added-to-admin-group.js';
import { userCreated } from './iam-user-created.js';
import { wildcardPolicy } from './iam-wildcard-policy.js';
import { rootAccessKeyCreated } from './root-access-key-created.js';
import { rootApiCall } from './root-api-call.js';
import { rootConsoleLogin } from './root-console-login.js';
import { rootMfaRemoved } from './root-mfa-removed.js';
import { wardenTampering } from './warden-tampering.js';

/** Every rule Warden ships (DESIGN §2), listed explicitly; the EventBridge pattern and docs are generated from it. */
export const CATALOGUE: readonly Rule[] = Object.freeze([
  rootConsoleLogin,
  rootApiCall,
  rootAccessKeyCreated,
  rootMfaRemoved,
  adminPolicyAttached,
  adminInlinePolicy,
  privilegeEscalationGranted,
  policyVersionEscalated,
  policyChanged,
  policyAttachedToUser,
  inlinePolicyAdded,
  wildcardPolicy,
  userAddedToAdminGroup,
  accessKeyCreated,
  accessKeyCreatedForOtherUser,
  loginProfileChanged,
  mfaRemoved,
  consoleLoginWithoutMfa,
  passwordPolicyWeakened,
  trustPolicyOpened,
  permissionsBoundaryRemoved,
  userCreated,
  identityProviderCreated,
  rolesAnywhereTrustAnchorCreated,
  federationTokenCreated,
  loggingStopped,
  trailDeleted,
  trailWeakened,
  wardenTampering,
]);

/** What configuration validation needs to know of each rule. */
export function catalogueRuleFacts(rules: readonly Rule[] = CATALOGUE): { id: string; hasRemediation: boolean }[] {
  return rules.map((rule) => ({ id: rule.id, hasRemediation: rule.remediation !== undefined }));
}
