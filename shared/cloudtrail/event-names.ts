/**
 * The CloudTrail event names Warden knows, grouped by the service that emits
 * them. Rules, EventBridge patterns and tests refer to these constants, never
 * to scattered strings.
 */

export const IamEvent = {
  AddUserToGroup: 'AddUserToGroup',
  AttachGroupPolicy: 'AttachGroupPolicy',
  AttachRolePolicy: 'AttachRolePolicy',
  AttachUserPolicy: 'AttachUserPolicy',
  CreateAccessKey: 'CreateAccessKey',
  CreateLoginProfile: 'CreateLoginProfile',
  CreateOpenIDConnectProvider: 'CreateOpenIDConnectProvider',
  CreatePolicy: 'CreatePolicy',
  CreatePolicyVersion: 'CreatePolicyVersion',
  CreateRole: 'CreateRole',
  CreateSAMLProvider: 'CreateSAMLProvider',
  CreateUser: 'CreateUser',
  DeactivateMFADevice: 'DeactivateMFADevice',
  DeleteAccountPasswordPolicy: 'DeleteAccountPasswordPolicy',
  // No rule listens to it; the document snapshot follows it (shared/snapshot/snapshot-writes.ts).
  DeleteGroup: 'DeleteGroup',
  DeleteGroupPolicy: 'DeleteGroupPolicy',
  DeletePolicy: 'DeletePolicy',
  DeletePolicyVersion: 'DeletePolicyVersion',
  DeleteRole: 'DeleteRole',
  DeleteRolePermissionsBoundary: 'DeleteRolePermissionsBoundary',
  DeleteRolePolicy: 'DeleteRolePolicy',
  DeleteUserPermissionsBoundary: 'DeleteUserPermissionsBoundary',
  DeleteUserPolicy: 'DeleteUserPolicy',
  DeleteVirtualMFADevice: 'DeleteVirtualMFADevice',
  DetachGroupPolicy: 'DetachGroupPolicy',
  DetachRolePolicy: 'DetachRolePolicy',
  DetachUserPolicy: 'DetachUserPolicy',
  PutGroupPolicy: 'PutGroupPolicy',
  PutRolePermissionsBoundary: 'PutRolePermissionsBoundary',
  PutRolePolicy: 'PutRolePolicy',
  PutUserPermissionsBoundary: 'PutUserPermissionsBoundary',
  PutUserPolicy: 'PutUserPolicy',
  SetDefaultPolicyVersion: 'SetDefaultPolicyVersion',
  UpdateAccessKey: 'UpdateAccessKey',
  UpdateAccountPasswordPolicy: 'UpdateAccountPasswordPolicy',
  UpdateAssumeRolePolicy: 'UpdateAssumeRolePolicy',
  UpdateLoginProfile: 'UpdateLoginProfile',
  UpdateRole: 'UpdateRole',
  UpdateRoleDescription: 'UpdateRoleDescription',
  DeleteUser: 'DeleteUser',
  DeleteAccessKey: 'DeleteAccessKey',
  TagRole: 'TagRole',
  UntagRole: 'UntagRole',
} as const;

export const CloudTrailApiEvent = {
  DeleteTrail: 'DeleteTrail',
  PutEventSelectors: 'PutEventSelectors',
  PutInsightSelectors: 'PutInsightSelectors',
  StopLogging: 'StopLogging',
  UpdateTrail: 'UpdateTrail',
  // CloudTrail Lake
  DeleteEventDataStore: 'DeleteEventDataStore',
  StopEventDataStoreIngestion: 'StopEventDataStoreIngestion',
  UpdateEventDataStore: 'UpdateEventDataStore',
} as const;

/** S3 calls on a bucket that receives CloudTrail logs (`cloudtrail.trailBuckets` in the config). */
export const S3Event = {
  DeleteBucket: 'DeleteBucket',
  DeleteBucketPolicy: 'DeleteBucketPolicy',
  PutBucketLifecycle: 'PutBucketLifecycle',
  PutBucketLifecycleConfiguration: 'PutBucketLifecycleConfiguration',
  PutBucketPolicy: 'PutBucketPolicy',
  PutObjectLockConfiguration: 'PutObjectLockConfiguration',
} as const;

export const SignInEvent = {
  ConsoleLogin: 'ConsoleLogin',
} as const;

/** STS calls that mint credentials outside the usual sign-in. */
export const StsEvent = {
  GetFederationToken: 'GetFederationToken',
} as const;

/** IAM Roles Anywhere: X.509 certificates as a way into the account's roles. */
export const RolesAnywhereEvent = {
  CreateTrustAnchor: 'CreateTrustAnchor',
  UpdateTrustAnchor: 'UpdateTrustAnchor',
  CreateProfile: 'CreateProfile',
} as const;

/** Calls that change Warden's own deployment: its functions, rules, bus, table, topic, queue, secrets and stacks. */
export const DeploymentEvent = {
  // Lambda (CloudTrail records the API version suffix in the event name)
  UpdateFunctionCode: 'UpdateFunctionCode20150331v2',
  UpdateFunctionConfiguration: 'UpdateFunctionConfiguration20150331v2',
  DeleteFunction: 'DeleteFunction20150331',
  AddPermission: 'AddPermission20150331v2',
  RemovePermission: 'RemovePermission20150331v2',
  PutFunctionConcurrency: 'PutFunctionConcurrency20171031',
  DeleteFunctionConcurrency: 'DeleteFunctionConcurrency20171031',
  // EventBridge
  DisableRule: 'DisableRule',
  DeleteRule: 'DeleteRule',
  PutRule: 'PutRule',
  PutTargets: 'PutTargets',
  RemoveTargets: 'RemoveTargets',
  DeleteEventBus: 'DeleteEventBus',
  PutEventBusPermission: 'PutPermission',
  // SNS's RemovePermission shares the name; only the bus's is routed (removing a topic grant is not a bypass).
  RemoveEventBusPermission: 'RemovePermission',
  // DynamoDB (the table holding findings, actions and the audit trail)
  DeleteTable: 'DeleteTable',
  UpdateTable: 'UpdateTable',
  UpdateTimeToLive: 'UpdateTimeToLive',
  UpdateContinuousBackups: 'UpdateContinuousBackups',
  // SNS (the fallback alert topic)
  DeleteTopic: 'DeleteTopic',
  SetTopicAttributes: 'SetTopicAttributes',
  Subscribe: 'Subscribe',
  Unsubscribe: 'Unsubscribe',
  AddTopicPermission: 'AddPermission',
  // SQS (the dead-letter queue of undelivered events)
  DeleteQueue: 'DeleteQueue',
  SetQueueAttributes: 'SetQueueAttributes',
  PurgeQueue: 'PurgeQueue',
  // Secrets Manager and SSM (the Slack credentials)
  PutSecretValue: 'PutSecretValue',
  UpdateSecret: 'UpdateSecret',
  DeleteSecret: 'DeleteSecret',
  RotateSecret: 'RotateSecret',
  PutParameter: 'PutParameter',
  DeleteParameter: 'DeleteParameter',
  DeleteParameters: 'DeleteParameters',
  // CloudFormation (the hub stack and the member StackSet)
  DeleteStack: 'DeleteStack',
  UpdateStack: 'UpdateStack',
  ExecuteChangeSet: 'ExecuteChangeSet',
  SetStackPolicy: 'SetStackPolicy',
  UpdateTerminationProtection: 'UpdateTerminationProtection',
  UpdateStackSet: 'UpdateStackSet',
  DeleteStackSet: 'DeleteStackSet',
  UpdateStackInstances: 'UpdateStackInstances',
  DeleteStackInstances: 'DeleteStackInstances',
} as const;

export const EventName = {
  ...IamEvent,
  ...CloudTrailApiEvent,
  ...S3Event,
  ...SignInEvent,
  ...StsEvent,
  ...RolesAnywhereEvent,
  ...DeploymentEvent,
} as const;

export type EventName = (typeof EventName)[keyof typeof EventName];

/** The `eventSource` that emits each known event name (used for EventBridge patterns). */
export const EVENT_SOURCE: { readonly [N in EventName]: string } = Object.freeze({
  ...mapSource(IamEvent, 'iam.amazonaws.com'),
  ...mapSource(CloudTrailApiEvent, 'cloudtrail.amazonaws.com'),
  ...mapSource(S3Event, 's3.amazonaws.com'),
  ...mapSource(SignInEvent, 'signin.amazonaws.com'),
  ...mapSource(StsEvent, 'sts.amazonaws.com'),
  ...mapSource(RolesAnywhereEvent, 'rolesanywhere.amazonaws.com'),
  UpdateFunctionCode20150331v2: 'lambda.amazonaws.com',
  UpdateFunctionConfiguration20150331v2: 'lambda.amazonaws.com',
  DeleteFunction20150331: 'lambda.amazonaws.com',
  AddPermission20150331v2: 'lambda.amazonaws.com',
  RemovePermission20150331v2: 'lambda.amazonaws.com',
  PutFunctionConcurrency20171031: 'lambda.amazonaws.com',
  DeleteFunctionConcurrency20171031: 'lambda.amazonaws.com',
  ...mapSource(
    pick(DeploymentEvent, 'DisableRule', 'DeleteRule', 'PutRule', 'PutTargets', 'RemoveTargets'),
    'events.amazonaws.com',
  ),
  ...mapSource(
    pick(DeploymentEvent, 'DeleteEventBus', 'PutEventBusPermission', 'RemoveEventBusPermission'),
    'events.amazonaws.com',
  ),
  ...mapSource(
    pick(DeploymentEvent, 'DeleteTable', 'UpdateTable', 'UpdateTimeToLive', 'UpdateContinuousBackups'),
    'dynamodb.amazonaws.com',
  ),
  ...mapSource(
    pick(DeploymentEvent, 'DeleteTopic', 'SetTopicAttributes', 'Subscribe', 'Unsubscribe', 'AddTopicPermission'),
    'sns.amazonaws.com',
  ),
  ...mapSource(pick(DeploymentEvent, 'DeleteQueue', 'SetQueueAttributes', 'PurgeQueue'), 'sqs.amazonaws.com'),
  ...mapSource(
    pick(DeploymentEvent, 'PutSecretValue', 'UpdateSecret', 'DeleteSecret', 'RotateSecret'),
    'secretsmanager.amazonaws.com',
  ),
  ...mapSource(pick(DeploymentEvent, 'PutParameter', 'DeleteParameter', 'DeleteParameters'), 'ssm.amazonaws.com'),
  ...mapSource(
    pick(
      DeploymentEvent,
      'DeleteStack',
      'UpdateStack',
      'ExecuteChangeSet',
      'SetStackPolicy',
      'UpdateTerminationProtection',
      'UpdateStackSet',
      'DeleteStackSet',
      'UpdateStackInstances',
      'DeleteStackInstances',
    ),
    'cloudformation.amazonaws.com',
  ),
});

const KNOWN = new Set<string>(Object.values(EventName));

export function isKnownEventName(name: string): name is EventName {
  return KNOWN.has(name);
}

function pick<T extends Record<string, string>, K extends keyof T>(names: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, names[key]])) as Pick<T, K>;
}

function mapSource<T extends Record<string, string>>(names: T, source: string): { [K in T[keyof T]]: string } {
  return Object.fromEntries(Object.values(names).map((name) => [name, source])) as { [K in T[keyof T]]: string };
}
