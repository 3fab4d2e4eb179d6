import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import {
  additionalData,
  requestParam,
  requestString,
  responseParam,
  responseString,
} from '../../shared/cloudtrail/request-parameter.js';
import { sharedEvent } from './shared-events.js';

function eventOf(raw: unknown): CloudTrailEvent {
  const result = normaliseRecord(raw);
  if (!result.ok) throw new Error(`expected an event, got ${result.reason}`);
  return result.event;
}

const createAdminKey = eventOf(sharedEvent('stratus/aws.persistence.iam-create-admin-user/2.json'));

describe('request and response readers', () => {
  it('reads request parameters and dotted response paths', () => {
    expect(requestString(createAdminKey, 'userName')).toBe(requestParam(createAdminKey, 'userName'));
    expect(typeof requestString(createAdminKey, 'userName')).toBe('string');
    expect(responseString(createAdminKey, 'accessKey.userName')).toBe(requestString(createAdminKey, 'userName'));
    expect(responseParam(createAdminKey, 'accessKey.status')).toBe('Active');
  });

  it('matches keys case-insensitively (lower-cased exports)', () => {
    const event = eventOf({
      ...sharedEvent('stratus/aws.persistence.iam-create-admin-user/2.json'),
      requestParameters: { username: 'mallory' },
      responseElements: { accesskey: { accesskeyid: 'AKIAEXAMPLE' } },
    });

    expect(requestString(event, 'userName')).toBe('mallory');
    expect(responseString(event, 'accessKey.accessKeyId')).toBe('AKIAEXAMPLE');
  });

  it('tolerates null, "None" and missing values', () => {
    const failed = eventOf(sharedEvent('traildiscover/CloudTrail-StopLogging/1.json'));
    const none = eventOf({
      ...sharedEvent('stratus/aws.defense-evasion.cloudtrail-stop/1.json'),
      requestParameters: { name: 'None', inner: null },
    });

    expect(failed.requestParameters).toBeNull();
    expect(requestParam(failed, 'name')).toBeUndefined();
    expect(requestString(none, 'name')).toBeUndefined();
    expect(requestParam(none, 'inner.deeper')).toBeUndefined();
    expect(requestParam(none, 'name.deeper')).toBeUndefined();
  });

  it('reads numbers and booleans as strings, array items by index', () => {
    const event = eventOf({
      ...sharedEvent('stratus/aws.defense-evasion.cloudtrail-stop/1.json'),
      requestParameters: { minimumPasswordLength: 8, requireSymbols: false, tags: [{ key: 'a' }] },
    });

    expect(requestString(event, 'minimumPasswordLength')).toBe('8');
    expect(requestString(event, 'requireSymbols')).toBe('false');
    expect(requestParam(event, 'tags.0.key')).toBe('a');
  });

  it('reads additionalEventData (MFAUsed on ConsoleLogin)', () => {
    const login = eventOf(sharedEvent('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json'));

    expect(additionalData(login, 'mfaused')).toBe('No');
  });
});
