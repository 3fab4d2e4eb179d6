import { describe, expect, it } from 'vitest';
import { ACTION_KINDS, type ActionKind, type ActionParams } from '../../shared/actions/action-kinds.js';
import { ACTION_REGISTRY, actionFor, allActionPermissions } from '../../shared/actions/registry.js';
import { DEFAULT_PASSWORD_BASELINE } from '../../shared/rules/support/detection-settings.js';

/** One realistic parameter set per kind, and a word its description must mention. */
const SAMPLES: { readonly [K in ActionKind]: { params: ActionParams[K]; mentions: string } } = {
  'disable-access-key': {
    params: { userName: 'alice', accessKeyId: 'AKIAEXAMPLE1234567' },
    mentions: 'AKIAEXAMPLE1234567',
  },
  'detach-policy': {
    params: { principalKind: 'user', principalName: 'alice', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    mentions: 'AdministratorAccess',
  },
  'delete-inline-policy': {
    params: { principalKind: 'role', principalName: 'app', policyName: 'everything' },
    mentions: 'everything',
  },
  'revert-default-policy-version': {
    params: { policyArn: 'arn:aws:iam::123456789012:policy/deploy', newVersionId: 'v3', previousVersionId: 'v2' },
    mentions: 'deploy',
  },
  'remove-user-from-group': { params: { userName: 'alice', groupName: 'admins' }, mentions: 'admins' },
  'restore-password-policy': { params: { baseline: DEFAULT_PASSWORD_BASELINE }, mentions: 'password policy' },
  'restore-permissions-boundary': { params: { principalKind: 'role', principalName: 'app' }, mentions: 'app' },
  'restore-trust-policy': {
    params: { roleName: 'vendor-access', previousDocument: '{}', newDocument: '{}' },
    mentions: 'vendor-access',
  },
  'start-logging': { params: { trailName: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main' }, mentions: 'main' },
  'quarantine-user': { params: { userName: 'mallory' }, mentions: 'mallory' },
  'quarantine-role': { params: { roleName: 'app' }, mentions: 'app' },
};

describe('action registry', () => {
  it('has exactly one action per kind, registered under its own kind', () => {
    expect(Object.keys(ACTION_REGISTRY).sort()).toEqual([...ACTION_KINDS].sort());
    for (const kind of ACTION_KINDS) {
      expect(ACTION_REGISTRY[kind].kind).toBe(kind);
      expect(actionFor(kind)).toBe(ACTION_REGISTRY[kind]);
    }
  });

  it.each(ACTION_KINDS)('%s declares specific service:Action permissions, no wildcards, no duplicates', (kind) => {
    const { permissions } = actionFor(kind);
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(permission).toMatch(/^(iam|cloudtrail):[A-Z][A-Za-z]+$/);
      expect(permission).not.toContain('*');
    }
    expect(new Set(permissions).size).toBe(permissions.length);
  });

  it.each(ACTION_KINDS)('%s describes a sample step in plain words', (kind) => {
    const { params, mentions } = SAMPLES[kind];
    const description = (actionFor(kind).describe as (p: typeof params) => string)(params);
    expect(description).toContain(mentions);
    expect(description.length).toBeLessThan(200);
  });

  it('unions every permission once, sorted', () => {
    const all = allActionPermissions();
    expect(all).toEqual([...new Set(ACTION_KINDS.flatMap((kind) => actionFor(kind).permissions))].sort());
    expect(all).toContain('iam:UpdateAccessKey');
    expect(all).toContain('cloudtrail:StartLogging');
    expect(all).toContain('cloudtrail:LookupEvents');
  });
});
