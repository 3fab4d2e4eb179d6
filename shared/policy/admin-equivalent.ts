import { memoizeByDocument } from './memoize-by-document.js';
import {
  hasConditions,
  isSweepingDeny,
  statementActionTest,
  statementCoversAllActions,
  statementCoversAllResources,
} from './effective-permissions.js';
import { ensurePolicyDocument } from './parse-policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { statementConditions } from './statement-conditions.js';
import type { StatementCondition } from '../model/statement-condition.js';
import { wildcardMatch } from './wildcard-match.js';

/**
 * Administrator equivalence, judged on what a document does, not on how it is
 * written.
 *
 * Definition. A document is administrator-equivalent when whoever holds it,
 * IAM user or role, can put any policy in force for itself: after explicit
 * Denies, the document still allows, on every resource,
 *
 * - for a role holder: `iam:PutRolePolicy` or `iam:AttachRolePolicy` (write or
 *   attach a policy on itself; AWS's AdministratorAccess exists in every
 *   account, so attaching is enough), and
 * - for a user holder: `iam:PutUserPolicy` or `iam:AttachUserPolicy`, or
 *   `iam:AddUserToGroup` with `iam:PutGroupPolicy` or `iam:AttachGroupPolicy`
 *   (join a group and give the group anything), or `iam:CreateRole` with
 *   `iam:PutRolePolicy` or `iam:AttachRolePolicy` and `sts:AssumeRole` (make
 *   an administrator role that trusts itself and assume it).
 *
 * Both are required because a document is judged on its own, wherever it is
 * attached; a document that lets only users (or only roles) rewrite their
 * policies is a privilege-escalation grant (`iam.privilege-escalation-granted`).
 *
 * So `*`, `iam:*`, `NotAction` lists that leave those actions, Allow `*` with a
 * Deny of a few other actions and Allow `iam:*` minus a handful are all
 * administrator-equivalent; Allow `*` with Deny `iam:*` is not, nor is a
 * document without an Allow.
 *
 * Statement semantics (see effective-permissions.ts): an Allow counts when it
 * matches the action (wildcards, `NotAction`) and applies to every resource
 * (`*`, an all-covering ARN pattern, or a `NotResource` other than `*`): an
 * Allow `*` on one bucket is not admin. A Deny removes an action only when it
 * applies to every resource and has no conditions; a Deny on specific
 * resources does not remove the action everywhere, and a conditional Deny
 * does not remove it in every case, so neither is counted (the result says
 * which were not counted).
 *
 * Conditions never make a document non-admin: a conditional Allow still
 * grants. They are returned with the verdict ({@link AdminEquivalence.conditions})
 * so the finding shows them (MFA required, source IP, organisation id).
 *
 * Matching is by action name, so the verdict does not need the iam-data
 * catalogue (patterns are matched textually without it).
 */

/** Actions that together let the holder put any policy in force for itself. */
type Route = readonly string[];

/** Self-grant routes for a role holder. */
export const ROLE_SELF_GRANT_ROUTES: readonly Route[] = Object.freeze([
  Object.freeze(['iam:PutRolePolicy']),
  Object.freeze(['iam:AttachRolePolicy']),
]);

/** Self-grant routes for a user holder. */
export const USER_SELF_GRANT_ROUTES: readonly Route[] = Object.freeze([
  Object.freeze(['iam:PutUserPolicy']),
  Object.freeze(['iam:AttachUserPolicy']),
  Object.freeze(['iam:AddUserToGroup', 'iam:PutGroupPolicy']),
  Object.freeze(['iam:AddUserToGroup', 'iam:AttachGroupPolicy']),
  Object.freeze(['iam:CreateRole', 'iam:PutRolePolicy', 'sts:AssumeRole']),
  Object.freeze(['iam:CreateRole', 'iam:AttachRolePolicy', 'sts:AssumeRole']),
]);

/**
 * The definition in one paragraph, for the rule catalogue (docs/rules.md) and
 * messages; kept here so the docs say what the code does.
 */
export const ADMIN_EQUIVALENT_DEFINITION =
  'Administrator-equivalent means: after explicit Denies, the policy still allows on every resource a way for ' +
  'its holder to give itself any policy, as a role (iam:PutRolePolicy or iam:AttachRolePolicy) and as a user ' +
  '(iam:PutUserPolicy, iam:AttachUserPolicy, iam:AddUserToGroup with iam:PutGroupPolicy or iam:AttachGroupPolicy, ' +
  'or iam:CreateRole with a role policy write and sts:AssumeRole). Allow * with a narrow Deny, NotAction lists ' +
  'and iam:* minus a handful count; Allow * with Deny iam:* does not. Only a Deny on every resource without ' +
  'conditions removes an action; conditions are shown in the finding and never make a policy non-admin.';

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

/** Why a document is administrator-equivalent. */
export interface AdminEquivalence {
  /** The first Allow statement the verdict rests on. */
  readonly statementIndex: number;
  /** Every Allow statement the verdict rests on, in document order. */
  readonly statementIndexes: readonly number[];
  /** Plain words: what is allowed, and what the Denies leave. */
  readonly reason: string;
  /** The self-grant actions the verdict found allowed (one role route and one user route). */
  readonly selfGrantActions: readonly string[];
  /**
   * Conditions of those Allow statements, and of the conditional Denies that
   * would remove one of those actions but were not counted. Empty when none.
   */
  readonly conditions: readonly StatementCondition[];
  /** Denies matching those actions that were not counted, and why. */
  readonly uncountedDenies: readonly string[];
}

/** {@link AdminEquivalence} of the document, or undefined when it is not admin-equivalent (memoised per document). */
export const adminEquivalence = memoizeByDocument((doc: PolicyDocument) => adminEquivalenceAcross(doc));

/**
 * Where a statement of a document made of several policies comes from: the
 * policy's label and the statement's position in it.
 */
export type StatementOrigin = (index: number) => { readonly policy?: string; readonly statementIndex: number };

const OWN_POSITION: StatementOrigin = (index) => ({ statementIndex: index });

/**
 * {@link adminEquivalence} for a document assembled from several policies (a
 * group's attached and inline policies): the same verdict, with statements
 * named by `origin` in the reason, the uncounted Denies and the conditions.
 * Not memoised (such documents are built per question).
 */
export function adminEquivalenceAcross(
  doc: PolicyDocument,
  origin: StatementOrigin = OWN_POSITION,
): AdminEquivalence | undefined {
  return computeAdminEquivalence(doc, origin);
}

interface AllowCandidate {
  readonly index: number;
  readonly statement: PolicyStatement;
  readonly allows: (action: string) => boolean;
  readonly conditional: boolean;
}

interface DenyStatement {
  readonly index: number;
  readonly statement: PolicyStatement;
  readonly denies: (action: string) => boolean;
}

interface Witness {
  /** Per action of the chosen routes, the Allow statement granting it. */
  readonly grants: ReadonlyMap<string, AllowCandidate>;
}

function computeAdminEquivalence(input: PolicyDocument, origin: StatementOrigin): AdminEquivalence | undefined {
  const doc = ensurePolicyDocument(input);
  const allows: AllowCandidate[] = [];
  const sweeping: DenyStatement[] = [];
  const otherDenies: DenyStatement[] = [];
  doc.Statement.forEach((statement, index) => {
    if (statement.Effect === 'Allow' && statementCoversAllResources(statement)) {
      allows.push({ index, statement, allows: statementActionTest(statement), conditional: hasConditions(statement) });
    } else if (statement.Effect === 'Deny') {
      const entry = { index, statement, denies: statementActionTest(statement) };
      (isSweepingDeny(statement) ? sweeping : otherDenies).push(entry);
    }
  });
  if (allows.length === 0) return undefined;
  const denied = (action: string): boolean => sweeping.some((deny) => deny.denies(action));
  // Unconditional statements first, so conditions are reported only when the grant rests on them.
  const preferred = [...allows.filter((a) => !a.conditional), ...allows.filter((a) => a.conditional)];
  const witness = singleStatementWitness(preferred, denied) ?? combinedWitness(preferred, denied);
  if (!witness) return undefined;

  const actions = [...witness.grants.keys()];
  const statements = [...new Map([...witness.grants.values()].map((a) => [a.index, a])).values()].sort(
    (a, b) => a.index - b.index,
  );
  const conditionsOf = (statement: PolicyStatement, index: number): StatementCondition[] => {
    const { policy, statementIndex } = origin(index);
    return statementConditions(statement, statementIndex, policy);
  };
  const name = (indexes: readonly number[]): string => statementNames(indexes.map(origin));
  const conditions: StatementCondition[] = statements.flatMap((a) => conditionsOf(a.statement, a.index));
  const uncountedDenies: string[] = [];
  for (const deny of otherDenies) {
    const hit = actions.filter((action) => deny.denies(action));
    if (hit.length === 0) continue;
    if (hasConditions(deny.statement)) {
      conditions.push(...conditionsOf(deny.statement, deny.index));
      uncountedDenies.push(
        `the Deny in ${name([deny.index])} has conditions, so it does not remove ${hit.join(', ')} in every case (not counted)`,
      );
    } else {
      uncountedDenies.push(
        `the Deny in ${name([deny.index])} applies to specific resources only, so it does not remove ` +
          `${hit.join(', ')} everywhere (not counted)`,
      );
    }
  }
  const [first] = statements;
  return {
    statementIndex: first?.index ?? 0,
    statementIndexes: statements.map((a) => a.index),
    reason: reasonText(statements, actions, sweeping, name),
    selfGrantActions: actions,
    conditions,
    uncountedDenies,
  };
}

/** One Allow statement that alone (with the Denies) gives both a role and a user route. */
function singleStatementWitness(
  preferred: readonly AllowCandidate[],
  denied: (action: string) => boolean,
): Witness | undefined {
  for (const candidate of preferred) {
    const witness = witnessFrom([candidate], denied);
    if (witness) return witness;
  }
  return undefined;
}

/** Routes granted by several statements together, unconditional ones first. */
function combinedWitness(
  preferred: readonly AllowCandidate[],
  denied: (action: string) => boolean,
): Witness | undefined {
  return (
    witnessFrom(
      preferred.filter((a) => !a.conditional),
      denied,
    ) ?? witnessFrom(preferred, denied)
  );
}

function witnessFrom(pool: readonly AllowCandidate[], denied: (action: string) => boolean): Witness | undefined {
  if (pool.length === 0) return undefined;
  const grantor = (action: string): AllowCandidate | undefined =>
    denied(action) ? undefined : pool.find((candidate) => candidate.allows(action));
  const route = (routes: readonly Route[]): Map<string, AllowCandidate> | undefined => {
    for (const actions of routes) {
      const grants = new Map<string, AllowCandidate>();
      for (const action of actions) {
        const found = grantor(action);
        if (!found) break;
        grants.set(action, found);
      }
      if (grants.size === actions.length) return grants;
    }
    return undefined;
  };
  const role = route(ROLE_SELF_GRANT_ROUTES);
  const user = role && route(USER_SELF_GRANT_ROUTES);
  if (!role || !user) return undefined;
  return { grants: new Map([...role, ...user]) };
}

function reasonText(
  statements: readonly AllowCandidate[],
  actions: readonly string[],
  sweeping: readonly DenyStatement[],
  name: (indexes: readonly number[]) => string,
): string {
  const conditional = statements.some((a) => a.conditional) ? ' (under conditions)' : '';
  const [only] = statements;
  const deniedText = sweeping.map((d) => actionElementText(d.statement)).join('; ');
  const denies =
    sweeping.length === 0
      ? ''
      : `; the Deny in ${name(sweeping.map((d) => d.index))} (${deniedText}) leaves ${actions.join(', ')} ` +
        'allowed, so it can grant itself anything';
  if (statements.length === 1 && only) {
    const what = allowText(only.statement, actions, sweeping.length > 0);
    return `${what} on all resources${denies}${conditional}`;
  }
  const together = `${name(statements.map((a) => a.index))} together allow ${actions.join(', ')} on all resources`;
  return `${together} (can grant itself anything)${denies}${conditional}`;
}

function allowText(statement: PolicyStatement, actions: readonly string[], denied: boolean): string {
  if (statementCoversAllActions(statement)) return 'allows every action';
  if (statement.Action) {
    // Trimmed, so the reason quotes the pattern without the spaces IAM ignores.
    const wholeIam = statement.Action.map((pattern) => pattern.trim()).find((pattern) =>
      coversWholeService(pattern, 'iam'),
    );
    const grants = denied ? '' : ' (can grant itself anything)';
    if (wholeIam !== undefined) return `allows ${wholeIam}${grants}`;
    return `allows ${actions.join(', ')}${grants}`;
  }
  const kept = denied ? '' : `, which still includes ${actions.join(', ')}: it can grant itself anything`;
  return `allows every action except ${(statement.NotAction ?? []).join(', ')}${kept}`;
}

function actionElementText(statement: PolicyStatement): string {
  if (statement.Action) return statement.Action.join(', ');
  if (statement.NotAction) return `every action except ${statement.NotAction.join(', ')}`;
  // A Deny with neither element parses (IAM itself refuses it) but removes nothing.
  return 'no action';
}

/** "statement 1", "statements 1 and 2", "inline policy a statement 0 and policy b statement 2". */
function statementNames(origins: readonly { readonly policy?: string; readonly statementIndex: number }[]): string {
  const join = (parts: readonly string[]) =>
    parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  if (origins.every((o) => o.policy === undefined)) {
    const indexes = origins.map((o) => String(o.statementIndex));
    return `${indexes.length === 1 ? 'statement' : 'statements'} ${join(indexes)}`;
  }
  return join(origins.map((o) => `${o.policy ? `${o.policy} ` : ''}statement ${o.statementIndex}`));
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
