import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Catalog from '../../shared/policy/action-catalog.js';
import { MAX_DIFF_LINES, MAX_EXPANDED, diffPolicies } from '../../shared/policy/policy-diff.js';
import { allow, parsedPolicy } from './parsed-policy.js';

const getObject = allow('s3:GetObject', 'arn:aws:s3:::b/*');

describe('diffPolicies', () => {
  it('reports an added action with its resource', () => {
    const diff = diffPolicies(
      getObject,
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        ],
      }),
    );
    expect(diff).toEqual({
      addedActions: ['iam:PassRole'],
      removedActions: [],
      widenedResources: [],
      droppedConditions: [],
      newEscalations: [],
      broader: true,
      lines: ['+ iam:PassRole on *'],
    });
  });

  it('reports a removed action and is not broader', () => {
    const diff = diffPolicies(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::b/*'), getObject);
    expect(diff.addedActions).toEqual([]);
    expect(diff.removedActions).toEqual(['s3:PutObject']);
    expect(diff.lines).toEqual(['- s3:PutObject on arn:aws:s3:::b/*']);
    expect(diff.broader).toBe(false);
  });

  it('reports a widened resource and a dropped condition', () => {
    const before = allow('s3:GetObject', 'arn:aws:s3:::b/*', {
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    const after = allow('s3:GetObject', '*');
    const diff = diffPolicies(before, after);
    expect(diff.addedActions).toEqual([]);
    expect(diff.widenedResources).toEqual(['*']);
    expect(diff.droppedConditions).toEqual(['aws:MultiFactorAuthPresent']);
    expect(diff.broader).toBe(true);
    expect(diff.lines).toEqual([
      'resource widened: arn:aws:s3:::b/* → * (s3:GetObject)',
      'condition dropped: aws:MultiFactorAuthPresent',
    ]);
  });

  it('does not call a narrower resource widened', () => {
    const diff = diffPolicies(
      allow('s3:GetObject', 'arn:aws:s3:::b/*'),
      allow('s3:GetObject', 'arn:aws:s3:::b/reports/*'),
    );
    expect(diff.widenedResources).toEqual([]);
    expect(diff.broader).toBe(false);
  });

  it('reports a new escalation path', () => {
    const diff = diffPolicies(
      allow('lambda:CreateFunction'),
      allow(['lambda:CreateFunction', 'lambda:InvokeFunction', 'iam:PassRole']),
    );
    expect(diff.newEscalations).toEqual(['PassRole + Lambda (CreateFunction + InvokeFunction)']);
    expect(diff.lines).toContain('new escalation path: PassRole + Lambda (CreateFunction + InvokeFunction)');
  });

  it('keeps "*" symbolic and leads with it', () => {
    const diff = diffPolicies(getObject, allow('*'));
    expect(diff.addedActions).toEqual(['*']);
    expect(diff.lines[0]).toBe('+ * (all actions) on *');
    expect(diff.lines).toHaveLength(MAX_DIFF_LINES + 1);
    expect(diff.lines[MAX_DIFF_LINES]).toMatch(/^… and \d+ more$/);
    // s3:GetObject was granted before and is still granted (by "*"), now on every resource
    expect(diff.removedActions).toEqual([]);
    expect(diff.widenedResources).toEqual(['*']);
  });

  it('keeps large service wildcards symbolic with a count', () => {
    const diff = diffPolicies(undefined, allow('ec2:*'));
    expect(diff.addedActions).toEqual(['ec2:*']);
    expect(diff.lines[0]).toMatch(/^\+ ec2:\* \(\d+ actions\) on \*$/);
  });

  it('expands a small wildcard to concrete names', () => {
    const diff = diffPolicies(undefined, allow('iam:Attach*', 'arn:aws:iam::111122223333:user/u'));
    expect([...diff.addedActions].sort()).toEqual([
      'iam:AttachGroupPolicy',
      'iam:AttachRolePolicy',
      'iam:AttachUserPolicy',
    ]);
  });

  it('treats a rewrite of the same grant in other spelling as no change', () => {
    const diff = diffPolicies(
      allow('iam:Attach*'),
      allow(['IAM:attachuserpolicy', 'iam:AttachGroupPolicy', 'iam:AttachRolePolicy']),
    );
    expect(diff).toMatchObject({ addedActions: [], removedActions: [], broader: false, lines: [] });
  });

  it('sees "*" replaced by a narrow grant as removal, not addition', () => {
    const diff = diffPolicies(allow('*'), getObject);
    expect(diff.addedActions).toEqual([]);
    expect(diff.removedActions).toEqual(['*']);
    expect(diff.broader).toBe(false);
  });

  it('reports NotAction as one symbolic grant', () => {
    const diff = diffPolicies(
      undefined,
      parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }] }),
    );
    expect(diff.addedActions).toEqual(['NotAction: iam:*']);
    expect(diff.lines[0]).toBe('+ every action except iam:* on *');
  });

  it('an unconditional Deny added after removes the action', () => {
    const after = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: '*' },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      ],
    });
    expect(diffPolicies(allow(['s3:GetObject', 's3:DeleteObject']), after).removedActions).toEqual(['s3:DeleteObject']);
  });

  it('handles both sides missing', () => {
    expect(diffPolicies(undefined, undefined)).toEqual({
      addedActions: [],
      removedActions: [],
      widenedResources: [],
      droppedConditions: [],
      newEscalations: [],
      broader: false,
      lines: [],
    });
  });

  it('everything removed when the policy is deleted', () => {
    const diff = diffPolicies(allow(['iam:PassRole', 'ec2:RunInstances']), undefined);
    expect([...diff.removedActions].sort()).toEqual(['ec2:RunInstances', 'iam:PassRole']);
    expect(diff.broader).toBe(false);
  });
});

describe('diffPolicies: the lines people read', () => {
  const statements = (...list: object[]) => parsedPolicy({ Version: '2012-10-17', Statement: list });
  const FIVE = ['s3:DeleteObject', 's3:GetBucketPolicy', 's3:GetObject', 's3:ListBucket', 's3:PutObject'];

  it('names up to three actions of a widened resource, then how many more', () => {
    const diff = diffPolicies(allow(FIVE, 'arn:aws:s3:::b/*'), allow(FIVE, '*'));
    expect(diff.lines).toEqual([
      'resource widened: arn:aws:s3:::b/* → * (s3:DeleteObject, s3:GetBucketPolicy, s3:GetObject and 2 more)',
    ]);
    const three = diffPolicies(allow(FIVE.slice(0, 3), 'arn:aws:s3:::b/*'), allow(FIVE.slice(0, 3), '*'));
    expect(three.lines).toEqual([
      'resource widened: arn:aws:s3:::b/* → * (s3:DeleteObject, s3:GetBucketPolicy, s3:GetObject)',
    ]);
  });

  it('shows twenty lines in full and caps the twenty-first', () => {
    const actions = [
      ...FIVE,
      's3:GetObjectAcl',
      's3:PutObjectAcl',
      's3:GetBucketAcl',
      's3:PutBucketAcl',
      's3:GetBucketTagging',
      's3:PutBucketTagging',
      's3:GetObjectTagging',
      's3:PutObjectTagging',
      's3:DeleteBucket',
      's3:CreateBucket',
      's3:GetBucketLocation',
      's3:GetBucketVersioning',
      's3:PutBucketVersioning',
      's3:GetLifecycleConfiguration',
      's3:PutLifecycleConfiguration',
      's3:GetBucketLogging',
    ];
    const twenty = diffPolicies(undefined, allow(actions.slice(0, 20)));
    expect(twenty.lines).toHaveLength(20);
    expect(twenty.lines.every((line) => line.startsWith('+ s3:'))).toBe(true);
    const more = diffPolicies(undefined, allow(actions));
    expect(more.lines).toHaveLength(21);
    expect(more.lines[20]).toBe('… and 1 more');
    expect(more.addedActions).toHaveLength(21);
  });

  it('orders broad grants, escalations, widened resources, dropped conditions, added and removed actions', () => {
    const before = statements(
      { Effect: 'Allow', Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: 'arn:aws:s3:::b/*' },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    );
    const after = statements(
      { Effect: 'Allow', Action: ['s3:GetObject', 'iam:CreatePolicyVersion'], Resource: '*' },
      { Effect: 'Allow', Action: ['sns:Publish', 'ec2:*'], Resource: '*' },
    );
    const diff = diffPolicies(before, after);
    expect(diff.lines[0]).toMatch(/^\+ ec2:\* \(\d+ actions\) on \*$/);
    expect(diff.lines.slice(1)).toEqual([
      'new escalation path: CreatePolicyVersion (rewrite a managed policy)',
      'resource widened: arn:aws:s3:::b/* → * (s3:GetObject)',
      'condition dropped: aws:SecureTransport',
      '+ iam:CreatePolicyVersion on *',
      '- sqs:SendMessage on arn:aws:s3:::b/*',
    ]);
    expect(diff).toMatchObject({
      addedActions: ['iam:CreatePolicyVersion', 'ec2:*'],
      removedActions: ['sqs:SendMessage'],
      widenedResources: ['*'],
      droppedConditions: ['aws:SecureTransport'],
      newEscalations: ['CreatePolicyVersion (rewrite a managed policy)'],
      broader: true,
    });
  });

  it('lists dropped conditions in order', () => {
    const cond = { Condition: { StringEquals: { 'aws:SourceVpc': 'v' }, Bool: { 'aws:SecureTransport': 'true' } } };
    expect(diffPolicies(allow('s3:GetObject', '*', cond), allow('s3:GetObject')).droppedConditions).toEqual([
      'aws:SecureTransport',
      'aws:SourceVpc',
    ]);
  });

  it('is broader for each kind of widening alone', () => {
    expect(diffPolicies(allow('s3:GetObject', 'arn:aws:s3:::b/*'), allow('s3:GetObject')).broader).toBe(true);
    const cond = { Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    const dropped = diffPolicies(allow('s3:GetObject', '*', cond), allow('s3:GetObject'));
    expect(dropped).toMatchObject({ addedActions: [], widenedResources: [], broader: true });
    const escalation = diffPolicies(
      allow('iam:CreatePolicyVersion', 'arn:aws:s3:::b'),
      allow('iam:CreatePolicyVersion'),
    );
    expect(escalation).toMatchObject({
      newEscalations: ['CreatePolicyVersion (rewrite a managed policy)'],
      broader: true,
    });
  });

  it('drops a condition key only when every granting statement before required it (any case)', () => {
    const before = statements(
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceVpc': 'v', 'aws:PrincipalTag/team': 'a' } },
      },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:sourcevpc': 'v*' } } },
    );
    const after = allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } });
    expect(diffPolicies(before, after).droppedConditions).toEqual(['aws:SourceVpc']);
    const kept = allow('s3:GetObject', '*', { Condition: { StringEquals: { 'AWS:SOURCEVPC': 'v' } } });
    expect(diffPolicies(before, kept).droppedConditions).toEqual([]);
  });

  it('reads NotResource as every resource but the listed ones', () => {
    const except = statements({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' });
    expect(diffPolicies(allow('s3:GetObject', 'arn:aws:s3:::b/*'), except).lines).toEqual([
      'resource widened: arn:aws:s3:::b/* → * except arn:aws:s3:::secret/* (s3:GetObject)',
    ]);
    expect(diffPolicies(except, allow('s3:GetObject')).lines).toEqual([
      'resource widened: * except arn:aws:s3:::secret/* → * (s3:GetObject)',
    ]);
    expect(diffPolicies(allow('s3:GetObject'), except).widenedResources).toEqual([]);
    expect(diffPolicies(allow('s3:GetObject', 'arn:aws:s3:::*'), except).widenedResources).toEqual([
      '* except arn:aws:s3:::secret/*',
    ]);
    expect(diffPolicies(except, undefined).lines).toEqual(['- s3:GetObject on * except arn:aws:s3:::secret/*']);
    const nothing = statements({ Effect: 'Allow', Action: 's3:GetObject', NotResource: '*' });
    expect(diffPolicies(undefined, nothing).lines).toEqual([]);
  });

  it('spells known actions canonically and keeps unknown ones as written', () => {
    expect(diffPolicies(undefined, allow(' IAM:passrole ')).lines).toEqual(['+ iam:PassRole on *']);
    expect(diffPolicies(undefined, allow('Foo:BarBaz')).lines).toEqual(['+ Foo:BarBaz on *']);
    expect(diffPolicies(undefined, allow('s3:Zzz*')).lines).toEqual(['+ s3:Zzz* (no known actions) on *']);
    expect(diffPolicies(undefined, allow(' s3:Zzz* ')).lines).toEqual(['+ s3:Zzz* (no known actions) on *']);
    expect(diffPolicies(undefined, allow(' Foo:BarBaz ')).lines).toEqual(['+ Foo:BarBaz on *']);
    expect(diffPolicies(allow('S3:ZZZ*'), allow('s3:Zzz*')).lines).toEqual([]);
    expect(diffPolicies(allow('*'), allow('s3:Zzz*')).addedActions).toEqual([]);
  });

  it('compares NotAction lists by what they leave out', () => {
    const notAction = (...excluded: string[]) => statements({ Effect: 'Allow', NotAction: excluded, Resource: '*' });
    expect(diffPolicies(notAction('iam:*'), notAction(' IAM:* ')).lines).toEqual([]);
    const widening = diffPolicies(notAction('iam:*', 's3:*'), notAction('iam:*'));
    expect(widening.addedActions).toEqual(['NotAction: iam:*']);
    expect(widening.removedActions).toEqual([]);
    const narrowing = diffPolicies(notAction('iam:*'), notAction('s3:*', 'iam:*'));
    expect(narrowing.addedActions).toEqual([]);
    expect(narrowing.removedActions).toEqual(['NotAction: iam:*']);
    expect(narrowing.lines).toEqual(['- every action except iam:* on *']);
    expect(diffPolicies(allow('*'), notAction('iam:*')).addedActions).toEqual([]);
  });

  it('keeps a large pattern granted by the same pattern in other case, and by "*"', () => {
    expect(diffPolicies(allow('ec2:*'), allow('EC2:*')).lines).toEqual([]);
    expect(diffPolicies(allow('ec2:*'), allow('*')).removedActions).toEqual([]);
    expect(diffPolicies(allow('ec2:*'), allow('ec2:Describe*')).removedActions).toEqual(['ec2:*']);
  });

  it('does not report an escalation path the document already had', () => {
    const passLambda = ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'];
    const diff = diffPolicies(allow(passLambda), allow([...passLambda, 's3:GetObject']));
    expect(diff.newEscalations).toEqual([]);
    expect(diff.lines).toEqual(['+ s3:GetObject on *']);
  });

  it('reads a Deny only for the actions it removes everywhere', () => {
    const conditional = statements(
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: '*' },
      {
        Effect: 'Deny',
        Action: 's3:DeleteObject',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    );
    expect(diffPolicies(allow(['s3:GetObject', 's3:DeleteObject']), conditional).removedActions).toEqual([]);
  });

  it('reports nothing for an action no side grants (denied everywhere)', () => {
    const denied = statements(
      { Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    );
    expect(diffPolicies(undefined, denied).lines).toEqual([]);
    expect(diffPolicies(denied, undefined).lines).toEqual([]);
  });

  it('treats a Deny statement as no grant, even one that removes nothing everywhere', () => {
    const after = statements(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    );
    expect(diffPolicies(allow('s3:GetObject'), after).lines).toEqual([]);
  });

  it('widens only past every before resource, and names them all', () => {
    const before = allow('s3:GetObject', ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*']);
    expect(diffPolicies(before, allow('s3:GetObject', 'arn:aws:s3:::c/x')).widenedResources).toEqual([]);
    expect(diffPolicies(before, allow('s3:GetObject')).lines).toEqual([
      'resource widened: arn:aws:s3:::b/*, arn:aws:s3:::c/* → * (s3:GetObject)',
    ]);
  });

  it('names every resource of an added or removed action', () => {
    const two = allow('iam:PassRole', ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b']);
    expect(diffPolicies(undefined, two).lines).toEqual([
      '+ iam:PassRole on arn:aws:iam::1:role/a, arn:aws:iam::1:role/b',
    ]);
    expect(diffPolicies(two, undefined).lines).toEqual([
      '- iam:PassRole on arn:aws:iam::1:role/a, arn:aws:iam::1:role/b',
    ]);
  });

  it('drops a condition when any after statement grants without it, not when all keep it', () => {
    const cond = { Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    const before = allow('s3:GetObject', '*', cond);
    const oneWithout = statements(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...cond },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    );
    expect(diffPolicies(before, oneWithout).droppedConditions).toEqual(['aws:SecureTransport']);
    expect(diffPolicies(before, allow('s3:GetObject', '*', cond)).droppedConditions).toEqual([]);
  });

  it('does not call a NotResource grant widened when it stays the same', () => {
    const except = (actions: string[]) =>
      statements({ Effect: 'Allow', Action: actions, NotResource: 'arn:aws:s3:::secret/*' });
    const diff = diffPolicies(except(['s3:GetObject']), except(['s3:GetObject', 's3:PutObject']));
    expect(diff.widenedResources).toEqual([]);
    expect(diff.lines).toEqual(['+ s3:PutObject on * except arn:aws:s3:::secret/*']);
  });

  it('names a NotAction list as written and identifies it sorted', () => {
    const notAction = (...excluded: string[]) => ({ Effect: 'Allow', NotAction: excluded, Resource: '*' });
    const diff = diffPolicies(undefined, statements(notAction('s3:*', 'iam:*'), notAction('iam:*', 's3:*')));
    expect(diff.addedActions).toEqual(['NotAction: iam:*, s3:*']);
    expect(diff.lines.filter((line) => line.startsWith('+ '))).toEqual(['+ every action except s3:*, iam:* on *']);
    const empty = diffPolicies(undefined, statements({ Effect: 'Allow', NotAction: [], Resource: '*' }));
    expect(empty.addedActions).toEqual(['*']);
    expect(empty.lines[0]).toBe('+ * (all actions) on *');
  });

  it('grants a pattern without known actions only by that pattern or by "*"', () => {
    expect(diffPolicies(getObject, allow('s3:Zzz*')).addedActions).toEqual(['s3:Zzz*']);
  });

  it('grants a large pattern by any spelling that matches all its actions', () => {
    expect(diffPolicies(allow('ec2:*'), allow('ec2:?*')).removedActions).toEqual([]);
  });

  it('reads a statement without a resource element as every resource', () => {
    const bare = statements({ Effect: 'Allow', Action: 's3:GetObject' });
    expect(diffPolicies(undefined, bare).lines).toEqual(['+ s3:GetObject on *']);
    const except = statements({
      Effect: 'Allow',
      Action: 's3:GetObject',
      NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'],
    });
    expect(diffPolicies(undefined, except).lines).toEqual([
      '+ s3:GetObject on * except arn:aws:s3:::a, arn:aws:s3:::b',
    ]);
  });

  it('compares resource ARNs case-sensitively, as IAM does', () => {
    expect(
      diffPolicies(allow('s3:GetObject', 'arn:aws:s3:::B/*'), allow('s3:GetObject', 'arn:aws:s3:::b/x')).lines,
    ).toEqual(['resource widened: arn:aws:s3:::B/* → arn:aws:s3:::b/x (s3:GetObject)']);
  });

  it('names a dropped condition key as the first statement first spelled it', () => {
    const before = allow('s3:GetObject', '*', {
      Condition: { StringEquals: { 'aws:SourceVpc': 'v' }, StringLike: { 'AWS:SOURCEVPC': 'v*' } },
    });
    expect(diffPolicies(before, allow('s3:GetObject')).droppedConditions).toEqual(['aws:SourceVpc']);
  });

  it('finds nothing in a statement without Action or NotAction', () => {
    expect(diffPolicies(undefined, statements({ Effect: 'Allow', Resource: '*' })).lines).toEqual([]);
  });

  it('compares a NotAction list with an Action list on the other side', () => {
    const diff = diffPolicies(
      statements({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
      statements({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    );
    expect(diff.lines).toEqual(['- every action except iam:* on *']);
    expect(diff.broader).toBe(false);
  });

  it('does not take a NotAction list for the large pattern it excludes', () => {
    const diff = diffPolicies(allow('ec2:*'), statements({ Effect: 'Allow', NotAction: 'ec2:*', Resource: '*' }));
    expect(diff.addedActions).toEqual(['NotAction: ec2:*']);
    expect(diff.removedActions).toEqual(['ec2:*']);
  });

  it('reads padded NotAction entries as the trimmed ones', () => {
    const notAction = (...excluded: string[]) => statements({ Effect: 'Allow', NotAction: excluded, Resource: '*' });
    expect(diffPolicies(notAction(' iam:* '), notAction('iam:*')).lines).toEqual([]);
    const added = diffPolicies(undefined, notAction(' iam:* ', 's3:*'));
    expect(added.addedActions).toEqual(['NotAction: iam:*, s3:*']);
    expect(added.lines[0]).toBe('+ every action except iam:*, s3:* on *');
  });

  it('grants a pattern without known actions when any entry of the list is that pattern', () => {
    const diff = diffPolicies(allow(['newservice:*', 's3:GetObject']), allow('newservice:*'));
    expect(diff.lines).toEqual(['- s3:GetObject on *']);
  });

  it('shows an action without a service prefix as written, as one action', () => {
    expect(diffPolicies(undefined, allow('iam')).lines).toEqual(['+ iam on *']);
  });

  it('does not take a Kelvin-sign spelling for a large pattern with a k', () => {
    // The wildcard match does not equate U+212A with `k`: `*:*\u212A*` grants nothing.
    const diff = diffPolicies(allow('*:*k*'), allow('*:*\u212A*'));
    expect(diff.removedActions).toEqual(['*:*k*']);
  });

  it('never reads the text of a NotResource entry as a wildcard', () => {
    const except = (resource: string) => statements({ Effect: 'Allow', Action: 's3:GetObject', NotResource: resource });
    // `*:::b` matches the text "* except arn:aws:s3:::b", not what it stands for.
    const afterExcept = diffPolicies(allow('s3:GetObject', '*:::b'), except('arn:aws:s3:::b'));
    expect(afterExcept.widenedResources).toEqual(['* except arn:aws:s3:::b']);
    const beforeExcept = diffPolicies(except('arn:aws:s3:::b'), allow('s3:GetObject', 'x except arn:aws:s3:::b'));
    expect(beforeExcept.widenedResources).toEqual(['x except arn:aws:s3:::b']);
  });

  it('reads a `?` replaced by `*` as widened: a `?` takes one character, not a run', () => {
    const diff = diffPolicies(
      allow('iam:CreateAccessKey', 'arn:aws:iam::111122223333:?'),
      allow('iam:CreateAccessKey', 'arn:aws:iam::111122223333:*'),
    );
    expect(diff.lines).toEqual([
      'new escalation path: CreateAccessKey (keys for another user)',
      'resource widened: arn:aws:iam::111122223333:? → arn:aws:iam::111122223333:* (iam:CreateAccessKey)',
    ]);
    expect(diff.broader).toBe(true);
    const bucket = (resource: string) => allow('s3:GetObject', resource);
    expect(diffPolicies(bucket('arn:aws:s3:::b/?'), bucket('arn:aws:s3:::b/*')).widenedResources).toEqual([
      'arn:aws:s3:::b/*',
    ]);
    expect(diffPolicies(bucket('arn:aws:s3:::b/?'), bucket('arn:aws:s3:::b/?')).lines).toEqual([]);
    expect(diffPolicies(bucket('arn:aws:s3:::b/*'), bucket('arn:aws:s3:::b/?x')).lines).toEqual([]);
    expect(diffPolicies(bucket('arn:aws:s3:::b/??'), bucket('arn:aws:s3:::b/?x')).lines).toEqual([]);
  });

  it('widens a NotResource grant that leaves out less than before', () => {
    const except = (resource: string) => statements({ Effect: 'Allow', Action: 's3:GetObject', NotResource: resource });
    const diff = diffPolicies(except('arn:aws:s3:::b*'), except('arn:aws:s3:::b'));
    expect(diff.lines).toEqual(['resource widened: * except arn:aws:s3:::b* → * except arn:aws:s3:::b (s3:GetObject)']);
  });
});

describe('diffPolicies: where a pattern stops being expanded', () => {
  afterEach(() => {
    vi.doUnmock('../../shared/policy/action-catalog.js');
    vi.resetModules();
  });

  /**
   * diffPolicies of a fresh module graph whose installed catalogue is a copy
   * where service `demo` has `count` Write actions, Act0 … (the installed
   * catalogue is fixed for a process, so a small one takes a module graph of its own).
   */
  const diffOverDemoCatalogue = async (count: number) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-data-'));
    mkdirSync(path.join(dir, 'actions'));
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['demo']));
    const actions = Array.from({ length: count }, (_, i) => [`act${i}`, { name: `Act${i}`, accessLevel: 'Write' }]);
    writeFileSync(path.join(dir, 'actions', 'demo.json'), JSON.stringify(Object.fromEntries(actions)));
    vi.resetModules();
    vi.doMock('../../shared/policy/action-catalog.js', async (importOriginal) => {
      const real = await importOriginal<typeof Catalog>();
      return { ...real, installedActionCatalog: real.createActionCatalog({ dataDir: dir }) };
    });
    return (await import('../../shared/policy/policy-diff.js')).diffPolicies;
  };

  it(`expands a pattern of exactly ${MAX_EXPANDED} actions, and keeps one more symbolic`, async () => {
    const expanded = (await diffOverDemoCatalogue(MAX_EXPANDED))(undefined, allow('demo:*'));
    expect(expanded.addedActions).toHaveLength(MAX_EXPANDED);
    expect(expanded.lines[0]).toBe('+ demo:Act0 on *');
    const symbolic = (await diffOverDemoCatalogue(MAX_EXPANDED + 1))(undefined, allow('demo:*'));
    expect(symbolic.lines).toEqual([`+ demo:* (${MAX_EXPANDED + 1} actions) on *`]);
  });
});
