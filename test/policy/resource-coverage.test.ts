import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ResourceCoverage from '../../shared/policy/resource-coverage.js';

let coverage: typeof ResourceCoverage;
// A fresh module for each test: its coverage and format caches live as long as
// the module, so a result computed earlier (by another test or run) would
// otherwise answer instead of the code under test.
beforeEach(async () => {
  vi.resetModules();
  coverage = await import('../../shared/policy/resource-coverage.js');
});
const coveredResourceTypes = (pattern: string, service: string) => coverage.coveredResourceTypes(pattern, service);
const isOwnUserPattern = (pattern: string) => coverage.isOwnUserPattern(pattern);

describe('coveredResourceTypes', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/app-*', 'iam', ['role']],
    ['arn:aws:iam::123456789012:role/app-*', 'sts', ['role']],
    ['arn:aws:s3:::uploads/*', 'iam', []],
    ['arn:aws:ec2:*:*:instance/*', 'ec2', ['instance']],
    ['arn:aws:iam::123456789012:ROLE/app', 'iam', []],
    [' arn:aws:iam::123456789012:role/app ', 'iam', ['role']],
    ['arn:aws:iam::123456789012:role/app', 'IAM', ['role']],
    ['arn:aws:iam::123456789012:role/app', 'no-such-service', []],
    // `?` is exactly one character, a colon included; never none.
    ['arn:aws:iam::123456789012:rol?/app', 'iam', ['role']],
    ['arn:aws:iam::123456789012?role/app', 'iam', ['role']],
    ['arn:aws:iam::123456789012:role?', 'iam', ['role']],
    ['arn:aws:iam::123456789012:role/?', 'iam', ['role']],
    ['arn:aws:iam::123456789012:?role/app', 'iam', []],
    ['arn:aws:iam::123456789012:rolex?', 'iam', []],
    // A name in an ARN format holds no colon; the format spells the ones it has.
    ['arn:aws:iam::123456789012:role/a:b', 'iam', []],
    ['arn:aws:iam::aws:role-template/ecs.amazonaws.com/t:1', 'iam', ['role-template']],
    ['arn:aws:iam::*:role-template/*', 'iam', ['role-template']],
    // IAM's `*` spans colons: the account `*` reaches a role-template ARN whose version holds `role/`.
    ['arn:aws:iam::*:role/*', 'iam', ['role', 'role-template']],
    ['arn:aws:iam::123456789012:r*e/app', 'iam', ['role']],
    ['arn:aws:iam::123456789012:r**e/app', 'iam', ['role']],
    // `${*}`, `${?}`, `${$}` are the characters themselves; any other `${…}` is any text.
    ['arn:aws:iam::123456789012:${*}', 'iam', []],
    ['arn:aws:iam::123456789012:${?}ole/app', 'iam', []],
    ['arn:aws:iam::123456789012:${$}role/app', 'iam', []],
    ['arn:aws:iam::123456789012:role/${$}${?}${*}', 'iam', ['role']],
    ['arn:aws:iam::123456789012:$role/app}', 'iam', []],
    ['arn:aws:iam::123456789012:role/${app', 'iam', ['role']],
    // Control characters are characters, never one of the matcher's run or `?` tokens.
    ['arn:aws:iam::123456789012:\u0001', 'iam', []],
    ['arn:aws:iam::123456789012:\u0002', 'iam', []],
    ['arn:aws:iam::123456789012:role\u0003app', 'iam', []],
    [
      'arn:aws:iam::123456789012:${aws:username}',
      'iam',
      [
        'access-report',
        'assumed-role',
        'delegation-request',
        'federated-user',
        'group',
        'instance-profile',
        'mfa',
        'oidc-provider',
        'policy',
        'role',
        'saml-provider',
        'server-certificate',
        'sms-mfa',
        'user',
      ],
    ],
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
    [' arn:aws:iam::*:user/${AWS:UserName} ', true],
    ['arn:aws:iam::*:user${aws:username}', false],
    ['${aws:username}', false],
  ])('%s → %s', (pattern, expected) => {
    expect(isOwnUserPattern(pattern)).toBe(expected);
  });
});
