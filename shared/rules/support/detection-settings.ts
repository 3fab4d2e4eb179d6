import type { WardenDeployment } from './warden-resources.js';

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
