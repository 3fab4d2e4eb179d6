import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventName, EVENT_SOURCE } from '../../shared/cloudtrail/event-names.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { createDetector } from '../../shared/engine/detect.js';

const names = Object.values(EventName);
const identityTypes = ['Root', 'IAMUser', 'AssumedRole', 'FederatedUser', 'AWSService', 'Unknown', '...', ''];
/** Any JSON value, with the keys rules read mixed in so odd shapes reach the rules' code. */
const ruleKeys = [
  'userName',
  'roleName',
  'policyArn',
  'name',
  'trailName',
  'functionName',
  'rule',
  'serialNumber',
  'eventSelectors',
  'advancedEventSelectors',
  'minimumPasswordLength',
  'requireSymbols',
  'isMultiRegionTrail',
  'kmsKeyId',
  'accessKey',
  'policyDocument',
];
const params = fc.oneof(
  fc.constant(null),
  fc.constant('None'),
  fc.dictionary(fc.constantFrom(...ruleKeys), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
);

const record = fc.record({
  eventID: fc.uuid(),
  eventName: fc.constantFrom(...names, 'DescribeInstances'),
  eventTime: fc.constant('2025-03-04T09:15:27Z'),
  awsRegion: fc.constantFrom('us-east-1', 'eu-west-1'),
  recipientAccountId: fc.constantFrom('111122223333', 'redacted'),
  errorCode: fc.option(fc.constant('AccessDenied'), { nil: undefined }),
  userIdentity: fc.record({
    type: fc.constantFrom(...identityTypes),
    arn: fc.option(
      fc.constantFrom(
        'arn:aws:iam::111122223333:root',
        'arn:aws:iam::111122223333:user/alice',
        'arn:aws:sts::111122223333:assumed-role/Ops/dave',
        'arn:aws:sts::111122223333:assumed-role/Ops',
        'not-an-arn',
      ),
      { nil: undefined },
    ),
    userName: fc.option(fc.string(), { nil: undefined }),
    invokedBy: fc.option(fc.constantFrom('signin.amazonaws.com', 'cloudformation.amazonaws.com', 'AWS Internal'), {
      nil: undefined,
    }),
  }),
  requestParameters: params,
  responseElements: params,
  additionalEventData: fc.option(fc.record({ MFAUsed: fc.constantFrom('Yes', 'No', 'YES', '') }), { nil: null }),
});

describe('detector on arbitrary records', () => {
  it('never throws and no rule throws, whatever the request and response hold', () => {
    const detector = createDetector();
    fc.assert(
      fc.property(record, (raw) => {
        const source = (EVENT_SOURCE as Record<string, string>)[raw.eventName] ?? 'ec2.amazonaws.com';
        const normalised = normaliseRecord({ ...raw, eventSource: source });
        if (!normalised.ok) return;
        const detection = detector.detect(normalised.event);
        expect(detection.errors).toBeUndefined();
        for (const finding of detection.findings) expect(finding.summary).not.toBe('');
      }),
      { numRuns: 3000, seed: 20250304 },
    );
  });
});
