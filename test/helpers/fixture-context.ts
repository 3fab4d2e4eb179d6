import { parsePolicyDocument } from '../../shared/policy/parse-policy-document.js';
import type { PolicyDocument } from '../../shared/model/policy-document.js';
import type { GroupPermissions, IamContext, OrganizationFacts } from '../../shared/rules/support/rule-context.js';

/**
 * The IAM knowledge a rule fixture brings along (test/fixtures/cloudtrail/<rule-id>/*.json,
 * key `context`). Documents are written as in IAM (objects or JSON strings).
 */
export interface FixtureContext {
  readonly managedPolicies?: {
    readonly [arn: string]: {
      readonly defaultVersionId: string;
      readonly versions: { readonly [versionId: string]: unknown };
    };
  };
  readonly groups?: {
    readonly [groupName: string]: {
      readonly managedPolicyArns: readonly string[];
      readonly inlinePolicies: readonly { readonly name: string; readonly document: unknown }[];
    };
  };
  /** Current permissions boundary ARN (null: none) per user / role name. */
  readonly permissionsBoundaries?: {
    readonly users?: { readonly [userName: string]: string | null };
    readonly roles?: { readonly [roleName: string]: string | null };
  };
  /** What Organizations reports at run time (`IamContext.organization`). */
  readonly organization?: { readonly id?: string; readonly accounts: readonly string[] };
  /** Trust policies as they were before the event, per role name (`IamContext.roleTrustPolicy`). */
  readonly roleTrustPolicies?: { readonly [roleName: string]: unknown };
}

/** Turns a fixture's `context` into the {@link IamContext} rules see. Invalid documents fail loudly. */
export function fixtureContext(fixture: FixtureContext = {}): IamContext {
  const policies = new Map<string, { defaultVersionId: string; versions: Map<string, PolicyDocument> }>();
  for (const [arn, policy] of Object.entries(fixture.managedPolicies ?? {})) {
    const versions = new Map<string, PolicyDocument>();
    for (const [versionId, document] of Object.entries(policy.versions)) {
      versions.set(versionId, parseOrThrow(document, `managed policy ${arn} version ${versionId}`));
    }
    policies.set(arn, { defaultVersionId: policy.defaultVersionId, versions });
  }

  const groups = new Map<string, GroupPermissions>();
  for (const [groupName, group] of Object.entries(fixture.groups ?? {})) {
    groups.set(groupName, {
      groupName,
      managedPolicyArns: [...group.managedPolicyArns],
      inlinePolicies: group.inlinePolicies.map((inline) => ({
        name: inline.name,
        document: parseOrThrow(inline.document, `group ${groupName} inline policy ${inline.name}`),
      })),
    });
  }

  const trustPolicies = new Map<string, PolicyDocument>();
  for (const [roleName, document] of Object.entries(fixture.roleTrustPolicies ?? {})) {
    trustPolicies.set(roleName, parseOrThrow(document, `role ${roleName} trust policy`));
  }
  const organization: OrganizationFacts | undefined = fixture.organization
    ? {
        ...(fixture.organization.id ? { id: fixture.organization.id } : {}),
        accounts: [...fixture.organization.accounts],
      }
    : undefined;

  const boundaries = fixture.permissionsBoundaries;
  return {
    ...(organization ? { organization: () => organization } : {}),
    ...(fixture.roleTrustPolicies ? { roleTrustPolicy: (roleName: string) => trustPolicies.get(roleName) } : {}),
    managedPolicyDocument: (arn) => {
      const policy = policies.get(arn);
      return policy?.versions.get(policy.defaultVersionId);
    },
    managedPolicyVersion: (arn, versionId) => policies.get(arn)?.versions.get(versionId),
    managedPolicyDefaultVersion: (arn) => policies.get(arn)?.defaultVersionId,
    group: (groupName) => groups.get(groupName),
    permissionsBoundary: (kind, name) => {
      const table = kind === 'user' ? boundaries?.users : boundaries?.roles;
      return table && Object.hasOwn(table, name) ? table[name] : undefined;
    },
  };
}

function parseOrThrow(document: unknown, what: string): PolicyDocument {
  const parsed = parsePolicyDocument(document);
  if (!parsed.ok) throw new Error(`fixture context: ${what} is not a policy document: ${parsed.reason}`);
  return parsed.document;
}
