import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../shared/cloudtrail/parse-input.js';
import { sharedEvent } from './shared-events.js';

const createUser = sharedEvent('awsdocs/cloudtrail-log-file-examples/1.json');
const stopLogging = sharedEvent('stratus/aws.defense-evasion.cloudtrail-stop/1.json');
const consoleLogin = sharedEvent('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json');
const insight = sharedEvent('awsdocs/cloudtrail-log-file-examples/5.json');

function envelope(detailType: string, detail: unknown) {
  return {
    version: '0',
    id: 'a1b2c3d4-0000-0000-0000-000000000000',
    'detail-type': detailType,
    source: 'aws.iam',
    account: '111122223333',
    time: '2024-05-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

const names = (result: ReturnType<typeof parseInput>) => result.records.map((record) => record.event.eventName);

describe('parseInput formats', () => {
  it('reads a single record', () => {
    const result = parseInput(JSON.stringify(stopLogging), 'single.json');

    expect(names(result)).toEqual(['StopLogging']);
    expect(result.records[0]?.origin).toEqual({ file: 'single.json', index: 0 });
    expect(result.skipped).toEqual([]);
  });

  it.each(['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail', 'AWS Service Event via CloudTrail'])(
    'reads an EventBridge envelope "%s" from its detail',
    (detailType) => {
      const result = parseInput(JSON.stringify(envelope(detailType, consoleLogin)), 'envelope.json');

      expect(names(result)).toEqual(['ConsoleLogin']);
      expect(result.records[0]?.event.eventId).toBe('3fcfb182-98f8-4744-bd45-10a395ab61cb');
    },
  );

  it('fills a missing eventTime from the envelope time', () => {
    const { eventTime: _time, ...record } = consoleLogin;

    const result = parseInput(JSON.stringify(envelope('AWS Console Sign In via CloudTrail', record)), 'e.json');

    expect(result.records[0]?.event.eventTime).toBe('2024-05-01T10:00:00Z');
    expect(result.records[0]?.event.quirks).toContain('event-time-from-envelope');
  });

  it('skips an EventBridge envelope of another kind', () => {
    const result = parseInput(
      JSON.stringify(envelope('EC2 Instance State-change Notification', { state: 'running' })),
      'ec2.json',
    );

    expect(result.records).toEqual([]);
    expect(result.skipped).toMatchObject([{ reason: 'unsupported-format' }]);
  });

  it('reads an S3 log object {"Records":[…]} with indexes in file order, skipping Insights', () => {
    const result = parseInput(JSON.stringify({ Records: [createUser, insight, stopLogging] }), 'log.json');

    expect(names(result)).toEqual(['CreateUser', 'StopLogging']);
    expect(result.records.map((record) => record.origin.index)).toEqual([0, 2]);
    expect(result.skipped).toEqual([
      { reason: 'insights-event', detail: expect.any(String), origin: { file: 'log.json', index: 1 } },
    ]);
  });

  it('reads a JSON array of records and envelopes mixed', () => {
    const input = [createUser, envelope('AWS API Call via CloudTrail', stopLogging), consoleLogin];

    expect(names(parseInput(JSON.stringify(input), 'mixed.json'))).toEqual([
      'CreateUser',
      'StopLogging',
      'ConsoleLogin',
    ]);
  });

  it('reads JSON lines, skipping a bad line and keeping the rest', () => {
    const text = [
      JSON.stringify(createUser),
      '{"eventName": "broken',
      '',
      JSON.stringify(envelope('AWS API Call via CloudTrail', stopLogging)),
      JSON.stringify(consoleLogin),
    ].join('\r\n');

    const result = parseInput(text, 'events.jsonl');

    expect(names(result)).toEqual(['CreateUser', 'StopLogging', 'ConsoleLogin']);
    expect(result.records.map((record) => record.origin.index)).toEqual([0, 2, 3]);
    expect(result.skipped).toMatchObject([
      { reason: 'invalid-json', detail: expect.stringContaining('line 2'), origin: { index: 1 } },
    ]);
  });

  it('reads JSON lines whose first line is broken', () => {
    const text = `not json\n${JSON.stringify(createUser)}\n`;

    const result = parseInput(text, 'events.jsonl');

    expect(names(result)).toEqual(['CreateUser']);
    expect(result.skipped.map((skip) => skip.reason)).toEqual(['invalid-json']);
  });

  it('skips a broken pretty-printed document once, not once per line', () => {
    const text = JSON.stringify({ Records: [createUser] }, null, 2).slice(0, -10);

    const result = parseInput(text, 'broken.json');

    expect(result.records).toEqual([]);
    expect(result.skipped.map((skip) => skip.reason)).toEqual(['invalid-json']);
  });

  it.each([
    ['an S3 log object', { Records: [createUser, stopLogging] }],
    ['an array', [createUser, stopLogging]],
  ])('reads gzip of %s', (_label, value) => {
    const bytes = gzipSync(Buffer.from(JSON.stringify(value)));

    expect(names(parseInput(bytes, 'log.json.gz'))).toEqual(['CreateUser', 'StopLogging']);
  });

  it('reads gzip of JSON lines', () => {
    const bytes = gzipSync(Buffer.from(`${JSON.stringify(createUser)}\n${JSON.stringify(stopLogging)}\n`));

    expect(names(parseInput(bytes, 'events.jsonl.gz'))).toEqual(['CreateUser', 'StopLogging']);
  });

  it('reads uncompressed bytes and strips a byte-order mark', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(createUser)}`);

    expect(names(parseInput(bytes, 'bom.json'))).toEqual(['CreateUser']);
  });

  it('skips corrupt gzip without throwing', () => {
    const bytes = gzipSync(Buffer.from(JSON.stringify({ Records: [createUser] })));
    const corrupt = bytes.subarray(0, bytes.length - 12);

    const result = parseInput(corrupt, 'corrupt.json.gz');

    expect(result.records).toEqual([]);
    expect(result.skipped).toMatchObject([{ reason: 'gzip-corrupt', origin: { file: 'corrupt.json.gz', index: 0 } }]);
  });

  it('reads `aws cloudtrail lookup-events` output', () => {
    const output = {
      Events: [
        { EventId: 'x', EventName: 'CreateUser', CloudTrailEvent: JSON.stringify(createUser) },
        { EventId: 'y', EventName: 'StopLogging', CloudTrailEvent: JSON.stringify(stopLogging) },
        { EventId: 'z', EventName: 'Broken', CloudTrailEvent: '{not json' },
      ],
      NextToken: 'abc',
    };

    const result = parseInput(JSON.stringify(output), 'lookup.json');

    expect(names(result)).toEqual(['CreateUser', 'StopLogging']);
    expect(result.skipped).toMatchObject([{ reason: 'invalid-json', origin: { index: 2 } }]);
  });

  it.each([
    ['[]', 'empty-input'],
    ['{"Records": []}', 'empty-input'],
    ['   \n', 'empty-input'],
    ['42', 'not-a-record'],
    ['"text"', 'not-a-record'],
    ['{"foo": 1}', 'missing-event-name'],
    ['{"eventName": ', 'invalid-json'],
  ])('skips %j once as %s', (text, reason) => {
    const result = parseInput(text, 'x.json');

    expect(result.records).toEqual([]);
    expect(result.skipped).toEqual([{ reason, detail: expect.any(String), origin: { file: 'x.json', index: 0 } }]);
  });
});
