import * as v from 'valibot';
import { MODES } from '../model/action-kinds.js';
import { DEFAULT_PASSWORD_BASELINE } from '../model/detection-settings.js';
import { SEVERITIES } from '../model/severity.js';

/**
 * The schema of `warden.config.yml` (DESIGN §7). Every key is optional; the
 * defaults are the safe first-deploy posture: dry-run on, nothing automatic
 * beyond what the catalogue marks, deny-by-default approvals.
 */

const accountId = v.pipe(v.string(), v.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'));
/** ARN glob: `*` matches any run of characters, `?` one character. */
const arnPattern = v.pipe(
  v.string(),
  v.regex(/^(arn:|\*)/, 'must be an ARN or ARN pattern (arn:aws:iam::*:role/name-*)'),
);
/** An exact role or user ARN (no wildcards): `arn:aws:iam::123456789012:role/ci/deploy`. */
const principalArn = v.pipe(
  v.string(),
  v.regex(
    /^arn:[a-z-]+:iam::\d{12}:(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/,
    'must be the exact ARN of a role or user (arn:aws:iam::123456789012:role/deploy); patterns are not accepted',
  ),
);
/**
 * An exact AWS principal a person acts as: an IAM user, a role (every session
 * of it counts as this person, matched on the AWS-set session issuer) or an
 * account's root user. No patterns.
 */
const personPrincipalArn = v.pipe(
  v.string(),
  v.regex(
    /^arn:[a-z-]+:iam::\d{12}:((role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]+|root)$/,
    'must be the exact ARN of a role, user or root (arn:aws:iam::123456789012:user/alice); patterns are not accepted',
  ),
);
/** An S3 bucket name as S3 accepts it (no wildcards). */
const s3BucketName = v.pipe(
  v.string(),
  v.regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'must be an exact S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)',
  ),
);
const slackUserId = v.pipe(v.string(), v.regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id (U…)'));
const slackUserGroupId = v.pipe(v.string(), v.regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group id (S…)'));
const slackChannel = v.pipe(
  v.string(),
  v.regex(/^([#]?[a-z0-9._-]{1,80}|[CG][A-Z0-9]{2,})$/, 'must be a channel name or id'),
);
const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const days = v.pipe(positiveInt, v.maxValue(3650));
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const ruleSetting = v.union([
  v.picklist(MODES),
  v.strictObject({
    mode: v.optional(v.picklist(MODES)),
    severity: v.optional(v.picklist(SEVERITIES)),
  }),
]);

const approvers = v.strictObject({
  users: v.optional(v.array(slackUserId), []),
  userGroups: v.optional(v.array(slackUserGroupId), []),
});

export const WardenConfigSchema = v.strictObject({
  /** Shadow mode: log and tell Slack what Warden would have done, change nothing. */
  dryRun: v.optional(v.boolean(), true),
  /** Per-rule mode (`off | alert | approve | auto`) or `{ mode, severity }`. */
  rules: v.optional(v.record(v.string(), ruleSetting), {}),
  slack: v.optional(
    v.strictObject({
      /** Channel per severity; `default` catches the rest. */
      channels: v.optional(
        v.strictObject({
          default: v.optional(slackChannel, 'security-alerts'),
          critical: v.optional(slackChannel),
          high: v.optional(slackChannel),
          medium: v.optional(slackChannel),
          low: v.optional(slackChannel),
          info: v.optional(slackChannel),
        }),
        {},
      ),
      /** Mentioned on critical findings. */
      onCallUserGroup: v.optional(slackUserGroupId),
    }),
    {},
  ),
  approvers: v.optional(
    v.strictObject({
      default: v.optional(approvers, {}),
      critical: v.optional(approvers),
      high: v.optional(approvers),
      medium: v.optional(approvers),
      low: v.optional(approvers),
      info: v.optional(approvers),
      /**
       * Who is who, for the no-self-approval check: the exact AWS principals
       * each Slack user acts as. See README "Approvals" for the matching rule.
       */
      identities: v.optional(
        v.array(
          v.strictObject({
            slackUserId,
            awsPrincipalArns: v.pipe(v.array(personPrincipalArn), v.minLength(1, 'list at least one ARN')),
          }),
        ),
        [],
      ),
    }),
    {},
  ),
  approvalExpiryHours: v.optional(positiveInt, 24),
  allowList: v.optional(
    v.strictObject({
      principals: v.optional(v.array(arnPattern), []),
      accounts: v.optional(v.array(accountId), []),
    }),
    {},
  ),
  /** Principals Warden never acts on (emergency access). */
  breakGlass: v.optional(v.array(arnPattern), []),
  /**
   * Where Warden itself runs: its own calls are recognised by these exact
   * ARNs (the hub's `warden-<stage>-execute` role; `WardenRemediation` in the
   * member accounts). The Lambda reads the hub account and stage from its
   * environment; `warden replay` needs them here.
   */
  hub: v.optional(
    v.strictObject({
      accountId: v.optional(accountId),
      stage: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,16}$/, 'must be a stage name (dev, prod, …)'))),
    }),
    {},
  ),
  /** Accounts where infra/member-account.yml is deployed (WardenRemediation, WardenReader). */
  memberAccounts: v.optional(v.array(accountId), []),
  organizationId: v.optional(v.pipe(v.string(), v.regex(/^o-[a-z0-9]{10,32}$/, 'must be an organisation id (o-…)'))),
  knownAccounts: v.optional(v.array(accountId), []),
  iac: v.optional(
    v.strictObject({
      /**
       * What a change made through CloudFormation (`invokedBy`, set by AWS) or by a
       * listed deploy role gets. `downgrade`: one severity lower, never automatic;
       * `ignore`: no finding; `none`: treated like any change. User agents never count.
       */
      handling: v.optional(v.picklist(['downgrade', 'ignore', 'none']), 'downgrade'),
      /** Exact ARNs of the roles (or users) your pipelines deploy with. */
      deployRoles: v.optional(v.array(principalArn), []),
    }),
    {},
  ),
  cloudtrail: v.optional(
    v.strictObject({
      /** Exact names of the S3 buckets your trails deliver to; bucket names are global, so a name is exact. At run time the buckets the sweep reads from the live trails are added (never removed from this list). */
      trailBuckets: v.optional(v.array(s3BucketName), []),
    }),
    {},
  ),
  passwordBaseline: v.optional(
    v.strictObject({
      minimumPasswordLength: v.optional(
        v.pipe(positiveInt, v.maxValue(128)),
        DEFAULT_PASSWORD_BASELINE.minimumPasswordLength,
      ),
      requireSymbols: v.optional(v.boolean(), DEFAULT_PASSWORD_BASELINE.requireSymbols),
      requireNumbers: v.optional(v.boolean(), DEFAULT_PASSWORD_BASELINE.requireNumbers),
      requireUppercaseCharacters: v.optional(v.boolean(), DEFAULT_PASSWORD_BASELINE.requireUppercaseCharacters),
      requireLowercaseCharacters: v.optional(v.boolean(), DEFAULT_PASSWORD_BASELINE.requireLowercaseCharacters),
      maxPasswordAge: v.optional(v.pipe(positiveInt, v.maxValue(1095)), DEFAULT_PASSWORD_BASELINE.maxPasswordAge),
      passwordReusePrevention: v.optional(
        v.pipe(positiveInt, v.maxValue(24)),
        DEFAULT_PASSWORD_BASELINE.passwordReusePrevention,
      ),
    }),
    {},
  ),
  rateLimit: v.optional(
    v.strictObject({
      /** Automatic actions per account per hour; beyond it the account switches to approve mode. */
      autoActionsPerAccountPerHour: v.optional(positiveInt, 10),
    }),
    {},
  ),
  /** The daily IAM hygiene sweep over the credential report (functions/sweep, `warden sweep`). */
  sweep: v.optional(
    v.strictObject({
      /** Active access keys older than this should be rotated. */
      accessKeyMaxAgeDays: v.optional(days, 90),
      /** Active access keys not used for this long (or never, and this old) should be removed. */
      accessKeyUnusedDays: v.optional(days, 90),
      /** Users with a password or an active key who have not signed in or used a key for this long. */
      userInactiveDays: v.optional(days, 90),
      /** Root password or key use within this many days is reported (each new use once). */
      rootRecentUseDays: v.optional(days, 90),
      /** Also report roles not used for `roleUnusedDays` (one GetRole call per role). */
      checkRoles: v.optional(v.boolean(), false),
      roleUnusedDays: v.optional(days, 90),
      /** The day the digest also lists every item still open (UTC). */
      weeklySummaryDay: v.optional(v.picklist(WEEKDAYS), 'monday'),
      /** Where the digest goes; `slack.channels.default` when unset. */
      channel: v.optional(slackChannel),
    }),
    {},
  ),
  /** Suppress repeats of the same (rule, actor, target) within this window. */
  dedupeWindowMinutes: v.optional(positiveInt, 60),
});

export type WardenConfig = v.InferOutput<typeof WardenConfigSchema>;
export type WardenConfigInput = v.InferInput<typeof WardenConfigSchema>;
