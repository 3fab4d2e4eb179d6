import { installedActionCatalog as catalog } from './action-catalog.js';
import { allowingStatements, isDeniedEverywhere, statementCoversAllResources } from './effective-permissions.js';
import { memoizeByDocument } from './memoize-by-document.js';
import { ensurePolicyDocument } from './parse-policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { coveredResourceTypes, isOwnUserPattern } from './resource-coverage.js';
import { hasWildcard } from './wildcard-match.js';

export interface EscalationPath {
  readonly id: string;
  readonly title: string;
  readonly requiredActions: readonly string[];
}

export interface EscalationGrant {
  readonly path: EscalationPath;
  readonly grantedActions: readonly string[];
}

const PASS_ROLE = 'iam:PassRole';

/**
 * Known privilege-escalation combinations: Rhino Security Labs' 21 methods
 * ("AWS IAM Privilege Escalation – Methods and Mitigation"), plus the
 * extensions listed by Cloudsplaining and Prowler (SageMaker, CodeStar,
 * SSM, EC2 Instance Connect, ECS, CodeBuild, Glue jobs, Auto Scaling).
 * Each entry is data; a test checks every action exists in iam-data.
 */
export const ESCALATION_PATHS: readonly EscalationPath[] = [
  path('create-policy-version', 'CreatePolicyVersion (rewrite a managed policy)', ['iam:CreatePolicyVersion']),
  path('set-default-policy-version', 'SetDefaultPolicyVersion (switch to a broader version)', [
    'iam:SetDefaultPolicyVersion',
  ]),
  path('create-access-key', 'CreateAccessKey (keys for another user)', ['iam:CreateAccessKey']),
  path('create-login-profile', 'CreateLoginProfile (console password for another user)', ['iam:CreateLoginProfile']),
  path('update-login-profile', 'UpdateLoginProfile (reset another user’s password)', ['iam:UpdateLoginProfile']),
  path('attach-user-policy', 'AttachUserPolicy (attach any policy to a user)', ['iam:AttachUserPolicy']),
  path('attach-group-policy', 'AttachGroupPolicy (attach any policy to a group)', ['iam:AttachGroupPolicy']),
  path('attach-role-policy', 'AttachRolePolicy + AssumeRole', ['iam:AttachRolePolicy', 'sts:AssumeRole']),
  path('put-user-policy', 'PutUserPolicy (write any inline policy on a user)', ['iam:PutUserPolicy']),
  path('put-group-policy', 'PutGroupPolicy (write any inline policy on a group)', ['iam:PutGroupPolicy']),
  path('put-role-policy', 'PutRolePolicy + AssumeRole', ['iam:PutRolePolicy', 'sts:AssumeRole']),
  path('add-user-to-group', 'AddUserToGroup (join a more privileged group)', ['iam:AddUserToGroup']),
  path('update-assume-role-policy', 'UpdateAssumeRolePolicy + AssumeRole', [
    'iam:UpdateAssumeRolePolicy',
    'sts:AssumeRole',
  ]),
  path('passrole-ec2', 'PassRole + EC2 (RunInstances)', [PASS_ROLE, 'ec2:RunInstances']),
  path('passrole-lambda-invoke', 'PassRole + Lambda (CreateFunction + InvokeFunction)', [
    PASS_ROLE,
    'lambda:CreateFunction',
    'lambda:InvokeFunction',
  ]),
  path('passrole-lambda-event-source', 'PassRole + Lambda (CreateFunction + CreateEventSourceMapping)', [
    PASS_ROLE,
    'lambda:CreateFunction',
    'lambda:CreateEventSourceMapping',
  ]),
  path('lambda-update-function-code', 'Lambda UpdateFunctionCode (run code as an existing role)', [
    'lambda:UpdateFunctionCode',
  ]),
  path('passrole-glue-dev-endpoint', 'PassRole + Glue (CreateDevEndpoint)', [PASS_ROLE, 'glue:CreateDevEndpoint']),
  path('glue-update-dev-endpoint', 'Glue UpdateDevEndpoint (SSH into an existing endpoint)', [
    'glue:UpdateDevEndpoint',
  ]),
  path('passrole-cloudformation', 'PassRole + CloudFormation (CreateStack)', [PASS_ROLE, 'cloudformation:CreateStack']),
  path('passrole-datapipeline', 'PassRole + Data Pipeline (CreatePipeline + PutPipelineDefinition)', [
    PASS_ROLE,
    'datapipeline:CreatePipeline',
    'datapipeline:PutPipelineDefinition',
  ]),
  path(
    'passrole-sagemaker-notebook',
    'PassRole + SageMaker notebook (CreateNotebookInstance + CreatePresignedNotebookInstanceUrl)',
    [PASS_ROLE, 'sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
  ),
  path('sagemaker-presigned-notebook-url', 'SageMaker CreatePresignedNotebookInstanceUrl (open an existing notebook)', [
    'sagemaker:CreatePresignedNotebookInstanceUrl',
  ]),
  path('passrole-codestar', 'PassRole + CodeStar (CreateProject)', [PASS_ROLE, 'codestar:CreateProject']),
  path('passrole-ecs', 'PassRole + ECS (RegisterTaskDefinition + RunTask)', [
    PASS_ROLE,
    'ecs:RegisterTaskDefinition',
    'ecs:RunTask',
  ]),
  path('passrole-codebuild', 'PassRole + CodeBuild (CreateProject + StartBuild)', [
    PASS_ROLE,
    'codebuild:CreateProject',
    'codebuild:StartBuild',
  ]),
  path('passrole-glue-job', 'PassRole + Glue job (CreateJob + StartJobRun)', [
    PASS_ROLE,
    'glue:CreateJob',
    'glue:StartJobRun',
  ]),
  path('passrole-autoscaling', 'PassRole + Auto Scaling (CreateLaunchConfiguration + CreateAutoScalingGroup)', [
    PASS_ROLE,
    'autoscaling:CreateLaunchConfiguration',
    'autoscaling:CreateAutoScalingGroup',
  ]),
  path('ssm-send-command', 'SSM SendCommand (run commands on instances as their role)', ['ssm:SendCommand']),
  path('ssm-start-session', 'SSM StartSession (shell on instances as their role)', ['ssm:StartSession']),
  path('ec2-instance-connect', 'EC2 Instance Connect SendSSHPublicKey (SSH into instances)', [
    'ec2-instance-connect:SendSSHPublicKey',
  ]),
];

function path(id: string, title: string, requiredActions: readonly string[]): EscalationPath {
  return Object.freeze({ id, title, requiredActions: Object.freeze([...requiredActions]) });
}

/**
 * Escalation combinations the document grants: every required action is
 * granted on a resource it acts on, and not removed by an unconditional Deny
 * on every resource. Wildcards (`iam:*`, `iam:Attach*`, `*`) and NotAction
 * forms count.
 *
 * An Allow statement matching an action grants it for escalation when its
 * resources can reach what the action acts on (iam-data's resource types per
 * action and their ARN formats, see {@link coveredResourceTypes}):
 *
 * - `Resource: "*"` (or an all-resources pattern such as `arn:aws:*:*:*:*`),
 *   a `NotResource` (every resource but a few; a `NotResource: "*"`
 *   statement applies to nothing and is skipped), or no resource element,
 *   grants every action it matches;
 * - otherwise each `Resource` pattern covers the resource types whose ARN
 *   format it can match: `Action: "*"` on `arn:aws:s3:::bucket/*` grants no
 *   IAM path; `iam:*` on `arn:aws:iam::111122223333:role/app-*` grants the
 *   role paths (and `sts:AssumeRole`, whose `role` is an IAM role ARN);
 * - an action with no resource types (`iam:CreateAccountAlias`,
 *   `sts:GetCallerIdentity`) works only with `Resource: "*"`;
 * - the patterns of all allowing statements together must cover every type
 *   iam-data marks required for the action, or, when none is required, at
 *   least one of its types (ec2:RunInstances needs instance, image, subnet,
 *   security group and network interface);
 * - conditions are not read: a conditional grant is still a grant;
 * - an action the catalogue does not know (or no catalogue data) is granted
 *   by any statement matching it, as before resources were read;
 * - self-scoped grants: for iam:CreateAccessKey, iam:CreateLoginProfile and
 *   iam:UpdateLoginProfile a pattern naming only the caller's own user
 *   (`…:user/${aws:username}`, {@link isOwnUserPattern}) does not count —
 *   keys or a password for yourself give nothing you did not have. Attaching
 *   or writing policies on yourself (AttachUserPolicy, PutUserPolicy,
 *   AddUserToGroup) still counts: that is the escalation.
 *
 * Results are cached per document; coverage per (resource pattern, service)
 * in {@link coveredResourceTypes}.
 */
export const findPrivilegeEscalations: (input: PolicyDocument) => readonly EscalationGrant[] =
  memoizeByDocument(computePrivilegeEscalations);

/** Paths whose danger is acting on another user: on the caller's own user they give nothing new. */
const OTHER_USER_ACTIONS: ReadonlySet<string> = new Set([
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
]);

function computePrivilegeEscalations(input: PolicyDocument): EscalationGrant[] {
  const doc = ensurePolicyDocument(input);
  const services = reachableServices(doc);
  const allowed = new Map<string, boolean>();
  const allows = (action: string): boolean => {
    let known = allowed.get(action);
    if (known === undefined) {
      known =
        (services === ANY_SERVICE || services.has(serviceOf(action))) &&
        !isDeniedEverywhere(doc, action) &&
        resourcesReach(doc, action);
      allowed.set(action, known);
    }
    return known;
  };
  return ESCALATION_PATHS.filter((candidate) => candidate.requiredActions.every(allows)).map((candidate) => ({
    path: candidate,
    grantedActions: candidate.requiredActions,
  }));
}

/** Whether the Allow statements matching `action` reach a resource it acts on (see above). */
function resourcesReach(doc: PolicyDocument, action: string): boolean {
  const indexes = allowingStatements(doc, action);
  if (indexes.length === 0) return false;
  const statements = indexes.flatMap((index) => doc.Statement[index] ?? []);
  if (statements.some(statementCoversAllResources)) return true;
  const info = catalog.actionInfo(action);
  if (!info) return true;
  const service = serviceOf(info.action);
  const skipOwnUser = OTHER_USER_ACTIONS.has(info.action);
  const covered = new Set<string>();
  for (const statement of statements) {
    for (const type of statementCoverage(statement, service, skipOwnUser)) covered.add(type);
  }
  const required = info.resourceTypes.filter((type) => type.required);
  if (required.length > 0) return required.every((type) => covered.has(type.name.toLowerCase()));
  return info.resourceTypes.some((type) => covered.has(type.name.toLowerCase()));
}

/** Resource types (lower case) of `service` the statement's `Resource` patterns cover. */
function statementCoverage(statement: PolicyStatement, service: string, skipOwnUser: boolean): ReadonlySet<string> {
  const patterns = (statement.Resource ?? []).filter((pattern) => !(skipOwnUser && isOwnUserPattern(pattern)));
  const covered = new Set<string>();
  for (const pattern of patterns) for (const type of coveredResourceTypes(pattern, service)) covered.add(type);
  return covered;
}

const ANY_SERVICE = 'any';

/**
 * The services (lower case) whose actions the document's Allow statements can
 * grant at all, or 'any'. A pattern whose service part is plain text
 * (`s3:Get*`, `iam:PassRole`) matches only actions of that service; a
 * wildcard service part, a pattern without `:` or a NotAction can match any.
 * A cheap first check: paths needing a service the document never names are
 * skipped without matching each action.
 */
function reachableServices(doc: PolicyDocument): ReadonlySet<string> | typeof ANY_SERVICE {
  const services = new Set<string>();
  for (const statement of doc.Statement) {
    if (statement.Effect !== 'Allow') continue;
    if (!statement.Action) {
      if (statement.NotAction) return ANY_SERVICE;
      continue;
    }
    for (const raw of statement.Action) {
      const pattern = raw.trim();
      const colon = pattern.indexOf(':');
      if (colon < 0) {
        if (hasWildcard(pattern)) return ANY_SERVICE;
        continue; // a literal without `:` equals no service:action name
      }
      const service = pattern.slice(0, colon);
      if (hasWildcard(service)) return ANY_SERVICE;
      services.add(service.toLowerCase());
    }
  }
  return services;
}

function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}
