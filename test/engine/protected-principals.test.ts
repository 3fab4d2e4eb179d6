import { describe, expect, it } from 'vitest';
import type { RemediationStep } from '../../shared/model/action-kinds.js';
import { remediationStep as step } from '../helpers/remediation-step.js';
import {
  matchesAnyArnPattern,
  principalOfStep,
  protectedReason,
  type StepPrincipal,
} from '../../shared/engine/protected-principals.js';
import { defaultConfig, validateConfig } from '../../shared/settings/load-config.js';
import type { WardenConfigInput } from '../../shared/settings/warden-config.js';

const ACCOUNT = '123456789012';
const HUB = '111111111111';
const config = (input: WardenConfigInput) => validateConfig(input, []);

describe('principalOfStep', () => {
  it('names the role restore-trust-policy changes, so Warden’s own and break-glass roles stay protected', () => {
    const restore = step(
      'restore-trust-policy',
      { roleName: 'WardenRemediation', previousDocument: '{}', newDocument: '{}' },
      'approve',
      'Put the previous trust policy back',
      '123456789012',
    );
    expect(principalOfStep(restore, '123456789012')).toEqual({
      kind: 'role',
      name: 'WardenRemediation',
      arn: 'arn:aws:iam::123456789012:role/WardenRemediation',
      account: '123456789012',
    });
  });

  const steps: [string, RemediationStep, StepPrincipal['kind'], string][] = [
    [
      'disable-access-key',
      step('disable-access-key', { userName: 'u1', accessKeyId: 'AKIA1' }, 'auto', 'd'),
      'user',
      'u1',
    ],
    ['quarantine-user', step('quarantine-user', { userName: 'u2' }, 'auto', 'd'), 'user', 'u2'],
    [
      'remove-user-from-group',
      step('remove-user-from-group', { userName: 'u3', groupName: 'admins' }, 'auto', 'd'),
      'user',
      'u3',
    ],
    ['quarantine-role', step('quarantine-role', { roleName: 'r1' }, 'auto', 'd'), 'role', 'r1'],
    [
      'detach-policy',
      step('detach-policy', { principalKind: 'group', principalName: 'g1', policyArn: 'arn:x' }, 'auto', 'd'),
      'group',
      'g1',
    ],
    [
      'delete-inline-policy',
      step('delete-inline-policy', { principalKind: 'role', principalName: 'r2', policyName: 'p' }, 'auto', 'd'),
      'role',
      'r2',
    ],
    [
      'restore-permissions-boundary',
      step('restore-permissions-boundary', { principalKind: 'user', principalName: 'u4' }, 'auto', 'd'),
      'user',
      'u4',
    ],
  ];

  it.each(steps)('names the principal %s changes, in the given partition', (_kind, planned, kind, name) => {
    expect(principalOfStep(planned, ACCOUNT, 'aws-cn')).toEqual({
      kind,
      name,
      arn: `arn:aws-cn:iam::${ACCOUNT}:${kind}/${name}`,
      account: ACCOUNT,
    });
  });

  it('uses a wildcard account when the step’s account is not known', () => {
    const planned = step('quarantine-user', { userName: 'u2' }, 'auto', 'd');
    expect(principalOfStep(planned, undefined)).toStrictEqual({
      kind: 'user',
      name: 'u2',
      arn: 'arn:aws:iam::*:user/u2',
    });
  });

  it('names no principal for steps that change none', () => {
    expect(principalOfStep(step('start-logging', { trailName: 't' }, 'auto', 'd'), ACCOUNT)).toBeUndefined();
    expect(principalOfStep(step('restore-password-policy', {}, 'auto', 'd'), ACCOUNT)).toBeUndefined();
    expect(
      principalOfStep(
        step('revert-default-policy-version', { policyArn: 'arn:p', newVersionId: 'v2' }, 'auto', 'd'),
        ACCOUNT,
      ),
    ).toBeUndefined();
  });
});

describe('matchesAnyArnPattern', () => {
  it('matches ARN patterns exactly, case-sensitively, and never an unknown ARN', () => {
    expect(
      matchesAnyArnPattern('arn:aws:iam::1:user/bob', ['arn:aws:iam::*:user/alice', 'arn:aws:iam::*:user/b*']),
    ).toBe(true);
    expect(matchesAnyArnPattern('arn:aws:iam::1:user/Bob', ['arn:aws:iam::*:user/b*'])).toBe(false);
    expect(matchesAnyArnPattern('arn:aws:iam::1:user/bob', [])).toBe(false);
    expect(matchesAnyArnPattern(undefined, ['*'])).toBe(false);
    expect(matchesAnyArnPattern('', ['*'])).toBe(false);
  });
});

describe('protectedReason', () => {
  const role = (name: string, account: string | undefined = ACCOUNT): StepPrincipal => ({
    kind: 'role',
    name,
    arn: `arn:aws:iam::${account ?? '*'}:role/${name}`,
    ...(account ? { account } : {}),
  });
  const user = (name: string): StepPrincipal => ({
    kind: 'user',
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    account: ACCOUNT,
  });

  it('leaves service-linked roles alone, in any case, but only roles and only by prefix', () => {
    expect(protectedReason(role('AWSServiceRoleForECS'), defaultConfig())).toBe(
      'AWSServiceRoleForECS is a service-linked role; Warden never changes those',
    );
    expect(protectedReason(role('awsservicerolefororganizations'), defaultConfig())).toBe(
      'awsservicerolefororganizations is a service-linked role; Warden never changes those',
    );
    expect(protectedReason(role('my-AWSServiceRoleForECS'), defaultConfig())).toBeUndefined();
    expect(protectedReason(user('AWSServiceRoleForECS'), defaultConfig())).toBeUndefined();
  });

  it('leaves Warden’s own roles alone by exact name, and only roles', () => {
    const hub = config({ hub: { accountId: HUB, stage: 'prod' } });
    expect(protectedReason(role('warden-prod-execute', HUB), hub)).toBe(
      "warden-prod-execute is one of Warden's own roles",
    );
    expect(protectedReason(role('warden-prod-execute', ACCOUNT), hub)).toBeUndefined();
    expect(protectedReason(role('warden-backdoor', HUB), hub)).toBeUndefined();
    expect(protectedReason(role('WardenRemediation'), defaultConfig())).toBe(
      "WardenRemediation is Warden's member-account role",
    );
    expect(protectedReason(user('WardenRemediation'), defaultConfig())).toBeUndefined();
  });

  it('leaves break-glass principals alone by ARN pattern', () => {
    const glass = config({ breakGlass: ['arn:aws:iam::*:user/break-glass-*', 'arn:aws:iam::*:role/Emergency'] });
    expect(protectedReason(user('break-glass-1'), glass)).toBe(
      'break-glass-1 is a break-glass principal; Warden never touches it',
    );
    expect(protectedReason(role('Emergency'), glass)).toBe(
      'Emergency is a break-glass principal; Warden never touches it',
    );
    expect(protectedReason(user('alice'), glass)).toBeUndefined();
    expect(protectedReason(role('emergency'), glass)).toBeUndefined();
  });
});
