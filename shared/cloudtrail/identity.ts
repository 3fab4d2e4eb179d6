/**
 * Who made a call: root or not, an AWS service or a person, and the {@link Actor}
 * shown in findings (name, session, MFA, IP, user agent, IaC marker).
 */
import type { Actor, ClaimedTool, IacTool } from '../model/finding.js';
import type { DetectionSettings } from '../model/detection-settings.js';
import type { CloudTrailEvent } from './event.js';
import { SignInEvent } from './event-names.js';
import { additionalData } from './request-parameter.js';

const ROOT_ARN = /^arn:[^:]+:iam::[^:]*:root$/;
/** Types that say nothing about the caller; the ARN decides for them. */
const VAGUE_TYPES = new Set(['', 'unknown', '...']);
/** `invokedBy` hosts that mean a person acting through the console, not a service. */
const CONSOLE_HOSTS = new Set(['signin.amazonaws.com', 'console.amazonaws.com', 'console.aws.amazon.com']);

/** True for the account's root user (type `Root`; or no usable type and a `:root` ARN). */
export function isRoot(event: CloudTrailEvent): boolean {
  const { type, arn } = event.userIdentity;
  const lower = type.toLowerCase();
  if (lower === 'root') return true;
  return VAGUE_TYPES.has(lower) && arn !== undefined && ROOT_ARN.test(arn);
}

/**
 * True when an AWS service made the call: identity type `AWSService`, or
 * `invokedBy` an AWS service (`cloudformation.amazonaws.com`, `AWS Internal`, …).
 * The console sign-in hosts (`signin.amazonaws.com`) are a person acting, not a service.
 */
export function isAwsServiceCall(event: CloudTrailEvent): boolean {
  if (event.userIdentity.type.toLowerCase() === 'awsservice') return true;
  const invokedBy = event.userIdentity.invokedBy;
  return invokedBy !== undefined && isServiceHost(invokedBy);
}

function isServiceHost(invokedBy: string): boolean {
  const host = invokedBy.trim().toLowerCase();
  if (host === 'aws internal') return true;
  if (CONSOLE_HOSTS.has(host) || host.endsWith('.console.aws.amazon.com')) return false;
  return host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn');
}

/** The actor of an event as shown to the on-call engineer. */
export function actorOf(event: CloudTrailEvent, settings: DetectionSettings): Actor {
  const identity = event.userIdentity;
  const root = isRoot(event);
  const arnParts = parseIdentityArn(identity.arn);
  const issuer = identity.sessionContext?.sessionIssuer;
  const type = root ? 'Root' : identity.type;

  let name: string | undefined;
  let sessionName: string | undefined;
  if (root) {
    name = 'root';
  } else if (arnParts?.kind === 'assumed-role') {
    name = issuer?.userName ?? arnParts.name;
    sessionName = arnParts.session;
  } else if (arnParts?.kind === 'federated-user') {
    name = issuer?.userName ?? arnParts.name;
    sessionName = arnParts.name;
  } else if (type === 'AWSService') {
    name = identity.invokedBy;
  } else {
    name = identity.userName ?? arnParts?.name ?? issuer?.userName;
  }

  return compact({
    type,
    arn: identity.arn,
    accountId: identity.accountId,
    principalId: identity.principalId,
    name,
    sessionName,
    sessionIssuerArn: issuer?.arn,
    mfa: mfaOf(event),
    sourceIp: event.sourceIPAddress,
    userAgent: event.userAgent,
    accessKeyId: identity.accessKeyId,
    invokedBy: identity.invokedBy,
    iac: iacOf(event, settings),
    userAgentTool: userAgentToolOf(event.userAgent),
  });
}

/**
 * Whether the caller used MFA: `MFAUsed` on a console sign-in, else the
 * session's `mfaAuthenticated`; undefined when the record does not say.
 */
export function mfaOf(event: CloudTrailEvent): boolean | undefined {
  if (event.eventName === SignInEvent.ConsoleLogin) {
    const used = additionalData(event, 'MFAUsed');
    if (typeof used === 'string') {
      const lower = used.toLowerCase();
      if (lower === 'yes') return true;
      if (lower === 'no') return false;
    }
  }
  return event.userIdentity.sessionContext?.mfaAuthenticated;
}

/**
 * The IaC channel behind a change, when the caller cannot have forged it:
 * `invokedBy: cloudformation.amazonaws.com` is set by AWS; a deploy role is
 * recognised by its exact ARN from the config (account and name, read from
 * the AWS-set session issuer). The user agent never counts (see
 * {@link userAgentToolOf}).
 */
export function iacOf(event: CloudTrailEvent, settings: DetectionSettings): IacTool | undefined {
  if (event.userIdentity.invokedBy?.toLowerCase() === 'cloudformation.amazonaws.com') return 'cloudformation';
  if (settings.deployRoles.length > 0 && isDeployPrincipal(event, settings.deployRoles)) {
    return 'configured-deploy-role';
  }
  return undefined;
}

/** What the user agent claims; anyone can send `Terraform/1.9`, so it is only shown. */
export function userAgentToolOf(userAgent: string | undefined): ClaimedTool | undefined {
  const agent = userAgent?.toLowerCase();
  if (agent === undefined) return undefined;
  if (agent.includes('terraform')) return 'terraform';
  if (agent.includes('pulumi')) return 'pulumi';
  if (agent.includes('aws-cdk')) return 'cdk';
  if (/\bserverless\b/.test(agent)) return 'serverless';
  if (agent.includes('cloudformation')) return 'cloudformation';
  return undefined;
}

/**
 * `(partition, account, kind, name)` of a role or user ARN; role and user names
 * are unique per account whatever their path, so the path is not compared.
 */
function principalKey(arn: string | undefined): string | undefined {
  const match = /^arn:([^:]+):iam::(\d{12}):(role|user)\/(?:[^:]*\/)?([^/:]+)$/.exec(arn ?? '');
  return match ? `${match[1]}|${match[2]}|${match[3]}|${match[4]!.toLowerCase()}` : undefined;
}

/** The caller's role (AWS-set session issuer) or IAM user, as a principal key. */
function callerKey(event: CloudTrailEvent): string | undefined {
  const identity = event.userIdentity;
  const type = identity.type.toLowerCase();
  if (type === 'assumedrole') {
    const issuer = identity.sessionContext?.sessionIssuer;
    const parts = parseIdentityArn(identity.arn);
    const roleArn =
      issuer?.type === 'Role' && issuer.arn ? issuer.arn : parts?.kind === 'assumed-role' ? parts.roleArn : undefined;
    return principalKey(roleArn);
  }
  if (type === 'iamuser') return principalKey(identity.arn);
  return undefined;
}

function isDeployPrincipal(event: CloudTrailEvent, arns: readonly string[]): boolean {
  const caller = callerKey(event);
  return caller !== undefined && arns.some((arn) => principalKey(arn) === caller);
}

type IdentityArn =
  | { kind: 'assumed-role'; name: string; session: string | undefined; roleArn: string }
  | { kind: 'federated-user' | 'user' | 'role' | 'other'; name: string | undefined };

/**
 * Parts of an identity ARN: `arn:aws:sts::123:assumed-role/RoleName/session`,
 * `arn:aws:iam::123:user/path/name`, `arn:aws:sts::123:federated-user/name`.
 * Malformed ARNs give undefined, never an error.
 */
export function parseIdentityArn(arn: string | undefined): IdentityArn | undefined {
  if (arn === undefined || !arn.startsWith('arn:')) return undefined;
  const fields = arn.split(':');
  if (fields.length < 6) return undefined;
  const [, partition, , , account] = fields;
  const resource = fields.slice(5).join(':');
  const slash = resource.indexOf('/');
  const head = slash === -1 ? resource : resource.slice(0, slash);
  const path = slash === -1 ? [] : resource.slice(slash + 1).split('/');
  const last = path.length > 0 ? path[path.length - 1] || undefined : undefined;
  if (head === 'assumed-role' && path.length >= 1 && path[0]) {
    const roleName = path[0];
    return {
      kind: 'assumed-role',
      name: roleName,
      session: path.length >= 2 ? last : undefined,
      roleArn: `arn:${partition}:iam::${account}:role/${roleName}`,
    };
  }
  if (head === 'federated-user' || head === 'user' || head === 'role') return { kind: head, name: last };
  return { kind: 'other', name: undefined };
}

function compact(actor: { [K in keyof Actor]: Actor[K] | undefined }): Actor {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(actor)) if (value !== undefined) result[key] = value;
  return result as unknown as Actor;
}
