import type { RemediationStep } from './action-kinds.js';
import type { StatementCondition } from './statement-condition.js';
import type { Severity } from './severity.js';

/**
 * How Warden knows a change came through infrastructure as code — only from
 * what the caller cannot forge: `invokedBy: cloudformation.amazonaws.com`
 * (set by AWS) or a deploy role listed by exact ARN in the config.
 */
export type IacTool = 'cloudformation' | 'configured-deploy-role';

/** Tools a user agent names. The caller writes its user agent: shown, never trusted. */
export type ClaimedTool = 'terraform' | 'pulumi' | 'cdk' | 'serverless' | 'cloudformation';

/** Who made the call, as shown to the on-call engineer. */
export interface Actor {
  /** `userIdentity.type` (Root, IAMUser, AssumedRole, …). */
  readonly type: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly principalId?: string;
  /** IAM user name, or the role name behind an assumed-role session. */
  readonly name?: string;
  /** The role session name for assumed roles / federated users. */
  readonly sessionName?: string;
  /** The AWS-set `sessionContext.sessionIssuer.arn` of a session (the role's ARN with its path). */
  readonly sessionIssuerArn?: string;
  /** Whether the session was MFA-authenticated; undefined when the record does not say. */
  readonly mfa?: boolean;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly accessKeyId?: string;
  /** Service that made the call on the actor's behalf (`invokedBy`). */
  readonly invokedBy?: string;
  /** Set when the change provably came through infrastructure as code (may lower severity and mode). */
  readonly iac?: IacTool;
  /** The IaC tool the user agent claims; shown ("user agent claims Terraform"), never lowers anything. */
  readonly userAgentTool?: ClaimedTool;
}

export type TargetType =
  | 'account'
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'access-key'
  | 'mfa-device'
  | 'identity-provider'
  | 'federated-user'
  | 'roles-anywhere-trust-anchor'
  | 'roles-anywhere-profile'
  | 'trail'
  | 'event-data-store'
  | 'bucket'
  | 'password-policy'
  | 'warden-resource';

/** What the change was made to. */
export interface Target {
  readonly type: TargetType;
  /** Friendly name (user name, role name, trail name, policy name). */
  readonly name?: string;
  readonly arn?: string;
  /** Secondary identifier, e.g. the access key id or policy version. */
  readonly id?: string;
  /** For access keys found in the credential report: its column pair (`access_key_1_*` / `access_key_2_*`). */
  readonly keySlot?: 1 | 2;
}

export interface FindingDetails {
  /** Plain-words policy diff lines ("+ iam:PassRole on *"). */
  readonly policyDiff?: readonly string[];
  /** False when the policy/group content could not be read, so nothing was analysed. */
  readonly contentAnalysed?: boolean;
  /** Extra facts for the message ("trusts account 999999999999 outside the organisation"). */
  readonly notes?: readonly string[];
  /**
   * Conditions on the policy statements the finding rests on (MFA required,
   * source IP, organisation id …), shown in plain words. A condition never
   * stops Warden from reporting a grant; it tells the reader when it applies.
   */
  readonly conditions?: readonly StatementCondition[];
}

/** The result of one rule matching one event. */
export interface Finding {
  /** Deterministic: the same event and rule always give the same id. */
  readonly id: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  /** The account the event belongs to; undefined when the record does not tell. */
  readonly account?: string;
  readonly region: string;
  readonly actor: Actor;
  readonly target: Target;
  readonly summary: string;
  readonly rationale: string;
  readonly details: FindingDetails;
  readonly remediation: readonly RemediationStep[];
  /**
   * Groups findings that belong in one alert (e.g. every call of one root session);
   * notifiers thread later findings under the first one with the same key.
   */
  readonly correlationKey?: string;
}
