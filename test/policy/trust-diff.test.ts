import { describe, expect, it } from 'vitest';
import { diffTrustPolicies } from '../../shared/policy/trust-diff.js';
import { parsedPolicy } from './parsed-policy.js';

const statement = (principal: unknown, extra: object = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...extra,
});
const doc = (...statements: object[]) => parsedPolicy({ Version: '2012-10-17', Statement: statements });

describe('diffTrustPolicies', () => {
  it('names added and removed principals in words', () => {
    const before = doc(statement({ Service: 'codebuild.amazonaws.com' }));
    const after = doc(statement({ AWS: 'arn:aws:iam::999988887777:root' }));
    expect(diffTrustPolicies(before, after)).toEqual([
      '+ account 999988887777 (root) may sts:AssumeRole (no conditions)',
      '- service codebuild.amazonaws.com no longer: may sts:AssumeRole (no conditions)',
    ]);
  });

  it('reports a dropped condition as a change of the same principal', () => {
    const before = doc(statement({ AWS: '999988887777' }, { Condition: { StringEquals: { 'sts:ExternalId': 'x1' } } }));
    const after = doc(statement({ AWS: '999988887777' }));
    expect(diffTrustPolicies(before, after)).toEqual([
      '~ account 999988887777: was may sts:AssumeRole when StringEquals sts:ExternalId = x1; ' +
        'now may sts:AssumeRole (no conditions)',
    ]);
  });

  it('says when nothing changed in who may assume the role', () => {
    const same = doc(statement('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }));
    expect(diffTrustPolicies(same, same)).toEqual(['no change in who may assume the role']);
  });

  it('says the previous document is not known and lists everything the new one allows', () => {
    const after = doc(statement('*'), statement({ Federated: 'accounts.google.com' }, { Action: 'sts:*' }));
    expect(diffTrustPolicies(undefined, after)).toEqual([
      'the previous trust policy is not known; listing everything the new one allows',
      '+ anyone (*) may sts:AssumeRole (no conditions)',
      '+ identities of accounts.google.com may sts:* (no conditions)',
    ]);
  });
});

describe('diffTrustPolicies: who, in words', () => {
  const added = (principal: unknown, extra: object = {}) => diffTrustPolicies(doc(), doc(statement(principal, extra)));

  it.each([
    [{ AWS: ' 999988887777 ' }, '+ account 999988887777 may sts:AssumeRole (no conditions)'],
    [{ AWS: '*' }, '+ anyone (*) may sts:AssumeRole (no conditions)'],
    [
      { AWS: 'arn:aws-us-gov:iam::999988887777:role/deploy' },
      '+ account 999988887777 (role/deploy) may sts:AssumeRole (no conditions)',
    ],
    [
      { AWS: 'arn:aws:sts::999988887777:assumed-role/ops/alice' },
      '+ account 999988887777 (assumed-role/ops/alice) may sts:AssumeRole (no conditions)',
    ],
    [{ AWS: 'AROAEXAMPLEID' }, '+ AWS principal AROAEXAMPLEID may sts:AssumeRole (no conditions)'],
    [{ AWS: '9999888877776' }, '+ AWS principal 9999888877776 may sts:AssumeRole (no conditions)'],
    [{ AWS: 'x999988887777' }, '+ AWS principal x999988887777 may sts:AssumeRole (no conditions)'],
    [
      { AWS: 'arn:aws:iam::999988887777:' },
      '+ AWS principal arn:aws:iam::999988887777: may sts:AssumeRole (no conditions)',
    ],
    [
      { AWS: 'arn:aws:s3::999988887777:bucket' },
      '+ AWS principal arn:aws:s3::999988887777:bucket may sts:AssumeRole (no conditions)',
    ],
    [
      { AWS: 'xarn:aws:iam::999988887777:root' },
      '+ AWS principal xarn:aws:iam::999988887777:root may sts:AssumeRole (no conditions)',
    ],
    [
      { AWS: 'arn:AWS:iam::999988887777:root' },
      '+ AWS principal arn:AWS:iam::999988887777:root may sts:AssumeRole (no conditions)',
    ],
    [
      { AWS: 'arn::iam::999988887777:root' },
      '+ AWS principal arn::iam::999988887777:root may sts:AssumeRole (no conditions)',
    ],
    [
      { AWS: 'arn:aws:iam::9999888877771:root' },
      '+ AWS principal arn:aws:iam::9999888877771:root may sts:AssumeRole (no conditions)',
    ],
    [
      { AWS: 'arn:aws:iam::999988887777:root\nx' },
      '+ AWS principal arn:aws:iam::999988887777:root\nx may sts:AssumeRole (no conditions)',
    ],
    [{ Service: 'lambda.amazonaws.com' }, '+ service lambda.amazonaws.com may sts:AssumeRole (no conditions)'],
    [
      { Federated: 'cognito-identity.amazonaws.com' },
      '+ identities of cognito-identity.amazonaws.com may sts:AssumeRole (no conditions)',
    ],
    [{ CanonicalUser: 'abc123' }, '+ CanonicalUser principal abc123 may sts:AssumeRole (no conditions)'],
  ])('names %j', (principal, line) => {
    expect(added(principal)).toEqual([line]);
  });

  it('names everyone a NotPrincipal statement leaves in, and what it denies', () => {
    const deny = { Effect: 'Deny', NotPrincipal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:role/a'] } };
    expect(diffTrustPolicies(doc(), doc({ ...deny, Action: 'sts:AssumeRole' }))).toEqual([
      '+ everyone except 111122223333, arn:aws:iam::111122223333:role/a is denied sts:AssumeRole (no conditions)',
    ]);
    expect(diffTrustPolicies(doc(), doc({ Effect: 'Deny', NotPrincipal: '*', Action: 'sts:AssumeRole' }))).toEqual([
      '+ everyone except * is denied sts:AssumeRole (no conditions)',
    ]);
  });

  it('skips a statement without a principal', () => {
    expect(diffTrustPolicies(doc(), doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }))).toEqual([
      'no change in who may assume the role',
    ]);
  });

  it('names NotAction and a missing action list', () => {
    expect(
      added({ Service: 'ec2.amazonaws.com' }, { Action: undefined, NotAction: ['sts:TagSession', 'iam:*'] }),
    ).toEqual(['+ service ec2.amazonaws.com may every action except sts:TagSession, iam:* (no conditions)']);
    expect(diffTrustPolicies(doc(), doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }))).toEqual([
      '+ service ec2.amazonaws.com may any action (no conditions)',
    ]);
    expect(added({ Service: 'ec2.amazonaws.com' }, { Action: ['sts:AssumeRole', 'sts:TagSession'] })).toEqual([
      '+ service ec2.amazonaws.com may sts:AssumeRole, sts:TagSession (no conditions)',
    ]);
  });

  it('spells every condition, sorted, with its alternatives', () => {
    const condition = {
      StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:o/a:*', 'repo:o/b:*'] },
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'aws:SourceAccount': '1' },
    };
    expect(added({ Federated: 'token.actions.githubusercontent.com' }, { Condition: condition })).toEqual([
      '+ identities of token.actions.githubusercontent.com may sts:AssumeRole when ' +
        'StringEquals aws:SourceAccount = 1 and ' +
        'StringEquals token.actions.githubusercontent.com:aud = sts.amazonaws.com and ' +
        'StringLike token.actions.githubusercontent.com:sub = repo:o/a:* or repo:o/b:*',
    ]);
  });

  it('joins several statements for one principal as alternatives', () => {
    const after = doc(
      statement({ AWS: '999988887777' }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      statement({ AWS: '999988887777' }, { Action: 'sts:TagSession' }),
    );
    expect(diffTrustPolicies(doc(), after)).toEqual([
      '+ account 999988887777 may sts:AssumeRole when Bool aws:MultiFactorAuthPresent = true, ' +
        'or may sts:TagSession (no conditions)',
    ]);
  });

  it('matches a principal across case and spaces, but keeps Allow and Deny apart', () => {
    const before = doc(statement({ Service: 'Lambda.amazonaws.com' }));
    expect(diffTrustPolicies(before, doc(statement({ Service: ' lambda.amazonaws.com' })))).toEqual([
      'no change in who may assume the role',
    ]);
    const denied = doc({ Effect: 'Deny', Principal: { Service: 'Lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(diffTrustPolicies(before, denied)).toEqual([
      '+ service Lambda.amazonaws.com is denied sts:AssumeRole (no conditions)',
      '- service Lambda.amazonaws.com no longer: may sts:AssumeRole (no conditions)',
    ]);
  });

  it('keeps principal types apart', () => {
    const before = doc(statement({ AWS: 'abc' }));
    expect(diffTrustPolicies(before, doc(statement({ CanonicalUser: 'abc' })))).toEqual([
      '+ CanonicalUser principal abc may sts:AssumeRole (no conditions)',
      '- AWS principal abc no longer: may sts:AssumeRole (no conditions)',
    ]);
  });

  it('lists each principal of a statement on its own line, and an unchanged one not at all', () => {
    const before = doc(statement({ AWS: ['111122223333'] }));
    const after = doc(statement({ AWS: ['111122223333', '444455556666'], Service: 'ecs-tasks.amazonaws.com' }));
    expect(diffTrustPolicies(before, after)).toEqual([
      '+ account 444455556666 may sts:AssumeRole (no conditions)',
      '+ service ecs-tasks.amazonaws.com may sts:AssumeRole (no conditions)',
    ]);
  });
});
