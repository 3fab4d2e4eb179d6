import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { actorOf, isAwsServiceCall, isRoot, parseIdentityArn } from '../../shared/cloudtrail/identity.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../../shared/model/detection-settings.js';
import { sharedEvent } from './shared-events.js';

function eventOf(raw: unknown): CloudTrailEvent {
  const result = normaliseRecord(raw);
  if (!result.ok) throw new Error(`expected an event, got ${result.reason}`);
  return result.event;
}

const fromFile = (file: string) => eventOf(sharedEvent(file));
const withSettings = (patterns: string[]): DetectionSettings => ({
  ...DEFAULT_DETECTION_SETTINGS,
  deployRoles: patterns,
});
const ASSUMED_ROLE = 'stratus/aws.defense-evasion.organizations-leave/2.json';

describe('isRoot', () => {
  it.each([
    'panther/AWS.Console.RootLogin/1.json',
    'panther/AWS.CloudTrail.RootAccessKeyCreated/1.json',
    'panther/AWS.CloudTrail.PasswordSpraying/4.json',
    'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/6.json',
    'panther/AWS.Root.Activity/4.json',
  ])('is true for the root record %s', (file) => {
    expect(isRoot(fromFile(file))).toBe(true);
  });

  it.each([
    ASSUMED_ROLE,
    'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json',
    'panther/Role.Assumed.by.AWS.Service/1.json',
    'streamalert/cloudtrail_critical_api_calls/1.json',
  ])('is false for the non-root record %s', (file) => {
    expect(isRoot(fromFile(file))).toBe(false);
  });

  it('is true for a root ARN without a usable type, false for a user named root', () => {
    const base = sharedEvent(ASSUMED_ROLE);

    expect(isRoot(eventOf({ ...base, userIdentity: { type: '...', arn: 'arn:aws:iam::123456789012:root' } }))).toBe(
      true,
    );
    expect(
      isRoot(
        eventOf({
          ...base,
          userIdentity: { type: 'IAMUser', userName: 'root', arn: 'arn:aws:iam::123456789012:user/root' },
        }),
      ),
    ).toBe(false);
  });
});

describe('isAwsServiceCall', () => {
  it('is true for the AWSService identity type', () => {
    expect(isAwsServiceCall(fromFile('panther/Role.Assumed.by.AWS.Service/1.json'))).toBe(true);
  });

  it('is true when CloudFormation invoked the call', () => {
    expect(isAwsServiceCall(fromFile('panther/AWS.Suspicious.SAML.Activity/1.json'))).toBe(true);
  });

  it('is false for root acting in the console (invokedBy signin.amazonaws.com)', () => {
    expect(isAwsServiceCall(fromFile('panther/AWS.CloudTrail.RootAccessKeyCreated/1.json'))).toBe(false);
  });

  it.each([
    ['AWS Internal', true],
    ['sso.amazonaws.com', true],
    ['console.amazonaws.com', false],
    ['...', false],
  ])('reads invokedBy %j as service: %s', (invokedBy, expected) => {
    const base = sharedEvent(ASSUMED_ROLE);
    const raw = { ...base, userIdentity: { ...(base['userIdentity'] as object), invokedBy } };

    expect(isAwsServiceCall(eventOf(raw))).toBe(expected);
  });

  it('is false for a person calling directly', () => {
    expect(isAwsServiceCall(fromFile(ASSUMED_ROLE))).toBe(false);
  });
});

describe('actorOf', () => {
  it('describes root, even when the record carries a userName', () => {
    const actor = actorOf(fromFile('panther/AWS.Console.RootLogin/1.json'), DEFAULT_DETECTION_SETTINGS);

    expect(actor).toMatchObject({
      type: 'Root',
      name: 'root',
      arn: 'arn:aws:iam::123456789012:root',
      accountId: '123456789012',
    });
    expect(actor.sessionName).toBeUndefined();
  });

  it('describes root acting in the console with MFA', () => {
    const actor = actorOf(fromFile('panther/AWS.CloudTrail.RootAccessKeyCreated/1.json'), DEFAULT_DETECTION_SETTINGS);

    expect(actor).toMatchObject({
      type: 'Root',
      mfa: true,
      invokedBy: 'signin.amazonaws.com',
      sourceIp: '111.111.111.111',
    });
  });

  it('describes an IAM user signing in without MFA', () => {
    const actor = actorOf(
      fromFile('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json'),
      DEFAULT_DETECTION_SETTINGS,
    );

    expect(actor).toEqual({
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/anaya',
      accountId: '111122223333',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
      name: 'anaya',
      mfa: false,
      sourceIp: '192.0.2.0',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:62.0) Gecko/20100101 Firefox/62.0',
    });
  });

  it('reads MFAUsed "Yes" on a console sign-in', () => {
    const actor = actorOf(
      fromFile('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/2.json'),
      DEFAULT_DETECTION_SETTINGS,
    );

    expect(actor.mfa).toBe(true);
  });

  it('describes an assumed role: role name, session name, key, MFA', () => {
    const actor = actorOf(fromFile(ASSUMED_ROLE), DEFAULT_DETECTION_SETTINGS);

    expect(actor).toMatchObject({
      type: 'AssumedRole',
      name: 'stratus-red-team-leave-org-role',
      sessionName: 'aws-go-sdk-1722587398902687000',
      accessKeyId: 'ASIA36EV31F1RB3OA8IG',
      mfa: false,
    });
    expect(actor.iac).toBeUndefined();
  });

  it('describes a federated user: issuing user and federated name', () => {
    const actor = actorOf(fromFile('stratus/aws.persistence.sts-federation-token/2.json'), DEFAULT_DETECTION_SETTINGS);

    expect(actor).toMatchObject({
      type: 'FederatedUser',
      name: 'stratus-red-team-user-federation-user',
      sessionName: 'stratus_red_team',
    });
  });

  it('describes an AWS service by the service that called', () => {
    const actor = actorOf(fromFile('panther/Role.Assumed.by.AWS.Service/1.json'), DEFAULT_DETECTION_SETTINGS);

    expect(actor).toMatchObject({
      type: 'AWSService',
      name: 'lambda.amazonaws.com',
      invokedBy: 'lambda.amazonaws.com',
    });
  });

  it('does not break on an empty or malformed identity', () => {
    const base = sharedEvent(ASSUMED_ROLE);

    expect(actorOf(eventOf({ ...base, userIdentity: {} }), DEFAULT_DETECTION_SETTINGS)).toMatchObject({
      type: 'Unknown',
    });
    expect(
      actorOf(eventOf({ ...base, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam' } }), DEFAULT_DETECTION_SETTINGS),
    ).toEqual(expect.objectContaining({ type: 'IAMUser', arn: 'arn:aws:iam' }));
  });
});

describe('IaC detection', () => {
  it('marks CloudFormation by invokedBy', () => {
    expect(actorOf(fromFile('panther/AWS.Suspicious.SAML.Activity/1.json'), DEFAULT_DETECTION_SETTINGS).iac).toBe(
      'cloudformation',
    );
  });

  it('a Terraform user agent is shown as a claim and never marks the change as IaC', () => {
    const actor = actorOf(fromFile('panther/AWS.CloudTrail.EventSelectorsDisabled/3.json'), DEFAULT_DETECTION_SETTINGS);
    expect(actor.userAgentTool).toBe('terraform');
    expect(actor.iac).toBeUndefined();
  });

  it.each([
    ['pulumi-resource-aws/6.0.0 aws-sdk-go/1.44', 'pulumi'],
    ['aws-cdk/2.150.0 (node 20)', 'cdk'],
    ['aws-sdk-nodejs/2.1 linux/v18 serverless/3.38.0', 'serverless'],
    ['APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io)', 'terraform'],
    ['cloudformation.amazonaws.com', 'cloudformation'],
    ['aws-cli/2.15.0 Python/3.11', undefined],
  ])('reads user agent %j as the claim %s, and nothing more', (userAgent, tool) => {
    const raw = { ...sharedEvent(ASSUMED_ROLE), userAgent };

    const actor = actorOf(eventOf(raw), DEFAULT_DETECTION_SETTINGS);
    expect(actor.userAgentTool).toBe(tool);
    expect(actor.iac).toBeUndefined();
  });

  it.each([
    ['arn:aws:iam::307578594326:role/stratus-red-team-leave-org-role', 'configured-deploy-role'],
    ['arn:aws:iam::307578594326:role/some/path/stratus-red-team-leave-org-role', 'configured-deploy-role'],
    ['arn:aws:iam::307578594326:role/stratus-red-team-*', undefined],
    ['arn:aws:iam::*:role/stratus-red-team-leave-org-role', undefined],
    ['stratus-red-team-leave-org-role', undefined],
    ['arn:aws:iam::111111111111:role/stratus-red-team-leave-org-role', undefined],
    ['arn:aws:iam::307578594326:role/stratus-red-team', undefined],
  ])('matches deploy role %j only as an exact ARN', (arn, tool) => {
    expect(actorOf(fromFile(ASSUMED_ROLE), withSettings([arn])).iac).toBe(tool);
  });

  it('reads the deploy role from the AWS-set session issuer, not a lookalike session ARN', () => {
    const base = sharedEvent(ASSUMED_ROLE);
    const identity = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::307578594326:assumed-role/deploy/s',
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::307578594326:role/attacker' } },
    };
    const settings = withSettings(['arn:aws:iam::307578594326:role/deploy']);
    expect(actorOf(eventOf({ ...base, userIdentity: identity }), settings).iac).toBeUndefined();
  });

  it('an IAM user listed by exact ARN is a deploy principal; one with the same name elsewhere is not', () => {
    const base = sharedEvent(ASSUMED_ROLE);
    const user = (account: string) => ({
      type: 'IAMUser',
      arn: `arn:aws:iam::${account}:user/ci-bot`,
      userName: 'ci-bot',
    });
    const settings = withSettings(['arn:aws:iam::307578594326:user/ci-bot']);
    expect(actorOf(eventOf({ ...base, userIdentity: user('307578594326') }), settings).iac).toBe(
      'configured-deploy-role',
    );
    expect(actorOf(eventOf({ ...base, userIdentity: user('999999999999') }), settings).iac).toBeUndefined();
  });
});

describe('parseIdentityArn', () => {
  it.each([
    ['arn:aws:sts::123:assumed-role/RoleName/session', { kind: 'assumed-role', name: 'RoleName', session: 'session' }],
    [
      'arn:aws-us-gov:sts::123:assumed-role/R/s',
      { kind: 'assumed-role', name: 'R', roleArn: 'arn:aws-us-gov:iam::123:role/R' },
    ],
    ['arn:aws:iam::123:user/path/to/alice', { kind: 'user', name: 'alice' }],
    ['arn:aws:iam::123:root', { kind: 'other' }],
  ])('reads %s', (arn, parts) => {
    expect(parseIdentityArn(arn)).toMatchObject(parts);
  });

  it.each(['', '...', 'arn:aws:iam', 'not-an-arn', 'arn:aws:sts::123:assumed-role/'])('gives no role for %j', (arn) => {
    expect(parseIdentityArn(arn)?.kind ?? 'none').not.toBe('assumed-role');
  });
});
