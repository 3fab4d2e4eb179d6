import { DEFAULT_READER_ROLE, DEFAULT_REMEDIATION_ROLE } from '../../shared/aws/account-clients.js';
import { cloudTrailEventPatterns } from './event-patterns.js';
import { readerStatements, remediationStatements } from './remediation-permissions.js';
import { SERVICE_NAME } from '../../shared/settings/stage-resources.js';

/**
 * infra/member-account.yml, built from the same sources as the hub: the
 * generated EventBridge patterns and the remediation actions' permissions.
 * `npm run package` (scripts/generate-member-account.mjs) writes it; a test
 * fails when the committed file differs from this.
 *
 * Deploy it as a service-managed StackSet to every member account and every
 * region (the forwarding rules are regional; the roles are created once, in
 * the `HomeRegion`). No account-specific literal: everything is a parameter.
 */

const PARAMETERS = {
  HubAccountId: {
    Type: 'String',
    AllowedPattern: '^\\d{12}$',
    Description: 'Account running the Warden hub (serverless.yml)',
  },
  HubRegion: { Type: 'String', Default: 'us-east-1', Description: 'Region of the Warden hub' },
  Stage: { Type: 'String', Default: 'prod', AllowedPattern: '^[a-z0-9-]+$', Description: 'Warden hub stage' },
  OrganizationId: {
    Type: 'String',
    AllowedPattern: '^o-[a-z0-9]{10,32}$',
    Description: 'Organisation id: the roles trust the hub only as a principal of this organisation',
  },
  // Required, no default: a role assumable without it would be open to any
  // other service acting in the hub's name (confused deputy).
  ExternalId: {
    Type: 'String',
    MinLength: 2,
    MaxLength: 1224,
    AllowedPattern: '^[\\w+=,.@:/-]+$',
    Description: 'sts:ExternalId the hub must present (the hub param memberExternalId)',
  },
  HomeRegion: {
    Type: 'String',
    Default: 'us-east-1',
    Description: 'The one region whose stack instance creates the (global) IAM roles',
  },
} as const;

const CONDITIONS = {
  IsHomeRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'HomeRegion' }] },
  // The hub account's own events in the hub region already reach detect from
  // its default bus (serverless.yml): forwarding them again would double them.
  IsHubBusRegionOfHub: {
    'Fn::And': [
      { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'HubAccountId' }] },
      { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'HubRegion' }] },
    ],
  },
  ForwardsEvents: { 'Fn::Not': [{ Condition: 'IsHubBusRegionOfHub' }] },
} as const;

const HUB_BUS_ARN = {
  'Fn::Sub': `arn:\${AWS::Partition}:events:\${HubRegion}:\${HubAccountId}:event-bus/${SERVICE_NAME}-\${Stage}`,
};

function hubRoleArn(name: string) {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${HubAccountId}:role/${SERVICE_NAME}-\${Stage}-${name}` };
}

/** Trust: only the named hub roles, as principals of the organisation, presenting the external id. */
function trustPolicy(hubRoles: readonly string[]) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: hubRoles.map(hubRoleArn) },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            'aws:PrincipalOrgID': { Ref: 'OrganizationId' },
            'sts:ExternalId': { Ref: 'ExternalId' },
          },
        },
      },
    ],
  };
}

function logicalIdOf(patternId: string): string {
  return `Forward${patternId.charAt(0).toUpperCase()}${patternId.slice(1)}Rule`;
}

export function memberAccountTemplate(): Record<string, unknown> {
  const resources: Record<string, unknown> = {
    WardenRemediationRole: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsHomeRegion',
      Properties: {
        RoleName: DEFAULT_REMEDIATION_ROLE,
        Description: "Warden's remediation actions (apply and undo); assumed only by the hub's execute function",
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: trustPolicy(['execute']),
        Policies: [
          {
            PolicyName: 'warden-remediation',
            PolicyDocument: { Version: '2012-10-17', Statement: remediationStatements() },
          },
        ],
      },
    },
    WardenReaderRole: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsHomeRegion',
      Properties: {
        RoleName: DEFAULT_READER_ROLE,
        Description:
          "Read-only IAM access for Warden's detect (policy and group contents) and sweep (credential report) functions",
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: trustPolicy(['detect', 'sweep']),
        Policies: [
          { PolicyName: 'warden-reader', PolicyDocument: { Version: '2012-10-17', Statement: readerStatements() } },
        ],
      },
    },
    ForwardingRole: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsHomeRegion',
      Properties: {
        RoleName: { 'Fn::Sub': `${SERVICE_NAME}-\${Stage}-forwarding` },
        Description: 'Lets EventBridge rules in every region put matching CloudTrail events on the Warden hub bus',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'put-events-on-hub-bus',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: HUB_BUS_ARN }],
            },
          },
        ],
      },
    },
  };
  for (const { id, description, pattern } of cloudTrailEventPatterns()) {
    resources[logicalIdOf(id)] = {
      Type: 'AWS::Events::Rule',
      Condition: 'ForwardsEvents',
      Properties: {
        Name: { 'Fn::Sub': `${SERVICE_NAME}-\${Stage}-forward-${id}` },
        Description: `To the Warden hub: ${description}`.slice(0, 512),
        EventPattern: pattern,
        State: 'ENABLED',
        Targets: [
          {
            Id: 'warden-hub-bus',
            Arn: HUB_BUS_ARN,
            // The role is global: created by the home-region instance, used by every region's rules.
            RoleArn: {
              'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${SERVICE_NAME}-\${Stage}-forwarding`,
            },
          },
        ],
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Warden member account: forward IAM/CloudTrail/root events to the hub bus, and the roles the hub assumes (StackSet; generated by infra/stack/member-account-template.ts)',
    Parameters: PARAMETERS,
    Conditions: CONDITIONS,
    Resources: resources,
    Outputs: {
      RemediationRoleArn: {
        Condition: 'IsHomeRegion',
        Value: { 'Fn::GetAtt': ['WardenRemediationRole', 'Arn'] },
      },
      ReaderRoleArn: { Condition: 'IsHomeRegion', Value: { 'Fn::GetAtt': ['WardenReaderRole', 'Arn'] } },
    },
  };
}
