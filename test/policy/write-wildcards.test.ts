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

describe('findWriteWildcards: counts and examples people read', () => {
  const USER = 'arn:aws:iam::111122223333:user/u';

  it('counts only write-level actions and lists permission management first, five at most', () => {
    expect(findWriteWildcards(allow('iam:*User*', USER))).toEqual([
      {
        statementIndex: 0,
        kind: 'action',
        pattern: 'iam:*User*',
        writeActionCount: 13,
        examples: [
          'iam:AttachUserPolicy',
          'iam:DeleteUserPermissionsBoundary',
          'iam:DeleteUserPolicy',
          'iam:DetachUserPolicy',
          'iam:PutUserPermissionsBoundary',
        ],
      },
    ]);
    expect(findWriteWildcards(allow('iam:*Group*', USER))[0]).toMatchObject({
      writeActionCount: 9,
      examples: [
        'iam:AttachGroupPolicy',
        'iam:DeleteGroupPolicy',
        'iam:DetachGroupPolicy',
        'iam:PutGroupPolicy',
        'iam:AddUserToGroup',
      ],
    });
    expect(findWriteWildcards(allow('iam:*LoginProfile', USER))[0]).toMatchObject({
      writeActionCount: 3,
      examples: ['iam:CreateLoginProfile', 'iam:DeleteLoginProfile', 'iam:UpdateLoginProfile'],
    });
  });

  it('counts actions that support no resource type for an action wildcard, not for Resource "*"', () => {
    expect(findWriteWildcards(allow('iam:*Account*'))).toEqual([
      {
        statementIndex: 0,
        kind: 'action',
        pattern: 'iam:*Account*',
        writeActionCount: 7,
        examples: [
          'iam:DeleteAccountPasswordPolicy',
          'iam:CreateAccountAlias',
          'iam:DeleteAccountAlias',
          'iam:PutAccountProperties',
          'iam:UpdateAccountEmailAddress',
        ],
      },
    ]);
    expect(findWriteWildcards(allow(['iam:CreateAccountAlias', 'iam:PassRole']))).toEqual([
      { statementIndex: 0, kind: 'resource', pattern: '*', writeActionCount: 1, examples: ['iam:PassRole'] },
    ]);
  });

  it('counts an action once however often the statement spells it', () => {
    expect(findWriteWildcards(allow(['iam:PassRole', 'IAM:passrole']))).toEqual([
      { statementIndex: 0, kind: 'resource', pattern: '*', writeActionCount: 1, examples: ['iam:PassRole'] },
    ]);
    expect(findWriteWildcards(allow(['iam:PassRole', 'iam:Attach*']))[1]).toMatchObject({
      kind: 'resource',
      writeActionCount: 4,
    });
    expect(findWriteWildcards(allow(['iam:PassRole', '*']))[1]).toMatchObject({
      kind: 'resource',
      writeActionCount: findWriteWildcards(allow('*'))[1]?.writeActionCount,
    });
  });

  it('reports the all-resource entry of a Resource list, and no NotResource that excludes everything', () => {
    expect(summary(allow('iam:PassRole', ['arn:aws:iam::111122223333:role/app', '*']))).toEqual(['0:resource:*']);
    const nothing = parsedPolicy({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: ['x', '*'] }] });
    expect(summary(nothing)).toEqual([]);
  });

  it('reports only the wildcard patterns of an Action list', () => {
    expect(summary(allow(['iam:PassRole', 'iam:Attach*', 'iam:Detach*'], USER))).toEqual([
      '0:action:iam:Attach*',
      '0:action:iam:Detach*',
    ]);
  });

  it('names the NotAction list and counts what it leaves', () => {
    const notAction = (...excluded: string[]) =>
      findWriteWildcards(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: excluded, Resource: USER }] }));
    const [withoutIam] = notAction('iam:*', 's3:*');
    const [withoutS3] = notAction('s3:*');
    expect(withoutIam?.pattern).toBe('NotAction: iam:*, s3:*');
    expect(withoutIam?.writeActionCount).toBeLessThan(withoutS3?.writeActionCount ?? 0);
    expect(withoutIam?.examples.some((action) => action.startsWith('iam:') || action.startsWith('s3:'))).toBe(false);
  });

  it('takes the same list’s count from a document without a Deny, whatever a document with one removed', () => {
    const withDeny = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: 'iam:*LoginProfile', Resource: USER },
        { Effect: 'Deny', Action: 'iam:DeleteLoginProfile', Resource: '*' },
      ],
    });
    const plain = () => findWriteWildcards(allow(['iam:*LoginProfile'], USER))[0]?.writeActionCount;
    expect(plain()).toBe(3);
    expect(findWriteWildcards(withDeny)[0]).toMatchObject({
      writeActionCount: 2,
      examples: ['iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
    });
    expect(plain()).toBe(3);
    const conditional = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: 'iam:*LoginProfile', Resource: USER },
        {
          Effect: 'Deny',
          Action: 'iam:DeleteLoginProfile',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    });
    expect(findWriteWildcards(conditional)[0]?.writeActionCount).toBe(3);
  });

  it('never reports a Deny statement', () => {
    const doc = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        {
          Effect: 'Deny',
          Action: 'iam:*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    });
    expect(summary(doc)).toEqual([]);
  });

  it('reads a NotAction statement on every resource as both kinds', () => {
    const doc = parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] });
    const grants = findWriteWildcards(doc);
    expect(grants.map((grant) => `${grant.kind}:${grant.pattern}`)).toEqual(['action:NotAction: iam:*', 'resource:*']);
    expect(grants[1]?.writeActionCount).toBeGreaterThan(1000);
    expect(grants[1]?.examples.some((action) => action.startsWith('iam:'))).toBe(false);
  });

  it('keeps NotAction lists apart even when their texts run together', () => {
    const notAction = (...excluded: string[]) =>
      findWriteWildcards(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: excluded, Resource: USER }] }))[0]
        ?.writeActionCount;
    const apart = notAction('iam:get*', 's3:*');
    const together = notAction('iam:get*s3:*');
    expect(together).toBeGreaterThan(apart ?? Infinity);
  });

  it('counts padded patterns of a list like the trimmed ones', () => {
    expect(findWriteWildcards(allow([' iam:PassRole ', 'iam:CreateAccessKey ']))).toEqual([
      {
        statementIndex: 0,
        kind: 'resource',
        pattern: '*',
        writeActionCount: 2,
        examples: ['iam:PassRole', 'iam:CreateAccessKey'],
      },
    ]);
  });

  it('names every entry of a NotResource list, and reports nothing for a statement without resources', () => {
    const doc = parsedPolicy({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: ['x', 'y'] }] });
    expect(summary(doc)).toEqual(['0:resource:NotResource: x, y']);
    const bare = parsedPolicy({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole' }] });
    expect(summary(bare)).toEqual([]);
  });

  it('finds nothing in a statement without Action or NotAction', () => {
    expect(findWriteWildcards(parsedPolicy({ Statement: [{ Effect: 'Allow', Resource: '*' }] }))).toEqual([]);
  });

  it('reads a statement with both Action and NotAction by its Action, as the permission checks do', () => {
    const both = parsedPolicy({
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', NotAction: 's3:GetObject', Resource: '*' }],
    });
    expect(findWriteWildcards(both)).toEqual([]);
    // Nor does its count stand for the NotAction list alone.
    const after = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: 'iam:GetUser', NotAction: 'sqs:GetQueueUrl', Resource: '*' },
        { Effect: 'Allow', NotAction: 'sqs:GetQueueUrl', Resource: '*' },
      ],
    });
    expect(summary(after)).toEqual(['1:action:NotAction: sqs:GetQueueUrl', '1:resource:*']);
  });

  // The counts are kept per action list across documents; two lists that grant
  // different actions must never share one, in either order.
  it('keeps a pattern holding a newline apart from the list it spells', () => {
    const list = ['iam:PassRole', 'sqs:Get*'];
    const oneText = list.join('\n');
    const doc = (...actions: (string | string[])[]) =>
      parsedPolicy({ Statement: actions.map((Action) => ({ Effect: 'Allow', Action, Resource: '*' })) });
    expect(summary(doc(oneText, list))).toEqual(['1:resource:*']);
    expect(summary(doc(list, oneText))).toEqual(['0:resource:*']);
    const notAction = (...lists: string[][]) =>
      findWriteWildcards(
        parsedPolicy({ Statement: lists.map((NotAction) => ({ Effect: 'Allow', NotAction, Resource: USER })) }),
      ).map((grant) => grant.writeActionCount);
    const [joined, apart] = notAction(['iam:*\nsqs:*'], ['iam:*', 'sqs:*']);
    expect(apart).toBeLessThan(joined ?? 0);
    expect(notAction(['iam:*', 'sqs:*'], ['iam:*\nsqs:*'])).toEqual([apart, joined]);
  });

  it('does not take a Kelvin-sign spelling for the pattern with a k', () => {
    // The wildcard match does not equate U+212A with `k`, so `iam:*\u212Aey*` grants nothing.
    const kelvin = 'iam:*\u212Aey*';
    const doc = (...actions: string[]) =>
      parsedPolicy({ Statement: actions.map((Action) => ({ Effect: 'Allow', Action, Resource: USER })) });
    expect(summary(doc(kelvin, 'iam:*Key*'))).toEqual(['1:action:iam:*Key*']);
    expect(summary(doc('iam:*Key*', kelvin))).toEqual(['0:action:iam:*Key*']);
    const onEverything = (...actions: string[][]) =>
      summary(parsedPolicy({ Statement: actions.map((Action) => ({ Effect: 'Allow', Action, Resource: '*' })) }));
    expect(onEverything([kelvin, 'sqs:GetQueueUrl'], ['iam:*Key*', 'sqs:GetQueueUrl'])).toEqual([
      '1:action:iam:*Key*',
      '1:resource:*',
    ]);
  });
});
