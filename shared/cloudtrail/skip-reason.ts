/**
 * Why an input item did not become a CloudTrail event. What each means, how
 * it is counted and logged: the ignore stage's table (IGNORE_REASONS in
 * shared/engine/ignore-stage.ts), which the CLI summary counts by.
 */
export const SKIP_REASONS = [
  'invalid-json',
  'not-a-record',
  'missing-event-name',
  'insights-event',
  'empty-input',
  'unsupported-format',
  'gzip-corrupt',
  'malformed-record',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];
