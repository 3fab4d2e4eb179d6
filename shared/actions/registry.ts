/**
 * Every remediation kind, twice: its spec (pure: words, target, permissions,
 * parameter schema) and its definition (spec plus inspect/change/undo). Code
 * that only reads specs — rules, guards, own-call recognition, the remediation
 * role's policy — imports `ACTION_SPECS`, so its bundle carries no action
 * implementation. The mapped types make a kind missing from either table a
 * compile error; a kind exists once its file adds its `ActionParams` entry.
 */
import type { ActionDefinition, ActionSpec } from './action.js';
import type { ActionKind } from '../model/action-kinds.js';
import { deleteInlinePolicy, deleteInlinePolicySpec } from './delete-inline-policy.js';
import { detachPolicy, detachPolicySpec } from './detach-policy.js';
import { disableAccessKey, disableAccessKeySpec } from './disable-access-key.js';
import { quarantineRole, quarantineRoleSpec } from './quarantine-role.js';
import { quarantineUser, quarantineUserSpec } from './quarantine-user.js';
import { removeUserFromGroup, removeUserFromGroupSpec } from './remove-user-from-group.js';
import { restorePasswordPolicy, restorePasswordPolicySpec } from './restore-password-policy.js';
import { restorePermissionsBoundary, restorePermissionsBoundarySpec } from './restore-permissions-boundary.js';
import { restoreTrustPolicy, restoreTrustPolicySpec } from './restore-trust-policy.js';
import { revertDefaultPolicyVersion, revertDefaultPolicyVersionSpec } from './revert-default-policy-version.js';
import { startLogging, startLoggingSpec } from './start-logging.js';

export const ACTION_SPECS: { readonly [K in ActionKind]: ActionSpec<K> } = /* @__PURE__ */ Object.freeze({
  'disable-access-key': disableAccessKeySpec,
  'detach-policy': detachPolicySpec,
  'delete-inline-policy': deleteInlinePolicySpec,
  'revert-default-policy-version': revertDefaultPolicyVersionSpec,
  'remove-user-from-group': removeUserFromGroupSpec,
  'restore-password-policy': restorePasswordPolicySpec,
  'restore-permissions-boundary': restorePermissionsBoundarySpec,
  'restore-trust-policy': restoreTrustPolicySpec,
  'start-logging': startLoggingSpec,
  'quarantine-user': quarantineUserSpec,
  'quarantine-role': quarantineRoleSpec,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry keeps its own prior-state type
export const ACTION_REGISTRY: { readonly [K in ActionKind]: ActionDefinition<K, any> } = /* @__PURE__ */ Object.freeze({
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

/** Every kind, in the tables' order. */
export const ACTION_KINDS = Object.freeze(Object.keys(ACTION_SPECS) as ActionKind[]);

export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === 'string' && Object.hasOwn(ACTION_SPECS, value);
}

/** The spec of `kind`: what Warden knows of it without running it. */
export function specFor<K extends ActionKind>(kind: K): ActionSpec<K> {
  return ACTION_SPECS[kind] as ActionSpec<K>;
}

/** The action for `kind`, its prior state seen as the generic `PriorState`. */
export function actionFor<K extends ActionKind>(kind: K): ActionDefinition<K> {
  return ACTION_REGISTRY[kind] as ActionDefinition<K>;
}

/** Each kind's permissions, for code that must not bundle the implementations (own-call recognition). */
export function permissionsOf(kind: ActionKind): readonly string[] {
  return ACTION_SPECS[kind].permissions;
}

/** The sorted union of every action's permissions: exactly what the remediation role must grant. */
export function allActionPermissions(): string[] {
  const all = new Set<string>();
  for (const spec of Object.values(ACTION_SPECS)) for (const permission of spec.permissions) all.add(permission);
  return [...all].sort();
}
