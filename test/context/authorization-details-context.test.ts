import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorizationDetailsContext } from '../../shared/context/authorization-details-context.js';
import { ConfigError } from '../../shared/errors/warden-error.js';

const SAMPLE: unknown = JSON.parse(
  readFileSync(new URL('../../examples/authorization-details.json', import.meta.url), 'utf8'),
);
const ACCOUNT = '123456789012';
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const DEV_ARN = `arn:aws:iam::${ACCOUNT}:policy/DeveloperAccess`;
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/DeveloperBoundary`;

function configErrorOf(json: unknown): string {
  try {
    authorizationDetailsContext(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('authorizationDetailsContext on a get-account-authorization-details file', () => {
  const context = authorizationDetailsContext(SAMPLE);

  it('gives a group its attached managed policies and decoded inline documents', () => {
    const admin = context.group('admin', ACCOUNT);
    expect(admin).toEqual({ groupName: 'admin', managedPolicyArns: [ADMIN_ARN], inlinePolicies: [] });

    const developers = context.group('developers');
    expect(developers?.managedPolicyArns).toEqual([DEV_ARN]);
    expect(developers?.inlinePolicies).toHaveLength(1);
    expect(developers?.inlinePolicies[0]?.name).toBe('read-build-logs');
    // The inline document is URL-encoded in the file.
    expect(developers?.inlinePolicies[0]?.document.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Action: ['logs:GetLogEvents', 'logs:FilterLogEvents'],
      Resource: ['*'],
    });
  });

  it('matches group names regardless of case, and only in the account the file describes', () => {
    expect(context.group('ADMIN')?.groupName).toBe('admin');
    expect(context.group('admin', '999999999999')).toBeUndefined();
    expect(context.group('no-such-group')).toBeUndefined();
  });

  it('reads managed policies: default version, every version, object or URL-encoded documents', () => {
    expect(context.managedPolicyDefaultVersion(DEV_ARN)).toBe('v2');
    const current = context.managedPolicyDocument(DEV_ARN);
    expect(current?.Statement[0]?.Action).toEqual(['s3:GetObject', 's3:PutObject', 's3:ListBucket']);
    expect(context.managedPolicyVersion(DEV_ARN, 'v1')?.Statement[0]?.Action).toEqual([
      's3:GetObject',
      's3:ListBucket',
    ]);
    expect(context.managedPolicyVersion(DEV_ARN, 'v9')).toBeUndefined();

    expect(context.managedPolicyDocument(ADMIN_ARN)?.Statement[0]).toMatchObject({ Action: ['*'], Resource: ['*'] });
    expect(context.managedPolicyDocument('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
  });

  it('knows permissions boundaries of the users and roles it lists, and nothing of others', () => {
    expect(context.permissionsBoundary?.('user', 'Bob', ACCOUNT)).toBe(BOUNDARY_ARN);
    expect(context.permissionsBoundary?.('role', 'new-role')).toBe(BOUNDARY_ARN);
    expect(context.permissionsBoundary?.('user', 'Alice')).toBeNull();
    expect(context.permissionsBoundary?.('user', 'Mallory')).toBeUndefined();
  });
});

describe('authorizationDetailsContext on partial and unusual files', () => {
  it('accepts a file with only some of the lists', () => {
    const context = authorizationDetailsContext({
      GroupDetailList: [
        {
          GroupName: 'ops',
          AttachedManagedPolicies: [
            { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          ],
        },
      ],
    });
    expect(context.group('ops')?.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(context.managedPolicyDocument('arn:aws:iam::aws:policy/AdministratorAccess')).toBeUndefined();
  });

  it('takes the default version from IsDefaultVersion when DefaultVersionId is absent', () => {
    const context = authorizationDetailsContext({
      Policies: [
        {
          Arn: 'arn:aws:iam::111122223333:policy/p',
          PolicyVersionList: [
            {
              VersionId: 'v1',
              IsDefaultVersion: false,
              Document: { Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } },
            },
            {
              VersionId: 'v2',
              IsDefaultVersion: true,
              Document: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
            },
          ],
        },
      ],
    });
    expect(context.managedPolicyDefaultVersion('arn:aws:iam::111122223333:policy/p')).toBe('v2');
    expect(context.managedPolicyDocument('arn:aws:iam::111122223333:policy/p')?.Statement[0]?.Action).toEqual(['s3:*']);
  });

  it('merges several pages given as a list (one per account or per API page)', () => {
    const context = authorizationDetailsContext([
      {
        GroupDetailList: [
          { GroupName: 'admins', Arn: 'arn:aws:iam::111122223333:group/admins', AttachedManagedPolicies: [] },
        ],
      },
      {
        GroupDetailList: [
          {
            GroupName: 'admins',
            Arn: 'arn:aws:iam::444455556666:group/admins',
            AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
          },
        ],
      },
    ]);
    expect(context.group('admins', '111122223333')?.managedPolicyArns).toEqual([]);
    expect(context.group('admins', '444455556666')?.managedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    // Two accounts hold the name: without an account the answer is unknown rather than a guess.
    expect(context.group('admins')).toBeUndefined();
  });
});

describe('authorizationDetailsContext and role trust policies', () => {
  const trust = (account: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
  });
  const context = authorizationDetailsContext([
    {
      RoleDetailList: [
        {
          RoleName: 'ci-deploy',
          Arn: `arn:aws:iam::${ACCOUNT}:role/ci-deploy`,
          // As the API returns it: URL-encoded JSON.
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust(ACCOUNT))),
        },
        { RoleName: 'no-document', Arn: `arn:aws:iam::${ACCOUNT}:role/no-document` },
      ],
    },
    {
      RoleDetailList: [
        {
          RoleName: 'ci-deploy',
          Arn: 'arn:aws:iam::444455556666:role/ci-deploy',
          AssumeRolePolicyDocument: trust('444455556666'),
        },
      ],
    },
  ]);

  it('answers the trust policy of a listed role in its account, decoded', () => {
    expect(context.roleTrustPolicy?.('ci-deploy', ACCOUNT)?.Statement[0]?.Principal).toEqual({
      AWS: [`arn:aws:iam::${ACCOUNT}:root`],
    });
    expect(context.roleTrustPolicy?.('CI-Deploy', '444455556666')?.Statement[0]?.Principal).toEqual({
      AWS: ['arn:aws:iam::444455556666:root'],
    });
  });

  it('does not guess: no account with a name in two accounts, unlisted roles, roles without a document', () => {
    expect(context.roleTrustPolicy?.('ci-deploy')).toBeUndefined();
    expect(context.roleTrustPolicy?.('other', ACCOUNT)).toBeUndefined();
    expect(context.roleTrustPolicy?.('no-document', ACCOUNT)).toBeUndefined();
  });

  it('names the role whose trust policy cannot be read', () => {
    expect(
      configErrorOf({
        RoleDetailList: [
          { RoleName: 'bad', Arn: `arn:aws:iam::${ACCOUNT}:role/bad`, AssumeRolePolicyDocument: 'not json' },
        ],
      }),
    ).toContain('RoleDetailList[0] AssumeRolePolicyDocument');
  });
});

describe('authorizationDetailsContext rejects what it cannot read, saying where', () => {
  it('rejects input that is not authorization-details output', () => {
    expect(configErrorOf(42)).toMatch(/not the output of "aws iam get-account-authorization-details": found a number/);
    expect(configErrorOf({ Records: [] })).toMatch(/expected an object with UserDetailList, GroupDetailList/);
    expect(configErrorOf([])).toMatch(/found an empty list/);
  });

  it('names a list field that is not a list', () => {
    expect(configErrorOf({ GroupDetailList: 'admin' })).toBe('GroupDetailList is a string, not a list');
  });

  it('names the entry with a missing name', () => {
    expect(configErrorOf({ GroupDetailList: [{ GroupName: 'ok' }, { Arn: 'x' }] })).toBe(
      'GroupDetailList[1]: GroupName missing or not a string',
    );
  });

  it('names the policy version whose document cannot be read', () => {
    const message = configErrorOf({
      Policies: [
        {
          Arn: 'arn:aws:iam::111122223333:policy/p',
          PolicyVersionList: [{ VersionId: 'v1', Document: '%7Bnot json' }],
        },
      ],
    });
    expect(message).toContain('Policies[0] (arn:aws:iam::111122223333:policy/p) PolicyVersionList[0] Document');
    expect(message).toContain('policy document cannot be read');
  });

  it('names an inline policy without a document', () => {
    expect(configErrorOf({ GroupDetailList: [{ GroupName: 'g', GroupPolicyList: [{ PolicyName: 'p' }] }] })).toBe(
      'GroupDetailList[0] GroupPolicyList[0]: policy document missing',
    );
  });
});
