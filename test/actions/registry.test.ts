import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { type ActionKind, type ActionParams, MODES } from '../../shared/model/action-kinds.js';
import { defineActionSpec, type ActionTarget } from '../../shared/actions/action.js';
import {
  ACTION_KINDS,
  ACTION_REGISTRY,
  ACTION_SPECS,
  actionFor,
  allActionPermissions,
  isActionKind,
  permissionsOf,
  specFor,
} from '../../shared/actions/registry.js';
import { inMode, step } from '../../shared/actions/step.js';
import { NAME, PRINCIPAL_KIND, policyNameOf } from '../../shared/actions/action-params.js';
import { DEFAULT_PASSWORD_BASELINE } from '../../shared/model/detection-settings.js';
import { WardenConfigSchema } from '../../shared/settings/warden-config.js';

/** One realistic parameter set per kind, a word its description must mention, and the principal it changes. */
const SAMPLES: {
  readonly [K in ActionKind]: { params: ActionParams[K]; mentions: string; target: ActionTarget | null };
} = {
  'disable-access-key': {
    params: { userName: 'alice', accessKeyId: 'AKIAEXAMPLE1234567' },
    mentions: 'AKIAEXAMPLE1234567',
    target: { kind: 'user', name: 'alice' },
  },
  'detach-policy': {
    params: { principalKind: 'user', principalName: 'alice', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    mentions: 'AdministratorAccess',
    target: { kind: 'user', name: 'alice' },
  },
  'delete-inline-policy': {
    params: { principalKind: 'role', principalName: 'app', policyName: 'everything' },
    mentions: 'everything',
    target: { kind: 'role', name: 'app' },
  },
  'revert-default-policy-version': {
    params: { policyArn: 'arn:aws:iam::123456789012:policy/deploy', newVersionId: 'v3', previousVersionId: 'v2' },
    mentions: 'deploy',
    target: null,
  },
  'remove-user-from-group': {
    params: { userName: 'alice', groupName: 'admins' },
    mentions: 'admins',
    target: { kind: 'user', name: 'alice' },
  },
  'restore-password-policy': {
    params: { baseline: DEFAULT_PASSWORD_BASELINE },
    mentions: 'password policy',
    target: null,
  },
  'restore-permissions-boundary': {
    params: { principalKind: 'role', principalName: 'app' },
    mentions: 'app',
    target: { kind: 'role', name: 'app' },
  },
  'restore-trust-policy': {
    params: { roleName: 'vendor-access', previousDocument: '{}', newDocument: '{}' },
    mentions: 'vendor-access',
    target: { kind: 'role', name: 'vendor-access' },
  },
  'start-logging': {
    params: { trailName: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main' },
    mentions: 'main',
    target: null,
  },
  'quarantine-user': {
    params: { userName: 'mallory' },
    mentions: 'mallory',
    target: { kind: 'user', name: 'mallory' },
  },
  'quarantine-role': { params: { roleName: 'app' }, mentions: 'app', target: { kind: 'role', name: 'app' } },
};

describe('action registry', () => {
  it('has exactly one spec and one action per kind, registered under its own kind, the action carrying its spec', () => {
    expect(Object.keys(ACTION_REGISTRY).sort()).toEqual([...ACTION_KINDS].sort());
    expect(Object.keys(ACTION_SPECS)).toEqual([...ACTION_KINDS]);
    expect([...ACTION_KINDS].sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const kind of ACTION_KINDS) {
      expect(ACTION_REGISTRY[kind].kind).toBe(kind);
      expect(ACTION_SPECS[kind].kind).toBe(kind);
      expect(actionFor(kind)).toBe(ACTION_REGISTRY[kind]);
      expect(specFor(kind)).toBe(ACTION_SPECS[kind]);
      const spec = specFor(kind);
      const action = actionFor(kind);
      expect(action.permissions).toBe(spec.permissions);
      expect(action.params).toBe(spec.params);
      expect(action.target).toBe(spec.target);
      expect(action.describe).toBe(spec.describe);
      expect(permissionsOf(kind)).toBe(spec.permissions);
      expect(isActionKind(kind)).toBe(true);
    }
    for (const other of ['', 'Detach-policy', 'toString', '__proto__', 42, undefined])
      expect(isActionKind(other)).toBe(false);
    // Only a string: a value that merely converts to a kind's name (as a property key would) is none.
    expect(isActionKind(['start-logging'])).toBe(false);
    expect(isActionKind({ toString: () => 'detach-policy' })).toBe(false);
  });

  it.each(ACTION_KINDS)('%s names the principal it changes (null for account- and trail-level changes)', (kind) => {
    const { params, target } = SAMPLES[kind];
    expect((specFor(kind).target as (p: typeof params) => ActionTarget | null)(params)).toEqual(target);
  });

  it.each(ACTION_KINDS)('%s accepts its sample parameters and refuses a damaged record', (kind) => {
    const { params } = SAMPLES[kind];
    const schema = specFor(kind).params;
    expect(v.safeParse(schema, params)).toMatchObject({ success: true, output: params });
    const [first] = Object.keys(params);
    if (first) {
      expect(v.safeParse(schema, { ...params, [first]: 42 }).success).toBe(false);
      const { [first]: _dropped, ...without } = params as Record<string, unknown>;
      // Every sample leads with a required parameter except the baseline of restore-password-policy.
      expect(v.safeParse(schema, without).success).toBe(kind === 'restore-password-policy');
    }
    expect(v.safeParse(schema, null).success).toBe(false);
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

  it('a spec that does not name its target does not compile (so no kind can skip the principal guards)', () => {
    const spec = defineActionSpec(
      // @ts-expect-error -- `target` is required: typecheck fails here if it ever becomes optional
      {
        kind: 'start-logging',
        params: specFor('start-logging').params,
        describe: () => 'start',
        permissions: ['cloudtrail:StartLogging'],
      },
    );
    expect('target' in spec).toBe(false);
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
  it("step() keeps kind and parameters and takes the words from the kind's describe", () => {
    const params = { userName: 'alice', groupName: 'admins' };
    expect(step('remove-user-from-group', params)).toEqual({
      kind: 'remove-user-from-group',
      params,
      description: 'Remove user alice from group admins',
    });
    expect(step('quarantine-user', { userName: 'bob', until: 'MFA is back' }).description).toBe(
      'Quarantine user bob (deny all, deactivate their access keys) until MFA is back',
    );
  });

  it('inMode() gives every planned step the mode and the account, keeping kind, parameters and words', () => {
    const planned = [step('start-logging', { trailName: 'main' }), step('quarantine-role', { roleName: 'app' })];
    expect(inMode(planned, 'auto', '123456789012')).toEqual([
      {
        kind: 'start-logging',
        params: { trailName: 'main' },
        defaultMode: 'auto',
        description: 'Start logging on trail main again',
        account: '123456789012',
      },
      {
        kind: 'quarantine-role',
        params: { roleName: 'app' },
        defaultMode: 'auto',
        description: 'Quarantine role app: deny all its permissions and revoke sessions issued before now',
        account: '123456789012',
      },
    ]);
    expect(inMode(planned, 'approve', undefined).map((s) => [s.defaultMode, s.account])).toEqual([
      ['approve', undefined],
      ['approve', undefined],
    ]);
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

describe('shared parameter pieces', () => {
  it('NAME takes any non-empty text and refuses an empty one', () => {
    expect(v.safeParse(NAME, 'alice').success).toBe(true);
    expect(v.safeParse(NAME, '').success).toBe(false);
  });

  it('PRINCIPAL_KIND takes user, group and role, and nothing else', () => {
    for (const kind of ['user', 'group', 'role'])
      expect(v.safeParse(PRINCIPAL_KIND, kind)).toMatchObject({ output: kind });
    for (const other of ['', 'users', 'Role', 'policy']) expect(v.safeParse(PRINCIPAL_KIND, other).success).toBe(false);
  });

  it('policyNameOf takes the last part of a policy ARN, path or not, and leaves other text whole', () => {
    expect(policyNameOf('arn:aws:iam::aws:policy/AdministratorAccess')).toBe('AdministratorAccess');
    expect(policyNameOf('arn:aws:iam::123456789012:policy/team/Deploy')).toBe('Deploy');
    expect(policyNameOf('Deploy')).toBe('Deploy');
    // Nothing after the last slash: the whole value rather than an empty name.
    expect(policyNameOf('arn:aws:iam::123456789012:policy/')).toBe('arn:aws:iam::123456789012:policy/');
  });
});
