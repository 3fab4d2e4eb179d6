import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as WildcardMatch from '../../shared/policy/wildcard-match.js';

// "Compiled patterns are cached; the cache is bounded": the answers are the
// same either way (wildcard-match.test.ts), so these tests count the regular
// expressions the module builds. A fresh module per test starts with no cache.
class CountingRegExp extends RegExp {
  static built = 0;
  constructor(pattern: string | RegExp, flags?: string) {
    super(pattern, flags);
    CountingRegExp.built += 1;
  }
}

let wildcardMatch: typeof WildcardMatch.wildcardMatch;
let wildcardCovers: typeof WildcardMatch.wildcardCovers;
beforeEach(async () => {
  vi.resetModules();
  ({ wildcardMatch, wildcardCovers } = await import('../../shared/policy/wildcard-match.js'));
  CountingRegExp.built = 0;
  vi.stubGlobal('RegExp', CountingRegExp);
});
afterEach(() => vi.unstubAllGlobals());

const ARNS = { ignoreCase: false };
const ACTIONS = { ignoreCase: true };

describe('wildcardMatch compiles a pattern once per mode', () => {
  it('reuses the compiled pattern for every value', () => {
    expect(['iam:GetUser', 'iam:PassRole', 'IAM:getrole'].map((v) => wildcardMatch('iam:Get*', v, ACTIONS))).toEqual([
      true,
      false,
      true,
    ]);
    expect(wildcardMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/k', ARNS)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::c/k', ARNS)).toBe(false);
    expect(CountingRegExp.built).toBe(2);
  });

  it('needs no compilation for "*" or a pattern without wildcards', () => {
    expect(wildcardMatch('*', 'anything', ARNS)).toBe(true);
    expect(wildcardMatch('iam:PassRole', 'IAM:passrole', ACTIONS)).toBe(true);
    expect(wildcardCovers('*', 'arn:aws:s3:::b/*')).toBe(true);
    expect(wildcardCovers('arn:aws:s3:::b', 'arn:aws:s3:::b')).toBe(true);
    expect(CountingRegExp.built).toBe(0);
    expect(wildcardCovers('arn:aws:s3:::b/?', 'arn:aws:s3:::b/x')).toBe(true);
    expect(wildcardCovers('arn:aws:s3:::b/?', 'arn:aws:s3:::b/*')).toBe(false);
    expect(CountingRegExp.built).toBe(1);
  });

  it('keeps at most 4096 compiled patterns per mode, then starts afresh (memory stays bounded)', () => {
    const pattern = (i: number) => `arn:aws:s3:::b${i}/*`;
    for (let i = 0; i < 4096; i += 1) wildcardMatch(pattern(i), 'x', ARNS);
    wildcardMatch(pattern(0), 'x', ARNS);
    expect(CountingRegExp.built).toBe(4096);
    wildcardMatch(pattern(4096), 'x', ARNS);
    wildcardMatch(pattern(4096), 'x', ARNS);
    expect(CountingRegExp.built).toBe(4097);
    expect(wildcardMatch(pattern(0), 'arn:aws:s3:::b0/k', ARNS)).toBe(true);
    expect(CountingRegExp.built).toBe(4098);
  });
});
