/** Small raw CloudTrail records for replay tests (shapes as CloudTrail writes them). */
const ACCOUNT = '111122223333';

export function rootConsoleLogin(eventID = 'a1b2c3d4-0000-4000-8000-000000000001') {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
    eventTime: '2026-11-02T08:15:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'Mozilla/5.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
    eventID,
    eventType: 'AwsConsoleSignIn',
    recipientAccountId: ACCOUNT,
  };
}

export function stopLogging(eventID = 'a1b2c3d4-0000-4000-8000-000000000002', errorCode?: string) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE000000001',
      arn: `arn:aws:iam::${ACCOUNT}:user/mallory`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAEXAMPLE000000001',
      userName: 'mallory',
    },
    eventTime: '2026-11-02T08:20:00Z',
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: { name: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-trail` },
    responseElements: null,
    eventID,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...(errorCode ? { errorCode, errorMessage: 'denied' } : {}),
  };
}

export function describeInstances(eventID = 'a1b2c3d4-0000-4000-8000-000000000003') {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE000000001:ops',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ReadOnly/ops`,
      accountId: ACCOUNT,
      sessionContext: { attributes: { mfaAuthenticated: 'true', creationDate: '2026-11-02T08:00:00Z' } },
    },
    eventTime: '2026-11-02T08:25:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.8',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: { instancesSet: {}, filterSet: {} },
    responseElements: null,
    eventID,
    readOnly: true,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  };
}
