/**
 * Behaviour of the policy rules that the fixtures do not show: severity
 * overrides, which rule wins when several match (supersededBy), the exact
 * remediation steps per write type, and the details (diff, notes) on findings.
 */
import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { createDetector } from '../../shared/engine/detect.js';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../../shared/model/detection-settings.js';
import type { Finding } from '../../shared/model/finding.js';
import { privilegeEscalationGranted } from '../../shared/rules/iam-privilege-escalation-granted.js';
import type { IamContext } from '../../shared/rules/support/rule-context.js';
import { fixtureContext, type FixtureContext } from '../helpers/fixture-context.js';

const ACCOUNT = '123456789012';
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const PASSROLE_LAMBDA = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
  ],
};
const ONE_BUCKET_WRITE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::artifacts-prod/*' }],
};
const ONE_BUCKET_READ = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::artifacts-prod/*' }],
};
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

let sequence = 0;

/** A successful IAM call by IAM user alice in account 123456789012, normalised as the detector sees it. */
function iamEvent(
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
): CloudTrailEvent {
  sequence += 1;
  const result = normaliseRecord({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAQOK7EXAMPLEKEY01',
      userName: 'alice',
    },
    eventTime: '2025-03-14T09:21:07Z',
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.15.30',
    requestParameters,
    responseElements,
    requestID: `req-${sequence}`,
    eventID: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
  });
  if (!result.ok) throw new Error(`test event not accepted: ${result.reason}`);
  return result.event;
}

function detect(
  event: CloudTrailEvent,
  context: FixtureContext = {},
  settings?: Partial<DetectionSettings>,
): Finding[] {
  const detector = createDetector({
    context: fixtureContext(context),
    settings: { ...DEFAULT_DETECTION_SETTINGS, ...settings },
  });
  return detector.detect(event).findings;
}

function only(findings: Finding[], ruleId: string): Finding {
  const found = findings.filter((finding) => finding.ruleId === ruleId);
  expect(found, `findings of ${ruleId} among ${findings.map((f) => f.ruleId).join(', ')}`).toHaveLength(1);
  return found[0] as Finding;
}

const ruleIds = (findings: Finding[]) => findings.map((finding) => finding.ruleId).sort();

describe('iam.user-added-to-admin-group', () => {
  const addBob = () => iamEvent('AddUserToGroup', { groupName: 'admins', userName: 'bob' });

  it('reports an unknown group at medium, says it was not analysed, and plans no action', () => {
    const finding = only(detect(addBob()), 'iam.user-added-to-admin-group');

    expect(finding.severity).toBe('medium');
    expect(finding.details.contentAnalysed).toBe(false);
    expect(finding.summary).toBe("alice added user bob to group admins; the group's permissions were not analysed");
    expect(finding.remediation).toEqual([]);
  });

  it('reports a known admin group as critical with a remove-user-from-group step in the event account', () => {
    const context = {
      groups: { admins: { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], inlinePolicies: [] } },
    };

    const finding = only(detect(addBob(), context), 'iam.user-added-to-admin-group');

    expect(finding.severity).toBe('critical');
    expect(finding.details.contentAnalysed).toBe(true);
    expect(finding.target).toEqual({ type: 'user', name: 'bob', id: 'admins' });
    expect(finding.remediation).toEqual([
      {
        kind: 'remove-user-from-group',
        params: { userName: 'bob', groupName: 'admins' },
        defaultMode: 'approve',
        description: 'Remove user bob from group admins',
        account: ACCOUNT,
      },
    ]);
  });

  it('judges the group on all its policies together: a Deny in one limits an Allow in another', () => {
    const context = {
      managedPolicies: {
        [policyArn('everything')]: { defaultVersionId: 'v1', versions: { v1: ADMIN } },
      },
      groups: {
        admins: {
          managedPolicyArns: [policyArn('everything')],
          inlinePolicies: [
            { name: 'no-iam', document: { Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] } },
          ],
        },
        owners: { managedPolicyArns: [policyArn('everything')], inlinePolicies: [] },
      },
    };

    const guarded = detect(addBob(), context);
    const open = detect(iamEvent('AddUserToGroup', { groupName: 'owners', userName: 'bob' }), context);

    expect(guarded.filter((finding) => finding.ruleId === 'iam.user-added-to-admin-group')).toEqual([]);
    expect(only(open, 'iam.user-added-to-admin-group').severity).toBe('critical');
  });

  it('says the group was only partly analysed when an attached customer policy is unknown', () => {
    const context = {
      groups: {
        admins: {
          managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', policyArn('mystery')],
          inlinePolicies: [],
        },
      },
    };

    const finding = only(detect(addBob(), context), 'iam.user-added-to-admin-group');

    expect(finding.severity).toBe('medium');
    expect(finding.details.contentAnalysed).toBe(false);
    expect(finding.details.notes).toEqual([`content of ${policyArn('mystery')} is not known; not analysed`]);
    expect(finding.remediation).toEqual([]);
  });
});

describe('which rule speaks for a policy write (supersededBy)', () => {
  it('an AWS admin policy attached to a role gives only the admin finding', () => {
    const event = iamEvent('AttachRolePolicy', {
      roleName: 'ci-deploy',
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });

    const findings = detect(event);

    expect(ruleIds(findings)).toEqual(['iam.admin-policy-attached']);
    expect(findings[0]?.summary).toBe('alice attached AdministratorAccess to role ci-deploy');
  });

  it('an admin inline policy gives the admin finding and the inline hygiene finding, not escalation or wildcard', () => {
    const event = iamEvent('PutUserPolicy', {
      userName: 'bob',
      policyName: 'everything',
      policyDocument: JSON.stringify(ADMIN),
    });

    expect(ruleIds(detect(event))).toEqual(['iam.admin-inline-policy', 'iam.inline-policy-added']);
  });

  it('an escalating default version is reported once, by iam.policy-version-escalated', () => {
    const event = iamEvent(
      'CreatePolicyVersion',
      { policyArn: policyArn('lambda-deployer'), policyDocument: JSON.stringify(PASSROLE_LAMBDA), setAsDefault: true },
      { policyVersion: { versionId: 'v2', isDefaultVersion: true } },
    );
    const context = {
      managedPolicies: {
        [policyArn('lambda-deployer')]: { defaultVersionId: 'v1', versions: { v1: ONE_BUCKET_READ } },
      },
    };

    expect(ruleIds(detect(event, context))).toEqual(['iam.policy-version-escalated']);
  });

  it('an escalating inline policy hides the wildcard and changed findings behind the escalation finding', () => {
    const event = iamEvent('PutRolePolicy', {
      roleName: 'dev-sandbox',
      policyName: 'lambda-dev',
      policyDocument: JSON.stringify(PASSROLE_LAMBDA),
    });

    expect(ruleIds(detect(event))).toEqual(['iam.inline-policy-added', 'iam.privilege-escalation-granted']);
  });

  it('a removed permissions boundary gives only the boundary finding', () => {
    const event = iamEvent('DeleteRolePermissionsBoundary', { roleName: 'app-runtime' });

    expect(ruleIds(detect(event))).toEqual(['iam.permissions-boundary-removed']);
  });
});

describe('remediation steps per write type', () => {
  it('attach → detach-policy of exactly that policy from that principal', () => {
    const event = iamEvent('AttachGroupPolicy', {
      groupName: 'platform',
      policyArn: 'arn:aws-cn:iam::aws:policy/AdministratorAccess',
    });

    const finding = only(detect(event), 'iam.admin-policy-attached');

    expect(finding.remediation).toEqual([
      {
        kind: 'detach-policy',
        params: {
          principalKind: 'group',
          principalName: 'platform',
          policyArn: 'arn:aws-cn:iam::aws:policy/AdministratorAccess',
        },
        defaultMode: 'approve',
        description: 'Detach AdministratorAccess from group platform',
        account: ACCOUNT,
      },
    ]);
  });

  it('inline put → delete-inline-policy of that policy name', () => {
    const event = iamEvent('PutRolePolicy', {
      roleName: 'dev-sandbox',
      policyName: 'lambda-dev',
      policyDocument: JSON.stringify(PASSROLE_LAMBDA),
    });

    const finding = only(detect(event), 'iam.privilege-escalation-granted');

    expect(finding.remediation.map((step) => [step.kind, step.params, step.defaultMode])).toEqual([
      [
        'delete-inline-policy',
        { principalKind: 'role', principalName: 'dev-sandbox', policyName: 'lambda-dev' },
        'approve',
      ],
    ]);
  });

  it('new default version → revert-default-policy-version with the previous default when the context knows it', () => {
    const event = iamEvent(
      'CreatePolicyVersion',
      {
        policyArn: policyArn('lambda-deployer'),
        policyDocument: JSON.stringify(PASSROLE_LAMBDA),
        setAsDefault: 'true',
      },
      { policyVersion: { versionId: 'v2', isDefaultVersion: true } },
    );
    const context = fixtureContext({
      managedPolicies: {
        [policyArn('lambda-deployer')]: { defaultVersionId: 'v1', versions: { v1: ONE_BUCKET_READ } },
      },
    });
    const input = { context, settings: DEFAULT_DETECTION_SETTINGS };

    // Through the detector this finding gives way to iam.policy-version-escalated; its own plan is still checked.
    const match = privilegeEscalationGranted.match(event as never, input);
    expect(match).not.toBeNull();
    const steps = privilegeEscalationGranted.remediation?.(match!, event as never, input);

    expect(steps?.map((step) => [step.kind, step.params])).toEqual([
      [
        'revert-default-policy-version',
        { policyArn: policyArn('lambda-deployer'), newVersionId: 'v2', previousVersionId: 'v1' },
      ],
    ]);
  });

  it('SetDefaultPolicyVersion → revert from the version set back to the previous default', () => {
    const event = iamEvent('SetDefaultPolicyVersion', { policyArn: policyArn('artifact-writer'), versionId: 'v3' });
    const context = {
      managedPolicies: {
        [policyArn('artifact-writer')]: {
          defaultVersionId: 'v2',
          versions: { v1: ONE_BUCKET_READ, v2: ONE_BUCKET_WRITE, v3: ADMIN },
        },
      },
    };

    const finding = only(detect(event, context), 'iam.policy-version-escalated');

    expect(finding.severity).toBe('critical');
    expect(finding.remediation.map((step) => [step.kind, step.params])).toEqual([
      [
        'revert-default-policy-version',
        { policyArn: policyArn('artifact-writer'), newVersionId: 'v3', previousVersionId: 'v2' },
      ],
    ]);
  });

  it('leaves previousVersionId out when the previous default is unknown (apply re-reads it)', () => {
    const event = iamEvent(
      'CreatePolicyVersion',
      { policyArn: policyArn('ops-tools'), policyDocument: JSON.stringify(ADMIN), setAsDefault: true },
      { policyVersion: { versionId: 'v5', isDefaultVersion: true } },
    );

    const finding = only(detect(event), 'iam.policy-version-escalated');

    expect(finding.remediation.map((step) => step.params)).toEqual([
      { policyArn: policyArn('ops-tools'), newVersionId: 'v5' },
    ]);
    expect(finding.summary).toBe(
      'alice made v5 the default version of ops-tools, which is administrator-equivalent ' +
        '(the previous default version was not analysed)',
    );
  });

  it('plans no revert when the record does not say which version was created', () => {
    const event = iamEvent('CreatePolicyVersion', {
      policyArn: policyArn('ops-tools'),
      policyDocument: JSON.stringify(ADMIN),
      setAsDefault: true,
    });

    expect(only(detect(event), 'iam.policy-version-escalated').remediation).toEqual([]);
  });

  it('boundary removed → restore-permissions-boundary on that principal', () => {
    const event = iamEvent('DeleteUserPermissionsBoundary', { userName: 'contractor-1' });

    const finding = only(detect(event), 'iam.permissions-boundary-removed');

    expect(finding.remediation.map((step) => [step.kind, step.params])).toEqual([
      [
        'restore-permissions-boundary',
        { principalKind: 'user', principalName: 'contractor-1', changedAt: '2025-03-14T09:21:07Z' },
      ],
    ]);
  });

  it('trust opened → quarantine-role, and none when the record does not name the role', () => {
    const policyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
    });

    const named = only(
      detect(iamEvent('UpdateAssumeRolePolicy', { roleName: 'ci-deploy', policyDocument })),
      'iam.trust-policy-opened',
    );
    const unnamed = only(detect(iamEvent('UpdateAssumeRolePolicy', { policyDocument })), 'iam.trust-policy-opened');

    expect(named.remediation.map((step) => [step.kind, step.params])).toEqual([
      ['quarantine-role', { roleName: 'ci-deploy' }],
    ]);
    expect(named.summary).toBe('alice changed the trust policy of role ci-deploy so that anyone (*) can assume it');
    expect(unnamed.remediation).toEqual([]);
  });
});

describe('organisation-aware trust', () => {
  const orgPinned = (orgId: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
        },
      ],
    });
  const event = () =>
    iamEvent('UpdateAssumeRolePolicy', { roleName: 'shared', policyDocument: orgPinned('o-zz9attacker1') });

  it('an organisation that cannot be verified is reported at low, saying so', () => {
    const finding = only(detect(event()), 'iam.trust-policy-opened');
    expect(finding.severity).toBe('low');
    expect(finding.details.notes?.join(' ')).toContain('not verified');
  });

  it('the organisation id Organizations reports makes another organisation outside (critical)', () => {
    const context: IamContext = { ...fixtureContext(), organization: () => ({ id: 'o-a1b2c3d4e5', accounts: [] }) };
    const detector = createDetector({ context, settings: DEFAULT_DETECTION_SETTINGS });
    const finding = only(detector.detect(event()).findings, 'iam.trust-policy-opened');
    expect(finding.severity).toBe('critical');
    const ours = detector.detect(
      iamEvent('UpdateAssumeRolePolicy', { roleName: 'shared', policyDocument: orgPinned('o-a1b2c3d4e5') }),
    );
    expect(ours.findings.filter((f) => f.ruleId === 'iam.trust-policy-opened')).toEqual([]);
  });

  it("the organisation's member accounts are known accounts", () => {
    const policyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }],
    });
    const member: IamContext = {
      ...fixtureContext(),
      organization: () => ({ id: 'o-a1b2c3d4e5', accounts: ['444455556666'] }),
    };
    const trustEvent = iamEvent('UpdateAssumeRolePolicy', { roleName: 'shared', policyDocument });
    const withOrg = createDetector({ context: member, settings: DEFAULT_DETECTION_SETTINGS }).detect(trustEvent);
    expect(withOrg.findings.filter((f) => f.ruleId === 'iam.trust-policy-opened')).toEqual([]);
    expect(only(detect(trustEvent), 'iam.trust-policy-opened').severity).toBe('critical');
  });
});

describe('details on policy findings', () => {
  it('a broader default version carries the diff lines', () => {
    const event = iamEvent(
      'CreatePolicyVersion',
      {
        policyArn: policyArn('artifact-writer'),
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
              Resource: 'arn:aws:s3:::*',
            },
          ],
        }),
        setAsDefault: 'True',
      },
      { policyVersion: { versionId: 'v2', isDefaultVersion: true } },
    );
    const context = {
      managedPolicies: {
        [policyArn('artifact-writer')]: { defaultVersionId: 'v1', versions: { v1: ONE_BUCKET_WRITE } },
      },
    };

    const finding = only(detect(event, context), 'iam.policy-version-escalated');

    expect(finding.severity).toBe('high');
    expect(finding.details.policyDiff).toContain('+ s3:DeleteObject on arn:aws:s3:::*');
    expect(finding.details.policyDiff?.some((line) => line.startsWith('resource widened:'))).toBe(true);
    expect(finding.details.notes).toEqual(['compared with the previous default version v1']);
  });

  it('treats a context that already shows the new version as default as not knowing the previous one', () => {
    const event = iamEvent(
      'CreatePolicyVersion',
      { policyArn: policyArn('reports'), policyDocument: JSON.stringify(ONE_BUCKET_WRITE), setAsDefault: true },
      { policyVersion: { versionId: 'v2', isDefaultVersion: true } },
    );
    // A snapshot taken after the event: v2 is already the default.
    const context = {
      managedPolicies: {
        [policyArn('reports')]: { defaultVersionId: 'v2', versions: { v1: ONE_BUCKET_READ, v2: ONE_BUCKET_WRITE } },
      },
    };

    const findings = detect(event, context);

    expect(ruleIds(findings)).toEqual(['iam.policy-changed']);
    expect(findings[0]?.details.notes).toEqual([
      'the previous default version is not known; the diff lists everything the new version grants',
    ]);
  });

  it('policy-changed shows what a detach removed when the policy content is known', () => {
    const event = iamEvent('DetachRolePolicy', { roleName: 'reports', policyArn: policyArn('reports-reader') });
    const context = {
      managedPolicies: { [policyArn('reports-reader')]: { defaultVersionId: 'v1', versions: { v1: ONE_BUCKET_READ } } },
    };

    const finding = only(detect(event, context), 'iam.policy-changed');

    expect(finding.severity).toBe('info');
    expect(finding.summary).toBe('alice detached reports-reader from role reports');
    expect(finding.details.contentAnalysed).toBe(true);
    expect(finding.details.policyDiff).toEqual(['- s3:GetObject on arn:aws:s3:::artifacts-prod/*']);
  });

  it('policy-changed says a customer policy named AdministratorAccess was not analysed, and raises nothing', () => {
    const event = iamEvent('AttachRolePolicy', { roleName: 'reports', policyArn: policyArn('AdministratorAccess') });

    const findings = detect(event);

    expect(ruleIds(findings)).toEqual(['iam.policy-changed']);
    expect(findings[0]?.details.contentAnalysed).toBe(false);
    expect(findings[0]?.details.notes).toEqual([
      'the content of customer-managed policy AdministratorAccess is not known; content not analysed',
    ]);
  });

  it('an inline put whose record lost its parameters still reports the change, unanalysed', () => {
    const findings = detect(iamEvent('PutUserPolicy', null));

    const changed = only(findings, 'iam.policy-changed');
    expect(changed.summary).toBe('alice put an inline policy on a user not named in the record');
    expect(changed.details.contentAnalysed).toBe(false);
    expect(findings.every((finding) => finding.severity === 'info' || finding.severity === 'low')).toBe(true);
  });

  it('a broader boundary names the previous one', () => {
    const event = iamEvent('PutRolePermissionsBoundary', {
      roleName: 'app-runtime',
      permissionsBoundary: policyArn('wide'),
    });
    const context = {
      managedPolicies: {
        [policyArn('narrow')]: { defaultVersionId: 'v1', versions: { v1: ONE_BUCKET_READ } },
        [policyArn('wide')]: { defaultVersionId: 'v1', versions: { v1: ONE_BUCKET_WRITE } },
      },
      permissionsBoundaries: { roles: { 'app-runtime': policyArn('narrow') } },
    };

    const finding = only(detect(event, context), 'iam.permissions-boundary-removed');

    expect(finding.details.notes).toEqual([`broader than the previous boundary ${policyArn('narrow')}`]);
    expect(finding.details.policyDiff).toContain('+ s3:PutObject on arn:aws:s3:::artifacts-prod/*');
  });

  it('trust findings name every principal let in', () => {
    const policyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::999988887777:root', `arn:aws:iam::${ACCOUNT}:root`] },
          Action: 'sts:AssumeRole',
        },
        { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' },
      ],
    });

    const finding = only(
      detect(iamEvent('CreateRole', { roleName: 'vendor', assumeRolePolicyDocument: policyDocument })),
      'iam.trust-policy-opened',
    );

    expect(finding.summary).toBe(
      'alice created role vendor so that arn:aws:iam::999988887777:root, 444455556666 can assume it',
    );
  });
});

describe('context lookups', () => {
  it('asks the context for group content in the event account', () => {
    const asked: (string | undefined)[] = [];
    const context: IamContext = {
      managedPolicyDocument: () => undefined,
      managedPolicyVersion: () => undefined,
      managedPolicyDefaultVersion: () => undefined,
      group: (_name, accountId) => {
        asked.push(accountId);
        return undefined;
      },
    };

    createDetector({ context }).detect(iamEvent('AddUserToGroup', { groupName: 'admins', userName: 'bob' }));

    expect(asked).toEqual([ACCOUNT]);
  });
});

describe('administrator equivalence in effect, in the admin rules', () => {
  const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
  const NARROW_DENY = {
    Version: '2012-10-17',
    Statement: [ALLOW_ALL, { Effect: 'Deny', Action: ['iam:DeleteUser', 'cloudtrail:StopLogging'], Resource: '*' }],
  };
  const DENY_IAM = {
    Version: '2012-10-17',
    Statement: [ALLOW_ALL, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
  };
  const IAM_MINUS_HANDFUL = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: ['iam:DeleteUser', 'iam:DeleteRole', 'iam:CreateAccessKey'], Resource: '*' },
    ],
  };
  const CONDITIONED = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
          StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
        },
      },
    ],
  };
  const conditionsOf = (statementIndex: number, policy?: string) => [
    {
      effect: 'Allow',
      statementIndex,
      ...(policy ? { policy } : {}),
      operator: 'Bool',
      key: 'aws:MultiFactorAuthPresent',
      values: ['true'],
    },
    {
      effect: 'Allow',
      statementIndex,
      ...(policy ? { policy } : {}),
      operator: 'IpAddress',
      key: 'aws:SourceIp',
      values: ['203.0.113.0/24'],
    },
    {
      effect: 'Allow',
      statementIndex,
      ...(policy ? { policy } : {}),
      operator: 'StringEquals',
      key: 'aws:PrincipalOrgID',
      values: ['o-a1b2c3d4e5'],
    },
  ];

  it('Allow * with a narrow Deny, put inline, is critical admin and says what the Deny leaves', () => {
    const event = iamEvent('PutRolePolicy', {
      roleName: 'ops',
      policyName: 'almost-admin',
      policyDocument: JSON.stringify(NARROW_DENY),
    });

    const findings = detect(event);
    const finding = only(findings, 'iam.admin-inline-policy');

    expect(ruleIds(findings)).toEqual(['iam.admin-inline-policy', 'iam.inline-policy-added']);
    expect(finding.severity).toBe('critical');
    expect(finding.details.notes).toEqual([
      'statement 0: allows every action on all resources; the Deny in statement 1 (iam:DeleteUser, ' +
        'cloudtrail:StopLogging) leaves iam:PutRolePolicy, iam:PutUserPolicy allowed, so it can grant itself anything',
    ]);
    expect(finding.remediation.map((step) => step.kind)).toEqual(['delete-inline-policy']);
  });

  it('Allow * with Deny iam:* on every resource is not an admin grant', () => {
    const event = iamEvent('PutRolePolicy', {
      roleName: 'ops',
      policyName: 'power-user',
      policyDocument: JSON.stringify(DENY_IAM),
    });

    const findings = detect(event);

    // Still reported (SSM and EC2 Instance Connect escalations are left), but not as an admin grant.
    expect(ruleIds(findings)).toEqual(['iam.inline-policy-added', 'iam.privilege-escalation-granted']);
    expect(findings.map((finding) => finding.severity)).not.toContain('critical');
  });

  it('a customer policy of iam:* minus a handful, attached, is critical admin', () => {
    const context = {
      managedPolicies: { [policyArn('iam-operator')]: { defaultVersionId: 'v1', versions: { v1: IAM_MINUS_HANDFUL } } },
    };
    const event = iamEvent('AttachUserPolicy', { userName: 'carol', policyArn: policyArn('iam-operator') });

    const finding = only(detect(event, context), 'iam.admin-policy-attached');

    expect(finding.severity).toBe('critical');
    expect(finding.details.notes?.[0]).toBe(
      'iam-operator is a customer-managed policy whose default version is administrator-equivalent (statement 0: ' +
        'allows iam:* on all resources; the Deny in statement 1 (iam:DeleteUser, iam:DeleteRole, ' +
        'iam:CreateAccessKey) leaves iam:PutRolePolicy, iam:PutUserPolicy allowed, so it can grant itself anything)',
    );
  });

  it('a new default version of iam:* minus a handful is critical, even with the previous version known', () => {
    const context = {
      managedPolicies: {
        [policyArn('iam-operator')]: { defaultVersionId: 'v1', versions: { v1: ONE_BUCKET_READ } },
      },
    };
    const event = iamEvent(
      'CreatePolicyVersion',
      { policyArn: policyArn('iam-operator'), policyDocument: JSON.stringify(IAM_MINUS_HANDFUL), setAsDefault: true },
      { policyVersion: { versionId: 'v2', isDefaultVersion: true } },
    );

    const finding = only(detect(event, context), 'iam.policy-version-escalated');

    expect(finding.severity).toBe('critical');
    expect(finding.summary).toBe(
      'alice made v2 the default version of iam-operator, which is administrator-equivalent',
    );
  });

  it('puts the conditions of the granting statement in the finding, never lowering it', () => {
    const event = iamEvent('PutUserPolicy', {
      userName: 'bob',
      policyName: 'admin-from-office',
      policyDocument: JSON.stringify(CONDITIONED),
    });

    const finding = only(detect(event), 'iam.admin-inline-policy');

    expect(finding.severity).toBe('critical');
    expect(finding.details.conditions).toEqual(conditionsOf(0));
    expect(finding.details.notes).toEqual(['statement 0: allows every action on all resources (under conditions)']);
  });

  it('an unconditional admin grant carries no conditions field', () => {
    const event = iamEvent('PutUserPolicy', {
      userName: 'bob',
      policyName: 'all',
      policyDocument: JSON.stringify(ADMIN),
    });

    expect(only(detect(event), 'iam.admin-inline-policy').details).not.toHaveProperty('conditions');
  });

  it('a conditional Deny is not counted: the finding stays critical and shows the Deny and its condition', () => {
    const document = {
      Version: '2012-10-17',
      Statement: [
        ALLOW_ALL,
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    };
    const event = iamEvent('PutRolePolicy', {
      roleName: 'ops',
      policyName: 'mfa',
      policyDocument: JSON.stringify(document),
    });

    const finding = only(detect(event), 'iam.admin-inline-policy');

    expect(finding.severity).toBe('critical');
    expect(finding.details.conditions).toEqual([
      {
        effect: 'Deny',
        statementIndex: 1,
        operator: 'BoolIfExists',
        key: 'aws:MultiFactorAuthPresent',
        values: ['false'],
      },
    ]);
    expect(finding.details.notes).toContain(
      'the Deny in statement 1 has conditions, so it does not remove iam:PutRolePolicy, iam:PutUserPolicy in every case (not counted)',
    );
  });

  it('a group judged on its policies together names conditions by policy and statement', () => {
    const context = {
      groups: {
        oncall: {
          managedPolicyArns: [],
          inlinePolicies: [
            { name: 'read', document: ONE_BUCKET_READ },
            { name: 'admin-from-office', document: CONDITIONED },
          ],
        },
      },
    };
    const event = iamEvent('AddUserToGroup', { groupName: 'oncall', userName: 'bob' });

    const finding = only(detect(event, context), 'iam.user-added-to-admin-group');

    expect(finding.severity).toBe('critical');
    expect(finding.details.conditions).toEqual(conditionsOf(0, 'inline policy admin-from-office'));
    expect(finding.details.notes).toEqual([
      "the group's policies together are administrator-equivalent: allows every action on all resources (under conditions)",
    ]);
  });

  it('a group whose policies together allow iam:* minus a handful is an administrator group', () => {
    const context = {
      groups: {
        oncall: {
          managedPolicyArns: [policyArn('iam-all')],
          inlinePolicies: [
            {
              name: 'no-deletes',
              document: {
                Statement: [{ Effect: 'Deny', Action: ['iam:DeleteUser', 'iam:DeleteRole'], Resource: '*' }],
              },
            },
          ],
        },
      },
      managedPolicies: {
        [policyArn('iam-all')]: {
          defaultVersionId: 'v1',
          versions: { v1: { Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] } },
        },
      },
    };
    const event = iamEvent('AddUserToGroup', { groupName: 'oncall', userName: 'bob' });

    const finding = only(detect(event, context), 'iam.user-added-to-admin-group');

    expect(finding.severity).toBe('critical');
    expect(finding.details.notes).toEqual([
      "the group's policies together are administrator-equivalent: allows iam:* on all resources; the Deny in " +
        'inline policy no-deletes statement 0 (iam:DeleteUser, iam:DeleteRole) leaves iam:PutRolePolicy, ' +
        'iam:PutUserPolicy allowed, so it can grant itself anything',
    ]);
  });
});
