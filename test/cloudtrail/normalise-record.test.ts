import { describe, expect, it } from 'vitest';
import { isFailedCall, type CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { sharedEvent } from './shared-events.js';

function normalised(raw: unknown): CloudTrailEvent {
  const result = normaliseRecord(raw);
  if (!result.ok) throw new Error(`expected an event, got skip ${result.reason}: ${result.detail}`);
  return result.event;
}

const ASSUMED_ROLE = 'stratus/aws.defense-evasion.organizations-leave/2.json';

describe('normaliseRecord on well-formed records', () => {
  it('keeps a standard record as sent, without quirks', () => {
    const raw = sharedEvent(ASSUMED_ROLE);

    const event = normalised(raw);

    expect(event).toMatchObject({
      eventId: '16903cbd-fdff-4818-82f2-d66ad09aaf57',
      eventName: 'LeaveOrganization',
      eventSource: 'organizations.amazonaws.com',
      eventTime: '2024-08-02T08:30:00Z',
      eventVersion: '1.09',
      awsRegion: 'euiso-south-3r',
      accountId: '307578594326',
      sourceIPAddress: '252.5.222.230',
      errorCode: 'AccessDenied',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::307578594326:assumed-role/stratus-red-team-leave-org-role/aws-go-sdk-1722587398902687000',
        sessionContext: {
          mfaAuthenticated: false,
          creationDate: '2024-08-02T08:30:00Z',
          sessionIssuer: { type: 'Role', userName: 'stratus-red-team-leave-org-role' },
        },
      },
      requestParameters: null,
      responseElements: null,
    });
    expect(event.quirks).toEqual([]);
  });

  it('does not copy requestParameters', () => {
    const raw = sharedEvent('stratus/aws.persistence.iam-backdoor-role/1.json');

    const event = normalised(raw);

    expect(event.requestParameters).toBe(raw['requestParameters']);
  });

  it('reads mfaAuthenticated "true" as a boolean', () => {
    const event = normalised(sharedEvent('panther/AWS.CloudTrail.RootAccessKeyCreated/1.json'));

    expect(event.userIdentity.sessionContext?.mfaAuthenticated).toBe(true);
  });

  it.each([
    ['awsdocs/cloudtrail-log-file-examples/1.json', '1.0'],
    ['panther/AWS.CloudTrail.EventSelectorsDisabled/3.json', '1.11'],
  ])('accepts eventVersion of %s (%s)', (file, version) => {
    expect(normalised(sharedEvent(file)).eventVersion).toBe(version);
  });

  it('takes the account from the actor when recipientAccountId is null', () => {
    const event = normalised(sharedEvent('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json'));

    expect(event.accountId).toBe('111122223333');
    expect(event.quirks).toEqual([]);
  });
});

describe('normaliseRecord repairs real-data quirks', () => {
  it('maps lower-cased keys (Security Lake style) back to canonical names', () => {
    const event = normalised(sharedEvent('panther/AWS.CloudTrail.Password.Policy.Discovery/1.json'));

    expect(event).toMatchObject({
      eventId: '5d4b45ed-a15c-41b6-80e9-031729fa060d',
      eventName: 'GetRecords',
      eventSource: 'dynamodb.amazonaws.com',
      eventTime: '2023-01-10T21:04:02Z',
      eventType: 'AwsApiCall',
      eventVersion: '1.08',
      awsRegion: 'eu-west-1',
      managementEvent: false,
      userIdentity: { type: 'Unknown', arn: 'arn:aws:test_arn' },
    });
    expect(event.quirks).toEqual(
      expect.arrayContaining(['lower-case-keys', 'event-time-not-iso', 'identity-type-missing']),
    );
  });

  it('maps lower-cased userIdentity and sessionContext keys', () => {
    const raw = sharedEvent(ASSUMED_ROLE);
    const lowered = lowerCaseKeys(raw, ['requestParameters', 'responseElements']);

    const event = normalised(lowered);

    expect(event.userIdentity).toEqual(normalised(raw).userIdentity);
    expect(event.eventId).toBe('16903cbd-fdff-4818-82f2-d66ad09aaf57');
    expect(event.quirks).toContain('lower-case-keys');
  });

  it('reads a record whose keys are partly lower-cased and that has no userIdentity', () => {
    const event = normalised(sharedEvent('panther/AWS.CloudTrail.Password.Policy.Discovery/3.json'));

    expect(event).toMatchObject({
      eventName: 'GetAccountPasswordPolicy',
      eventType: 'AwsServiceEvent',
      eventTime: '2023-01-10T23:10:06Z',
      userIdentity: { type: 'Unknown' },
    });
    expect(event.quirks).toEqual(expect.arrayContaining(['lower-case-keys', 'missing-user-identity']));
  });

  it.each([
    ['panther/AWS.CloudTrail.EventSelectorsDisabled/1.json', '2024-11-25T17:51:21Z'],
    ['panther/AWS.CloudTrail.LoginProfileCreatedOrModified/1.json', '2022-09-15T13:45:24Z'],
  ])('converts the non-ISO eventTime of %s to ISO UTC', (file, iso) => {
    const event = normalised(sharedEvent(file));

    expect(event.eventTime).toBe(iso);
    expect(event.quirks).toContain('event-time-not-iso');
  });

  it.each([
    [1_673_384_642, '2023-01-10T21:04:02Z'],
    [1_673_384_642_123, '2023-01-10T21:04:02.123Z'],
    ['1673384642', '2023-01-10T21:04:02Z'],
    ['Aug 1, 2024 1:37:41 PM', '2024-08-01T13:37:41Z'],
    ['Jun 2, 2024, 10:37:12 AM', '2024-06-02T10:37:12Z'],
    ['2024-08-01T15:37:41+02:00', '2024-08-01T13:37:41Z'],
    ['2024-08-01T13:37:41.250Z', '2024-08-01T13:37:41.250Z'],
  ])('converts eventTime %j on a real record to %s', (time, iso) => {
    const raw = { ...sharedEvent(ASSUMED_ROLE), eventTime: time };

    expect(normalised(raw).eventTime).toBe(iso);
  });

  it('keeps an unparseable eventTime as sent and flags it', () => {
    const event = normalised(sharedEvent('panther/AWS.Root.Activity/4.json'));

    expect(event.eventTime).toBe('redacted');
    expect(event.quirks).toContain('event-time-unparseable');
  });

  it('keeps a record without eventTime or eventID, with a synthesised stable id', () => {
    const raw = sharedEvent('panther/AWS.CloudTrail.PasswordSpraying/4.json');

    const first = normalised(raw);
    const second = normalised(structuredClone(raw));

    expect(first.eventName).toBe('ConsoleLogin');
    expect(first.eventTime).toBe('');
    expect(first.eventId).toMatch(/^synthetic-[0-9a-f]{32}$/);
    expect(second.eventId).toBe(first.eventId);
    expect(first.quirks).toEqual(expect.arrayContaining(['event-id-missing', 'event-time-missing']));
  });

  it('gives different records without ids different ids', () => {
    const a = normalised(sharedEvent('panther/AWS.CloudTrail.PasswordSpraying/1.json'));
    const b = normalised(sharedEvent('panther/AWS.CloudTrail.PasswordSpraying/2.json'));

    expect(a.eventId).not.toBe(b.eventId);
  });

  it('replaces a placeholder eventID ("redacted") so dedupe keys stay distinct', () => {
    const event = normalised(sharedEvent('panther/AWS.Root.Activity/4.json'));

    expect(event.eventId).toMatch(/^synthetic-/);
    expect(event.quirks).toContain('event-id-placeholder');
  });

  it.each([
    ['panther/AWS.Root.Activity/4.json', 'redacted'],
    ['panther/AWS.IAM.Backdoor.User.Keys/1.json', '123456789'],
    ['panther/AWS.Console.LoginWithoutMFA/9.json', '111111111111111'],
  ])('keeps the malformed account id of %s (%s) and flags it', (file, account) => {
    const event = normalised(sharedEvent(file));

    expect(event.accountId).toBe(account);
    expect(event.quirks).toContain('account-id-malformed');
  });

  it('keeps a fake region', () => {
    expect(normalised(sharedEvent('stratus/aws.defense-evasion.cloudtrail-stop/1.json')).awsRegion).toBe(
      'apiso-centralnorth-2r',
    );
  });

  it('reads an empty errorCode as no error', () => {
    const event = normalised(sharedEvent('panther/AWS.S3.BucketDeleted/1.json'));

    expect(event.errorCode).toBeUndefined();
    expect(isFailedCall(event)).toBe(false);
  });

  it.each([
    ['False', false],
    ['false', false],
    ['true', true],
    ['TRUE', true],
  ])('reads readOnly/managementEvent %j as a boolean', (text, value) => {
    const raw = { ...sharedEvent(ASSUMED_ROLE), readOnly: text, managementEvent: text };

    const event = normalised(raw);

    expect(event.readOnly).toBe(value);
    expect(event.managementEvent).toBe(value);
    expect(event.quirks).toContain('string-boolean');
  });

  it('reads mfaAuthenticated "False" as false', () => {
    const raw = sharedEvent(ASSUMED_ROLE);
    const identity = raw['userIdentity'] as { sessionContext: { attributes: Record<string, unknown> } };
    identity.sessionContext.attributes['mfaAuthenticated'] = 'False';

    expect(normalised(raw).userIdentity.sessionContext?.mfaAuthenticated).toBe(false);
  });

  it('reads responseElements "None" and requestParameters null as null', () => {
    const raw = { ...sharedEvent('panther/AWS.CloudTrail.RootAccessKeyCreated/1.json'), responseElements: 'None' };

    const event = normalised(raw);

    expect(event.responseElements).toBeNull();
    expect(event.requestParameters).toBeNull();
    expect(event.quirks).toContain('response-elements-none-string');
  });

  it('parses requestParameters sent as a JSON string', () => {
    const raw = { ...sharedEvent(ASSUMED_ROLE), requestParameters: '{"userName":"alice"}' };

    expect(normalised(raw).requestParameters).toEqual({ userName: 'alice' });
  });

  it('keeps aws-us-gov and malformed ARNs as sent', () => {
    const raw = sharedEvent(ASSUMED_ROLE);
    const gov = 'arn:aws-us-gov:sts::307578594326:assumed-role/Deploy/session';
    const govEvent = normalised({ ...raw, userIdentity: { ...(raw['userIdentity'] as object), arn: gov } });
    const malformed = normalised({ ...raw, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam:user/alice' } });

    expect(govEvent.userIdentity.arn).toBe(gov);
    expect(malformed.userIdentity).toEqual({ type: 'IAMUser', arn: 'arn:aws:iam:user/alice' });
  });

  it('infers the identity type from the ARN when the type is missing', () => {
    const raw = { ...sharedEvent(ASSUMED_ROLE), userIdentity: { arn: 'arn:aws:iam::123456789012:root' } };

    const event = normalised(raw);

    expect(event.userIdentity.type).toBe('Root');
    expect(event.quirks).toContain('identity-type-inferred');
  });

  it('keeps placeholder values ("...") of the StreamAlert fixtures', () => {
    const event = normalised(sharedEvent('streamalert/cloudtrail_critical_api_calls/1.json'));

    expect(event.userIdentity.type).toBe('...');
    expect(event.userIdentity.accountId).toBe('12345');
    expect(event.accountId).toBe('123456789123');
  });

  it('fills the event source of a known event name when it is missing', () => {
    const { eventSource: _dropped, ...raw } = sharedEvent(
      'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json',
    );

    const event = normalised(raw);

    expect(event.eventSource).toBe('signin.amazonaws.com');
    expect(event.quirks).toContain('event-source-inferred');
  });

  it('takes a masked event source (`...`, `redacted`) for missing, and says it was a placeholder', () => {
    for (const masked of ['...', 'REDACTED', ' - ']) {
      const event = normalised({
        ...sharedEvent('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json'),
        eventSource: masked,
      });
      expect(event.eventSource).toBe('signin.amazonaws.com');
      expect(event.quirks).toContain('event-source-placeholder');
      expect(event.quirks).not.toContain('event-source-inferred');
    }
    // An unknown name keeps nothing to route by.
    const unknown = normalised({
      ...sharedEvent('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json'),
      eventName: 'NotAnEvent',
      eventSource: '...',
    });
    expect(unknown.eventSource).toBe('');
    expect(unknown.quirks).toContain('event-source-missing');
  });
});

describe('normaliseRecord skips what is not an API call', () => {
  it.each([
    'awsdocs/cloudtrail-log-file-examples/5.json',
    'awsdocs/cloudtrail-log-file-examples/6.json',
    'awsdocs/cloudtrail-event-reference/2.json',
  ])('skips the Insights event %s', (file) => {
    expect(normaliseRecord(sharedEvent(file))).toMatchObject({ ok: false, reason: 'insights-event' });
  });

  it.each([
    [null, 'not-a-record'],
    [42, 'not-a-record'],
    ['{"eventName":"x"}', 'not-a-record'],
    [[{ eventName: 'CreateUser' }], 'not-a-record'],
    [{ eventSource: 'iam.amazonaws.com' }, 'missing-event-name'],
    [{ eventName: '' }, 'missing-event-name'],
    [{ eventName: 7 }, 'missing-event-name'],
  ])('skips %j as %s', (raw, reason) => {
    expect(normaliseRecord(raw)).toMatchObject({ ok: false, reason });
  });

  it('skips an object whose properties throw instead of throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );

    expect(normaliseRecord(hostile)).toMatchObject({ ok: false, reason: 'malformed-record' });
  });
});

function lowerCaseKeys(value: unknown, keep: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => lowerCaseKeys(item, keep));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key.toLowerCase(),
      keep.includes(key) ? item : lowerCaseKeys(item, keep),
    ]),
  );
}
