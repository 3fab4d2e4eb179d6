import { describe, expect, it } from 'vitest';
import { normaliseEventTime } from '../../shared/cloudtrail/normalise-event-time.js';

describe('normaliseEventTime', () => {
  it.each([
    ['2024-08-01T13:37:41Z', { kind: 'iso', time: '2024-08-01T13:37:41Z' }],
    ['2024-08-01 13:37:41.123456789', { kind: 'converted', time: '2024-08-01T13:37:41.123Z' }],
    ['2024-08-01T13:37:41-05:30', { kind: 'converted', time: '2024-08-01T19:07:41Z' }],
    ['2024-08-01 13:37:41 UTC', { kind: 'converted', time: '2024-08-01T13:37:41Z' }],
    ['2024-08-01', { kind: 'converted', time: '2024-08-01T00:00:00Z' }],
    ['Dec 31, 2023 12:05:00 AM', { kind: 'converted', time: '2023-12-31T00:05:00Z' }],
    ['Dec 31, 2023 12:05:00 PM', { kind: 'converted', time: '2023-12-31T12:05:00Z' }],
    [0, { kind: 'converted', time: '1970-01-01T00:00:00Z' }],
  ])('reads %j', (value, expected) => {
    expect(normaliseEventTime(value)).toEqual(expected);
  });

  it.each([
    'redacted',
    '...',
    '2024-13-01 00:00:00',
    '2023-02-29 10:00:00',
    'Feb 30, 2024 1:00:00 PM',
    '2024-01-01 25:00:00',
    'Foo 1, 2024 1:00:00 PM',
    'Aug 1, 2024 13:00:00 PM',
  ])('keeps %j as unparseable', (value) => {
    expect(normaliseEventTime(value)).toEqual({ kind: 'unparseable', time: value });
  });

  it.each([Number.NaN, Infinity, 1e300, {}, true])('never throws on %j', (value) => {
    expect(normaliseEventTime(value).kind).toBe('unparseable');
  });

  it.each([undefined, null, '', 'None'])('reads %j as missing', (value) => {
    expect(normaliseEventTime(value)).toEqual({ kind: 'missing' });
  });
});
