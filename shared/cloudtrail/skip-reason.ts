/**
 * Why an input item did not become a CloudTrail event. The CLI summary counts
 * skipped items by these values.
 */
export const SKIP_REASONS = [
  /** Text that is not JSON (a whole file, one JSON line, or a lookup-events `CloudTrailEvent` string). */
  'invalid-json',
  /** JSON that is not an object (a number, a string, a nested array, …). */
  'not-a-record',
  /** An object without an `eventName`. */
  'missing-event-name',
  /** A CloudTrail Insights event (no caller, no API call). */
  'insights-event',
  /** An empty file, empty array or `{"Records": []}`. */
  'empty-input',
  /** JSON of a known wrapper shape that holds no CloudTrail record (e.g. another EventBridge detail-type). */
  'unsupported-format',
  /** Bytes starting with the gzip magic number that do not decompress. */
  'gzip-corrupt',
  /** A record the normaliser could not read at all (e.g. an object whose properties throw). */
  'malformed-record',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];
