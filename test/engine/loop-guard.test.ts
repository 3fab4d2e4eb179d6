import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { isWardenActor } from '../../shared/engine/loop-guard.js';

function eventBy(userIdentity: CloudTrailEvent['userIdentity']): CloudTrailEvent {
  return {
    eventId: 'e1',
    eventName: 'AttachUserPolicy',
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-01T10:00:00.000Z',
    awsRegion: 'us-east-1',
    userIdentity,
    requestParameters: null,
    responseElements: null,
    additionalEventData: null,
    quirks: [],
  };
}

describe('isWardenActor', () => {
  it.each([
    ['arn:aws:sts::123456789012:assumed-role/warden-prod-execute/warden-prod-execute', true],
    ['arn:aws:sts::222222222222:assumed-role/WardenRemediation/warden-remediation', true],
    ['arn:aws:sts::123456789012:assumed-role/wardenish-admin/alice', false],
    ['arn:aws:sts::123456789012:assumed-role/ci-deploy/warden-prod-execute', false],
    ['arn:aws:iam::123456789012:user/warden-prod-execute', false],
  ])('%s → %s', (arn, expected) => {
    expect(isWardenActor(eventBy({ type: arn.includes(':user/') ? 'IAMUser' : 'AssumedRole', arn }), 'warden')).toBe(
      expected,
    );
  });

  it('reads the session issuer when present', () => {
    const event = eventBy({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/warden-dev-execute/session',
      sessionContext: { sessionIssuer: { type: 'Role', userName: 'warden-dev-execute' } },
    });
    expect(isWardenActor(event, 'warden')).toBe(true);
    expect(isWardenActor(event, 'guard')).toBe(false);
  });
});
