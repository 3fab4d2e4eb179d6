import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { DeploymentEvent, EVENT_SOURCE, IamEvent, type EventName } from '../cloudtrail/event-names.js';
import { requestString } from '../cloudtrail/request-parameter.js';
import { callerName, lastArnSegment } from './caller-name.js';
import { defineRule } from './define-rule.js';

/** IAM calls that change a role, and the request key naming it. */
const ROLE_WRITES: readonly EventName[] = [
  IamEvent.AttachRolePolicy,
  IamEvent.DetachRolePolicy,
  IamEvent.PutRolePolicy,
  IamEvent.DeleteRolePolicy,
  IamEvent.UpdateAssumeRolePolicy,
  IamEvent.UpdateRole,
  IamEvent.UpdateRoleDescription,
  IamEvent.DeleteRole,
  IamEvent.PutRolePermissionsBoundary,
  IamEvent.DeleteRolePermissionsBoundary,
];

const USER_WRITES: readonly EventName[] = [
  IamEvent.AttachUserPolicy,
  IamEvent.DetachUserPolicy,
  IamEvent.PutUserPolicy,
  IamEvent.DeleteUserPolicy,
  IamEvent.PutUserPermissionsBoundary,
  IamEvent.DeleteUserPermissionsBoundary,
  IamEvent.AddUserToGroup,
  IamEvent.CreateAccessKey,
  IamEvent.UpdateAccessKey,
  IamEvent.DeleteAccessKey,
  IamEvent.CreateLoginProfile,
  IamEvent.UpdateLoginProfile,
  IamEvent.DeactivateMFADevice,
  IamEvent.DeleteUser,
];

/** Calls that change a managed policy itself (its versions or existence). */
const POLICY_WRITES: readonly EventName[] = [
  IamEvent.CreatePolicyVersion,
  IamEvent.SetDefaultPolicyVersion,
  IamEvent.DeletePolicyVersion,
  IamEvent.DeletePolicy,
];

const FUNCTION_WRITES: readonly EventName[] = [
  DeploymentEvent.UpdateFunctionCode,
  DeploymentEvent.UpdateFunctionConfiguration,
  DeploymentEvent.DeleteFunction,
  DeploymentEvent.AddPermission,
  DeploymentEvent.RemovePermission,
  DeploymentEvent.PutFunctionConcurrency,
];

const EVENTBRIDGE_RULE_WRITES: readonly EventName[] = [
  DeploymentEvent.DisableRule,
  DeploymentEvent.DeleteRule,
  DeploymentEvent.PutRule,
  DeploymentEvent.PutTargets,
  DeploymentEvent.RemoveTargets,
];

/**
 * Someone changing Warden itself: its IAM roles, users or policies, its Lambda
 * functions, or the EventBridge rules and targets that feed it. Recognised by
 * the configured resource-name prefix (`warden` → `warden-prod-execute`).
 */
export const wardenTampering = defineRule({
  id: 'warden.tampering',
  title: 'Warden’s own resources changed',
  severity: 'critical',
  on: [...ROLE_WRITES, ...USER_WRITES, ...POLICY_WRITES, ...FUNCTION_WRITES, ...EVENTBRIDGE_RULE_WRITES],
  rationale:
    'Protect the security tooling itself: disabling or rewiring the guard (its rules, targets, code or permissions) is how an attacker turns off detection before acting. Changes should come only from Warden’s own deployment.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event, { settings }) => {
    if (EVENT_SOURCE[event.eventName] !== event.eventSource) return null;
    const resource = wardenResourceOf(event);
    if (!resource || !hasWardenPrefix(resource.name, settings.wardenResourcePrefix)) return null;
    return {
      target: { type: 'warden-resource', name: resource.name, ...(resource.arn ? { arn: resource.arn } : {}) },
      summary: `${callerName(event)} called ${event.eventName.replace(/\d{8}(v\d+)?$/, '')} on Warden’s ${resource.kind} ${resource.name}`,
    };
  },
});

interface NamedResource {
  readonly kind: 'role' | 'user' | 'policy' | 'function' | 'EventBridge rule';
  readonly name: string;
  readonly arn?: string;
}

function wardenResourceOf(event: CloudTrailEvent & { readonly eventName: EventName }): NamedResource | undefined {
  const name = event.eventName;
  if (ROLE_WRITES.includes(name)) return named('role', requestString(event, 'roleName'));
  if (USER_WRITES.includes(name)) return named('user', requestString(event, 'userName'));
  if (POLICY_WRITES.includes(name)) {
    const arn = requestString(event, 'policyArn');
    const policyName = lastArnSegment(arn);
    return policyName ? { kind: 'policy', name: policyName, ...(arn ? { arn } : {}) } : undefined;
  }
  if (FUNCTION_WRITES.includes(name)) {
    const reference = requestString(event, 'functionName');
    const functionName = reference ? functionNameOf(reference) : undefined;
    return functionName
      ? { kind: 'function', name: functionName, ...(reference?.startsWith('arn:') ? { arn: reference } : {}) }
      : undefined;
  }
  const rule = requestString(event, 'name') ?? requestString(event, 'rule');
  const ruleName = rule?.startsWith('arn:') ? lastArnSegment(rule) : rule;
  return ruleName
    ? { kind: 'EventBridge rule', name: ruleName, ...(rule?.startsWith('arn:') ? { arn: rule } : {}) }
    : undefined;
}

function named(kind: 'role' | 'user', name: string | undefined): NamedResource | undefined {
  return name ? { kind, name } : undefined;
}

/** `warden-prod-detect`, `arn:…:function:warden-prod-detect:live`, `123:function:warden-prod-detect` → `warden-prod-detect`. */
function functionNameOf(reference: string): string | undefined {
  const marker = reference.indexOf('function:');
  const rest = marker >= 0 ? reference.slice(marker + 'function:'.length) : reference;
  const name = rest.split(':')[0];
  return name ? name : undefined;
}

/** `warden` matches `warden`, `Warden-prod-execute`; not `wardenship` or `my-warden`. */
export function hasWardenPrefix(name: string, prefix: string): boolean {
  if (prefix === '' || name.length < prefix.length) return false;
  if (name.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return false;
  return name.length === prefix.length || name[prefix.length] === '-';
}
