import { describe, expect, it } from 'vitest';
import { isAdminEquivalent, isAdminManagedPolicyArn } from '../../shared/policy/admin-equivalent.js';
import { parsePolicyDocument } from '../../shared/policy/parse-policy-document.js';
import { findPrivilegeEscalations } from '../../shared/policy/privilege-escalation.js';
import { analyseTrustPolicy } from '../../shared/policy/trust-analysis.js';
import { findWriteWildcards } from '../../shared/policy/write-wildcards.js';
import { parsedPolicy, sharedRecord } from './parsed-policy.js';

/** Documents as they appear in the labelled third-party records in ../shared/events. */
function field(file: string, dotted: string): unknown {
  let value: unknown = sharedRecord(file);
  for (const key of dotted.split('.')) value = (value as Record<string, unknown>)[key];
  return value;
}

const settingsFor = (file: string) => ({
  ownAccount: String(sharedRecord(file)['recipientAccountId']),
  knownAccounts: [],
});

const trustKinds = (file: string, dotted: string) =>
  analyseTrustPolicy(parsedPolicy(field(file, dotted)), settingsFor(file)).map(
    (issue) => `${issue.kind} ${issue.principal}`,
  );

describe('policy documents from ../shared/events', () => {
  it('stratus CreateRole: the JSON request document and the URL-encoded response document agree', () => {
    const file = 'stratus/aws.persistence.iam-create-backdoor-role/2.json';
    const request = parsePolicyDocument(field(file, 'requestParameters.assumeRolePolicyDocument'));
    expect(String(field(file, 'responseElements.role.assumeRolePolicyDocument'))).toMatch(/^%7B/);
    expect(request.ok).toBe(true);
    expect(parsePolicyDocument(field(file, 'responseElements.role.assumeRolePolicyDocument'))).toEqual(request);
  });

  it.each([
    [
      'awsdocs/cloudtrail-log-file-examples/3.json',
      'requestParameters.assumeRolePolicyDocument',
      ['outside-account arn:aws:iam::210987654321:root'],
    ],
    // the AWS documentation example names a different account in its (URL-encoded) response
    [
      'awsdocs/cloudtrail-log-file-examples/3.json',
      'responseElements.role.assumeRolePolicyDocument',
      ['outside-account arn:aws:iam::803981987763:root'],
    ],
    [
      'stratus/aws.persistence.iam-create-backdoor-role/2.json',
      'requestParameters.assumeRolePolicyDocument',
      ['outside-account arn:aws:iam::193672423079:root'],
    ],
    [
      'stratus/aws.persistence.iam-create-backdoor-role/2.json',
      'responseElements.role.assumeRolePolicyDocument',
      ['outside-account arn:aws:iam::193672423079:root'],
    ],
  ])('CreateRole trust %s %s', (file, dotted, issues) => {
    expect(trustKinds(file, dotted)).toEqual(issues);
  });

  it('traildiscover CreateServiceLinkedRole: URL-encoded service trust is fine', () => {
    const file = 'traildiscover/IAM-CreateServiceLinkedRole/1.json';
    expect(parsedPolicy(field(file, 'responseElements.role.assumeRolePolicyDocument'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['autoscaling.amazonaws.com'] } },
      ].map(({ Action, Effect, Principal }) => ({ Effect, Action, Principal })),
    });
    expect(trustKinds(file, 'responseElements.role.assumeRolePolicyDocument')).toEqual([]);
  });

  it.each([
    ['panther/AWS.IAM.BackdoorRole/1.json', ['public *']],
    ['panther/AWS.IAM.BackdoorRole/2.json', []],
    ['stratus/aws.persistence.iam-backdoor-role/1.json', ['outside-account arn:aws:iam::193672423079:root']],
  ])('UpdateAssumeRolePolicy %s', (file, issues) => {
    expect(trustKinds(file, 'requestParameters.policyDocument')).toEqual(issues);
  });

  it('Lambda AddPermission statement (escaped JSON string of a bare statement) is public', () => {
    const file = 'stratus/aws.persistence.lambda-backdoor-function/1.json';
    expect(trustKinds(file, 'responseElements.statement')).toEqual(['public *']);
  });

  it('GetFederationToken session policy "*" on "*" is admin-equivalent', () => {
    const doc = parsedPolicy(field('stratus/aws.persistence.sts-federation-token/1.json', 'requestParameters.policy'));
    expect(isAdminEquivalent(doc)).toBe(true);
    expect(findWriteWildcards(doc).map((grant) => grant.kind)).toEqual(['action', 'resource']);
  });

  it.each(['panther/AWS.CloudTrail.IAMCompromisedKeyQuarantine/2.json', 'panther/AWS.IAM.AccessKeyCompromised/1.json'])(
    'deny-only quarantine policy %s grants nothing',
    (file) => {
      const doc = parsedPolicy(field(file, 'requestParameters.policyDocument'));
      expect(doc.Statement.every((statement) => statement.Effect === 'Deny')).toBe(true);
      expect(isAdminEquivalent(doc)).toBe(false);
      expect(findPrivilegeEscalations(doc)).toEqual([]);
      expect(findWriteWildcards(doc)).toEqual([]);
    },
  );

  it.each([
    ['panther/AWS.IAM.AttachAdminRolePolicy/1.json', 'requestParameters.policyArn', true],
    ['panther/AWS.IAM.AttachAdminUserPolicy/1.json', 'requestParameters.policyArn', true],
    ['stratus/aws.persistence.iam-create-admin-user/1.json', 'requestParameters.policyArn', true],
    ['stratus/aws.persistence.iam-create-backdoor-role/1.json', 'requestParameters.policyArn', true],
    // an SSO role whose name contains AdministratorAccess is not the managed policy
    ['traildiscover/IAM-CreateServiceLinkedRole/1.json', 'userIdentity.sessionContext.sessionIssuer.arn', false],
    ['traildiscover/IAM-CreateServiceLinkedRole/1.json', 'userIdentity.arn', false],
  ])('%s %s admin ARN → %s', (file, dotted, expected) => {
    expect(isAdminManagedPolicyArn(String(field(file, dotted)))).toBe(expected);
  });
});
