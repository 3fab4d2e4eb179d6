/**
 * What a policy write did, in the words that follow the caller's name in a
 * summary ("alice attached AdminAccess to role ci"). One table, so every policy
 * rule tells the same write in the same words; a rule adds only what it judged.
 */
import { inlineLabel, policyLabel, principalPhrase, type PolicyWrite, type PolicyWriteKind } from './policy-write.js';

const PHRASES: Record<PolicyWriteKind, (write: PolicyWrite, policy: string, principal: string) => string> = {
  attach: (_write, policy, principal) => `attached ${policy} to ${principal}`,
  detach: (_write, policy, principal) => `detached ${policy} from ${principal}`,
  'put-inline': (write, _policy, principal) => `put ${inlineLabel(write)} on ${principal}`,
  'delete-inline': (write, _policy, principal) => `deleted ${inlineLabel(write)} from ${principal}`,
  'create-policy': (_write, policy) => `created managed policy ${policy}`,
  'create-version': (write, policy) =>
    `created version ${write.versionId ?? 'a version'} of ${policy}` +
    (write.setAsDefault ? ' and made it the default' : ' (not the default)'),
  'set-default-version': (write, policy) => `made ${write.versionId ?? 'a version'} the default version of ${policy}`,
  'delete-policy': (_write, policy) => `deleted managed policy ${policy}`,
  'delete-version': (write, policy) => `deleted version ${write.versionId ?? 'a version'} of ${policy}`,
  'put-boundary': (_write, policy, principal) => `set permissions boundary ${policy} on ${principal}`,
  'delete-boundary': (write, _policy, principal) =>
    `removed the permissions boundary${write.policyName ? ` ${write.policyName}` : ''} from ${principal}`,
};

/** What the write did, as a change record tells it. */
export function writePhrase(write: PolicyWrite): string {
  return PHRASES[write.kind](write, policyLabel(write), principalPhrase(write));
}

/**
 * A new default version, told by what is now in force (the rules that judge
 * the new default say it so, whether it was created as default or made so).
 */
export function madeDefaultPhrase(write: PolicyWrite): string {
  return `made ${write.versionId ?? 'a new version'} the default version of ${policyLabel(write)}`;
}
