import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from '../helpers/event-pattern-match.js';

const event = {
  source: 'aws.iam',
  'detail-type': 'AWS API Call via CloudTrail',
  account: '123456789012',
  detail: {
    eventName: 'AttachUserPolicy',
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root' },
    resources: [{ type: 'user' }, { type: 'policy' }],
    tags: ['a', 'b'],
    count: 5,
    errorCode: null,
  },
};

describe('EventBridge pattern evaluator (test helper)', () => {
  it('matches exact values in lists, nested objects, and ignores fields the pattern does not name', () => {
    expect(matchesEventPattern({ source: ['aws.iam'], detail: { eventName: ['X', 'AttachUserPolicy'] } }, event)).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { userIdentity: { type: ['Root'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { userIdentity: { type: ['IAMUser'] } } }, event)).toBe(false);
    expect(matchesEventPattern({ source: ['aws.sts'] }, event)).toBe(false);
  });

  it('requires every named field (AND) and a present field for a value list', () => {
    expect(matchesEventPattern({ source: ['aws.iam'], account: ['999999999999'] }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { missing: ['x'] } }, event)).toBe(false);
    expect(
      matchesEventPattern({ detail: { userIdentity: { type: ['Root'] } } }, { detail: { userIdentity: 'Root' } }),
    ).toBe(false);
  });

  it('matches an array event value when any element matches', () => {
    expect(matchesEventPattern({ detail: { tags: ['b'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { resources: { type: ['policy'] } } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { tags: ['c'] } }, event)).toBe(false);
  });

  it('supports exists, prefix, suffix, anything-but, numeric, equals-ignore-case, wildcard and $or', () => {
    expect(matchesEventPattern({ detail: { errorMessage: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ exists: false }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ prefix: 'Attach' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ suffix: 'Policy' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': ['AttachUserPolicy'] }] } }, event)).toBe(
      false,
    );
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['>', 1, '<=', 5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['<', 5] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ 'equals-ignore-case': 'attachuserpolicy' }] } }, event)).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { eventName: [{ wildcard: 'Attach*Policy' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ $or: [{ source: ['aws.sts'] }, { account: ['123456789012'] }] }, event)).toBe(true);
    expect(matchesEventPattern({ $or: [{ source: ['aws.sts'] }, { account: ['1'] }] }, event)).toBe(false);
  });

  it('matches null only by an explicit null', () => {
    expect(matchesEventPattern({ detail: { errorCode: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { errorCode: ['x'] } }, event)).toBe(false);
  });

  it('rejects malformed patterns instead of silently matching', () => {
    expect(() => matchesEventPattern({ source: 'aws.iam' }, event)).toThrow();
    expect(() => matchesEventPattern({ source: [{ regex: '.*' }] }, event)).toThrow();
  });
});
