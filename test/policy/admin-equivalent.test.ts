import { describe, expect, it, vi } from 'vitest';
import * as ActionCatalogModule from '../../shared/policy/action-catalog.js';
import { installedActionCatalog } from '../../shared/policy/action-catalog.js';
import type * as AdminEquivalentModule from '../../shared/policy/admin-equivalent.js';
import {
  ADMIN_EQUIVALENT_DEFINITION,
  adminEquivalence,
  adminEquivalenceAcross,
  isAdminEquivalent,
  isAdminManagedPolicyArn,
  ROLE_SELF_GRANT_ROUTES,
  USER_SELF_GRANT_ROUTES,
} from '../../shared/policy/admin-equivalent.js';
import type { PolicyDocument } from '../../shared/model/policy-document.js';
import { allow, parsedPolicy } from './parsed-policy.js';

function iamByFirstLetter(): string[] {
  return [
    ...new Set(installedActionCatalog.serviceActions('iam').map((info) => `iam:${info.action.charAt(4)}*`)),
  ].sort();
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
    [' arn:aws:iam::aws:policy/AdministratorAccess ', true],
    [undefined as unknown as string, false],
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
      'NotAction iam:Delete* on * (still allows writing policies on itself)',
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: ['iam:Delete*'], Resource: '*' }] }),
      true,
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
    ['all IAM letters but A (Put*Policy is left)', allow(iamByFirstLetter().filter((p) => p !== 'iam:A*')), true],
    [
      'all IAM letters but A and P (no policy write is left)',
      allow(iamByFirstLetter().filter((p) => p !== 'iam:A*' && p !== 'iam:P*')),
      false,
    ],
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
    expect(adminEquivalence(doc)).toMatchObject({
      statementIndex: 1,
      statementIndexes: [1],
      reason: 'allows iam:* (can grant itself anything) on all resources',
      conditions: [],
    });
    expect(adminEquivalence(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))).toEqual({
      statementIndex: 0,
      statementIndexes: [0],
      reason: 'allows every action on all resources (under conditions)',
      selfGrantActions: ['iam:PutRolePolicy', 'iam:PutUserPolicy'],
      conditions: [
        { effect: 'Allow', statementIndex: 0, operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8'] },
      ],
      uncountedDenies: [],
    });
  });

  it('still recognises iam:* and NotAction forms without the data package', async () => {
    const { isAdminEquivalent } = await withoutDataPackage();
    expect(isAdminEquivalent(allow('iam:*'))).toBe(true);
    expect(
      isAdminEquivalent(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }] })),
    ).toBe(true);
    expect(
      isAdminEquivalent(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] })),
    ).toBe(false);
    expect(isAdminEquivalent(allow('s3:*'))).toBe(false);
  });
});

/** Allow `*` on `*` plus the given statements. */
function everythingAnd(...statements: object[]): PolicyDocument {
  return parsedPolicy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, ...statements],
  });
}

const deny = (action: string | string[], resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});

describe('administrator-equivalent in effect (a role and a user self-grant route left on every resource)', () => {
  it.each([
    ['Allow * with a narrow Deny of one IAM action', everythingAnd(deny('iam:DeleteUser')), true],
    [
      'Allow * with a Deny of a few actions (CloudTrail, IAM deletes)',
      everythingAnd(deny(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'iam:DeleteRole', 'iam:DeleteUser'])),
      true,
    ],
    [
      'NotAction listing a few actions on *',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', NotAction: ['iam:DeleteUser', 'iam:DeleteRole', 'cloudtrail:*'], Resource: '*' },
        ],
      }),
      true,
    ],
    [
      'Allow iam:* minus a handful (Deny)',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
          deny(['iam:DeleteUser', 'iam:DeleteRole', 'iam:CreateAccessKey', 'iam:DeletePolicy']),
        ],
      }),
      true,
    ],
    [
      'Allow iam:* minus a handful (NotAction inside IAM is not possible; a list of all IAM but Delete*)',
      allow(iamByFirstLetter().filter((p) => p !== 'iam:D*')),
      true,
    ],
    [
      'Allow * with the user policy writes denied: joining a group and writing its policy is left',
      everythingAnd(deny(['iam:PutUserPolicy', 'iam:AttachUserPolicy'])),
      true,
    ],
    [
      'Allow * with user and group routes denied: a new role that trusts itself is left',
      everythingAnd(deny(['iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:AddUserToGroup'])),
      true,
    ],
    [
      'two statements together (role route in one, user route in the other)',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' },
        ],
      }),
      true,
    ],
    [
      'Allow * with Deny iam:* on roles only (a Deny on specific resources does not remove the action everywhere)',
      everythingAnd(deny('iam:*', 'arn:aws:iam::*:role/*')),
      true,
    ],
    [
      'Allow * with a conditional Deny iam:* (not counted; the condition is shown)',
      everythingAnd(deny('iam:*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })),
      true,
    ],
    ['Allow * with Deny iam:* is not admin', everythingAnd(deny('iam:*')), false],
    ['Allow * with Deny * (deny-all) is not admin', everythingAnd(deny('*')), false],
    ['Deny-all alone is not admin', parsedPolicy({ Statement: [deny('*')] }), false],
    [
      'Allow * with the role policy writes denied (no route for a role holder)',
      everythingAnd(deny(['iam:PutRolePolicy', 'iam:AttachRolePolicy'])),
      false,
    ],
    [
      'Allow * with every user route denied',
      everythingAnd(deny(['iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:AddUserToGroup', 'iam:CreateRole'])),
      false,
    ],
    ['Allow * with Deny iam:Put* and iam:Attach*', everythingAnd(deny(['iam:Put*', 'iam:Attach*'])), false],
    [
      'NotAction iam:Put* and iam:Attach* on *',
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: ['iam:Put*', 'iam:Attach*'], Resource: '*' }] }),
      false,
    ],
    ['Allow * on a single bucket ARN', allow('*', 'arn:aws:s3:::bucket'), false],
    [
      'Allow * on a single bucket with a Deny elsewhere',
      parsedPolicy({ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' }, deny('s3:*')] }),
      false,
    ],
    [
      'user policy writes only (an escalation, not admin wherever attached)',
      allow(['iam:PutUserPolicy', 'iam:AttachUserPolicy']),
      false,
    ],
    ['role policy writes only', allow(['iam:PutRolePolicy', 'iam:AttachRolePolicy']), false],
    [
      'policy writes on specific resources only',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/app-*' },
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        ],
      }),
      false,
    ],
  ])('%s → %s', (_name, doc, expected) => {
    expect(isAdminEquivalent(doc)).toBe(expected);
  });

  it('says which Deny the grant survives and which actions are left', () => {
    const result = adminEquivalence(everythingAnd(deny(['iam:DeleteUser', 'cloudtrail:StopLogging'])));

    expect(result).toEqual({
      statementIndex: 0,
      statementIndexes: [0],
      reason:
        'allows every action on all resources; the Deny in statement 1 (iam:DeleteUser, cloudtrail:StopLogging) ' +
        'leaves iam:PutRolePolicy, iam:PutUserPolicy allowed, so it can grant itself anything',
      selfGrantActions: ['iam:PutRolePolicy', 'iam:PutUserPolicy'],
      conditions: [],
      uncountedDenies: [],
    });
  });

  it('removes an action when any one Deny covers it, not only when every Deny does', () => {
    expect(isAdminEquivalent(everythingAnd(deny('iam:*'), deny('s3:*')))).toBe(false);
    expect(isAdminEquivalent(everythingAnd(deny('s3:*'), deny('iam:*')))).toBe(false);
  });

  it('names a whole-service grant only for a pattern that really covers the service', () => {
    // `*:List*` and `iam:*User` start with `*` after the service but grant only some actions.
    const narrow = adminEquivalence(allow(['*:List*', 'iam:*User', 'iam:PutRolePolicy', 'iam:PutUserPolicy']));
    expect(narrow?.reason).toBe(
      'allows iam:PutRolePolicy, iam:PutUserPolicy (can grant itself anything) on all resources',
    );
    expect(adminEquivalence(allow(['s3:*', 'I*:**']))?.reason).toBe(
      'allows I*:** (can grant itself anything) on all resources',
    );
    expect(adminEquivalence(allow(['s3:GetObject', '**']))?.reason).toBe('allows every action on all resources');
  });

  it('quotes a whole-IAM pattern without the spaces around it, and skips patterns without a service', () => {
    expect(adminEquivalence(allow([' iam:* ']))?.reason).toBe(
      'allows iam:* (can grant itself anything) on all resources',
    );
    // `foo` and `:*` name no service, so neither is quoted as a whole-IAM grant.
    expect(adminEquivalence(allow(['foo', ':*', 'iam:PutRolePolicy', 'iam:PutUserPolicy']))?.reason).toBe(
      'allows iam:PutRolePolicy, iam:PutUserPolicy (can grant itself anything) on all resources',
    );
  });

  describe('reason texts people read', () => {
    const doc = (...statements: object[]) => parsedPolicy({ Version: '2012-10-17', Statement: statements });
    const allowOn = (action: string | string[], extra: object = {}) => ({
      Effect: 'Allow',
      Action: action,
      Resource: '*',
      ...extra,
    });
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };

    it('an action list or a NotAction list, with and without a Deny', () => {
      expect(adminEquivalence(allow(['iam:Put*']))?.reason).toBe(
        'allows iam:PutRolePolicy, iam:PutUserPolicy (can grant itself anything) on all resources',
      );
      expect(adminEquivalence(doc(allowOn('iam:*'), deny('iam:DeleteUser')))?.reason).toBe(
        'allows iam:* on all resources; the Deny in statement 1 (iam:DeleteUser) leaves iam:PutRolePolicy, ' +
          'iam:PutUserPolicy allowed, so it can grant itself anything',
      );
      expect(adminEquivalence(doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }))?.reason).toBe(
        'allows every action except s3:*, which still includes iam:PutRolePolicy, iam:PutUserPolicy: ' +
          'it can grant itself anything on all resources',
      );
      expect(
        adminEquivalence(
          doc(
            { Effect: 'Allow', NotAction: 's3:*', Resource: '*' },
            { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
            deny('iam:DeleteUser'),
          ),
        )?.reason,
      ).toBe(
        'allows every action except s3:* on all resources; the Deny in statements 1 and 2 (every action except ' +
          'iam:*; iam:DeleteUser) leaves iam:PutRolePolicy, iam:PutUserPolicy allowed, so it can grant itself anything',
      );
    });

    it('NotAction lists of several actions, and a Deny naming no action at all', () => {
      expect(adminEquivalence(doc({ Effect: 'Allow', NotAction: ['s3:*', 'ec2:*'], Resource: '*' }))?.reason).toBe(
        'allows every action except s3:*, ec2:*, which still includes iam:PutRolePolicy, iam:PutUserPolicy: ' +
          'it can grant itself anything on all resources',
      );
      expect(
        adminEquivalence(doc(allowOn('*'), { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }))?.reason,
      ).toBe(
        'allows every action on all resources; the Deny in statement 1 (every action except iam:*, sts:*) leaves ' +
          'iam:PutRolePolicy, iam:PutUserPolicy allowed, so it can grant itself anything',
      );
      // IAM refuses a statement without Action or NotAction; parsed anyway, such a Deny removes nothing.
      expect(adminEquivalence(doc(allowOn('*'), { Effect: 'Deny', Resource: '*' }))?.reason).toBe(
        'allows every action on all resources; the Deny in statement 1 (no action) leaves iam:PutRolePolicy, ' +
          'iam:PutUserPolicy allowed, so it can grant itself anything',
      );
    });

    it('a resource-specific Deny of several granted actions names them all', () => {
      expect(
        adminEquivalence(doc(allowOn('*'), deny(['iam:PutRolePolicy', 'iam:PutUserPolicy'], 'arn:aws:iam::*:role/x')))
          ?.uncountedDenies,
      ).toEqual([
        'the Deny in statement 1 applies to specific resources only, so it does not remove iam:PutRolePolicy, ' +
          'iam:PutUserPolicy everywhere (not counted)',
      ]);
    });

    it('a grant that rests on one statement names only that one', () => {
      const result = adminEquivalence(doc(allowOn('iam:PutRolePolicy'), allowOn('*')));
      expect(result?.statementIndexes).toEqual([1]);
      expect(result?.reason).toBe('allows every action on all resources');
    });

    it('statements that grant only together are named in document order, three or more with commas', () => {
      const two = adminEquivalence(doc(allowOn('iam:PutUserPolicy'), allowOn('iam:PutRolePolicy')));
      expect(two?.statementIndexes).toEqual([0, 1]);
      expect(two?.reason).toBe(
        'statements 0 and 1 together allow iam:PutRolePolicy, iam:PutUserPolicy on all resources ' +
          '(can grant itself anything)',
      );
      const three = adminEquivalence(
        doc(allowOn('iam:AttachRolePolicy'), allowOn('iam:AddUserToGroup'), allowOn('iam:PutGroupPolicy')),
      );
      expect(three?.reason).toBe(
        'statements 0, 1 and 2 together allow iam:AttachRolePolicy, iam:AddUserToGroup, iam:PutGroupPolicy ' +
          'on all resources (can grant itself anything)',
      );
    });

    it('names statements by their policy when assembled from several', () => {
      const assembled = doc(allowOn('iam:PutUserPolicy'), allowOn('iam:PutRolePolicy'));
      expect(
        adminEquivalenceAcross(assembled, (i) => ({ policy: `policy p${i}`, statementIndex: i + 10 }))?.reason,
      ).toBe(
        'policy p0 statement 10 and policy p1 statement 11 together allow iam:PutRolePolicy, iam:PutUserPolicy ' +
          'on all resources (can grant itself anything)',
      );
      expect(
        adminEquivalenceAcross(assembled, (i) => (i === 0 ? { statementIndex: 0 } : { policy: 'b', statementIndex: 2 }))
          ?.reason,
      ).toBe(
        'statement 0 and b statement 2 together allow iam:PutRolePolicy, iam:PutUserPolicy on all resources ' +
          '(can grant itself anything)',
      );
    });

    it('a combined grant that needs a conditional statement says so; unconditional ones are preferred', () => {
      const needsCondition = adminEquivalence(doc(allowOn('iam:PutRolePolicy'), allowOn('iam:PutUserPolicy', mfa)));
      expect(needsCondition?.statementIndexes).toEqual([0, 1]);
      expect(needsCondition?.reason).toBe(
        'statements 0 and 1 together allow iam:PutRolePolicy, iam:PutUserPolicy on all resources ' +
          '(can grant itself anything) (under conditions)',
      );
      const preferred = adminEquivalence(
        doc(
          allowOn('iam:PutRolePolicy', mfa),
          allowOn('iam:PutUserPolicy', mfa),
          allowOn('iam:PutRolePolicy'),
          allowOn('iam:PutUserPolicy'),
        ),
      );
      expect(preferred?.statementIndexes).toEqual([2, 3]);
      expect(preferred?.conditions).toEqual([]);
    });

    it('lists only Denies that touch the granted actions, and says why a resource-specific one is not counted', () => {
      const result = adminEquivalence(
        everythingAnd(deny('s3:*', 'arn:aws:s3:::b'), deny('iam:PutRolePolicy', 'arn:aws:iam::111122223333:role/x'), {
          Effect: 'Allow',
          Action: 'iam:*',
          Resource: 'arn:aws:iam::111122223333:role/y',
        }),
      );
      expect(result?.uncountedDenies).toEqual([
        'the Deny in statement 2 applies to specific resources only, so it does not remove iam:PutRolePolicy ' +
          'everywhere (not counted)',
      ]);
    });
  });

  it('names the route left when the obvious ones are denied', () => {
    const result = adminEquivalence(
      everythingAnd(deny(['iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:AddUserToGroup'])),
    );

    expect(result?.selfGrantActions).toEqual(['iam:PutRolePolicy', 'iam:CreateRole', 'sts:AssumeRole']);
  });

  it('points at every statement of a combined grant', () => {
    const result = adminEquivalence(
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: '*' },
        ],
      }),
    );

    expect(result).toMatchObject({
      statementIndex: 1,
      statementIndexes: [1, 2],
      reason:
        'statements 1 and 2 together allow iam:AttachRolePolicy, iam:PutUserPolicy on all resources (can grant itself anything)',
    });
  });

  it('returns the conditions of the granting statement and of uncounted conditional Denies', () => {
    const doc = parsedPolicy({
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': true },
            IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7/32'] },
          },
        },
        deny('iam:*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
        deny('iam:PutRolePolicy', 'arn:aws:iam::*:role/breakglass'),
      ],
    });

    const result = adminEquivalence(doc);

    expect(result?.conditions).toEqual([
      { effect: 'Allow', statementIndex: 0, operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] },
      {
        effect: 'Allow',
        statementIndex: 0,
        operator: 'IpAddress',
        key: 'aws:SourceIp',
        values: ['203.0.113.0/24', '198.51.100.7/32'],
      },
      {
        effect: 'Deny',
        statementIndex: 1,
        operator: 'StringNotEquals',
        key: 'aws:PrincipalOrgID',
        values: ['o-a1b2c3d4e5'],
      },
    ]);
    expect(result?.uncountedDenies).toEqual([
      'the Deny in statement 1 has conditions, so it does not remove iam:PutRolePolicy, iam:PutUserPolicy in every case (not counted)',
      'the Deny in statement 2 applies to specific resources only, so it does not remove iam:PutRolePolicy everywhere (not counted)',
    ]);
    expect(result?.reason).toBe('allows every action on all resources (under conditions)');
  });

  it('prefers an unconditional grant, so conditions that do not limit the grant are not reported', () => {
    const doc = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      ],
    });

    expect(adminEquivalence(doc)).toMatchObject({ statementIndexes: [1], conditions: [] });
  });

  it('the definition people read names every self-grant action and the Deny and condition rules', () => {
    for (const action of new Set([...ROLE_SELF_GRANT_ROUTES, ...USER_SELF_GRANT_ROUTES].flat())) {
      expect(ADMIN_EQUIVALENT_DEFINITION).toContain(action);
    }
    expect(ADMIN_EQUIVALENT_DEFINITION).toMatch(
      /^Administrator-equivalent means: after explicit Denies, the policy still allows on every resource a way for its holder to give itself any policy, /,
    );
    expect(ADMIN_EQUIVALENT_DEFINITION).toContain(
      'Allow * with a narrow Deny, NotAction lists and iam:* minus a handful count; Allow * with Deny iam:* does not.',
    );
    expect(ADMIN_EQUIVALENT_DEFINITION).toMatch(
      / Only a Deny on every resource without conditions removes an action; conditions are shown in the finding and never make a policy non-admin\.$/,
    );
  });

  it('every self-grant action is a real action in iam-data', () => {
    const actions = new Set([...ROLE_SELF_GRANT_ROUTES, ...USER_SELF_GRANT_ROUTES].flat());
    for (const action of actions) expect(installedActionCatalog.actionInfo(action)?.action, action).toBe(action);
  });

  it('judges the routes without the data package too', async () => {
    const { isAdminEquivalent } = await withoutDataPackage();
    expect(isAdminEquivalent(everythingAnd(deny('iam:DeleteUser')))).toBe(true);
    expect(isAdminEquivalent(everythingAnd(deny('iam:*')))).toBe(false);
    expect(
      isAdminEquivalent(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:Delete*', Resource: '*' }] })),
    ).toBe(true);
  });
});

/**
 * The analyser as a process without the iam-data package has it: a fresh
 * module graph whose installed action catalogue finds no data.
 */
async function withoutDataPackage(): Promise<typeof AdminEquivalentModule> {
  const catalogPath = '../../shared/policy/action-catalog.js';
  vi.resetModules();
  vi.doMock(catalogPath, () => {
    const empty = ActionCatalogModule.createActionCatalog({ dataDir: '/nonexistent/warden-iam-data' });
    return { ...ActionCatalogModule, installedActionCatalog: empty };
  });
  try {
    const catalog = (await import(catalogPath)) as typeof ActionCatalogModule;
    expect(catalog.installedActionCatalog.knownServices()).toEqual([]);
    return await import('../../shared/policy/admin-equivalent.js');
  } finally {
    vi.doUnmock(catalogPath);
    vi.resetModules();
  }
}
