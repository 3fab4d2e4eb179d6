import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActionCatalog } from '../../shared/policy/action-catalog.js';
import { actionListMatcher } from '../../shared/policy/statement-action-matcher.js';
import { wildcardMatch } from '../../shared/policy/wildcard-match.js';

describe('actionListMatcher gives the answer of wildcardMatch over every trimmed pattern', () => {
  const cases: [string[], string, boolean][] = [
    [['*'], 'iam:PassRole', true],
    [['**'], 'anything', true],
    [[' * '], 'iam:PassRole', true],
    [[''], 'iam:PassRole', false],
    [[], 'iam:PassRole', false],
    [['IAM:passrole'], 'iam:PassRole', true],
    [[' iam:PassRole '], 'iam:PassRole', true],
    [['iam:PassRole'], 'iam:PassRoles', false],
    [['iam:PassRole', 's3:Get*'], 'IAM:PASSROLE', true],
    [['iam:PassRole', 's3:Get*'], 's3:GetObject', true],
    [['iam:PassRole', 's3:Get*'], 's3:PutObject', false],
    [['s3:Get*', 'iam:Attach*'], 'iam:AttachUserPolicy', true],
    [['s3:Get*', 'iam:Attach*'], 'iam:DetachUserPolicy', false],
    [['iam:Attach*'], 'IAM:attachuserpolicy', true],
    [['s3:Get*', 'iam:Attach*'], 'IAM:attachuserpolicy', true],
    [['s3:Get*', 'iam:Attach*'], 'IAM:detachuserpolicy', false],
    [['s3:GetObject', '*'], 'iam:PassRole', true],
    [['iam*'], 'IAM:PassRole', true],
    [['iam:Attach*'], 'iam:AttachBrandNewThing', true],
    [['iam:Attach*'], 'newservice:AttachThing', false],
    [[' iam:Attach* '], 'iam:AttachUserPolicy', true],
    [['iam*'], 'iam:PassRole', true],
    [['iam*'], 's3:GetObject', false],
    [['iam*', 's3:GetObject'], 's3:getobject', true],
    // Any one of several non-service wildcards is enough.
    [['iam*', 's3*'], 's3:GetObject', true],
    [['*:Get*'], 's3:GetObject', true],
    [['*:Get*'], 's3:PutObject', false],
    [[':Get*'], 'iam:GetUser', false],
    [['i*:'], 'iam:PassRole', false],
    [['*:'], 'iam:PassRole', false],
    [['iam:Put?serPolicy'], 'iam:PutUserPolicy', true],
  ];

  it.each(cases)('%j includes %s → %s', (patterns, action, expected) => {
    expect(actionListMatcher(patterns)(action)).toBe(expected);
    const reference = patterns.some((pattern) => wildcardMatch(pattern.trim(), action, { ignoreCase: true }));
    expect(reference).toBe(expected);
  });

  it('answers many actions with one prepared matcher', () => {
    const matches = actionListMatcher(['iam:Attach*', 'iam:Put*Policy', 'sts:AssumeRole']);
    const asked = [
      'iam:AttachRolePolicy',
      'iam:PutRolePolicy',
      'iam:PassRole',
      'sts:AssumeRole',
      'iam:AttachUserPolicy',
    ];
    expect(asked.filter(matches)).toEqual([
      'iam:AttachRolePolicy',
      'iam:PutRolePolicy',
      'sts:AssumeRole',
      'iam:AttachUserPolicy',
    ]);
  });

  it('answers from the catalogue it was made over', () => {
    // Expands the pattern with the installed catalogue.
    expect(actionListMatcher(['iam:Attach*'])('iam:AttachUserPolicy')).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-data-'));
    mkdirSync(path.join(dir, 'actions'));
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['iam']));
    writeFileSync(
      path.join(dir, 'actions', 'iam.json'),
      JSON.stringify({
        attachnewthing: { name: 'AttachNewThing', accessLevel: 'Write', resourceTypes: [] },
        detachnewthing: { name: 'DetachNewThing', accessLevel: 'Write', resourceTypes: [] },
      }),
    );
    const matches = actionListMatcher(['iam:Attach*'], createActionCatalog({ dataDir: dir }));
    // A catalogue action there, tested by membership: an expansion of the installed catalogue would miss it.
    expect(matches('iam:AttachNewThing')).toBe(true);
    expect(matches('iam:DetachNewThing')).toBe(false);
  });
});
