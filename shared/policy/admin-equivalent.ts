import { memoizeByDocument } from './memoize-by-document.js';
import { serviceActions } from './action-catalog.js';
import {
  hasConditions,
  isSweepingDeny,
  statementCoversAllActions,
  statementCoversAllResources,
  statementActionTest,
} from './effective-permissions.js';
import { ensurePolicyDocument } from './parse-policy-document.js';
import type { PolicyDocument, PolicyStatement } from './policy-document.js';
import { wildcardMatch } from './wildcard-match.js';

/**
 * Administrator equivalence. A document is admin-equivalent when one Allow
 * statement grants, on every resource, every IAM action: `*`, `iam:*`,
 * `i*:*`, or a `NotAction` list that leaves all of IAM allowed. Holding all of
 * IAM on `*` lets a principal grant itself anything, so `iam:*` counts as
 * admin (DESIGN §3). Conditions on the statement do not change the verdict
 * (the reason says so).
 *
 * An unconditional Deny on every resource that removes any IAM action is a
 * deliberate guardrail in the same document (the PowerUser pattern), and the
 * document is then not reported as admin-equivalent; narrower or conditional
 * Denies are ignored.
 */

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/**
 * AWS managed policies that are admin-equivalent, each for a reason:
 * - AdministratorAccess: `Action: *` on `Resource: *`.
 * - IAMFullAccess: `iam:*` on `*` — the holder can attach AdministratorAccess to itself.
 * - AdministratorAccess-Amplify and AdministratorAccess-AWSElasticBeanstalk:
 *   AWS describes both as granting "account administrative permissions";
 *   they include creating roles, attaching policies to them and passing them.
 * Deliberately not listed: PowerUserAccess (NotAction iam/organizations/account —
 * broad, reported as a wildcard grant), AWSOrganizationsFullAccess (controls
 * other accounts, not IAM in this one), ReadOnlyAccess.
 */
const ADMIN_MANAGED_POLICY_NAMES = new Set([
  'AdministratorAccess',
  'IAMFullAccess',
  'AdministratorAccess-Amplify',
  'AdministratorAccess-AWSElasticBeanstalk',
]);

const MANAGED_POLICY_ARN = new RegExp(
  `^arn:(${PARTITIONS.join('|')}):iam::aws:policy/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]+)$`,
);

/**
 * Whether `arn` is an AWS managed admin-equivalent policy, in any partition.
 * Exact parse: the account part must be `aws` (only AWS owns those), so a
 * customer policy or a role that happens to be named AdministratorAccess
 * never matches.
 */
export function isAdminManagedPolicyArn(arn: string): boolean {
  if (typeof arn !== 'string') return false;
  const match = MANAGED_POLICY_ARN.exec(arn.trim());
  return match !== null && ADMIN_MANAGED_POLICY_NAMES.has(match[2] ?? '');
}

export function isAdminEquivalent(doc: PolicyDocument): boolean {
  return adminEquivalence(doc) !== undefined;
}

/** The first statement that makes the document admin-equivalent, with a plain-words reason (memoised per document). */
export const adminEquivalence = memoizeByDocument(computeAdminEquivalence);

function computeAdminEquivalence(input: PolicyDocument): { statementIndex: number; reason: string } | undefined {
  const doc = ensurePolicyDocument(input);
  if (doc.Statement.some((statement) => isSweepingDeny(statement) && deniesSomeIamAction(statement))) return undefined;
  for (const [index, statement] of doc.Statement.entries()) {
    if (statement.Effect !== 'Allow' || !statementCoversAllResources(statement)) continue;
    const what = coverage(statement);
    if (what === undefined) continue;
    const conditional = hasConditions(statement) ? ' (under conditions)' : '';
    return { statementIndex: index, reason: `${what} on all resources${conditional}` };
  }
  return undefined;
}

function coverage(statement: PolicyStatement): string | undefined {
  if (statementCoversAllActions(statement)) return 'allows every action';
  if (statement.Action) {
    const wholeIam = statement.Action.find((pattern) => coversWholeService(pattern.trim(), 'iam'));
    if (wholeIam !== undefined) return `allows ${wholeIam} (can grant itself anything)`;
    if (!statement.Action.some((pattern) => servicePartMatches(pattern, 'iam'))) return undefined;
    const iam = serviceActions('iam');
    const matches = statementActionTest(statement);
    if (iam.length > 0 && iam.every((info) => matches(info.action))) {
      return 'allows every IAM action (can grant itself anything)';
    }
    return undefined;
  }
  if (statement.NotAction) {
    const iam = serviceActions('iam');
    const matches = statementActionTest(statement);
    const excludesIam =
      iam.length > 0
        ? iam.some((info) => !matches(info.action))
        : statement.NotAction.some((pattern) => servicePartMatches(pattern, 'iam'));
    if (!excludesIam) return `allows every action except ${statement.NotAction.join(', ')}`;
  }
  return undefined;
}

function deniesSomeIamAction(statement: PolicyStatement): boolean {
  if (statement.Action && !statement.Action.some((pattern) => servicePartMatches(pattern, 'iam'))) return false;
  const iam = serviceActions('iam');
  if (iam.length > 0) {
    const matches = statementActionTest(statement);
    return iam.some((info) => matches(info.action));
  }
  if (statement.Action) return statement.Action.some((pattern) => servicePartMatches(pattern, 'iam'));
  return (
    statement.NotAction !== undefined && !statement.NotAction.some((pattern) => coversWholeService(pattern, 'iam'))
  );
}

/** `iam:*`, `i*:*`, `*:*`, `*` — a pattern granting the whole service. */
function coversWholeService(pattern: string, service: string): boolean {
  if (/^\*+$/.test(pattern)) return true;
  const colon = pattern.indexOf(':');
  if (colon < 0) return false;
  return (
    /^\*+$/.test(pattern.slice(colon + 1)) && wildcardMatch(pattern.slice(0, colon), service, { ignoreCase: true })
  );
}

function servicePartMatches(pattern: string, service: string): boolean {
  const trimmed = pattern.trim();
  if (/^\*+$/.test(trimmed)) return true;
  const colon = trimmed.indexOf(':');
  return colon > 0 && wildcardMatch(trimmed.slice(0, colon), service, { ignoreCase: true });
}
