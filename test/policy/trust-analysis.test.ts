import { describe, expect, it } from 'vitest';
import { accountOf, analyseTrustPolicy, type TrustSettings } from '../../shared/policy/trust-analysis.js';
import type { PolicyDocument } from '../../shared/model/policy-document.js';
import { parsedPolicy } from './parsed-policy.js';

const settings: TrustSettings = {
  ownAccount: '111122223333',
  knownAccounts: ['444455556666'],
  organizationId: 'o-abc123',
};

function trust(principal: unknown, extra: object = {}, action: unknown = 'sts:AssumeRole') {
  return parsedPolicy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...extra }],
  });
}

const kinds = (doc: ReturnType<typeof trust>, s: TrustSettings = settings) =>
  analyseTrustPolicy(doc, s).map((issue) => `${issue.kind} ${issue.principal}`);

const GITHUB = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const COGNITO = 'cognito-identity.amazonaws.com';
const SAML = 'arn:aws:iam::111122223333:saml-provider/Okta';

describe('analyseTrustPolicy', () => {
  it.each([
    ['Principal "*"', trust('*'), ['public *']],
    ['{AWS: "*"}', trust({ AWS: '*' }), ['public *']],
    [
      '{AWS: ["*"]} with only an external id (still public)',
      trust({ AWS: ['*'] }, { Condition: { StringEquals: { 'sts:ExternalId': '12345' } } }),
      ['public *'],
    ],
    [
      '"*" pinned to our organisation',
      trust('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
      [],
    ],
    [
      '"*" pinned to another organisation',
      trust('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-other' } } }),
      ['outside-account *'],
    ],
    [
      '"*" pinned to our account',
      trust('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }),
      [],
    ],
    [
      '"*" pinned to a foreign account',
      trust('*', { Condition: { StringEquals: { 'aws:SourceAccount': '999988887777' } } }),
      ['outside-account *'],
    ],
    [
      '"*" pinned by SourceArn naming a known account',
      trust('*', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:444455556666:topic' } } }),
      [],
    ],
    [
      '"*" with a negated org condition is still public',
      trust('*', { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
      ['public *'],
    ],
    [
      '"*" with a wildcard org value is still public',
      trust('*', { Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } } }),
      ['public *'],
    ],
    ['own account root', trust({ AWS: 'arn:aws:iam::111122223333:root' }), []],
    ['bare known account id', trust({ AWS: '444455556666' }), []],
    [
      'foreign account root',
      trust({ AWS: 'arn:aws:iam::193672423079:root' }),
      ['outside-account arn:aws:iam::193672423079:root'],
    ],
    [
      'foreign role in aws-us-gov',
      trust({ AWS: ['arn:aws-us-gov:iam::999988887777:role/x'] }),
      ['outside-account arn:aws-us-gov:iam::999988887777:role/x'],
    ],
    ['foreign bare account id', trust({ AWS: '999988887777' }), ['outside-account 999988887777']],
    [
      'foreign account allowed by our org condition',
      trust({ AWS: '999988887777' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
      [],
    ],
    ['a unique id of a deleted role is skipped', trust({ AWS: 'AROAEXAMPLEID' }), []],
    ['service principal', trust({ Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }), []],
    [
      'GitHub OIDC without conditions',
      trust({ Federated: GITHUB }, {}, 'sts:AssumeRoleWithWebIdentity'),
      [`federated-without-conditions ${GITHUB}`],
    ],
    [
      'GitHub OIDC with only aud',
      trust(
        { Federated: GITHUB },
        { Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } },
        'sts:AssumeRoleWithWebIdentity',
      ),
      [`federated-without-conditions ${GITHUB}`],
    ],
    [
      'GitHub OIDC with sub repo:*',
      trust(
        { Federated: GITHUB },
        { Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } } },
        'sts:AssumeRoleWithWebIdentity',
      ),
      [`federated-without-conditions ${GITHUB}`],
    ],
    [
      'GitHub OIDC with a repository sub',
      trust(
        { Federated: GITHUB },
        {
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' } },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
      [],
    ],
    [
      'Cognito without aud',
      trust(
        { Federated: COGNITO },
        { Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } },
        'sts:AssumeRoleWithWebIdentity',
      ),
      [`federated-without-conditions ${COGNITO}`],
    ],
    [
      'Cognito with aud',
      trust(
        { Federated: COGNITO },
        { Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' } } },
        'sts:AssumeRoleWithWebIdentity',
      ),
      [],
    ],
    [
      'SAML without conditions',
      trust({ Federated: SAML }, {}, 'sts:AssumeRoleWithSAML'),
      [`federated-without-conditions ${SAML}`],
    ],
    [
      'SAML with the usual SAML:aud condition',
      trust(
        { Federated: SAML },
        { Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } },
        'sts:AssumeRoleWithSAML',
      ),
      [],
    ],
    [
      'Google via sts:* without conditions',
      trust({ Federated: 'accounts.google.com' }, {}, 'sts:*'),
      ['federated-without-conditions accounts.google.com'],
    ],
    [
      'Deny statements are ignored',
      parsedPolicy({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }] }),
      [],
    ],
    [
      'Allow with NotPrincipal is public',
      parsedPolicy({
        Statement: [
          { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' },
        ],
      }),
      ['public NotPrincipal arn:aws:iam::111122223333:root'],
    ],
  ])('%s', (_name, doc, expected) => {
    expect(kinds(doc)).toEqual(expected);
  });

  it('reports statement index and a description', () => {
    const doc = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::193672423079:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(analyseTrustPolicy(doc, settings)).toEqual([
      {
        kind: 'outside-account',
        principal: 'arn:aws:iam::193672423079:root',
        statementIndex: 1,
        description: 'trusts account 193672423079, which is not a known account',
      },
    ]);
  });

  describe('an external id is not an identity check', () => {
    const externalId = { Condition: { StringEquals: { 'sts:ExternalId': '999988887777' } } };
    it.each([
      ['a foreign account root', { AWS: 'arn:aws:iam::999988887777:root' }, 'arn:aws:iam::999988887777:root'],
      ['a foreign bare account id', { AWS: '999988887777' }, '999988887777'],
      ['a foreign role', { AWS: 'arn:aws:iam::999988887777:role/vendor' }, 'arn:aws:iam::999988887777:role/vendor'],
    ])('%s with only sts:ExternalId is still outside', (_name, principal, reported) => {
      expect(kinds(trust(principal, externalId))).toEqual([`outside-account ${reported}`]);
      expect(kinds(trust(principal, externalId), { knownAccounts: [] })).toEqual([`outside-account ${reported}`]);
    });

    it('a known account with an external id stays known', () => {
      expect(kinds(trust({ AWS: '444455556666' }, externalId))).toEqual([]);
    });
  });

  describe('organisation conditions', () => {
    const unknownOrg: TrustSettings = { ownAccount: '111122223333', knownAccounts: ['444455556666'] };
    const orgPin = (key: string, value: string | string[]) => ({ Condition: { StringEquals: { [key]: value } } });

    it.each([
      ['aws:PrincipalOrgID', 'o-attacker99'],
      ['aws:SourceOrgID', 'o-attacker99'],
    ])('"*" pinned by %s while our organisation is unknown: not verified', (key, value) => {
      const issues = analyseTrustPolicy(trust('*', orgPin(key, value)), unknownOrg);
      expect(issues.map((issue) => issue.kind)).toEqual(['organisation-unverified']);
      expect(issues[0]?.description).toContain('organisation not verified');
      expect(issues[0]?.description).toContain('o-attacker99');
    });

    it('"*" pinned to another organisation when ours is known: outside', () => {
      expect(kinds(trust('*', orgPin('aws:PrincipalOrgID', 'o-attacker99')))).toEqual(['outside-account *']);
    });

    it('"*" pinned to ours or another (values are alternatives): outside', () => {
      expect(kinds(trust('*', orgPin('aws:PrincipalOrgID', ['o-abc123', 'o-attacker99'])))).toEqual([
        'outside-account *',
      ]);
    });

    it('a foreign account allowed by ours-or-another organisation: outside', () => {
      const doc = trust({ AWS: '999988887777' }, orgPin('aws:PrincipalOrgID', ['o-abc123', 'o-attacker99']));
      expect(kinds(doc)).toEqual(['outside-account 999988887777']);
    });

    it.each([
      ['our organisation path', 'o-abc123/r-ab12/ou-ab12-11111111/', []],
      ['another organisation path', 'o-attacker99/r-zz99/*', ['outside-account *']],
      ['a wildcard organisation path', 'o-*/*', ['public *']],
    ])('"*" pinned by aws:PrincipalOrgPaths to %s', (_name, value, expected) => {
      expect(
        kinds(trust('*', { Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': value } } })),
      ).toEqual(expected);
    });

    it('"*" pinned by org path while our organisation is unknown: not verified', () => {
      const doc = trust('*', { Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-x1y2z3/*' } } });
      expect(kinds(doc, unknownOrg)).toEqual(['organisation-unverified *']);
    });

    it('"*" pinned to a known account and an unverified organisation: fine (the account pin holds)', () => {
      const doc = trust('*', {
        Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666', 'aws:PrincipalOrgID': 'o-x1y2z3' } },
      });
      expect(kinds(doc, unknownOrg)).toEqual([]);
    });
  });

  describe('only conditions that pin every caller count', () => {
    const pinned = (operator: string, key: string, value: string | string[]) =>
      trust('*', { Condition: { [operator]: { [key]: value } } });

    it.each([
      ['aws:PrincipalArn in a known account', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::444455556666:role/*', []],
      [
        'aws:PrincipalArn in a foreign account',
        'ArnLike',
        'aws:PrincipalArn',
        'arn:aws:iam::999988887777:role/*',
        ['outside-account *'],
      ],
      ['aws:ResourceAccount of our own account', 'StringEquals', 'aws:ResourceAccount', '111122223333', []],
      ['aws:SourceOrgID of our organisation', 'StringEquals', 'aws:SourceOrgID', 'O-ABC123', []],
      ['aws:SourceOrgPaths of our organisation', 'ForAnyValue:StringLike', 'aws:SourceOrgPaths', 'o-abc123/*', []],
      // Null only says whether the key is present; IfExists and ForAllValues pass when it is absent.
      ['a Null check on aws:PrincipalOrgID', 'Null', 'aws:PrincipalOrgID', 'o-abc123', ['public *']],
      [
        'StringEqualsIfExists on aws:PrincipalOrgID',
        'StringEqualsIfExists',
        'aws:PrincipalOrgID',
        'o-abc123',
        ['public *'],
      ],
      [
        'ForAllValues on aws:PrincipalOrgID',
        'ForAllValues:StringEquals',
        'aws:PrincipalOrgID',
        'o-abc123',
        ['public *'],
      ],
      ['an empty organisation id', 'StringEquals', 'aws:PrincipalOrgID', ' ', ['public *']],
      ['a partial account id pattern', 'StringLike', 'aws:SourceAccount', '1111*', ['public *']],
      [
        'an organisation path without an organisation id',
        'StringLike',
        'aws:PrincipalOrgPaths',
        'r-ab12/*',
        ['public *'],
      ],
      ['an ARN without an account', 'ArnLike', 'aws:SourceArn', 'arn:aws:s3:::bucket', ['public *']],
    ])('"*" with %s', (_name, operator, key, value, expected) => {
      expect(kinds(pinned(operator, key, value))).toEqual(expected);
    });

    it('says in plain words whom "*" lets in', () => {
      const texts = (doc: PolicyDocument, s: TrustSettings = settings) =>
        analyseTrustPolicy(doc, s).map((issue) => issue.description);
      expect(texts(trust('*'))).toEqual(['trusts any AWS principal']);
      expect(texts(pinned('StringEquals', 'sts:ExternalId', 'x'))).toEqual([
        'trusts any AWS principal (an external id is not an identity check)',
      ]);
      expect(texts(pinned('StringEquals', 'aws:SourceAccount', ['999988887777', '111122223333']))).toEqual([
        'trusts any principal in account 999988887777, not a known account',
      ]);
      expect(texts(pinned('StringEquals', 'aws:PrincipalOrgID', ['o-zz1', 'o-zz1', 'o-zz2']))).toEqual([
        'trusts any principal in organisation o-zz1, o-zz2, not ours (o-abc123)',
      ]);
      expect(texts(pinned('StringEquals', 'aws:PrincipalOrgID', 'o-zz1'), { knownAccounts: [] })).toEqual([
        'trusts any principal in organisation o-zz1; organisation not verified (our organisation id is not known)',
      ]);
    });

    it.each([
      ['a wildcard and a concrete organisation id', 'StringLike', 'aws:PrincipalOrgID', '**', ['public *']],
      [
        'an organisation id starting with a wildcard',
        'StringLike',
        'aws:PrincipalOrgID',
        '*abc',
        ['outside-account *'],
      ],
      [
        'an org path whose first segment is a pattern',
        'StringLike',
        'aws:PrincipalOrgPaths',
        'o-abc1*/r-x/*',
        ['public *'],
      ],
      ['an org path with text before the id', 'StringLike', 'aws:PrincipalOrgPaths', 'xo-abc123/*', ['public *']],
      ['an account id with text before it', 'StringEquals', 'aws:SourceAccount', 'x111122223333', ['public *']],
      ['a 13-digit account id', 'StringEquals', 'aws:SourceAccount', '1111222233334', ['public *']],
      ['an ARN in another key', 'StringEquals', 'aws:username', 'arn:aws:iam::444455556666:user/x', ['public *']],
    ])('"*" with %s', (_name, operator, key, value, expected) => {
      expect(kinds(pinned(operator, key, value))).toEqual(expected);
    });

    it('reads account ids from exact bare ids and IAM/STS ARNs only', () => {
      expect(accountOf(' 999988887777 ')).toBe('999988887777');
      expect(accountOf('arn:aws-cn:sts::999988887777:assumed-role/r/s')).toBe('999988887777');
      for (const text of ['x999988887777', '9999888877771', 'xarn:aws:iam::999988887777:root', 'arn:aws:s3:::b']) {
        expect(accountOf(text)).toBeUndefined();
      }
    });

    it('names NotPrincipal values and federation problems in plain words', () => {
      const notPrincipal = parsedPolicy({
        Statement: [
          {
            Effect: 'Allow',
            NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root', '444455556666'] },
            Action: 'sts:AssumeRole',
          },
        ],
      });
      expect(analyseTrustPolicy(notPrincipal, settings)).toEqual([
        {
          kind: 'public',
          principal: 'NotPrincipal arn:aws:iam::111122223333:root, 444455556666',
          statementIndex: 0,
          description: 'trusts everyone except the listed principals',
        },
      ]);
      const texts = (doc: PolicyDocument) => analyseTrustPolicy(doc, settings).map((issue) => issue.description);
      expect(texts(trust({ Federated: SAML }, {}, 'sts:AssumeRoleWithSAML'))).toEqual([
        `lets any identity of ${SAML} assume the role (no conditions)`,
      ]);
      expect(
        texts(
          trust(
            { Federated: COGNITO },
            { Condition: { StringEquals: { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } },
            'sts:AssumeRoleWithWebIdentity',
          ),
        ),
      ).toEqual(['lets any Cognito identity pool assume the role (no "aud" condition)']);
    });

    it('reads federation only from statements that allow a federated assume', () => {
      // sts:AssumeRole alone does not let a web identity or SAML user in.
      expect(kinds(trust({ Federated: GITHUB }, {}, 'sts:AssumeRole'))).toEqual([]);
      expect(
        kinds(
          parsedPolicy({
            Statement: [
              { Effect: 'Allow', Principal: { Federated: SAML }, NotAction: 'sts:AssumeRoleWithWebIdentity' },
            ],
          }),
        ),
      ).toEqual([`federated-without-conditions ${SAML}`]);
      // An AWS principal with sts:* is not a federated one.
      expect(kinds(trust({ AWS: '111122223333' }, {}, 'sts:*'))).toEqual([]);
    });

    it.each([
      ['a pattern before "repo:"', ['*repo:acme/app:*']],
      ['one specific and one open value', ['repo:acme/app:ref:refs/heads/main', 'repo:*']],
    ])('a GitHub OIDC "sub" with %s does not restrict the repository', (_name, sub) => {
      const doc = trust(
        { Federated: GITHUB },
        { Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': sub } } },
        'sts:AssumeRoleWithWebIdentity',
      );
      expect(kinds(doc)).toEqual([`federated-without-conditions ${GITHUB}`]);
    });

    it.each([
      ['StringNotLike', 'repo:acme/app:*'],
      ['StringNotEquals', 'repo:acme/app:ref:refs/heads/main'],
      ['Null', 'false'],
    ])('a GitHub OIDC "sub" under %s does not restrict the repository', (operator, value) => {
      const doc = trust(
        { Federated: GITHUB },
        { Condition: { [operator]: { 'token.actions.githubusercontent.com:sub': value } } },
        'sts:AssumeRoleWithWebIdentity',
      );
      expect(analyseTrustPolicy(doc, settings)).toEqual([
        {
          kind: 'federated-without-conditions',
          principal: GITHUB,
          statementIndex: 0,
          description: 'lets any GitHub repository assume the role (no specific "sub" condition)',
        },
      ]);
    });
  });

  it('treats every account as outside when none is known', () => {
    expect(kinds(trust({ AWS: '111122223333' }), { knownAccounts: [] })).toEqual(['outside-account 111122223333']);
  });
});

describe('analyseTrustPolicy: padding, odd conditions and the descriptions people read', () => {
  const described = (doc: PolicyDocument, s: TrustSettings = settings) =>
    analyseTrustPolicy(doc, s).map((issue) => `${issue.kind} ${issue.principal}: ${issue.description}`);
  const anyone = (condition: object) => described(trust('*', { Condition: condition }));
  const PUBLIC = 'public *: trusts any AWS principal';

  it('reads padded principals and condition values as the trimmed ones', () => {
    expect(kinds(trust({ AWS: ' * ' }))).toEqual(['public *']);
    expect(anyone({ StringEquals: { 'aws:PrincipalOrgID': ' o-abc123 ' } })).toEqual([]);
    expect(anyone({ StringEquals: { 'aws:PrincipalOrgPaths': ' o-abc123/r-1/ou-2/' } })).toEqual([]);
    expect(anyone({ StringEquals: { 'aws:PrincipalAccount': ' 444455556666 ' } })).toEqual([]);
    expect(anyone({ ArnEquals: { 'aws:PrincipalArn': ' arn:aws:iam::444455556666:role/app' } })).toEqual([]);
    expect(anyone({ StringLike: { 'aws:PrincipalOrgID': ' * ' } })).toEqual([PUBLIC]);
  });

  it('reads an account only from a value that starts as an ARN', () => {
    expect(anyone({ StringLike: { 'aws:PrincipalArn': 'role/arn:aws:iam::444455556666:role/app' } })).toEqual([PUBLIC]);
  });

  it('names every foreign account a "*" is pinned to', () => {
    expect(anyone({ StringEquals: { 'aws:PrincipalAccount': ['999988887777', '999988886666'] } })).toEqual([
      'outside-account *: trusts any principal in account 999988887777, 999988886666, not a known account',
    ]);
  });

  it('mentions an external id only for a concrete sts:ExternalId condition', () => {
    const withId = ' (an external id is not an identity check)';
    expect(anyone({ StringEquals: { 'sts:ExternalId': 'abc' } })).toEqual([PUBLIC + withId]);
    expect(anyone({ StringLike: { 'sts:ExternalId': '*' } })).toEqual([PUBLIC]);
    expect(anyone({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })).toEqual([PUBLIC]);
  });

  it('names NotPrincipal "*" as such', () => {
    const doc = parsedPolicy({ Statement: [{ Effect: 'Allow', NotPrincipal: '*', Action: 'sts:AssumeRole' }] });
    expect(described(doc)).toEqual(['public NotPrincipal *: trusts everyone except the listed principals']);
  });

  it('reads a federated statement without Action or NotAction as allowing federation', () => {
    const doc = parsedPolicy({ Statement: [{ Effect: 'Allow', Principal: { Federated: SAML } }] });
    expect(kinds(doc)).toEqual([`federated-without-conditions ${SAML}`]);
  });

  it('reads a NotAction that leaves out both federated assumes as not allowing federation', () => {
    const notAction = (...excluded: string[]) =>
      parsedPolicy({ Statement: [{ Effect: 'Allow', Principal: { Federated: SAML }, NotAction: excluded }] });
    expect(kinds(notAction('sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'))).toEqual([]);
    expect(kinds(notAction('sts:AssumeRoleWithWebIdentity'))).toEqual([`federated-without-conditions ${SAML}`]);
  });

  it('does not count a Null test or an empty value list as a restriction, and trims the values it reads', () => {
    const cognito = (condition: object) =>
      kinds(trust({ Federated: COGNITO }, { Condition: condition }, 'sts:AssumeRoleWithWebIdentity'));
    const aud = 'cognito-identity.amazonaws.com:aud';
    expect(cognito({ Null: { [aud]: 'false' } })).toEqual([`federated-without-conditions ${COGNITO}`]);
    expect(cognito({ StringEquals: { [aud]: [] } })).toEqual([`federated-without-conditions ${COGNITO}`]);
    expect(cognito({ StringEquals: { [aud]: 'us-east-1:pool' } })).toEqual([]);
    const github = trust(
      { Federated: GITHUB },
      {
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:sub': ' repo:org/app:ref:refs/heads/main ' },
        },
      },
      'sts:AssumeRoleWithWebIdentity',
    );
    expect(kinds(github)).toEqual([]);
  });
});
