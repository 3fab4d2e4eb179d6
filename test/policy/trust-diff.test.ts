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
