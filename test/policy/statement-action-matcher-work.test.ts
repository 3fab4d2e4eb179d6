import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Wildcard from '../../shared/policy/wildcard-match.js';
import { installedActionCatalog, type ActionCatalog } from '../../shared/policy/action-catalog.js';
import { actionListMatcher } from '../../shared/policy/statement-action-matcher.js';
import { wildcardMatch } from '../../shared/policy/wildcard-match.js';

// The matcher's answers equal a wildcard match over every pattern (see
// statement-action-matcher.test.ts); what it promises beyond that is the work
// it saves when a statement is asked about many actions. The matchers here
// read a catalogue that counts the calls and hands them to the installed one,
// so the answers stay the catalogue's.
vi.mock('../../shared/policy/wildcard-match.js', async (importOriginal) => {
  const real = await importOriginal<typeof Wildcard>();
  return { ...real, wildcardMatch: vi.fn(real.wildcardMatch) };
});

const expandedActionSet = vi.fn(installedActionCatalog.expandedActionSet);
const isCatalogAction = vi.fn(installedActionCatalog.isCatalogAction);
const counting: ActionCatalog = { ...installedActionCatalog, expandedActionSet, isCatalogAction };

const work = () => ({
  wildcardMatches: vi.mocked(wildcardMatch).mock.calls.length,
  catalogLookups: isCatalogAction.mock.calls.length,
  expansions: expandedActionSet.mock.calls.map(([pattern]) => pattern),
});
const NO_WORK = { wildcardMatches: 0, catalogLookups: 0, expansions: [] };

beforeEach(() => vi.clearAllMocks());

describe('actionListMatcher does only the work its patterns need', () => {
  it.each([[['*']], [['**']], [[' * ', 'iam:PassRole']], [['s3:Get*', '***']]])(
    'an all-* list %j includes every action without matching anything',
    (patterns) => {
      const matches = actionListMatcher(patterns, counting);
      expect(['iam:PassRole', 'newservice:Thing', ''].map(matches)).toEqual([true, true, true]);
      expect(work()).toEqual(NO_WORK);
    },
  );

  it('a list of literals is a set lookup: no wildcard match, no catalogue', () => {
    const matches = actionListMatcher(['iam:PassRole', ' s3:GetObject '], counting);
    const asked = ['IAM:passrole', 's3:getobject', 'iam:CreateUser', 'newservice:Thing'];
    expect(asked.map(matches)).toEqual([true, true, false, false]);
    expect(work()).toEqual(NO_WORK);
  });

  it('wildcards without a service:name shape are wildcard-matched and never expanded', () => {
    // `iam*` has no colon, `:Get*` an empty service, `i*:` an empty name.
    const matches = actionListMatcher(['iam*', ':Get*', 'i*:'], counting);
    expect(['iam:PassRole', 's3:GetObject', ':GetThing'].map(matches)).toEqual([true, false, true]);
    expect(work()).toMatchObject({ catalogLookups: 0, expansions: [] });
    expect(work().wildcardMatches).toBeGreaterThan(0);
  });

  it('expands each service:name wildcard once, then answers catalogue actions by membership', () => {
    const matches = actionListMatcher(['iam:Attach*', 's3:Get*'], counting);
    expect(matches('iam:AttachUserPolicy')).toBe(true);
    expect(work().expansions).toEqual(['iam:Attach*', 's3:Get*']);

    vi.clearAllMocks();
    const asked = ['iam:AttachRolePolicy', 's3:GetObject', 'iam:PassRole', 's3:PutObject'];
    expect(asked.map(matches)).toEqual([true, true, false, false]);
    expect(work()).toEqual({ wildcardMatches: 0, catalogLookups: asked.length, expansions: [] });
  });

  it('falls back to the wildcard match only for an action the catalogue does not spell so', () => {
    const matches = actionListMatcher(['iam:Attach*'], counting);
    expect(matches('iam:attachuserpolicy')).toBe(true);
    expect(matches('iam:AttachBrandNewThing')).toBe(true);
    expect(work()).toMatchObject({ catalogLookups: 2, expansions: [] });
    expect(vi.mocked(wildcardMatch).mock.calls).toEqual([
      ['iam:Attach*', 'iam:attachuserpolicy', { ignoreCase: true }],
      ['iam:Attach*', 'iam:AttachBrandNewThing', { ignoreCase: true }],
    ]);
  });
});
