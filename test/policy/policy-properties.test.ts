import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminEquivalence, isAdminEquivalent, isAdminManagedPolicyArn } from '../../shared/policy/admin-equivalent.js';
import { installedActionCatalog } from '../../shared/policy/action-catalog.js';
import { parsePolicyDocument } from '../../shared/policy/parse-policy-document.js';
import { diffPolicies } from '../../shared/policy/policy-diff.js';
import type { PolicyDocument } from '../../shared/model/policy-document.js';
import { findPrivilegeEscalations } from '../../shared/policy/privilege-escalation.js';
import { analyseTrustPolicy } from '../../shared/policy/trust-analysis.js';
import { findWriteWildcards } from '../../shared/policy/write-wildcards.js';
import { parsedPolicy } from './parsed-policy.js';

const ACTIONS = [
  'iam:PassRole',
  'iam:*',
  'iam:Attach*',
  'IAM:putuserpolicy',
  'iam:Get*',
  'iam:CreateAccessKey',
  'iam:UpdateAssumeRolePolicy',
  's3:GetObject',
  's3:*',
  's3:Put*',
  'ec2:RunInstances',
  'ec2:Describe*',
  'lambda:CreateFunction',
  'lambda:InvokeFunction',
  'sts:AssumeRole',
  'ssm:SendCommand',
  'glue:*',
  'newservice:DoThing',
  'i?m:ListRoles',
  '*:Get*',
  '*',
];
const RESOURCES = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:iam::111122223333:role/r',
  'arn:*',
  'arn:aws:lambda:us-east-1:111122223333:function:f',
];
const CONDITIONS = [
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
  { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
];

const stringOrList = (values: string[]) =>
  fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));

const actionElement = fc.oneof(
  { weight: 4, arbitrary: fc.record({ Action: stringOrList(ACTIONS) }) },
  { weight: 1, arbitrary: fc.record({ NotAction: stringOrList(ACTIONS.filter((a) => a !== '*')) }) },
);
const resourceElement = fc.oneof(
  { weight: 4, arbitrary: fc.record({ Resource: stringOrList(RESOURCES) }) },
  { weight: 1, arbitrary: fc.record({ NotResource: stringOrList(RESOURCES.filter((r) => r !== '*')) }) },
);

const statementArb = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc
    .tuple(effect, actionElement, resourceElement, fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined }))
    .map(([Effect, action, resource, Condition]) => ({
      Effect,
      ...action,
      ...resource,
      ...(Condition ? { Condition } : {}),
    }));

const allowStatement = statementArb(fc.constant('Allow'));
const anyStatement = statementArb(fc.constantFrom('Allow', 'Deny'));
const documentArb = fc.array(anyStatement, { maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const settings = { ownAccount: '111122223333', knownAccounts: ['444455556666'], organizationId: 'o-abc123' };

function runAll(doc: PolicyDocument): void {
  isAdminEquivalent(doc);
  adminEquivalence(doc);
  findPrivilegeEscalations(doc);
  findWriteWildcards(doc);
  analyseTrustPolicy(doc, settings);
  diffPolicies(doc, undefined);
  diffPolicies(undefined, doc);
}

describe('analysers never throw', () => {
  it('on arbitrary JSON values through parsePolicyDocument, and directly', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parsePolicyDocument(value);
        const alsoAsString = parsePolicyDocument(JSON.stringify(value));
        expect(typeof result.ok).toBe('boolean');
        expect(typeof alsoAsString.ok).toBe('boolean');
        if (result.ok) runAll(result.document);
        runAll(value as unknown as PolicyDocument);
      }),
      { numRuns: 300 },
    );
  });

  it('on anything at all (objects with odd prototypes, symbols, functions)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
        }),
        (value) => {
          const result = parsePolicyDocument(value);
          if (result.ok) runAll(result.document);
          runAll(value as PolicyDocument);
          runAll({ Statement: value } as unknown as PolicyDocument);
          runAll({ Statement: [value] } as unknown as PolicyDocument);
          expect(isAdminManagedPolicyArn(value as string)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on statement-shaped documents with arbitrary field values', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constantFrom(...ACTIONS), fc.array(fc.string()));
    fc.assert(
      fc.property(
        fc.record(
          {
            Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'allow'), fc.jsonValue()),
            Action: field,
            NotAction: field,
            Resource: field,
            Principal: field,
            Condition: field,
          },
          { requiredKeys: [] },
        ),
        (statement) => {
          const result = parsePolicyDocument({ Statement: [statement] });
          if (result.ok) runAll(result.document);
          runAll({ Statement: [statement] } as unknown as PolicyDocument);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('catalogue lookups on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(Array.isArray(installedActionCatalog.expandActionPattern(text))).toBe(true);
        expect(typeof installedActionCatalog.isWriteAction(text)).toBe('boolean');
        installedActionCatalog.accessLevelOf(text);
      }),
    );
  });
});

describe('adding an Allow statement never makes a document less privileged', () => {
  it('admin stays admin, escalations and write wildcards only grow, nothing is removed', () => {
    fc.assert(
      fc.property(documentArb, allowStatement, (raw, added) => {
        const before = parsedPolicy(raw);
        const after = parsedPolicy({ ...raw, Statement: [...raw.Statement, added] });
        if (isAdminEquivalent(before)) expect(isAdminEquivalent(after)).toBe(true);
        const afterPaths = new Set(findPrivilegeEscalations(after).map((grant) => grant.path.id));
        for (const grant of findPrivilegeEscalations(before)) expect(afterPaths.has(grant.path.id)).toBe(true);
        const afterWildcards = findWriteWildcards(after);
        for (const grant of findWriteWildcards(before)) expect(afterWildcards).toContainEqual(grant);
        const diff = diffPolicies(before, after);
        expect(diff.removedActions).toEqual([]);
        expect(
          diff.newEscalations.every((title) => findPrivilegeEscalations(after).some((g) => g.path.title === title)),
        ).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('Action "*" on Resource "*" is admin-equivalent', () => {
  it('with any other Allow statements, "*" as a string or in a list', () => {
    const star = fc.oneof(
      fc.constant<string | string[]>('*'),
      fc
        .uniqueArray(fc.constantFrom(...ACTIONS), { maxLength: 3 })
        .map((rest) => ['*', ...rest.filter((a) => a !== '*')]),
    );
    const resource = fc.oneof(fc.constant<string | string[]>('*'), fc.constant(['arn:aws:s3:::b/*', '*']));
    fc.assert(
      fc.property(
        fc.array(allowStatement, { maxLength: 3 }),
        star,
        resource,
        fc.nat(3),
        (others, Action, Resource, position) => {
          const statements: object[] = [...others];
          statements.splice(Math.min(position, statements.length), 0, { Effect: 'Allow', Action, Resource });
          const doc = parsedPolicy({ Version: '2012-10-17', Statement: statements });
          expect(isAdminEquivalent(doc)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** The document with every statement of one effect changed by `change`. */
function mapStatements(
  raw: { Version: string; Statement: Record<string, unknown>[] },
  effect: 'Allow' | 'Deny',
  change: (statement: Record<string, unknown>) => Record<string, unknown>,
): PolicyDocument {
  return parsedPolicy({ ...raw, Statement: raw.Statement.map((s) => (s['Effect'] === effect ? change(s) : s)) });
}

const withoutCondition = ({ Condition: _dropped, ...rest }: Record<string, unknown>) => rest;

describe('administrator equivalence by effect', () => {
  it('conditions on Allow statements never change the verdict', () => {
    fc.assert(
      fc.property(documentArb, (raw) => {
        const doc = parsedPolicy(raw);
        const unconditional = mapStatements(raw, 'Allow', withoutCondition);
        expect(isAdminEquivalent(doc)).toBe(isAdminEquivalent(unconditional));
      }),
      { numRuns: 200 },
    );
  });

  it('a condition on a Deny never makes an admin document non-admin', () => {
    fc.assert(
      fc.property(documentArb, fc.constantFrom(...CONDITIONS), (raw, Condition) => {
        const before = parsedPolicy(raw);
        const after = mapStatements(raw, 'Deny', (statement) => ({ ...statement, Condition }));
        if (isAdminEquivalent(before)) expect(isAdminEquivalent(after)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('adding a Deny never makes a document admin', () => {
    fc.assert(
      fc.property(documentArb, statementArb(fc.constant('Deny')), (raw, added) => {
        const before = parsedPolicy(raw);
        const after = parsedPolicy({ ...raw, Statement: [...raw.Statement, added] });
        if (!isAdminEquivalent(before)) expect(isAdminEquivalent(after)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('Allow * stays admin under any Deny that leaves IAM and STS alone, and never survives Deny iam:*', () => {
    const notIam = ACTIONS.filter((action) => !/^(i|\*)/i.test(action) && !action.startsWith('sts:'));
    const denyArb = fc.record({
      Effect: fc.constant('Deny'),
      Action: fc.uniqueArray(fc.constantFrom(...notIam), { minLength: 1, maxLength: 4 }),
      Resource: fc.constantFrom('*', 'arn:aws:s3:::b/*'),
    });
    fc.assert(
      fc.property(fc.array(denyArb, { maxLength: 3 }), (denies) => {
        const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };
        expect(isAdminEquivalent(parsedPolicy({ Statement: [allowAll, ...denies] }))).toBe(true);
        const denyIam = { Effect: 'Deny', Action: 'iam:*', Resource: '*' };
        expect(isAdminEquivalent(parsedPolicy({ Statement: [allowAll, ...denies, denyIam] }))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('no document whose Allow statements all name one bucket is admin', () => {
    fc.assert(
      fc.property(documentArb, (raw) => {
        const scoped = mapStatements(raw, 'Allow', ({ NotResource: _n, Resource: _r, ...rest }) => ({
          ...rest,
          Resource: 'arn:aws:s3:::b/*',
        }));
        expect(isAdminEquivalent(scoped)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
