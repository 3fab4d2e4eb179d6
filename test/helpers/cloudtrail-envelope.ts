import type { EventBridgeEvent } from 'aws-lambda';

export const ALICE_ARN = 'arn:aws:iam::123456789012:user/alice';

/** An EventBridge "AWS API Call via CloudTrail" event, as the default bus delivers it to functions/detect. */
export function cloudTrailEnvelope(
  detail: Record<string, unknown>,
  overrides: Partial<EventBridgeEvent<string, unknown>> = {},
): EventBridgeEvent<string, Record<string, unknown>> {
  return {
    version: '0',
    id: `eb-${String(detail['eventID'] ?? 'x')}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account: '123456789012',
    time: String(detail['eventTime'] ?? '2026-11-01T10:00:00Z'),
    region: 'us-east-1',
    resources: [],
    detail,
    ...overrides,
  } as EventBridgeEvent<string, Record<string, unknown>>;
}

/** AttachUserPolicy of `policyArn` to `userName`, made by `actorArn` (an IAM user or assumed-role session). */
export function attachUserPolicyRecord(options: {
  eventId: string;
  userName: string;
  policyArn: string;
  actorArn?: string;
}): Record<string, unknown> {
  const actorArn = options.actorArn ?? ALICE_ARN;
  const assumed = /:assumed-role\/([^/]+)\//.exec(actorArn);
  const userIdentity = assumed
    ? {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:session',
        arn: actorArn,
        accountId: '123456789012',
        accessKeyId: 'ASIAEXAMPLE',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLE',
            arn: `arn:aws:iam::123456789012:role/${assumed[1]}`,
            accountId: '123456789012',
            userName: assumed[1],
          },
          attributes: { creationDate: '2026-11-01T09:59:00Z', mfaAuthenticated: 'false' },
        },
      }
    : {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLE',
        arn: actorArn,
        accountId: '123456789012',
        accessKeyId: 'AKIAEXAMPLE',
        userName: actorArn.split('/').pop(),
      };
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime: '2026-11-01T10:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'AttachUserPolicy',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { userName: options.userName, policyArn: options.policyArn },
    responseElements: null,
    requestID: `req-${options.eventId}`,
    eventID: options.eventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
  };
}
