import { describe, expect, it } from 'vitest';
import { actionInfo } from '../../shared/policy/action-catalog.js';
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
        expect(actionInfo(action)?.action, `${path.id}: ${action}`).toBe(action);
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
