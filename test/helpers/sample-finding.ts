import { remediationStep as step } from './remediation-step.js';
import type { Finding } from '../../shared/model/finding.js';

/** A critical admin-attach finding, as the detector builds it; override what a test varies. */
export function sampleFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'f0123456789abcdef',
    ruleId: 'iam.admin-policy-attached',
    title: 'Administrator-equivalent policy attached',
    severity: 'critical',
    eventId: '11111111-2222-3333-4444-555555555555',
    eventName: 'AttachUserPolicy',
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-01T10:00:00.000Z',
    account: '123456789012',
    region: 'us-east-1',
    actor: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/mallory',
      accountId: '123456789012',
      name: 'mallory',
      mfa: false,
      sourceIp: '203.0.113.9',
      userAgent: 'aws-cli/2.15.0',
    },
    target: { type: 'user', name: 'bob', arn: 'arn:aws:iam::123456789012:user/bob' },
    summary: 'mallory attached AdministratorAccess to user bob',
    rationale: 'Least privilege: nobody gets *:* for daily work.',
    details: {},
    remediation: [
      step(
        'detach-policy',
        { principalKind: 'user', principalName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        'approve',
        'Detach AdministratorAccess from user bob',
        '123456789012',
      ),
    ],
    ...overrides,
  };
}
