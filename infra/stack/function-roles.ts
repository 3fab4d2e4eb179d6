import { DEFAULT_READER_ROLE, DEFAULT_REMEDIATION_ROLE } from '../../shared/aws/account-clients.js';
import {
  type CfnStatement,
  type CfnValue,
  DETECT_IAM_READS,
  SWEEP_CLOUDTRAIL_READS,
  SWEEP_IAM_READS,
  SWEEP_ORGANIZATIONS_READS,
  remediationStatements,
  scopedStatements,
} from './remediation-permissions.js';
import { SNAPSHOT_PARTITION_PREFIX } from '../../shared/store/keys.js';
import { FUNCTION_NAMES, type FunctionName, SERVICE_NAME } from '../../shared/settings/stage-resources.js';

/**
 * One least-privilege role per function (DESIGN §8), as CloudFormation
 * resources for serverless.yml (`functions.<name>.role: <Name>Role`). Each
 * role gets exactly what its function's code calls; only execute can write
 * IAM. Logical ids of the resources they point at are defined in
 * infra/hub.yml and infra/table.yml.
 */

export const HubLogicalId = {
  Table: 'WardenTable',
  EventBus: 'WardenEventBus',
  AlertTopic: 'AlertTopic',
  AlertTopicKey: 'AlertTopicKey',
  DeadLetterQueue: 'DeadLetterQueue',
} as const;

const getAtt = (logicalId: string, attribute: string): CfnValue => ({ 'Fn::GetAtt': [logicalId, attribute] });
const ref = (logicalId: string): CfnValue => ({ Ref: logicalId });
const sub = (template: string): CfnValue => ({ 'Fn::Sub': template });

/** `DetectRole`, `ExecuteRole`, … */
export function roleLogicalId(name: FunctionName): string {
  return `${name[0]?.toUpperCase() ?? ''}${name.slice(1)}Role`;
}

/** The DynamoDB calls of shared/store/dynamodb-store.ts (Get, Put, Update, Query, TransactWrite) and document-snapshot-store.ts (Get, Put, Query). */
export const STORE_ACTIONS: readonly string[] = Object.freeze([
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
]);

/** What each function uses besides logs and the store. */
interface FunctionNeeds {
  readonly publishesEvents: boolean;
  readonly notifiesTopic: boolean;
  /** Async invocations end in the DLQ (on-failure destination). */
  readonly asyncDestination: boolean;
  readonly iam: 'none' | 'read' | 'credential-report' | 'remediate';
  readonly memberRole?: string;
  /** Reads the organisation (DescribeOrganization, ListAccounts) with its own credentials. */
  readonly readsOrganization?: boolean;
  /** Reads its own account's trails (DescribeTrails) with its own credentials. */
  readonly readsTrails?: boolean;
  /** Replaces the document snapshot (shared/store/document-snapshot-store.ts): deletes entries it no longer sees. */
  readonly refreshesSnapshot?: boolean;
}

export const FUNCTION_NEEDS: { readonly [N in FunctionName]: FunctionNeeds } = Object.freeze({
  detect: {
    publishesEvents: true,
    notifiesTopic: true,
    asyncDestination: true,
    iam: 'read',
    memberRole: DEFAULT_READER_ROLE,
  },
  interact: { publishesEvents: true, notifiesTopic: false, asyncDestination: false, iam: 'none' },
  execute: {
    publishesEvents: true,
    notifiesTopic: true,
    asyncDestination: true,
    iam: 'remediate',
    memberRole: DEFAULT_REMEDIATION_ROLE,
  },
  sweep: {
    publishesEvents: false,
    notifiesTopic: true,
    asyncDestination: true,
    // The hub's own IAM, and every member account's through WardenReader (functions/sweep/dependencies.ts).
    iam: 'credential-report',
    memberRole: DEFAULT_READER_ROLE,
    readsOrganization: true,
    readsTrails: true,
    refreshesSnapshot: true,
  },
});

/** What varies per deployment: the stage and where the Slack credentials are. */
export interface HubOptions {
  readonly stage: string;
  /** Secrets Manager secret name (or SSM parameter name, without a leading `/`). */
  readonly slackSecretId: string;
}

/** The policy statements of one function's role. */
export function functionPolicyStatements(name: FunctionName, options: HubOptions): CfnStatement[] {
  const needs = FUNCTION_NEEDS[name];
  const { stage, slackSecretId } = options;
  const statements: CfnStatement[] = [
    {
      Sid: 'OwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: sub(
        `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${SERVICE_NAME}-${stage}-${name}:*`,
      ),
    },
    {
      Sid: 'Store',
      Effect: 'Allow',
      Action: STORE_ACTIONS,
      Resource: [getAtt(HubLogicalId.Table, 'Arn'), sub(`\${${HubLogicalId.Table}.Arn}/index/*`)],
    },
    {
      Sid: 'SlackCredentials',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      // Secrets Manager appends a random 6-character suffix to a secret's ARN.
      Resource: sub(
        `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${slackSecretId}-??????`,
      ),
    },
    {
      Sid: 'SlackCredentialsParameter',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${slackSecretId}`),
    },
  ];
  if (needs.publishesEvents) {
    statements.push({
      Sid: 'PublishWardenEvents',
      Effect: 'Allow',
      Action: ['events:PutEvents'],
      Resource: getAtt(HubLogicalId.EventBus, 'Arn'),
    });
  }
  if (needs.notifiesTopic) {
    statements.push(
      { Sid: 'NotifyTopic', Effect: 'Allow', Action: ['sns:Publish'], Resource: ref(HubLogicalId.AlertTopic) },
      {
        Sid: 'NotifyTopicEncryption',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: getAtt(HubLogicalId.AlertTopicKey, 'Arn'),
      },
    );
  }
  if (needs.asyncDestination) {
    statements.push({
      Sid: 'FailedInvocationsToDeadLetterQueue',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: getAtt(HubLogicalId.DeadLetterQueue, 'Arn'),
    });
  }
  if (needs.refreshesSnapshot) {
    statements.push({
      Sid: 'SnapshotRefresh',
      Effect: 'Allow',
      Action: ['dynamodb:DeleteItem'],
      Resource: getAtt(HubLogicalId.Table, 'Arn'),
      // Only snapshot items: findings, actions and the audit trail can never be deleted.
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${SNAPSHOT_PARTITION_PREFIX}*`] } },
    });
  }
  if (needs.memberRole) {
    statements.push({
      Sid: 'AssumeMemberRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: sub(`arn:\${AWS::Partition}:iam::*:role/${needs.memberRole}`),
    });
  }
  if (needs.readsOrganization) statements.push(...scopedStatements('ReadOrganization', SWEEP_ORGANIZATIONS_READS));
  if (needs.readsTrails) statements.push(...scopedStatements('ReadTrails', SWEEP_CLOUDTRAIL_READS));
  switch (needs.iam) {
    case 'read':
      statements.push(...scopedStatements('ReadIam', DETECT_IAM_READS));
      break;
    case 'credential-report':
      statements.push(...scopedStatements('CredentialReport', SWEEP_IAM_READS));
      break;
    case 'remediate':
      statements.push(...remediationStatements(stage));
      break;
    case 'none':
      break;
  }
  return statements;
}

/** The four AWS::IAM::Role resources, keyed by logical id. */
export function functionRoleResources(options: HubOptions): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const name of FUNCTION_NAMES) {
    resources[roleLogicalId(name)] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: `${SERVICE_NAME}-${options.stage}-${name}`,
        Description: `Warden ${name} function (least privilege; generated by infra/stack/function-roles.ts)`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: `${name}`,
            PolicyDocument: { Version: '2012-10-17', Statement: functionPolicyStatements(name, options) },
          },
        ],
      },
    };
  }
  return resources;
}
