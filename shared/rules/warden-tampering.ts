import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { DeploymentEvent, EVENT_SOURCE, IamEvent, type EventName } from '../cloudtrail/event-names.js';
import { requestParam, requestString } from '../cloudtrail/request-parameter.js';
import { callerName, lastArnSegment } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import type { WardenDeployment } from '../model/detection-settings.js';
import { type WardenResourceKind, wardenResourceReason } from './support/warden-resources.js';

/**
 * Someone other than Warden changing Warden itself: its roles (the hub's and
 * the member accounts' `WardenRemediation`/`WardenReader`), policies, Lambda
 * functions, EventBridge bus and rules, table, alert topic, dead-letter
 * queue, Slack credentials or CloudFormation stacks. Warden's own calls never
 * reach the rules (own-calls.ts recognises them exactly), so whatever arrives
 * here was made by someone else — including a CloudFormation deployment,
 * which decide.ts shows as such.
 */

/** What one call changes: the resource kind and the request key(s) naming it. */
interface Target {
  readonly kind: WardenResourceKind;
  /** Names (or ARNs) of the resources the call changes. */
  readonly names: (event: CloudTrailEvent) => readonly string[];
}

const param =
  (...keys: string[]) =>
  (event: CloudTrailEvent): string[] =>
    keys.map((key) => requestString(event, key)).filter((value): value is string => value !== undefined);

/** ARN or name → the resource name (`arn:…:table/warden-prod` → `warden-prod`). */
const named = (key: string, nameOf: (reference: string) => string | undefined) => (event: CloudTrailEvent) => {
  const reference = requestString(event, key);
  const name = reference ? nameOf(reference) : undefined;
  return name ? [name] : [];
};

const byRole: Target = { kind: 'role', names: param('roleName') };
const byUser: Target = { kind: 'user', names: param('userName') };
const byPolicy: Target = { kind: 'policy', names: named('policyArn', lastArnSegment) };
const byFunction: Target = { kind: 'function', names: named('functionName', functionNameOf) };
const byTable: Target = { kind: 'table', names: named('tableName', afterMarker('table/')) };
const byTopic: Target = { kind: 'topic', names: named('topicArn', (arn) => arn.split(':')[5]) };
const byQueue: Target = { kind: 'queue', names: named('queueUrl', (url) => url.split('/').filter(Boolean).pop()) };
const bySecret: Target = { kind: 'secret', names: named('secretId', secretNameOf) };
const byStack: Target = { kind: 'stack', names: named('stackName', afterMarker('stack/')) };
const byStackSet: Target = { kind: 'stack set', names: named('stackSetName', (name) => name.split(':')[0]) };
const byBus: Target = { kind: 'event bus', names: named('eventBusName', lastArnSegment) };

/** EventBridge rule writes: the rule by name, or any rule on Warden's own bus. */
const byRuleOrBus = (event: CloudTrailEvent): Array<{ kind: WardenResourceKind; name: string }> => [
  ...named('name', lastArnSegment)(event).map((name) => ({ kind: 'EventBridge rule' as const, name })),
  ...named('rule', lastArnSegment)(event).map((name) => ({ kind: 'EventBridge rule' as const, name })),
  ...byBus.names(event).map((name) => ({ kind: 'event bus' as const, name })),
];

const TARGETS: ReadonlyMap<
  EventName,
  Target | ((event: CloudTrailEvent) => Array<{ kind: WardenResourceKind; name: string }>)
> = new Map<EventName, Target | ((event: CloudTrailEvent) => Array<{ kind: WardenResourceKind; name: string }>)>([
  // IAM roles (CreateRole: re-creating a deleted Warden role is taking its name over)
  ...(
    [
      IamEvent.CreateRole,
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
      IamEvent.TagRole,
      IamEvent.UntagRole,
    ] as const
  ).map((name) => [name, byRole] as const),
  ...(
    [
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
    ] as const
  ).map((name) => [name, byUser] as const),
  ...(
    [
      IamEvent.CreatePolicyVersion,
      IamEvent.SetDefaultPolicyVersion,
      IamEvent.DeletePolicyVersion,
      IamEvent.DeletePolicy,
    ] as const
  ).map((name) => [name, byPolicy] as const),
  ...(
    [
      DeploymentEvent.UpdateFunctionCode,
      DeploymentEvent.UpdateFunctionConfiguration,
      DeploymentEvent.DeleteFunction,
      DeploymentEvent.AddPermission,
      DeploymentEvent.RemovePermission,
      DeploymentEvent.PutFunctionConcurrency,
      DeploymentEvent.DeleteFunctionConcurrency,
    ] as const
  ).map((name) => [name, byFunction] as const),
  ...(
    [
      DeploymentEvent.DisableRule,
      DeploymentEvent.DeleteRule,
      DeploymentEvent.PutRule,
      DeploymentEvent.PutTargets,
      DeploymentEvent.RemoveTargets,
    ] as const
  ).map((name) => [name, byRuleOrBus] as const),
  [DeploymentEvent.DeleteEventBus, { kind: 'event bus', names: named('name', lastArnSegment) }],
  [DeploymentEvent.PutEventBusPermission, byBus],
  [DeploymentEvent.RemoveEventBusPermission, byBus],
  ...(
    [
      DeploymentEvent.DeleteTable,
      DeploymentEvent.UpdateTable,
      DeploymentEvent.UpdateTimeToLive,
      DeploymentEvent.UpdateContinuousBackups,
    ] as const
  ).map((name) => [name, byTable] as const),
  ...(
    [
      DeploymentEvent.DeleteTopic,
      DeploymentEvent.SetTopicAttributes,
      DeploymentEvent.Subscribe,
      DeploymentEvent.AddTopicPermission,
    ] as const
  ).map((name) => [name, byTopic] as const),
  // arn:aws:sns:<region>:<account>:<topic>:<subscription id>
  [DeploymentEvent.Unsubscribe, { kind: 'topic', names: named('subscriptionArn', (arn) => arn.split(':')[5]) }],
  ...([DeploymentEvent.DeleteQueue, DeploymentEvent.SetQueueAttributes, DeploymentEvent.PurgeQueue] as const).map(
    (name) => [name, byQueue] as const,
  ),
  ...(
    [
      DeploymentEvent.PutSecretValue,
      DeploymentEvent.UpdateSecret,
      DeploymentEvent.DeleteSecret,
      DeploymentEvent.RotateSecret,
    ] as const
  ).map((name) => [name, bySecret] as const),
  [DeploymentEvent.PutParameter, { kind: 'parameter', names: param('name') }],
  [DeploymentEvent.DeleteParameter, { kind: 'parameter', names: param('name') }],
  [DeploymentEvent.DeleteParameters, { kind: 'parameter', names: stringsOf('names') }],
  ...(
    [
      DeploymentEvent.DeleteStack,
      DeploymentEvent.UpdateStack,
      DeploymentEvent.ExecuteChangeSet,
      DeploymentEvent.SetStackPolicy,
      DeploymentEvent.UpdateTerminationProtection,
    ] as const
  ).map((name) => [name, byStack] as const),
  ...(
    [
      DeploymentEvent.UpdateStackSet,
      DeploymentEvent.DeleteStackSet,
      DeploymentEvent.UpdateStackInstances,
      DeploymentEvent.DeleteStackInstances,
    ] as const
  ).map((name) => [name, byStackSet] as const),
]);

export const wardenTampering = defineRule({
  id: 'warden.tampering',
  title: 'Warden’s own resources changed',
  severity: 'critical',
  on: [...TARGETS.keys()],
  rationale:
    'Protect the security tooling itself: disabling or rewiring the guard (its rules, targets, code, permissions, table, alert topic, Slack credentials or stacks) is how an attacker turns off detection before acting. Warden’s resources are those of the deployed stage (`warden-<stage>`, `warden/<stage>/…`) and the member accounts’ `WardenRemediation`/`WardenReader` roles; without a known stage, every `warden-…` name. Warden’s own calls are recognised exactly and never reach this rule; changes should come only from Warden’s own deployment.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event, { settings }) => {
    if (EVENT_SOURCE[event.eventName] !== event.eventSource) return null;
    const hit = wardenResourceOf(event, settings.warden);
    if (!hit) return null;
    return {
      target: { type: 'warden-resource', name: hit.name, ...(hit.arn ? { arn: hit.arn } : {}) },
      summary: `${callerName(event)} called ${event.eventName.replace(/\d{8}(v\d+)?$/, '')} on Warden’s ${hit.kind} ${hit.name} (${hit.reason})`,
    };
  },
});

interface Hit {
  readonly kind: WardenResourceKind;
  readonly name: string;
  readonly reason: string;
  readonly arn?: string;
}

function wardenResourceOf(
  event: CloudTrailEvent & { readonly eventName: EventName },
  deployment: WardenDeployment,
): Hit | undefined {
  const target = TARGETS.get(event.eventName);
  if (!target) return undefined;
  const candidates =
    typeof target === 'function' ? target(event) : target.names(event).map((name) => ({ kind: target.kind, name }));
  for (const { kind, name } of candidates) {
    const reason = wardenResourceReason(kind, name, deployment);
    if (reason) return { kind, name, reason, ...arnOf(event) };
  }
  return undefined;
}

/** The ARN the request named, when it named one (for the message's links). */
function arnOf(event: CloudTrailEvent): { arn?: string } {
  for (const key of ['policyArn', 'functionName', 'topicArn', 'secretId', 'stackName', 'name', 'tableName']) {
    const value = requestString(event, key);
    if (value?.startsWith('arn:')) return { arn: value };
  }
  return {};
}

function stringsOf(key: string) {
  return (event: CloudTrailEvent): string[] => {
    const value = requestParam(event, key);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  };
}

function afterMarker(marker: string) {
  return (reference: string): string | undefined => {
    const at = reference.indexOf(marker);
    const rest = at >= 0 ? reference.slice(at + marker.length) : reference;
    return rest.split('/')[0] || undefined;
  };
}

/** `warden-prod-detect`, `arn:…:function:warden-prod-detect:live`, `123:function:warden-prod-detect` → `warden-prod-detect`. */
function functionNameOf(reference: string): string | undefined {
  const marker = reference.indexOf('function:');
  const rest = marker >= 0 ? reference.slice(marker + 'function:'.length) : reference;
  const name = rest.split(':')[0];
  return name ? name : undefined;
}

/** Secrets Manager ARNs end in `secret:<name>-<6 random characters>`; a plain id is the name. */
function secretNameOf(reference: string): string | undefined {
  if (!reference.startsWith('arn:')) return reference;
  const at = reference.indexOf(':secret:');
  if (at < 0) return undefined;
  return reference.slice(at + ':secret:'.length).replace(/-[A-Za-z0-9]{6}$/, '') || undefined;
}
