import { describe, expect, it } from 'vitest';
import { coveredResourceTypes, isOwnUserPattern } from '../../shared/policy/resource-coverage.js';

describe('coveredResourceTypes', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/app-*', 'iam', ['role']],
    ['arn:aws:iam::123456789012:role/app-*', 'sts', ['role']],
    ['arn:aws:s3:::uploads/*', 'iam', []],
    ['arn:aws:ec2:*:*:instance/*', 'ec2', ['instance']],
    ['arn:aws:iam::123456789012:ROLE/app', 'iam', []],
  ])('%s in %s', (pattern, service, expected) => {
    expect([...coveredResourceTypes(pattern, service)].sort()).toEqual(expected);
  });

  it('a policy variable is any text: the own-user pattern covers users, not roles or groups', () => {
    // (IAM's `*` spans `:`, so the account `*` can also reach the odd role-template ARN.)
    const covered = coveredResourceTypes('arn:aws:iam::*:user/${aws:username}', 'iam');
    expect(covered.has('user')).toBe(true);
    expect(covered.has('role')).toBe(false);
    expect(covered.has('group')).toBe(false);
  });

  it('a pattern for every IAM ARN covers every IAM type', () => {
    const covered = coveredResourceTypes('arn:aws:iam::*:*', 'iam');
    for (const type of ['role', 'user', 'group', 'policy', 'instance-profile']) expect(covered.has(type)).toBe(true);
  });
});

describe('isOwnUserPattern', () => {
  it.each([
    ['arn:aws:iam::*:user/${aws:username}', true],
    ['arn:aws:iam::123456789012:user/staff/${aws:username}', true],
    ['arn:aws:iam::*:user/*${aws:username}', false],
    ['arn:aws:iam::*:user/${aws:username}*', false],
    ['arn:aws:iam::*:user/*', false],
  ])('%s → %s', (pattern, expected) => {
    expect(isOwnUserPattern(pattern)).toBe(expected);
  });
});
