/**
 * Turns the `eventTime` values found in real CloudTrail exports into ISO-8601
 * UTC: CloudTrail's own `2024-01-02T03:04:05Z` (kept as is), Athena/Panther
 * style `2023-01-10 21:04:02[.000000000]`, offsets, epoch seconds or
 * milliseconds, and `Aug 1, 2024 1:37:41 PM`. Times without a zone are UTC.
 */

export type EventTimeResult =
  | { readonly kind: 'iso'; readonly time: string }
  | { readonly kind: 'converted'; readonly time: string }
  | { readonly kind: 'unparseable'; readonly time: string }
  | { readonly kind: 'missing' };

const CLOUDTRAIL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z$/;
const DATE_TIME =
  /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?$/i;
const MONTH_DAY_YEAR =
  /^([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*([AaPp][Mm])?\s*(Z|UTC|GMT)?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NUMERIC = /^\d{9,16}(?:\.\d+)?$/;

export function normaliseEventTime(value: unknown): EventTimeResult {
  if (typeof value === 'string') {
    if (CLOUDTRAIL_ISO.test(value)) return { kind: 'iso', time: value };
    const text = value.trim();
    if (text === '' || text === 'None' || text === 'null') return { kind: 'missing' };
    const millis = parseText(text);
    return millis === undefined ? { kind: 'unparseable', time: value } : converted(millis, value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? converted(fromEpoch(value), String(value))
      : { kind: 'unparseable', time: String(value) };
  }
  if (value === null || value === undefined) return { kind: 'missing' };
  const kept = typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : '';
  return { kind: 'unparseable', time: kept };
}

function converted(millis: number | undefined, original: string): EventTimeResult {
  if (millis === undefined || !Number.isFinite(millis) || Math.abs(millis) > 8.64e15) {
    return { kind: 'unparseable', time: original };
  }
  const iso = new Date(millis).toISOString();
  return { kind: 'converted', time: iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso };
}

/** Seconds below 1e11 (year 5138), milliseconds above. */
function fromEpoch(value: number): number {
  return Math.abs(value) < 1e11 ? value * 1000 : value;
}

function parseText(text: string): number | undefined {
  if (NUMERIC.test(text)) return fromEpoch(Number(text));
  const dateTime = DATE_TIME.exec(text);
  if (dateTime) return fromDateTime(dateTime);
  const monthDayYear = MONTH_DAY_YEAR.exec(text);
  if (monthDayYear) return fromMonthDayYear(monthDayYear);
  return undefined;
}

function fromDateTime(match: RegExpExecArray): number | undefined {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = ''] = match;
  const millis = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.slice(0, 3).padEnd(3, '0')),
  );
  if (!validParts(Number(month), Number(day), Number(hour), Number(minute), Number(second))) return undefined;
  if (new Date(millis).getUTCDate() !== Number(day)) return undefined;
  return millis - offsetMinutes(zone) * 60_000;
}

function fromMonthDayYear(match: RegExpExecArray): number | undefined {
  const [, monthName = '', day, year, hourText, minute, second = '0', meridiem] = match;
  const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
  let hour = Number(hourText);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (month === 0 || !validParts(month, Number(day), hour, Number(minute), Number(second))) return undefined;
  const millis = Date.UTC(Number(year), month - 1, Number(day), hour, Number(minute), Number(second));
  return new Date(millis).getUTCDate() === Number(day) ? millis : undefined;
}

function validParts(month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

function offsetMinutes(zone: string): number {
  if (zone === '' || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}
