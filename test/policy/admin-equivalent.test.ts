import { describe, expect, it } from 'vitest';
import { configureActionCatalog, serviceActions } from '../../shared/policy/action-catalog.js';
import { adminEquivalence, isAdminEquivalent, isAdminManagedPolicyArn } from '../../shared/policy/admin-equivalent.js';
import { allow, parsedPolicy } from './parsed-policy.js';

function iamByFirstLetter(): string[] {
  return [...new Set(serviceActions('iam').map((info) => `iam:${info.action.charAt(4)}*`))].sort();
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

describe('isAdminManagedPolicyArn', () => {
  it.each(PARTITIONS)('AdministratorAccess and IAMFullAccess in partition %s', (partition) => {
    expect(isAdminManagedPolicyArn(`arn:${partition}:iam::aws:policy/AdministratorAccess`)).toBe(true);
    expect(isAdminManagedPolicyArn(`arn:${partition}:iam::aws:policy/IAMFullAccess`)).toBe(true);
  });

  it.each([
    ['arn:aws:iam::aws:policy/AdministratorAccess-Amplify', true],
    ['arn:aws:iam::aws:policy/AdministratorAccess-AWSElasticBeanstalk', true],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', false],
    ['arn:aws:iam::aws:policy/PowerUserAccess', false],
    ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', false],
    ['arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2', false],
    // a customer policy that copies the name is not the AWS managed policy
    ['arn:aws:iam::123456789012:policy/AdministratorAccess', false],
    // a role literally named AdministratorAccess
    ['arn:aws:iam::123456789012:role/AdministratorAccess', false],
    ['arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_1b74cd717d47002b/AdanAlvarez', false],
    ['arn:aws:iam::aws:policy/AdministratorAccessX', false],
    ['arn:aws:iam::aws:policy/NotAdministratorAccess', false],
    ['xarn:aws:iam::aws:policy/AdministratorAccess', false],
    ['arn:aws:iam::aws:policy/AdministratorAccess/extra', false],
    ['arn:aws-mars:iam::aws:policy/AdministratorAccess', false],
    ['AdministratorAccess', false],
    ['', false],
  ])('%s → %s', (arn, expected) => {
    expect(isAdminManagedPolicyArn(arn)).toBe(expected);
  });
});

describe('isAdminEquivalent / adminEquivalence', () => {
  it.each([
    ['Action * on *', allow('*'), true],
    ['Action [*] on [*]', allow(['*'], ['*']), true],
    ['Action *:* on *', allow('*:*'), true],
    ['iam:* on * (can grant itself anything)', allow('iam:*'), true],
    ['IAM:* in other case', allow('IAM:*'), true],
    ['i*:* on *', allow('i*:*'), true],
    ['iam:* on arn:*', allow('iam:*', 'arn:*'), true],
    ['iam:* on arn:aws:*:*:*:*', allow('iam:*', 'arn:aws:*:*:*:*'), true],
    [
      '* with conditions still counts',
      allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      true,
    ],
    [
      'NotAction s3:GetObject on * (includes iam:*)',
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 's3:GetObject', Resource: '*' }] }),
      true,
    ],
    ['NotAction [] on *', parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: [], Resource: '*' }] }), true],
    [
      'Action * with NotResource (every resource but one)',
      parsedPolicy({ Statement: [{ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::x' }] }),
      true,
    ],
    [
      'NotAction iam:* on * (broad, not admin)',
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }] }),
      false,
    ],
    [
      'NotAction iam:Delete* on * (not every IAM action)',
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: ['iam:Delete*'], Resource: '*' }] }),
      false,
    ],
    [
      'PowerUserAccess shape',
      parsedPolicy({
        Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }],
      }),
      false,
    ],
    ['* on a single bucket', allow('*', 'arn:aws:s3:::bucket/*'), false],
    ['iam:* on one role', allow('iam:*', 'arn:aws:iam::111122223333:role/x'), false],
    ['iam:Get* on *', allow('iam:Get*'), false],
    ['s3:* on *', allow('s3:*'), false],
    ['Deny * on *', parsedPolicy({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }), false],
    [
      '* on * with an unconditional Deny of iam:*',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
        ],
      }),
      false,
    ],
    [
      '* on * with a Deny of s3 only',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
        ],
      }),
      true,
    ],
    [
      '* on * with a conditional Deny (ignored)',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      }),
      true,
    ],
    ['empty document', parsedPolicy({ Statement: [] }), false],
    ['every IAM action through per-letter patterns', allow(iamByFirstLetter()), true],
    ['all but one letter of IAM', allow(iamByFirstLetter().slice(1)), false],
  ])('%s → %s', (_name, doc, expected) => {
    expect(isAdminEquivalent(doc)).toBe(expected);
    expect(adminEquivalence(doc) !== undefined).toBe(expected);
  });

  it('points at the granting statement with a reason', () => {
    const doc = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      ],
    });
    expect(adminEquivalence(doc)).toEqual({
      statementIndex: 1,
      reason: 'allows iam:* (can grant itself anything) on all resources',
    });
    expect(adminEquivalence(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))).toEqual({
      statementIndex: 0,
      reason: 'allows every action on all resources (under conditions)',
    });
  });

  it('still recognises iam:* and NotAction forms without the data package', () => {
    configureActionCatalog({ dataDir: '/nonexistent/warden-iam-data' });
    try {
      expect(isAdminEquivalent(allow('iam:*'))).toBe(true);
      expect(
        isAdminEquivalent(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }] })),
      ).toBe(true);
      expect(
        isAdminEquivalent(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] })),
      ).toBe(false);
      expect(isAdminEquivalent(allow('s3:*'))).toBe(false);
    } finally {
      configureActionCatalog({});
    }
  });
});
