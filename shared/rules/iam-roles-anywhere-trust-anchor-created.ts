import { RolesAnywhereEvent } from '../cloudtrail/event-names.js';
import { requestParam, requestString, responseString } from '../cloudtrail/request-parameter.js';
import { callerName } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';

const WORDS: Record<string, { readonly verb: string; readonly what: 'trust anchor' | 'profile' }> = {
  [RolesAnywhereEvent.CreateTrustAnchor]: { verb: 'created', what: 'trust anchor' },
  [RolesAnywhereEvent.UpdateTrustAnchor]: { verb: 'changed', what: 'trust anchor' },
  [RolesAnywhereEvent.CreateProfile]: { verb: 'created', what: 'profile' },
};

/** The roles a profile hands out, as the request names them. */
function profileRoles(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * IAM Roles Anywhere lets holders of an X.509 certificate from a trusted
 * authority take the roles of a profile from outside AWS. A new or changed
 * trust anchor is a new certificate authority trusted by the account; a new
 * profile names the roles such certificates may take.
 */
export const rolesAnywhereTrustAnchorCreated = defineRule({
  id: 'iam.roles-anywhere-trust-anchor-created',
  title: 'IAM Roles Anywhere trust anchor or profile created',
  severity: 'high',
  on: [RolesAnywhereEvent.CreateTrustAnchor, RolesAnywhereEvent.UpdateTrustAnchor, RolesAnywhereEvent.CreateProfile],
  rationale:
    'Keep the ways into the account few and reviewed: a Roles Anywhere trust anchor lets anyone holding a certificate from its authority take the roles its profiles name, without an IAM credential.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    const words = WORDS[event.eventName];
    if (!words) return null;
    const answer = words.what === 'profile' ? 'profile' : 'trustAnchor';
    // UpdateTrustAnchor names the anchor by id; the response carries its name.
    const name = requestString(event, 'name') ?? responseString(event, `${answer}.name`);
    const arn = responseString(event, words.what === 'profile' ? 'profile.profileArn' : 'trustAnchor.trustAnchorArn');
    const sourceType = requestString(event, 'source.sourceType');
    const roles = profileRoles(requestParam(event, 'roleArns'));
    const notes = [
      ...(sourceType === 'CERTIFICATE_BUNDLE'
        ? ['The trust anchor is a certificate bundle uploaded by the caller: whoever holds its CA key can sign in.']
        : []),
      ...(roles.length > 0 ? [`Roles the profile hands out: ${roles.join(', ')}`] : []),
    ];
    return {
      target: {
        type: words.what === 'profile' ? 'roles-anywhere-profile' : 'roles-anywhere-trust-anchor',
        ...(name ? { name } : {}),
        ...(arn ? { arn } : {}),
      },
      summary: `${callerName(event)} ${words.verb} Roles Anywhere ${words.what} ${name ?? '(name not recorded)'}`,
      ...(notes.length > 0 ? { details: { notes } } : {}),
    };
  },
});
