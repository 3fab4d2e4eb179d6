import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ACTION_KINDS, type ActionKind, type ActionParams, MODES, step } from '../../shared/model/action-kinds.js';
import { ACTION_REGISTRY, actionFor, allActionPermissions } from '../../shared/actions/registry.js';
import { DEFAULT_PASSWORD_BASELINE } from '../../shared/model/detection-settings.js';
import { WardenConfigSchema } from '../../shared/settings/warden-config.js';

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

describe('the remediation vocabulary', () => {
  it('step() keeps kind, parameters, mode, description and account as given', () => {
    const params = { userName: 'alice', groupName: 'admins' };
    expect(
      step('remove-user-from-group', params, 'approve', 'Remove user alice from group admins', '123456789012'),
    ).toEqual({
      kind: 'remove-user-from-group',
      params,
      defaultMode: 'approve',
      description: 'Remove user alice from group admins',
      account: '123456789012',
    });
    expect(step('start-logging', { trailName: 'main' }, 'auto', 'Start logging')).toEqual({
      kind: 'start-logging',
      params: { trailName: 'main' },
      defaultMode: 'auto',
      description: 'Start logging',
      account: undefined,
    });
  });

  it('the configuration accepts exactly the four modes, for a rule and in its { mode } form', () => {
    const accepts = (setting: unknown) =>
      v.safeParse(WardenConfigSchema, { rules: { 'iam.admin-policy-attached': setting } }).success;
    for (const mode of ['off', 'alert', 'approve', 'auto']) {
      expect(accepts(mode)).toBe(true);
      expect(accepts({ mode })).toBe(true);
    }
    for (const mode of ['', 'on', 'Auto', 'approval']) {
      expect(accepts(mode)).toBe(false);
      expect(accepts({ mode })).toBe(false);
    }
    expect(MODES).toHaveLength(4);
  });
});
