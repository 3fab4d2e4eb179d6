import { describe, expect, it } from 'vitest';
import { findWriteWildcards } from '../../shared/policy/write-wildcards.js';
import { allow, parsedPolicy } from './parsed-policy.js';

const summary = (doc: Parameters<typeof findWriteWildcards>[0]) =>
  findWriteWildcards(doc).map((grant) => `${grant.statementIndex}:${grant.kind}:${grant.pattern}`);

describe('findWriteWildcards', () => {
  it.each([
    ['s3:* on *', allow('s3:*'), ['0:action:s3:*', '0:resource:*']],
    ['s3:* on one bucket', allow('s3:*', 'arn:aws:s3:::b/*'), ['0:action:s3:*']],
    ['iam:Put* on a role', allow('iam:Put*', 'arn:aws:iam::111122223333:role/r'), ['0:action:iam:Put*']],
    ['iam:PassRole on *', allow('iam:PassRole'), ['0:resource:*']],
    ['read-only wildcards on *', allow(['s3:Get*', 'ec2:Describe*', 'iam:List*']), []],
    ['a write action that only supports *', allow('iam:CreateAccountAlias'), []],
    ['a literal write action on one resource', allow('s3:PutObject', 'arn:aws:s3:::b/*'), []],
    ['unknown service wildcard', allow('newservice:*'), []],
    [
      'NotAction is a wildcard',
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' }] }),
      ['0:action:NotAction: iam:*'],
    ],
    [
      'NotResource covers everything else',
      parsedPolicy({ Statement: [{ Effect: 'Allow', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::secret/*' }] }),
      ['0:resource:NotResource: arn:aws:s3:::secret/*'],
    ],
    [
      'Deny statements are not grants',
      parsedPolicy({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
      [],
    ],
    [
      'a Deny removes the write actions it covers',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
          { Effect: 'Deny', NotAction: ['s3:Get*', 's3:List*'], Resource: '*' },
        ],
      }),
      [],
    ],
    [
      'second statement index',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/t' },
        ],
      }),
      ['1:action:dynamodb:*'],
    ],
  ])('%s', (_name, doc, expected) => {
    expect(summary(doc)).toEqual(expected);
  });

  it('counts write actions and gives permission-management examples first', () => {
    const [grant] = findWriteWildcards(allow('iam:*', 'arn:aws:iam::111122223333:user/u'));
    expect(grant?.kind).toBe('action');
    expect(grant?.writeActionCount).toBeGreaterThan(100);
    expect(grant?.examples.length).toBe(5);
    expect(grant?.examples).toContain('iam:AttachGroupPolicy');
  });

  it('counts "*" as thousands of write actions', () => {
    const grants = findWriteWildcards(allow('*'));
    expect(grants.map((grant) => grant.kind)).toEqual(['action', 'resource']);
    expect(grants[0]?.writeActionCount).toBeGreaterThan(10_000);
    expect(grants[1]?.writeActionCount).toBeLessThan(grants[0]?.writeActionCount ?? 0);
  });
});
