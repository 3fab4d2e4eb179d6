import type { ActionKind } from '../model/action-kinds.js';

/**
 * The AWS permissions each remediation kind uses (inspect, change, undo and
 * the reads they make, including the principal reads of principal-exists.ts
 * that tell "already so" from "target gone"). Kept apart from the implementations so code that only
 * needs to know them (the remediation role's policy, own-call recognition in
 * detect) does not bundle the SDK clients the actions use.
 */
export const ACTION_PERMISSIONS: { readonly [K in ActionKind]: readonly string[] } = Object.freeze({
  'delete-inline-policy': [
    'iam:DeleteGroupPolicy',
    'iam:DeleteRolePolicy',
    'iam:DeleteUserPolicy',
    // principal-exists.ts: tells "already so" from "target gone"
    'iam:GetGroup',
    'iam:GetRole',
    'iam:GetUser',
    'iam:GetGroupPolicy',
    'iam:GetRolePolicy',
    'iam:GetUserPolicy',
    'iam:ListGroupPolicies',
    'iam:ListRolePolicies',
    'iam:ListUserPolicies',
    'iam:PutGroupPolicy',
    'iam:PutRolePolicy',
    'iam:PutUserPolicy',
  ],
  'detach-policy': [
    'iam:AttachGroupPolicy',
    'iam:AttachRolePolicy',
    'iam:AttachUserPolicy',
    'iam:DetachGroupPolicy',
    'iam:DetachRolePolicy',
    'iam:DetachUserPolicy',
    'iam:GetGroup',
    'iam:GetRole',
    'iam:GetUser',
    'iam:ListAttachedGroupPolicies',
    'iam:ListAttachedRolePolicies',
    'iam:ListAttachedUserPolicies',
  ],
  'disable-access-key': ['iam:GetUser', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  'quarantine-role': ['iam:DeleteRolePolicy', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy'],
  'quarantine-user': [
    'iam:AttachUserPolicy',
    'iam:DetachUserPolicy',
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:ListAttachedUserPolicies',
    'iam:UpdateAccessKey',
  ],
  'remove-user-from-group': [
    'iam:AddUserToGroup',
    'iam:GetGroup',
    'iam:GetUser',
    'iam:ListGroupsForUser',
    'iam:RemoveUserFromGroup',
  ],
  'restore-password-policy': [
    'iam:DeleteAccountPasswordPolicy',
    'iam:GetAccountPasswordPolicy',
    'iam:UpdateAccountPasswordPolicy',
  ],
  'restore-permissions-boundary': [
    'cloudtrail:LookupEvents',
    'iam:DeleteRolePermissionsBoundary',
    'iam:DeleteUserPermissionsBoundary',
    'iam:GetRole',
    'iam:GetUser',
    'iam:PutRolePermissionsBoundary',
    'iam:PutUserPermissionsBoundary',
  ],
  'restore-trust-policy': ['iam:GetRole', 'iam:UpdateAssumeRolePolicy'],
  'revert-default-policy-version': ['iam:GetPolicy', 'iam:ListPolicyVersions', 'iam:SetDefaultPolicyVersion'],
  'start-logging': ['cloudtrail:GetTrailStatus', 'cloudtrail:StartLogging', 'cloudtrail:StopLogging'],
});
