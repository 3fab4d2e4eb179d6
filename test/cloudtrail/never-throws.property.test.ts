import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/model/detection-settings.js';
import { actorOf, isAwsServiceCall, isRoot } from '../../shared/cloudtrail/identity.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { parseInput, SKIP_REASONS } from '../../shared/cloudtrail/parse-input.js';
import { requestParam, requestString, responseParam } from '../../shared/cloudtrail/request-parameter.js';
import { isSignInEvent, type CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { ruleScreen } from '../../shared/engine/ignore-stage.js';
import { eventLabels, sharedEvent } from './shared-events.js';

const realRecords = eventLabels().map(({ file }) => sharedEvent(file));
const TOP_LEVEL_KEYS = [
  'eventID',
  'eventName',
  'eventSource',
  'eventTime',
  'eventVersion',
  'eventType',
  'awsRegion',
  'recipientAccountId',
  'userIdentity',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'errorCode',
  'readOnly',
  'managementEvent',
  'userAgent',
];

/** Odd values real exports use in place of the right one. */
const oddValue = fc.oneof(
  fc.constantFrom(null, 'None', '', 'False', 'true', '...', 'redacted', 0, -1, 1e300, [], {}, '2023-01-10 21:04:02'),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A real record with some top-level and identity fields replaced, removed or lower-cased. */
const mutatedRecord = fc
  .tuple(
    fc.constantFrom(...realRecords),
    fc.array(fc.tuple(fc.constantFrom(...TOP_LEVEL_KEYS), fc.option(oddValue, { nil: undefined })), { maxLength: 6 }),
    fc.array(
      fc.tuple(fc.constantFrom('type', 'arn', 'userName', 'invokedBy', 'sessionContext', 'accountId'), oddValue),
      {
        maxLength: 3,
      },
    ),
    fc.boolean(),
  )
  .map(([record, topChanges, identityChanges, lowerCase]) => {
    const copy: Record<string, unknown> = structuredClone(record);
    for (const [key, value] of topChanges) {
      if (value === undefined) delete copy[key];
      else copy[key] = structuredClone(value);
    }
    const identity = copy['userIdentity'];
    if (typeof identity === 'object' && identity !== null && !Array.isArray(identity)) {
      for (const [key, value] of identityChanges) (identity as Record<string, unknown>)[key] = structuredClone(value);
    }
    return lowerCase
      ? Object.fromEntries(Object.entries(copy).map(([key, value]) => [key.toLowerCase(), value]))
      : copy;
  });

function exerciseEvent(event: CloudTrailEvent): void {
  expect(typeof event.eventId).toBe('string');
  expect(event.eventId).not.toBe('');
  expect(typeof event.eventTime).toBe('string');
  expect(typeof event.userIdentity.type).toBe('string');
  isRoot(event);
  isAwsServiceCall(event);
  ruleScreen(event);
  isSignInEvent(event);
  actorOf(event, { ...DEFAULT_DETECTION_SETTINGS, deployRoles: ['arn:aws:iam::123456789012:role/deploy', '*'] });
  requestParam(event, 'policyDocument');
  requestString(event, 'a.b.c');
  responseParam(event, 'accessKey.accessKeyId');
}

function checkParsed(result: ReturnType<typeof parseInput>): void {
  for (const { event } of result.records) exerciseEvent(event);
  for (const skip of result.skipped) expect(SKIP_REASONS).toContain(skip.reason);
}

describe('the CloudTrail input layer never throws', () => {
  it('normaliseRecord on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = normaliseRecord(value);
        if (result.ok) exerciseEvent(result.event);
        else expect(SKIP_REASONS).toContain(result.reason);
      }),
      { numRuns: 500 },
    );
  });

  it('normaliseRecord on arbitrary objects with CloudTrail-like keys', () => {
    const key = fc.constantFrom(
      ...TOP_LEVEL_KEYS,
      ...TOP_LEVEL_KEYS.map((name) => name.toLowerCase()),
      'insightDetails',
    );
    fc.assert(
      fc.property(fc.dictionary(key, oddValue), (value) => {
        const result = normaliseRecord(value);
        if (result.ok) exerciseEvent(result.event);
      }),
      { numRuns: 500 },
    );
  });

  it('normaliseRecord and the readers on fuzzed mutations of the real records', () => {
    fc.assert(
      fc.property(mutatedRecord, (record) => {
        const result = normaliseRecord(record);
        if (result.ok) exerciseEvent(result.event);
        else expect(SKIP_REASONS).toContain(result.reason);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseInput on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => checkParsed(parseInput(text, 'fuzz.txt'))),
      { numRuns: 500 },
    );
  });

  it('parseInput on arbitrary JSON text and JSON lines', () => {
    fc.assert(
      fc.property(fc.array(fc.json(), { minLength: 1, maxLength: 5 }), (lines) => {
        checkParsed(parseInput(lines[0]!, 'fuzz.json'));
        checkParsed(parseInput(lines.join('\n'), 'fuzz.jsonl'));
      }),
      { numRuns: 300 },
    );
  });

  it('parseInput on arbitrary bytes, including ones that start like gzip', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((tail) => Uint8Array.from([0x1f, 0x8b, ...tail])),
    );
    fc.assert(
      fc.property(bytes, (data) => checkParsed(parseInput(data, 'fuzz.bin'))),
      { numRuns: 500 },
    );
  });

  it('parseInput on gzip of mutated real records, as arrays, log objects and JSON lines', () => {
    fc.assert(
      fc.property(
        fc.array(mutatedRecord, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('array', 'records', 'lines'),
        (records, shape) => {
          const text =
            shape === 'array'
              ? JSON.stringify(records)
              : shape === 'records'
                ? JSON.stringify({ Records: records })
                : records.map((record) => JSON.stringify(record)).join('\n');
          const result = parseInput(gzipSync(Buffer.from(text)), 'fuzz.json.gz');

          checkParsed(result);
          expect(result.records.length + result.skipped.length).toBe(records.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
