import { describe, expect, it } from 'vitest';
import { hasWildcard, wildcardCovers, wildcardMatch } from '../../shared/policy/wildcard-match.js';

const ACTIONS = { ignoreCase: true };
const ARNS = { ignoreCase: false };

describe('wildcardMatch: IAM wildcards', () => {
  it.each([
    ['*', 'anything:at/all', true],
    ['iam:Get*', 'iam:GetUser', true],
    ['iam:Get*', 'iam:Get', true],
    ['iam:Get*', 'xiam:GetUser', false],
    ['iam:*User', 'iam:GetUserPolicy', false],
    ['iam:*User', 'iam:GetUser', true],
    ['iam:Put?serPolicy', 'iam:PutUserPolicy', true],
    ['iam:Put?serPolicy', 'iam:PutserPolicy', false],
    ['iam:Put?serPolicy', 'iam:PutUUserPolicy', false],
    ['*:Get*', 's3:GetObject', true],
    ['*:Get*', 's3:PutObject', false],
  ])('action pattern %s against %s → %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value, ACTIONS)).toBe(expected);
  });

  it('treats every other character literally, regex metacharacters included', () => {
    expect(wildcardMatch('arn:aws:s3:::my.bucket/*', 'arn:aws:s3:::my.bucket/key', ARNS)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::my.bucket/*', 'arn:aws:s3:::myxbucket/key', ARNS)).toBe(false);
    expect(wildcardMatch('a+b*', 'aab', ARNS)).toBe(false);
    expect(wildcardMatch('a+b*', 'a+bc', ARNS)).toBe(true);
    expect(wildcardMatch('(x|y)*', 'x', ARNS)).toBe(false);
    expect(wildcardMatch('(x|y)*', '(x|y)z', ARNS)).toBe(true);
    expect(wildcardMatch('[ab]*', 'a', ARNS)).toBe(false);
    expect(wildcardMatch('[ab]*', '[ab]', ARNS)).toBe(true);
    expect(wildcardMatch('a\\d*', 'a1', ARNS)).toBe(false);
    expect(wildcardMatch('a\\d*', 'a\\d', ARNS)).toBe(true);
    expect(wildcardMatch('$^{2}*', '$^{2}', ARNS)).toBe(true);
    expect(wildcardMatch('a{2}*', 'aa', ARNS)).toBe(false);
    expect(wildcardMatch('arn:aws:iam::1:role/a-b*', 'arn:aws:iam::1:role/a-bc', ARNS)).toBe(true);
  });

  it('lets "*" span ":", "/" and line breaks, as IAM does', () => {
    expect(wildcardMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/dir/key', ARNS)).toBe(true);
    expect(wildcardMatch('arn:*', 'arn:aws:iam::1:role/r', ARNS)).toBe(true);
    expect(wildcardMatch('a*b', 'a\nb', ARNS)).toBe(true);
    expect(wildcardMatch('a?b', 'a\nb', ARNS)).toBe(true);
    expect(wildcardMatch('a*b', 'a\nb', ACTIONS)).toBe(true);
  });

  it('matches actions case-insensitively and ARNs case-sensitively, with or without wildcards', () => {
    expect(wildcardMatch('IAM:passrole', 'iam:PassRole', ACTIONS)).toBe(true);
    expect(wildcardMatch('IAM:pass*', 'iam:PassRole', ACTIONS)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', ARNS)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::bucket', 'arn:aws:s3:::bucket', ARNS)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/k', ARNS)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::Bucket/k', ARNS)).toBe(true);
  });

  it('keeps the case-sensitive and case-insensitive compilations of one pattern apart', () => {
    // The same pattern is compiled once per mode; a shared entry would answer for the wrong mode.
    expect(wildcardMatch('arn:aws:s3:::CaseCache*', 'arn:aws:s3:::casecache/k', ACTIONS)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::CaseCache*', 'arn:aws:s3:::casecache/k', ARNS)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::OtherCache*', 'arn:aws:s3:::othercache/k', ARNS)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::OtherCache*', 'arn:aws:s3:::othercache/k', ACTIONS)).toBe(true);
  });

  it('gives the same answer for a pattern asked again (cached compilation)', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(wildcardMatch('iam:Attach*Policy', 'iam:AttachRolePolicy', ACTIONS)).toBe(true);
      expect(wildcardMatch('iam:Attach*Policy', 'iam:DetachRolePolicy', ACTIONS)).toBe(false);
    }
  });

  it('compares a literal pattern with toLowerCase, as the action matcher and catalogue keys do', () => {
    // U+212A KELVIN SIGN lower-cases to "k"; a case-insensitive RegExp does not equate them.
    expect(wildcardMatch('iam:\u212Aey', 'iam:key', ACTIONS)).toBe(true);
    expect(wildcardMatch('iam:\u212Aey', 'iam:key', ARNS)).toBe(false);
  });
});

describe('hasWildcard', () => {
  it.each([
    ['iam:Get*', true],
    ['iam:Put?serPolicy', true],
    ['*', true],
    ['?', true],
    ['iam:PassRole', false],
    ['', false],
  ])('%s → %s', (pattern, expected) => {
    expect(hasWildcard(pattern)).toBe(expected);
  });
});

describe('wildcardCovers: one resource pattern covering another', () => {
  it.each([
    ['*', 'arn:aws:s3:::b/*', true],
    ['arn:aws:s3:::b', 'arn:aws:s3:::b', true],
    ['arn:aws:s3:::b', 'arn:aws:s3:::B', false],
    ['arn:aws:s3:::b', 'arn:aws:s3:::*', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/?', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/*x', true],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/x', true],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/?', true],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/??', 'arn:aws:s3:::b/?x', true],
    ['arn:aws:s3:::b/??', 'arn:aws:s3:::b/x*', false],
    ['arn:aws:s3:::B/*', 'arn:aws:s3:::b/x', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/x', false],
  ])('%s covers %s → %s', (pattern, other, expected) => {
    expect(wildcardCovers(pattern, other)).toBe(expected);
  });

  it('keeps its compilation apart from the matching one of the same pattern', () => {
    // For wildcardMatch the value is text, so `?` takes a `*` character there.
    expect(wildcardMatch('arn:aws:s3:::apart/?', 'arn:aws:s3:::apart/*', ARNS)).toBe(true);
    expect(wildcardCovers('arn:aws:s3:::apart/?', 'arn:aws:s3:::apart/*')).toBe(false);
    expect(wildcardCovers('arn:aws:s3:::apart2/?', 'arn:aws:s3:::apart2/*')).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::apart2/?', 'arn:aws:s3:::apart2/*', ARNS)).toBe(true);
  });
});
