import { DEFAULT_REMEDIATION_ROLE } from '../aws/account-clients.js';

/** The Serverless service name; every resource of a stage is prefixed `warden-<stage>`. */
export const SERVICE_NAME = 'warden';

export const FUNCTION_NAMES = ['detect', 'execute', 'interact', 'sweep'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * The names of one stage's resources — the one place serverless.yml's
 * conventions are written down for code (`warden doctor`, tests). The prefix
 * also makes them Warden's own for the loop guard and `warden.tampering`.
 */
export function stageResources(stage: string) {
  const prefix = `${SERVICE_NAME}-${stage}`;
  return {
    prefix,
    tableName: prefix,
    eventBusName: prefix,
    alertTopicName: `${prefix}-alerts`,
    deadLetterQueueName: `${prefix}-dlq`,
    slackSecretId: `${SERVICE_NAME}/${stage}/slack`,
    functionName: (name: FunctionName) => `${prefix}-${name}`,
    roleName: (name: FunctionName) => `${prefix}-${name}`,
    /** EventBridge rules carrying CloudTrail events to detect: `<prefix>-<bus>-<pattern id>` (≤ 64 characters). */
    cloudTrailRulePrefix: `${prefix}-ct`,
    remediationRoleName: DEFAULT_REMEDIATION_ROLE,
    /** The StackSet of infra/member-account.yml for this stage (README "Deploy"). */
    memberStackSetName: `${prefix}-member`,
  } as const;
}
