/**
 * The parts of configuration that detection needs. The config loader maps
 * `warden.config.yml` onto this; replay without `--config` uses the defaults.
 */
export interface PasswordBaseline {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  /** Days; a larger value (or none) is weaker. */
  readonly maxPasswordAge: number;
  /** A smaller value (or none) is weaker. */
  readonly passwordReusePrevention: number;
}

/** Where Warden itself is deployed (see `shared/rules/support/warden-resources.ts`). */
export interface WardenDeployment {
  /** The deployed stage (`WARDEN_STAGE`, or `hub.stage` in the config); unknown in a bare replay. */
  readonly stage?: string;
  /** The hub account (`WARDEN_HUB_ACCOUNT_ID`, or `hub.accountId`). */
  readonly hubAccountId?: string;
  /** The Slack credentials' location as deployed (`warden/<stage>/slack`, `ssm:/…`), when known. */
  readonly slackSecretId?: string;
}

export interface DetectionSettings {
  /** AWS Organizations id (`o-…`); principals in it are not "outside". */
  readonly organizationId?: string;
  /** Accounts trusted besides the organisation's (12-digit ids). */
  readonly knownAccounts: readonly string[];
  readonly passwordBaseline: PasswordBaseline;
  /** Where Warden itself is deployed: whose resources `warden.tampering` guards (warden-resources.ts). */
  readonly warden: WardenDeployment;
  /** Exact ARNs of the roles (or users) that deploy infrastructure (counted as IaC; see identity.ts). */
  readonly deployRoles: readonly string[];
  /** Exact names of the S3 buckets trails deliver to (`cloudtrail.trailBuckets`); their policy, lifecycle and deletion are watched. */
  readonly trailBuckets?: readonly string[];
}

export const DEFAULT_PASSWORD_BASELINE: PasswordBaseline = Object.freeze({
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 24,
});

export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = Object.freeze({
  knownAccounts: Object.freeze([]),
  passwordBaseline: DEFAULT_PASSWORD_BASELINE,
  warden: Object.freeze({}),
  deployRoles: Object.freeze([]),
});
