import type { ActionDefinition } from './action.js';
import type { ActionKind } from '../model/action-kinds.js';
import { deleteInlinePolicy } from './delete-inline-policy.js';
import { detachPolicy } from './detach-policy.js';
import { disableAccessKey } from './disable-access-key.js';
import { quarantineRole } from './quarantine-role.js';
import { quarantineUser } from './quarantine-user.js';
import { removeUserFromGroup } from './remove-user-from-group.js';
import { restorePasswordPolicy } from './restore-password-policy.js';
import { restorePermissionsBoundary } from './restore-permissions-boundary.js';
import { restoreTrustPolicy } from './restore-trust-policy.js';
import { revertDefaultPolicyVersion } from './revert-default-policy-version.js';
import { startLogging } from './start-logging.js';

/** Every remediation kind and the action implementing it (the mapped type makes a missing kind a compile error). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry keeps its own prior-state type
export const ACTION_REGISTRY: { readonly [K in ActionKind]: ActionDefinition<K, any> } = Object.freeze({
  'disable-access-key': disableAccessKey,
  'detach-policy': detachPolicy,
  'delete-inline-policy': deleteInlinePolicy,
  'revert-default-policy-version': revertDefaultPolicyVersion,
  'remove-user-from-group': removeUserFromGroup,
  'restore-password-policy': restorePasswordPolicy,
  'restore-permissions-boundary': restorePermissionsBoundary,
  'restore-trust-policy': restoreTrustPolicy,
  'start-logging': startLogging,
  'quarantine-user': quarantineUser,
  'quarantine-role': quarantineRole,
});

/** The action for `kind`, its prior state seen as the generic `PriorState`. */
export function actionFor<K extends ActionKind>(kind: K): ActionDefinition<K> {
  return ACTION_REGISTRY[kind] as ActionDefinition<K>;
}

/** The sorted union of every action's permissions: exactly what the remediation role must grant. */
export function allActionPermissions(): string[] {
  const all = new Set<string>();
  for (const action of Object.values(ACTION_REGISTRY)) for (const permission of action.permissions) all.add(permission);
  return [...all].sort();
}
