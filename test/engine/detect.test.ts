import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { step } from '../../shared/actions/step.js';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { IamEvent, SignInEvent } from '../../shared/cloudtrail/event-names.js';
import { createDetector, findingId } from '../../shared/engine/detect.js';
import { ANY_EVENT, defineRule, type Rule } from '../../shared/rules/support/define-rule.js';

function event(overrides: Partial<CloudTrailEvent> = {}): CloudTrailEvent {
  return {
    eventId: '3f0c8a52-5d0e-4d8b-9f21-6c1f0a7e2b11',
    eventName: IamEvent.CreateUser,
    eventSource: 'iam.amazonaws.com',
    eventTime: '2025-03-04T09:15:27Z',
    awsRegion: 'us-east-1',
    accountId: '111122223333',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.15.30',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      userName: 'alice',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    },
    requestParameters: { userName: 'bob' },
    responseElements: null,
    additionalEventData: null,
    quirks: [],
    ...overrides,
  };
}

function rule(id: string, options: Partial<Parameters<typeof defineRule>[0]> = {}): Rule {
  return defineRule({
    id,
    title: id,
    severity: 'low',
    on: [IamEvent.CreateUser],
    rationale: 'test rule',
    remediationSummary: 'none (alert)',
    defaultMode: 'alert',
    match: (e) => ({ target: { type: 'user', name: 'bob' }, summary: `${id} saw ${e.eventName}` }),
    ...options,
  });
}

const ruleIds = (findings: readonly { ruleId: string }[]) => findings.map((finding) => finding.ruleId);

describe('createDetector', () => {
  it('routes an event to the rules that name it and to ANY_EVENT rules only', () => {
    const detector = createDetector({
      rules: [
        rule('test.create-user'),
        rule('test.delete-user', { on: [IamEvent.DeleteUser] }),
        rule('test.any', { on: ANY_EVENT }),
      ],
    });

    expect(ruleIds(detector.detect(event()).findings)).toEqual(['test.create-user', 'test.any']);
    expect(ruleIds(detector.detect(event({ eventName: 'DescribeInstances' })).findings)).toEqual(['test.any']);
  });

  it('builds the full finding: actor, event facts, severity override, remediation in the event account and the rule mode', () => {
    const detector = createDetector({
      rules: [
        rule('test.create-user', {
          defaultMode: 'approve',
          match: () => ({ target: { type: 'user', name: 'bob' }, summary: 'alice created bob', severity: 'high' }),
          remediation: () => [step('quarantine-user', { userName: 'bob' })],
        }),
      ],
    });

    const [finding] = detector.detect(event()).findings;

    expect(finding).toMatchObject({
      ruleId: 'test.create-user',
      severity: 'high',
      eventId: '3f0c8a52-5d0e-4d8b-9f21-6c1f0a7e2b11',
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      eventTime: '2025-03-04T09:15:27Z',
      account: '111122223333',
      region: 'us-east-1',
      actor: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', name: 'alice', sourceIp: '203.0.113.24' },
      target: { type: 'user', name: 'bob' },
      summary: 'alice created bob',
      rationale: 'test rule',
      details: {},
    });
    expect(finding?.remediation).toEqual([
      {
        kind: 'quarantine-user',
        params: { userName: 'bob' },
        defaultMode: 'approve',
        description: 'Quarantine user bob (deny all, deactivate their access keys)',
        account: '111122223333',
      },
    ]);
  });

  it('gives deterministic ids: sha256(ruleId + newline + eventId), first 16 hex characters', () => {
    const expected = createHash('sha256')
      .update('test.create-user\n3f0c8a52-5d0e-4d8b-9f21-6c1f0a7e2b11')
      .digest('hex')
      .slice(0, 16);
    const first = createDetector({ rules: [rule('test.create-user'), rule('test.other')] }).detect(event());
    const again = createDetector({ rules: [rule('test.create-user')] }).detect(event());

    expect(first.findings[0]?.id).toBe(expected);
    expect(again.findings[0]?.id).toBe(expected);
    expect(findingId('test.create-user', '3f0c8a52-5d0e-4d8b-9f21-6c1f0a7e2b11')).toBe(expected);
    expect(first.findings[1]?.id).not.toBe(expected);
  });

  it('drops a finding superseded by a rule that matched the same event, keeps it otherwise', () => {
    const general = rule('test.general', { supersededBy: ['test.specific'] });
    const specific = rule('test.specific', {
      match: (e) => (e.requestParameters?.['userName'] === 'admin' ? { target: { type: 'user' }, summary: 's' } : null),
    });
    const detector = createDetector({ rules: [general, specific] });

    expect(ruleIds(detector.detect(event({ requestParameters: { userName: 'admin' } })).findings)).toEqual([
      'test.specific',
    ]);
    expect(ruleIds(detector.detect(event({ requestParameters: { userName: 'bob' } })).findings)).toEqual([
      'test.general',
    ]);
  });

  it('ignores failed calls before rules run, except for rules that include failures', () => {
    const detector = createDetector({
      rules: [
        rule('test.any', { on: ANY_EVENT }),
        rule('test.sign-in', { on: [SignInEvent.ConsoleLogin], includeFailures: true }),
        rule('test.sign-in-success', { on: [SignInEvent.ConsoleLogin] }),
      ],
    });
    const denied = event({ errorCode: 'AccessDenied', errorMessage: 'not authorized' });
    const failedSignIn = event({
      eventName: SignInEvent.ConsoleLogin,
      eventSource: 'signin.amazonaws.com',
      eventType: 'AwsConsoleSignIn',
      responseElements: { ConsoleLogin: 'Failure' },
      requestParameters: null,
    });

    expect(detector.detect(denied)).toEqual({ findings: [], ignored: 'failed-call' });
    expect(ruleIds(detector.detect(failedSignIn).findings)).toEqual(['test.sign-in']);
    expect(detector.stats()).toMatchObject({ events: 2, ignored: 1 });
  });

  it('survives a rule that throws: records it, skips that rule, keeps the others', () => {
    const detector = createDetector({
      rules: [
        rule('test.throws', {
          match: () => {
            throw new TypeError('boom');
          },
        }),
        rule('test.remediation-throws', {
          remediation: () => {
            throw new Error('no plan');
          },
        }),
        rule('test.fine'),
      ],
    });

    const detection = detector.detect(event());

    expect(ruleIds(detection.findings)).toEqual(['test.fine']);
    expect(detection.errors).toEqual([
      { ruleId: 'test.throws', eventId: '3f0c8a52-5d0e-4d8b-9f21-6c1f0a7e2b11', message: 'TypeError: boom' },
      { ruleId: 'test.remediation-throws', eventId: '3f0c8a52-5d0e-4d8b-9f21-6c1f0a7e2b11', message: 'Error: no plan' },
    ]);
    expect(detector.detect(event({ eventId: 'second' })).findings).toHaveLength(1);
    expect(detector.stats().ruleErrors).toBe(4);
  });

  it('returns no errors key when every rule ran cleanly', () => {
    const detection = createDetector({ rules: [rule('test.fine')] }).detect(event());
    expect(detection.errors).toBeUndefined();
    expect(detection.ignored).toBeUndefined();
  });
});
