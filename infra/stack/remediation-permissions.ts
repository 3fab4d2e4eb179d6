import { allActionPermissions } from '../../shared/actions/registry.js';
import { DEFAULT_READER_ROLE, DEFAULT_REMEDIATION_ROLE } from '../../shared/aws/account-clients.js';
import { installedActionCatalog as catalog } from '../../shared/policy/action-catalog.js';
import { FUNCTION_NAMES, stageResources } from '../../shared/settings/stage-resources.js';

/**
 * The IAM statements of Warden's remediation and reader permissions, written
 * once and used in the hub (functions' roles, serverless.yml) and in member
 * accounts (infra/member-account.yml). Resources are CloudFormation
 * `Fn::Sub` strings, so the same statements work in both templates.
 */

/** A CloudFormation value: a literal or an intrinsic function. */
export type CfnValue = string | { readonly [fn: string]: unknown };

export interface CfnStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: readonly CfnValue[] | CfnValue;
  readonly Condition?: Readonly<Record<string, unknown>>;
}

/** What functions/detect reads to judge a change (shared/context/live-iam-context.ts). */
export const DETECT_IAM_READS: readonly string[] = Object.freeze([
  'iam:GetGroupPolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListAttachedGroupPolicies',
  'iam:ListGroupPolicies',
  'iam:ListPolicyVersions',
]);

/**
 * What functions/sweep reads (shared/sweep/fetch-credential-report.ts, read-iam-facts.ts,
 * capture-snapshot.ts): the credential report (stale keys, MFA, unused users, root keys), the
 * facts around it, and every trust and inline policy document for the document snapshot.
 */
export const SWEEP_IAM_READS: readonly string[] = Object.freeze([
  'iam:GenerateCredentialReport',
  // The document snapshot's daily full read (shared/sweep/capture-snapshot.ts).
  'iam:GetAccountAuthorizationDetails',
  'iam:GetCredentialReport',
  'iam:GetRole',
  'iam:ListAccessKeys',
  'iam:ListAttachedUserPolicies',
  'iam:ListRoles',
  'iam:ListUserPolicies',
]);

const sub = (template: string): CfnValue => ({ 'Fn::Sub': template });

/** Every IAM entity of the account the template is deployed in, and AWS managed policies (AWSDenyAll, …). */
const IAM_RESOURCES: readonly CfnValue[] = [
  sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*'),
  sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:group/*'),
  sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*'),
  sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/*'),
  sub('arn:${AWS::Partition}:iam::aws:policy/*'),
];

const TRAIL_RESOURCES: readonly CfnValue[] = [sub('arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*')];

/**
 * Warden's own roles, by exact name: the member roles, and in the hub the
 * stage's four function roles. Warden never changes them. Never a prefix: a
 * role someone names `warden-backdoor` must stay remediable.
 */
export function ownRoleResources(stage?: string): CfnValue[] {
  const role = (name: string) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}`);
  return [
    ...(stage ? FUNCTION_NAMES.map((fn) => role(stageResources(stage).roleName(fn))) : []),
    role(DEFAULT_REMEDIATION_ROLE),
    role(DEFAULT_READER_ROLE),
  ];
}

function isScopable(action: string): boolean {
  // An action the catalogue does not know is treated as scopable: it is then
  // granted on the account's entities only, never on `*`.
  return catalog.actionInfo(action)?.scopable ?? true;
}

function isWrite(action: string): boolean {
  const level = catalog.actionInfo(action)?.accessLevel;
  return level === undefined || (level !== 'Read' && level !== 'List');
}

/**
 * Statements granting `actions` with resources scoped as far as each action
 * allows: IAM entities of the account, trails of the account, and `*` only
 * for actions that support no resource type (the account password policy,
 * CloudTrail LookupEvents, the credential report).
 */
export function scopedStatements(sidPrefix: string, actions: readonly string[]): CfnStatement[] {
  const iam = actions.filter((action) => action.startsWith('iam:') && isScopable(action)).sort();
  const trail = actions.filter((action) => action.startsWith('cloudtrail:') && isScopable(action)).sort();
  const accountLevel = actions.filter((action) => !isScopable(action)).sort();
  const other = actions.filter(
    (action) => isScopable(action) && !action.startsWith('iam:') && !action.startsWith('cloudtrail:'),
  );
  if (other.length > 0) throw new Error(`no resource scoping known for: ${other.join(', ')}`);
  const statements: CfnStatement[] = [];
  if (iam.length > 0)
    statements.push({ Sid: `${sidPrefix}Iam`, Effect: 'Allow', Action: iam, Resource: IAM_RESOURCES });
  if (trail.length > 0) {
    statements.push({ Sid: `${sidPrefix}Trails`, Effect: 'Allow', Action: trail, Resource: TRAIL_RESOURCES });
  }
  if (accountLevel.length > 0) {
    statements.push({ Sid: `${sidPrefix}AccountLevel`, Effect: 'Allow', Action: accountLevel, Resource: '*' });
  }
  return statements;
}

/**
 * Exactly the permissions of the remediation actions (apply and undo,
 * shared/actions/registry.ts), plus a Deny of every IAM write on Warden's own
 * roles: even a manipulated request cannot make Warden weaken itself.
 */
export function remediationStatements(stage?: string): CfnStatement[] {
  const permissions = allActionPermissions();
  const iamWrites = permissions.filter((action) => action.startsWith('iam:') && isWrite(action));
  return [
    ...scopedStatements('WardenRemediation', permissions),
    { Sid: 'WardenNeverChangesItself', Effect: 'Deny', Action: iamWrites, Resource: ownRoleResources(stage) },
  ];
}

/**
 * What functions/sweep reads from Organizations with the hub's own credentials
 * (shared/sweep/read-organization.ts): the organisation's id and its accounts.
 */
export const SWEEP_ORGANIZATIONS_READS: readonly string[] = Object.freeze([
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
]);

/**
 * What functions/sweep reads from CloudTrail in every account it sweeps (own
 * credentials in the hub, WardenReader elsewhere; shared/sweep/read-trail-buckets.ts):
 * the trails and the buckets they deliver to.
 */
export const SWEEP_CLOUDTRAIL_READS: readonly string[] = Object.freeze(['cloudtrail:DescribeTrails']);

/** What reading a member account's document snapshot needs (shared/sweep/capture-snapshot.ts). */
export const SNAPSHOT_IAM_READS: readonly string[] = Object.freeze(['iam:GetAccountAuthorizationDetails']);

/**
 * WardenReader in member accounts: read-only IAM for detect (policy and group
 * contents), for the sweep (credential report and the facts around it), for
 * the sweep's document snapshot of the account and its trails' buckets.
 */
export function readerStatements(): CfnStatement[] {
  return scopedStatements('WardenRead', [
    ...new Set([...DETECT_IAM_READS, ...SWEEP_IAM_READS, ...SNAPSHOT_IAM_READS, ...SWEEP_CLOUDTRAIL_READS]),
  ]);
}
