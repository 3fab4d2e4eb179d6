import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { DEFAULT_ACCOUNT } from './moto-launcher.js';

/** A successful IAM call by IAM user alice in the default account, as the detector sees it (tests only). */
export function iamCall(eventName: string, requestParameters: Record<string, unknown>): CloudTrailEvent {
  return {
    eventId: `e-${eventName}`,
    eventName,
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-01T10:00:00.000Z',
    awsRegion: 'us-east-1',
    accountId: DEFAULT_ACCOUNT,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/alice`, userName: 'alice' },
    requestParameters,
    responseElements: null,
    additionalEventData: null,
    quirks: [],
  };
}
