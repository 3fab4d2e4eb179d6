import { describe, expect, it } from 'vitest';
import { installedActionCatalog } from '../../shared/policy/action-catalog.js';
import { ESCALATION_PATHS, findPrivilegeEscalations } from '../../shared/policy/privilege-escalation.js';
import { allow, parsedPolicy } from './parsed-policy.js';

const ids = (doc: Parameters<typeof findPrivilegeEscalations>[0]) =>
  findPrivilegeEscalations(doc)
    .map((grant) => grant.path.id)
    .sort();

describe('ESCALATION_PATHS', () => {
  it('names only actions that exist in iam-data, in canonical spelling', () => {
    for (const path of ESCALATION_PATHS) {
      for (const action of path.requiredActions)
        expect(installedActionCatalog.actionInfo(action)?.action, `${path.id}: ${action}`).toBe(action);
    }
  });

  it('titles each path with the operations it needs, so the alert line says what was granted', () => {
    for (const path of ESCALATION_PATHS) {
      for (const action of path.requiredActions) {
        expect(path.title, path.id).toContain(action.slice(action.indexOf(':') + 1));
      }
    }
  });

  it('has kebab-case ids and frozen entries', () => {
    for (const path of ESCALATION_PATHS) {
      expect(path.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(Object.isFrozen(path) && Object.isFrozen(path.requiredActions), path.id).toBe(true);
    }
  });

  it('has unique ids and titles', () => {
    expect(new Set(ESCALATION_PATHS.map((path) => path.id)).size).toBe(ESCALATION_PATHS.length);
    expect(new Set(ESCALATION_PATHS.map((path) => path.title)).size).toBe(ESCALATION_PATHS.length);
  });
});

describe('findPrivilegeEscalations', () => {
  it.each([
    ['iam:CreatePolicyVersion', allow('iam:CreatePolicyVersion'), ['create-policy-version']],
    [
      'iam:SetDefaultPolicyVersion on one policy',
      allow('iam:SetDefaultPolicyVersion', 'arn:aws:iam::111122223333:policy/p'),
      ['set-default-policy-version'],
    ],
    [
      'iam:Attach* grants the attach paths that need nothing else',
      allow('iam:Attach*'),
      ['attach-group-policy', 'attach-user-policy'],
    ],
    [
      'iam:AttachRolePolicy + sts:AssumeRole',
      allow(['iam:AttachRolePolicy', 'sts:AssumeRole']),
      ['attach-role-policy'],
    ],
    ['iam:PutRolePolicy alone is not enough', allow('iam:PutRolePolicy'), []],
    [
      'UpdateAssumeRolePolicy + AssumeRole',
      allow(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole']),
      ['update-assume-role-policy'],
    ],
    [
      'PassRole + lambda Create + Invoke',
      allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']),
      ['passrole-lambda-invoke'],
    ],
    [
      'PassRole + lambda:* (also UpdateFunctionCode)',
      allow(['iam:PassRole', 'lambda:*']),
      ['lambda-update-function-code', 'passrole-lambda-event-source', 'passrole-lambda-invoke'],
    ],
    ['PassRole + ec2:RunInstances', allow(['iam:PassRole', 'ec2:RunInstances']), ['passrole-ec2']],
    ['ec2:RunInstances without PassRole', allow('ec2:RunInstances'), []],
    [
      'PassRole + cloudformation:CreateStack',
      allow(['iam:PassRole', 'cloudformation:CreateStack']),
      ['passrole-cloudformation'],
    ],
    [
      'PassRole + datapipeline (both actions)',
      allow(['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition']),
      ['passrole-datapipeline'],
    ],
    [
      'PassRole + glue:CreateDevEndpoint',
      allow(['iam:PassRole', 'glue:CreateDevEndpoint']),
      ['passrole-glue-dev-endpoint'],
    ],
    [
      'sagemaker presigned URL alone',
      allow('sagemaker:CreatePresignedNotebookInstanceUrl'),
      ['sagemaker-presigned-notebook-url'],
    ],
    ['ssm:SendCommand', allow('ssm:SendCommand'), ['ssm-send-command']],
    ['ec2-instance-connect', allow('ec2-instance-connect:SendSSHPublicKey'), ['ec2-instance-connect']],
    ['read-only IAM', allow(['iam:Get*', 'iam:List*']), []],
    ['lower-case action names still count', allow(['IAM:passrole', 'EC2:runinstances']), ['passrole-ec2']],
    [
      'combination split across statements',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app' },
          { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
        ],
      }),
      ['passrole-ec2'],
    ],
    [
      'an unconditional Deny removes a path',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances', 'iam:CreateAccessKey'], Resource: '*' },
          { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
        ],
      }),
      ['create-access-key'],
    ],
    [
      'a conditional Deny does not',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
          {
            Effect: 'Deny',
            Action: 'iam:CreateAccessKey',
            Resource: '*',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      }),
      ['create-access-key'],
    ],
    [
      'NotAction iam:* still grants the non-IAM paths',
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }),
      [
        'ec2-instance-connect',
        'glue-update-dev-endpoint',
        'lambda-update-function-code',
        'sagemaker-presigned-notebook-url',
        'ssm-send-command',
        'ssm-start-session',
      ],
    ],
    ['Deny-only document', parsedPolicy({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }), []],
    ['"*" on one bucket reaches no IAM resource', allow('*', ['arn:aws:s3:::uploads', 'arn:aws:s3:::uploads/*']), []],
    [
      'PassRole on one role ARN + RunInstances on "*"',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-runner' },
          { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
        ],
      }),
      ['passrole-ec2'],
    ],
    [
      'PassRole on a bucket ARN does not pass any role',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:s3:::uploads/*' },
          { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
        ],
      }),
      [],
    ],
    [
      'RunInstances on instance ARNs only lacks the image, subnet, … it also needs',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
          { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:*:instance/*' },
        ],
      }),
      [],
    ],
    [
      'iam:* + sts:AssumeRole on app-* roles: the role paths (AssumeRole acts on an IAM role ARN)',
      allow(['iam:*', 'sts:AssumeRole'], 'arn:aws:iam::123456789012:role/app-*'),
      ['attach-role-policy', 'put-role-policy', 'update-assume-role-policy'],
    ],
    [
      'iam:* on every IAM ARN: every IAM-only path',
      allow(['iam:*', 'sts:AssumeRole'], 'arn:aws:iam::*:*'),
      [
        'add-user-to-group',
        'attach-group-policy',
        'attach-role-policy',
        'attach-user-policy',
        'create-access-key',
        'create-login-profile',
        'create-policy-version',
        'put-group-policy',
        'put-role-policy',
        'put-user-policy',
        'set-default-policy-version',
        'update-assume-role-policy',
        'update-login-profile',
      ],
    ],
    [
      'access keys and password of the caller only are not escalation',
      allow(
        ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
        'arn:aws:iam::*:user/${aws:username}',
      ),
      [],
    ],
    [
      'access keys for users under a path, by name pattern, still are',
      allow('iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/staff/*'),
      ['create-access-key'],
    ],
    [
      'a self-scoped statement next to an "other users" one still grants',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/${aws:username}' },
          { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/ci-*' },
        ],
      }),
      ['create-access-key'],
    ],
    [
      'policies on yourself are still escalation',
      allow(['iam:AttachUserPolicy', 'iam:PutUserPolicy'], 'arn:aws:iam::*:user/${aws:username}'),
      ['attach-user-policy', 'put-user-policy'],
    ],
    [
      'NotResource covers the rest',
      parsedPolicy({ Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', NotResource: 'arn:aws:s3:::x' }] }),
      ['create-access-key'],
    ],
    [
      'a conditional statement scoped to roles still grants',
      allow(['iam:PutRolePolicy', 'sts:AssumeRole'], 'arn:aws:iam::*:role/*', {
        Condition: { StringEquals: { 'aws:ResourceTag/team': 'x' } },
      }),
      ['put-role-policy'],
    ],
    [
      'SSM StartSession on instances only (it needs none of its resource types in particular)',
      allow('ssm:StartSession', 'arn:aws:ec2:*:*:instance/*'),
      ['ssm-start-session'],
    ],
    [
      'an action without resource types needs "*": CreateEventSourceMapping on a function ARN is not enough',
      allow(['iam:PassRole', 'lambda:*'], ['arn:aws:iam::*:role/*', 'arn:aws:lambda:*:*:function:*']),
      ['lambda-update-function-code', 'passrole-lambda-invoke'],
    ],
    [
      'a NotResource statement next to a narrow one grants on its own',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:s3:::y' },
          { Effect: 'Allow', Action: 'iam:CreateAccessKey', NotResource: 'arn:aws:s3:::x' },
        ],
      }),
      ['create-access-key'],
    ],
    ['padded action names', allow([' iam:PassRole ', ' ec2:RunInstances']), ['passrole-ec2']],
    ['a wildcard in the service part', allow(['i*m:PassRole', 'ec2:RunInstances']), ['passrole-ec2']],
    ['a wildcard without a colon', allow(['i*PassRole', 'ec2:RunInstances']), ['passrole-ec2']],
    [
      'a NotAction statement after a narrow one',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', NotAction: 's3:*', Resource: 'arn:aws:iam::*:role/*' },
        ],
      }),
      ['attach-role-policy', 'put-role-policy', 'update-assume-role-policy'],
    ],
    [
      'SSM SendCommand on one document and every instance',
      allow('ssm:SendCommand', ['arn:aws:ssm:*:*:document/ops-*', 'arn:aws:ec2:*:*:instance/*']),
      ['ssm-send-command'],
    ],
  ])('%s', (_name, doc, expected) => {
    expect(ids(doc)).toEqual([...expected].sort());
  });

  it('"*" grants every path, with the required actions as granted actions', () => {
    const grants = findPrivilegeEscalations(allow('*'));
    expect(grants.map((grant) => grant.path.id).sort()).toEqual(ESCALATION_PATHS.map((path) => path.id).sort());
    const ec2 = grants.find((grant) => grant.path.id === 'passrole-ec2');
    expect(ec2?.grantedActions).toEqual(['iam:PassRole', 'ec2:RunInstances']);
  });
});
