import { describe, expect, it } from 'vitest';
import {
  allowingStatements,
  documentAllowsAction,
  hasConditions,
  isAllActionsPattern,
  isAllResourcesPattern,
  isDeniedEverywhere,
  isSweepingDeny,
  statementActionTest,
  statementAppliesToAnyResource,
  statementCoversAllActions,
  statementCoversAllResources,
  statementMatchesAction,
} from '../../shared/policy/effective-permissions.js';
import { parsePolicyDocument } from '../../shared/policy/parse-policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../../shared/model/policy-document.js';

function parsed(statements: unknown[]): PolicyDocument {
  const result = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

describe('isAllActionsPattern', () => {
  it.each([
    ['*', true],
    ['**', true],
    [' * ', true],
    ['*:*', true],
    ['**:**', true],
    [' *:* ', true],
    ['*:', false],
    [':*', false],
    ['*:*:*', false],
    ['iam:*', false],
    ['*:Get*', false],
    ['*x', false],
    ['x*', false],
    ['', false],
  ])('%j → %s', (pattern, expected) => {
    expect(isAllActionsPattern(pattern)).toBe(expected);
  });
});

describe('isAllResourcesPattern', () => {
  it.each([
    ['*', true],
    ['**', true],
    [' * ', true],
    ['arn:*', true],
    ['arn:*:*', true],
    ['arn:aws:*:*:*:*', true],
    ['arn:aws:*', true],
    ['arn:aws-cn:*:*:*:*', true],
    ['arn:aws-us-gov:*', true],
    [' arn:aws:* ', true],
    ['arn:aws', false],
    ['arn', false],
    ['arn:aws:s3:::*', false],
    ['arn:aws:iam::*:role/*', false],
    ['arn:aws:*:*:111122223333:*', false],
    ['arn:aws:s3:*', false],
    ['arn:aws:s3*', false],
    ['arn:*:s3:::*', false],
    ['arn:aws9:*', false],
    ['arn:**', false],
    ['xarn:*', false],
    ['arn:*x', false],
    ['*x', false],
    ['x*', false],
    ['', false],
  ])('%j → %s', (pattern, expected) => {
    expect(isAllResourcesPattern(pattern)).toBe(expected);
  });
});

describe('statement action elements', () => {
  const action: PolicyStatement = { Effect: 'Allow', Action: ['iam:Attach*', 's3:GetObject'], Resource: ['*'] };
  const notAction: PolicyStatement = { Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] };
  const neither: PolicyStatement = { Effect: 'Allow', Resource: ['*'] };

  it.each([
    [action, 'iam:AttachUserPolicy', true],
    [action, 's3:getobject', true],
    [action, 's3:PutObject', false],
    [notAction, 's3:PutObject', true],
    [notAction, 'iam:PassRole', false],
    [neither, 's3:PutObject', false],
  ])('%j includes %s → %s', (statement, name, expected) => {
    expect(statementMatchesAction(statement, name)).toBe(expected);
    expect(statementActionTest(statement)(name)).toBe(expected);
  });

  it.each([
    [{ Effect: 'Allow', Action: ['s3:GetObject', '*'] }, true],
    [{ Effect: 'Allow', Action: ['*:*'] }, true],
    [{ Effect: 'Allow', Action: ['s3:GetObject', 'iam:*'] }, false],
    [{ Effect: 'Allow', Action: [] }, false],
    [{ Effect: 'Allow', NotAction: [] }, true],
    [{ Effect: 'Allow', NotAction: ['iam:*'] }, false],
    [{ Effect: 'Allow' }, false],
  ] satisfies [PolicyStatement, boolean][])('covers all actions: %j → %s', (statement, expected) => {
    expect(statementCoversAllActions(statement)).toBe(expected);
  });
});

describe('statement resource elements', () => {
  it.each([
    [{ Effect: 'Allow', Resource: ['arn:aws:s3:::b'] }, true, false],
    [{ Effect: 'Allow', Resource: ['arn:aws:s3:::b', '*'] }, true, true],
    [{ Effect: 'Allow', Resource: ['arn:aws:*'] }, true, true],
    [{ Effect: 'Allow', Resource: [] }, false, false],
    [{ Effect: 'Allow', NotResource: ['arn:aws:s3:::secret'] }, true, true],
    [{ Effect: 'Allow', NotResource: ['arn:aws:s3:::secret', '*'] }, false, false],
    [{ Effect: 'Allow', NotResource: ['arn:*'] }, false, false],
    [{ Effect: 'Allow' }, true, true],
  ] satisfies [PolicyStatement, boolean, boolean][])(
    '%j: applies to some %s, covers all %s',
    (statement, some, all) => {
      expect(statementAppliesToAnyResource(statement)).toBe(some);
      expect(statementCoversAllResources(statement)).toBe(all);
    },
  );
});

describe('conditions and sweeping Deny', () => {
  it.each([
    [{ Effect: 'Deny', Action: ['*'], Resource: ['*'] }, false, true],
    [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: {} }, false, true],
    [
      {
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['false'] } },
      },
      true,
      false,
    ],
    [{ Effect: 'Deny', Action: ['*'], Resource: ['arn:aws:s3:::b'] }, false, false],
    [{ Effect: 'Deny', Action: ['*'], NotResource: ['arn:aws:s3:::b'] }, false, true],
    [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }, false, false],
  ] satisfies [PolicyStatement, boolean, boolean][])(
    '%j: conditions %s, sweeping Deny %s',
    (statement, conditioned, sweeping) => {
      expect(hasConditions(statement)).toBe(conditioned);
      expect(isSweepingDeny(statement)).toBe(sweeping);
    },
  );
});

describe('document questions, on parsed and on hand-built documents', () => {
  const statements = [
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
    { Effect: 'Allow', Action: ['iam:*', 's3:GetObject'], Resource: '*' },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: [] },
    {
      Effect: 'Deny',
      Action: 'iam:CreateUser',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: 'arn:aws:iam::111122223333:user/alice' },
    { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' },
    { Effect: 'Deny', NotAction: ['s3:*', 'iam:*'], Resource: '*' },
  ];
  const handBuilt: PolicyDocument = {
    Statement: [
      { Effect: 'Deny', Action: ['iam:PassRole'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['iam:*', 's3:GetObject'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [] },
      {
        Effect: 'Deny',
        Action: ['iam:CreateUser'],
        Resource: ['*'],
        Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
      },
      { Effect: 'Deny', Action: ['iam:DeleteUser'], Resource: ['arn:aws:iam::111122223333:user/alice'] },
      { Effect: 'Allow', NotAction: ['iam:*'], Resource: ['arn:aws:s3:::b'] },
      { Effect: 'Deny', NotAction: ['s3:*', 'iam:*'], Resource: ['*'] },
    ],
  };

  it.each([
    ['parsed', parsed(statements)],
    ['hand-built', handBuilt],
  ])(
    '%s: Allow statements granting an action, and Deny only when it covers everything unconditionally',
    (_kind, doc) => {
      // Asked twice: the second answer comes from the statement groups kept with the document.
      for (let round = 0; round < 2; round += 1) {
        expect(allowingStatements(doc, 'iam:PassRole')).toEqual([1]);
        expect(allowingStatements(doc, 's3:GetObject')).toEqual([1, 5]);
        expect(allowingStatements(doc, 's3:PutObject')).toEqual([5]);
        expect(allowingStatements(doc, 'ec2:RunInstances')).toEqual([5]);
        expect(isDeniedEverywhere(doc, 'iam:PassRole')).toBe(true);
        expect(isDeniedEverywhere(doc, 'ec2:RunInstances')).toBe(true);
        expect(isDeniedEverywhere(doc, 'iam:CreateUser')).toBe(false);
        expect(isDeniedEverywhere(doc, 'iam:DeleteUser')).toBe(false);
        expect(isDeniedEverywhere(doc, 's3:GetObject')).toBe(false);
        expect(documentAllowsAction(doc, 'iam:PassRole')).toBe(false);
        expect(documentAllowsAction(doc, 'iam:CreateUser')).toBe(true);
        expect(documentAllowsAction(doc, 'iam:DeleteUser')).toBe(true);
        expect(documentAllowsAction(doc, 's3:GetObject')).toBe(true);
        expect(documentAllowsAction(doc, 'ec2:RunInstances')).toBe(false);
        expect(documentAllowsAction(doc, 'sts:AssumeRole')).toBe(false);
      }
    },
  );

  it('an empty document allows and denies nothing', () => {
    const doc = parsed([]);
    expect(allowingStatements(doc, 'iam:PassRole')).toEqual([]);
    expect(isDeniedEverywhere(doc, 'iam:PassRole')).toBe(false);
    expect(documentAllowsAction(doc, 'iam:PassRole')).toBe(false);
  });
});
