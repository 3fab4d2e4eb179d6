import { describe, expect, it } from 'vitest';
import { MAX_DIFF_LINES, diffPolicies } from '../../shared/policy/policy-diff.js';
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
