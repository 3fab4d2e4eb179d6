import { describe, expect, it } from 'vitest';
import { ignoreReason } from '../../shared/cloudtrail/ignore-reason.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { sharedEvent } from './shared-events.js';

function reasonFor(raw: unknown) {
  const result = normaliseRecord(raw);
  if (!result.ok) throw new Error(`expected an event, got ${result.reason}`);
  return ignoreReason(result.event);
}

describe('ignoreReason', () => {
  it.each([
    ['a failed API call (errorCode)', 'stratus/aws.defense-evasion.organizations-leave/2.json'],
    [
      'a failed IAM-user sign-in (ConsoleLogin Failure, no errorCode)',
      'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/3.json',
    ],
    ['a failed call with requestParameters null', 'traildiscover/CloudTrail-StopLogging/1.json'],
  ])('ignores %s', (_label, file) => {
    expect(reasonFor(sharedEvent(file))).toBe('failed-call');
  });

  it.each([
    ['a failed root ConsoleLogin', 'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/8.json'],
    ['a failed root ConsoleLogin without time or id', 'panther/AWS.CloudTrail.PasswordSpraying/4.json'],
    ['a failed root ExternalIdPDirectoryLogin', 'panther/AWS.Root.Activity/4.json'],
    ['a successful call', 'stratus/aws.defense-evasion.cloudtrail-stop/1.json'],
    ['a successful sign-in', 'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json'],
    ['a call with an empty errorCode', 'panther/AWS.S3.BucketDeleted/1.json'],
  ])('keeps %s', (_label, file) => {
    expect(reasonFor(sharedEvent(file))).toBeUndefined();
  });

  it('ignores a failed API call by root', () => {
    const raw = { ...sharedEvent('panther/AWS.Root.Activity/6.json'), errorCode: 'AccessDenied' };

    expect(reasonFor(raw)).toBe('failed-call');
  });

  it('reads a lower-cased sign-in failure', () => {
    const raw = {
      ...sharedEvent('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/3.json'),
      responseElements: { consolelogin: 'Failure' },
    };

    expect(reasonFor(raw)).toBe('failed-call');
  });
});
