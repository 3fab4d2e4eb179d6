import * as v from 'valibot';
import { ConfigError } from './errors/warden-error.js';

/**
 * The only reader of `process.env`. Environment variables name the stage and
 * where things live (table, bus, topic, secrets) — never secret values and
 * never tuning, which is in `warden.config.yml`.
 */
/** What STS accepts as an ExternalId: 2–1224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

const RuntimeEnvSchema = v.object({
  WARDEN_STAGE: v.optional(v.string(), 'dev'),
  AWS_REGION: v.optional(v.string(), 'us-east-1'),
  WARDEN_TABLE_NAME: v.pipe(v.string(), v.minLength(1)),
  WARDEN_EVENT_BUS_NAME: v.pipe(v.string(), v.minLength(1)),
  /** The hub account's id: same-account remediation uses the function's own role. */
  WARDEN_HUB_ACCOUNT_ID: v.optional(v.pipe(v.string(), v.regex(/^\d{12}$/))),
  WARDEN_SNS_TOPIC_ARN: v.optional(v.string()),
  /** Secrets Manager secret id or SSM SecureString parameter name holding the Slack credentials. */
  WARDEN_SLACK_SECRET_ID: v.optional(v.string()),
  /**
   * The sts:ExternalId the member roles require (infra/member-account.yml
   * parameter ExternalId); AssumeRole's own limits. Empty: none configured
   * (a single-account hub), and addressing a member account fails.
   */
  WARDEN_EXTERNAL_ID: v.optional(
    v.union([v.literal(''), v.pipe(v.string(), v.regex(EXTERNAL_ID_PATTERN, 'must be 2–1224 of [\\w+=,.@:/-]'))]),
  ),
  /** Path of the packaged configuration (warden.config.json, written from warden.config.yml at package time); defaults to the package root. */
  WARDEN_CONFIG_PATH: v.optional(v.string()),
  LAMBDA_TASK_ROOT: v.optional(v.string()),
  /** Local emulator endpoint for tests and local runs; unset in AWS. */
  WARDEN_AWS_ENDPOINT: v.optional(v.pipe(v.string(), v.url())),
  /** Slack Web API base URL for tests and local runs (a fake server); unset in AWS. */
  WARDEN_SLACK_API_URL: v.optional(v.pipe(v.string(), v.url())),
});

export interface RuntimeEnv {
  readonly stage: string;
  readonly region: string;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly hubAccountId?: string;
  readonly snsTopicArn?: string;
  readonly slackSecretId?: string;
  /** The sts:ExternalId presented to every member role; undefined: none configured. */
  readonly externalId?: string;
  readonly configPath: string;
  readonly awsEndpoint?: string;
  readonly slackApiUrl?: string;
}

export function readRuntimeEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const result = v.safeParse(RuntimeEnvSchema, env);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '?'}: ${issue.message}`);
    throw new ConfigError(`environment: ${problems.join('; ')}`);
  }
  const e = result.output;
  return Object.freeze({
    stage: e.WARDEN_STAGE,
    region: e.AWS_REGION,
    tableName: e.WARDEN_TABLE_NAME,
    eventBusName: e.WARDEN_EVENT_BUS_NAME,
    hubAccountId: e.WARDEN_HUB_ACCOUNT_ID,
    snsTopicArn: e.WARDEN_SNS_TOPIC_ARN,
    slackSecretId: e.WARDEN_SLACK_SECRET_ID,
    externalId: e.WARDEN_EXTERNAL_ID || undefined,
    configPath: e.WARDEN_CONFIG_PATH ?? `${e.LAMBDA_TASK_ROOT ?? process.cwd()}/warden.config.json`,
    awsEndpoint: e.WARDEN_AWS_ENDPOINT,
    slackApiUrl: e.WARDEN_SLACK_API_URL,
  });
}
