/**
 * Inline Put*Policy replacements and Delete*Policy show what they removed when
 * the before-document is known (the --context file offline, the document
 * snapshot live): both read `IamContext.inlinePolicy`.
 */
import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { authorizationDetailsContext } from '../../shared/context/authorization-details-context.js';
import { createDetector } from '../../shared/engine/detect.js';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/model/detection-settings.js';
import type { Finding } from '../../shared/model/finding.js';
import type { IamContext } from '../../shared/rules/support/rule-context.js';

const ACCOUNT = '123456789012';
const READ_WRITE = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: 'arn:aws:s3:::reports/*',
    },
  ],
};
const READ_ONLY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
};

/** A context file holding role `reports` with inline policy `s3-access` = READ_WRITE, in ACCOUNT. */
const CONTEXT: IamContext = authorizationDetailsContext({
  RoleDetailList: [
    {
      RoleName: 'reports',
      Arn: `arn:aws:iam::${ACCOUNT}:role/reports`,
      AssumeRolePolicyDocument: encodeURIComponent(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      ),
      RolePolicyList: [{ PolicyName: 's3-access', PolicyDocument: encodeURIComponent(JSON.stringify(READ_WRITE)) }],
    },
  ],
  UserDetailList: [
    {
      UserName: 'carol',
      Arn: `arn:aws:iam::${ACCOUNT}:user/carol`,
      UserPolicyList: [{ PolicyName: 'reports', PolicyDocument: READ_WRITE }],
    },
  ],
});

let sequence = 0;
function iamEvent(eventName: string, requestParameters: Record<string, unknown>): CloudTrailEvent {
  sequence += 1;
  const result = normaliseRecord({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      userName: 'alice',
    },
    eventTime: '2025-03-14T09:21:07Z',
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.15.30',
    requestParameters,
    responseElements: null,
    requestID: `req-inline-${sequence}`,
    eventID: `00000000-0000-4000-9000-${String(sequence).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
  });
  if (!result.ok) throw new Error(`test event not accepted: ${result.reason}`);
  return result.event;
}

function finding(event: CloudTrailEvent, ruleId: string, context: IamContext = CONTEXT): Finding {
  const findings = createDetector({ context, settings: DEFAULT_DETECTION_SETTINGS }).detect(event).findings;
  const found = findings.filter((f) => f.ruleId === ruleId);
  expect(found, findings.map((f) => f.ruleId).join(', ')).toHaveLength(1);
  return found[0] as Finding;
}

const putReadOnly = (): CloudTrailEvent =>
  iamEvent('PutRolePolicy', {
    roleName: 'reports',
    policyName: 's3-access',
    policyDocument: JSON.stringify(READ_ONLY),
  });

describe('inline policy replacement with a known before-document', () => {
  it('iam.inline-policy-added says the put replaced a document and names what it removed', () => {
    const added = finding(putReadOnly(), 'iam.inline-policy-added');
    expect(added.summary).toBe(
      'alice put inline policy s3-access on role reports, replacing the previous document and removing ' +
        's3:PutObject, s3:DeleteObject (prefer a managed policy)',
    );
    expect(added.details.notes).toEqual(['replaced an existing inline policy of that name']);
    expect(added.details.policyDiff).toEqual([
      '- s3:PutObject on arn:aws:s3:::reports/*',
      '- s3:DeleteObject on arn:aws:s3:::reports/*',
    ]);
  });

  it('iam.policy-changed carries the removal lines and no "may have existed" note', () => {
    const changed = finding(putReadOnly(), 'iam.policy-changed');
    expect(changed.details.policyDiff).toEqual([
      '- s3:PutObject on arn:aws:s3:::reports/*',
      '- s3:DeleteObject on arn:aws:s3:::reports/*',
    ]);
    expect(changed.details.notes).toEqual([]);
  });

  it('matches the principal in the event account only: another account sees no before-document', () => {
    const other = authorizationDetailsContext({
      RoleDetailList: [
        {
          RoleName: 'reports',
          Arn: 'arn:aws:iam::999999999999:role/reports',
          RolePolicyList: [{ PolicyName: 's3-access', PolicyDocument: READ_WRITE }],
        },
      ],
    });
    const added = finding(putReadOnly(), 'iam.inline-policy-added', other);
    expect(added.summary).toBe('alice put inline policy s3-access on role reports (prefer a managed policy)');
    expect(added.details.notes).toEqual([]);
  });

  it('a user inline policy deleted shows what it granted', () => {
    const event = iamEvent('DeleteUserPolicy', { userName: 'carol', policyName: 'reports' });
    const changed = finding(event, 'iam.policy-changed');
    expect(changed.summary).toBe('alice deleted inline policy reports from user carol');
    expect(changed.details.policyDiff).toEqual([
      '- s3:GetObject on arn:aws:s3:::reports/*',
      '- s3:PutObject on arn:aws:s3:::reports/*',
      '- s3:DeleteObject on arn:aws:s3:::reports/*',
    ]);
  });
});

describe('authorizationDetailsContext before-documents', () => {
  it('gives role trust policies and user/role inline policies, case-insensitively, per account', () => {
    expect(CONTEXT.roleTrustPolicy?.('REPORTS', ACCOUNT)?.Statement[0]).toMatchObject({
      Principal: { Service: ['lambda.amazonaws.com'] },
    });
    expect(CONTEXT.roleTrustPolicy?.('reports', '999999999999')).toBeUndefined();
    expect(CONTEXT.inlinePolicy?.('role', 'reports', 'S3-ACCESS', ACCOUNT)?.Statement[0]?.Action).toEqual([
      's3:GetObject',
      's3:PutObject',
      's3:DeleteObject',
    ]);
    expect(CONTEXT.inlinePolicy?.('user', 'carol', 'reports')).toBeDefined();
    expect(CONTEXT.inlinePolicy?.('group', 'carol', 'reports')).toBeUndefined();
    expect(CONTEXT.inlinePolicy?.('role', 'reports', 'other')).toBeUndefined();
  });
});
