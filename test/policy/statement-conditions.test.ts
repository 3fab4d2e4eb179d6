import { describe, expect, it } from 'vitest';
import { describeCondition, statementConditions } from '../../shared/policy/statement-conditions.js';
import type { StatementCondition } from '../../shared/model/statement-condition.js';

function condition(operator: string, key: string, values: string[], policy?: string): StatementCondition {
  return { effect: 'Allow', statementIndex: 0, operator, key, values, ...(policy === undefined ? {} : { policy }) };
}

function said(operator: string, key: string, values: string[]): string {
  return describeCondition(condition(operator, key, values));
}

describe('statementConditions', () => {
  it('flattens every (operator, key) in document order, with the statement effect, index and policy', () => {
    const conditions = statementConditions(
      {
        Effect: 'Deny',
        Action: ['*'],
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': ['false'] },
          IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'], 'aws:VpcSourceIp': ['10.1.0.0/16'] },
        },
      },
      3,
      'inline policy guard',
    );
    expect(conditions).toStrictEqual([
      {
        effect: 'Deny',
        statementIndex: 3,
        policy: 'inline policy guard',
        operator: 'Bool',
        key: 'aws:MultiFactorAuthPresent',
        values: ['false'],
      },
      {
        effect: 'Deny',
        statementIndex: 3,
        policy: 'inline policy guard',
        operator: 'IpAddress',
        key: 'aws:SourceIp',
        values: ['10.0.0.0/8', '192.0.2.0/24'],
      },
      {
        effect: 'Deny',
        statementIndex: 3,
        policy: 'inline policy guard',
        operator: 'IpAddress',
        key: 'aws:VpcSourceIp',
        values: ['10.1.0.0/16'],
      },
    ]);
  });

  it('leaves the policy out when none is named, and copies the values', () => {
    const values = ['o-a1b2c3d4e5'];
    const conditions = statementConditions(
      { Effect: 'Allow', Action: ['*'], Condition: { StringEquals: { 'aws:PrincipalOrgID': values } } },
      0,
    );
    expect(conditions).toStrictEqual([
      { effect: 'Allow', statementIndex: 0, operator: 'StringEquals', key: 'aws:PrincipalOrgID', values },
    ]);
    expect(conditions[0]).not.toHaveProperty('policy');
    expect(conditions[0]?.values).not.toBe(values);
  });

  it('gives nothing for a statement without conditions', () => {
    expect(statementConditions({ Effect: 'Allow', Action: ['*'] }, 0)).toEqual([]);
    expect(statementConditions({ Effect: 'Allow', Action: ['*'], Condition: {} }, 0)).toEqual([]);
  });
});

describe('describeCondition says where the condition is and what must hold', () => {
  it('names the statement, and the policy when there is one, and keeps the condition as written', () => {
    expect(describeCondition(condition('StringEquals', 'aws:username', ['alice', 'bob']))).toBe(
      'Allow in statement 0 applies only when aws:username is alice or bob (StringEquals aws:username = alice, bob)',
    );
    expect(
      describeCondition({
        effect: 'Deny',
        statementIndex: 2,
        policy: 'inline policy guard',
        operator: 'StringEquals',
        key: 'aws:username',
        values: ['alice'],
      }),
    ).toBe(
      'Deny in inline policy guard, statement 2 applies only when aws:username is alice (StringEquals aws:username = alice)',
    );
  });

  it.each([
    ['Null', 'aws:TokenIssueTime', ['true'], 'aws:TokenIssueTime is absent'],
    ['Null', 'aws:TokenIssueTime', ['TRUE'], 'aws:TokenIssueTime is absent'],
    ['Null', 'aws:TokenIssueTime', ['false', 'true'], 'aws:TokenIssueTime is absent'],
    ['Null', 'aws:TokenIssueTime', ['false'], 'aws:TokenIssueTime is present'],
    ['Bool', 'aws:MultiFactorAuthPresent', ['true'], 'the caller signed in with MFA'],
    ['Bool', 'AWS:MultiFactorAuthPresent', ['True'], 'the caller signed in with MFA'],
    ['Bool', 'aws:MultiFactorAuthPresent', ['false', 'true'], 'the caller signed in with MFA'],
    ['Bool', 'aws:MultiFactorAuthPresent', ['false'], 'the caller did not sign in with MFA'],
    ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['true'], 'the caller signed in with MFA, or the key is absent'],
    ['StringEquals', 'aws:MultiFactorAuthPresent', ['true'], 'aws:MultiFactorAuthPresent is true'],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600'], 'the caller signed in with MFA less than 3600 seconds ago'],
    [
      'NumericLessThanEquals',
      'aws:MultiFactorAuthAge',
      ['3600'],
      'the caller signed in with MFA less than 3600 seconds ago',
    ],
    ['NumericGreaterThan', 'aws:MultiFactorAuthAge', ['3600'], 'aws:MultiFactorAuthAge is more than 3600'],
    ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], 'the request comes from source IP 203.0.113.0/24'],
    [
      'NotIpAddress',
      'aws:SourceIp',
      ['203.0.113.0/24', '198.51.100.7'],
      'the request comes from outside source IP 203.0.113.0/24 or 198.51.100.7',
    ],
    ['StringLike', 'aws:SourceIp', ['10.*'], 'aws:SourceIp matches 10.*'],
    ['StringEquals', 'aws:PrincipalOrgID', ['o-1'], 'the caller is in organisation o-1'],
    ['StringNotEquals', 'aws:PrincipalOrgID', ['o-1'], 'the caller is not in organisation o-1'],
    ['StringEquals', 'aws:ResourceOrgID', ['o-1'], 'the resource is in organisation o-1'],
    ['StringNotEquals', 'aws:ResourceOrgID', ['o-1'], 'the resource is not in organisation o-1'],
    ['StringEquals', 'aws:SourceOrgID', ['o-1'], 'the source is in organisation o-1'],
    [
      'StringNotEqualsIfExists',
      'aws:SourceOrgID',
      ['o-1'],
      'the source is not in organisation o-1, or the key is absent',
    ],
    [
      'ForAnyValue:StringLike',
      'aws:PrincipalOrgPaths',
      ['o-1/r-1/*'],
      'the caller is under organisation path o-1/r-1/*',
    ],
    ['StringNotLike', 'aws:PrincipalOrgPaths', ['o-1/r-1/*'], 'the caller is not under organisation path o-1/r-1/*'],
    ['StringLike', 'aws:ResourceOrgPaths', ['o-1/*'], 'the resource is under organisation path o-1/*'],
    ['StringNotLike', 'aws:ResourceOrgPaths', ['o-1/*'], 'the resource is not under organisation path o-1/*'],
    ['StringEquals', 'aws:SourceVpc', ['vpc-1'], 'the request comes through VPC vpc-1'],
    ['StringNotEquals', 'aws:SourceVpc', ['vpc-1'], 'the request does not come through VPC vpc-1'],
    ['StringEquals', 'aws:SourceVpce', ['vpce-1'], 'the request comes through VPC endpoint vpce-1'],
    ['StringNotEquals', 'aws:SourceVpce', ['vpce-1'], 'the request does not come through VPC endpoint vpce-1'],
    [
      'StringEquals',
      'aws:RequestedRegion',
      ['eu-west-1', 'eu-central-1'],
      'the request is for region eu-west-1 or eu-central-1',
    ],
    ['StringNotEquals', 'aws:RequestedRegion', ['us-east-1'], 'the request is outside region us-east-1'],
    [
      'ArnEquals',
      'aws:PrincipalArn',
      ['arn:aws:iam::111122223333:role/ci'],
      'the caller is arn:aws:iam::111122223333:role/ci',
    ],
    [
      'ArnNotLike',
      'aws:PrincipalArn',
      ['arn:aws:iam::111122223333:role/ci'],
      'the caller is not arn:aws:iam::111122223333:role/ci',
    ],
    ['StringEquals', 'aws:PrincipalAccount', ['111122223333'], 'the caller is 111122223333'],
    ['StringNotEquals', 'aws:PrincipalAccount', ['111122223333'], 'the caller is not 111122223333'],
    ['StringEqualsIfExists', 'aws:username', ['alice'], 'aws:username is alice, or the key is absent'],
    [' stringequals ', 'aws:username', ['alice'], 'aws:username is alice'],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['team'], 'aws:TagKeys is team'],
    [':StringEquals', 'aws:username', ['alice'], 'aws:username is alice'],
    ['SomethingNew', 'aws:username', ['alice'], 'aws:username satisfies somethingnew alice'],
  ])('%s %s %j → "%s"', (operator, key, values, meaning) => {
    const raw = `${operator} ${key} = ${values.join(', ')}`;
    expect(said(operator, key, values)).toBe(`Allow in statement 0 applies only when ${meaning} (${raw})`);
  });

  it.each([
    ['StringEquals', 'is'],
    ['StringEqualsIgnoreCase', 'is'],
    ['StringNotEquals', 'is not'],
    ['StringNotEqualsIgnoreCase', 'is not'],
    ['StringLike', 'matches'],
    ['StringNotLike', 'does not match'],
    ['ArnEquals', 'is'],
    ['ArnLike', 'matches'],
    ['ArnNotEquals', 'is not'],
    ['ArnNotLike', 'does not match'],
    ['NumericEquals', 'equals'],
    ['NumericNotEquals', 'does not equal'],
    ['NumericLessThan', 'is less than'],
    ['NumericLessThanEquals', 'is at most'],
    ['NumericGreaterThan', 'is more than'],
    ['NumericGreaterThanEquals', 'is at least'],
    ['DateEquals', 'is'],
    ['DateNotEquals', 'is not'],
    ['DateLessThan', 'is before'],
    ['DateLessThanEquals', 'is at or before'],
    ['DateGreaterThan', 'is after'],
    ['DateGreaterThanEquals', 'is at or after'],
    ['Bool', 'is'],
    ['BinaryEquals', 'is'],
    ['IpAddress', 'is in'],
    ['NotIpAddress', 'is not in'],
  ])('a key Warden does not know reads %s as "%s"', (operator, words) => {
    expect(said(operator, 'ec2:ResourceTag/team', ['x'])).toBe(
      `Allow in statement 0 applies only when ec2:ResourceTag/team ${words} x (${operator} ec2:ResourceTag/team = x)`,
    );
  });
});
