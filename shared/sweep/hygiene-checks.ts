import type { Mode } from '../actions/action-kinds.js';
import type { Severity } from '../rules/severity.js';

/**
 * The checks of the daily hygiene sweep (DESIGN §1, "schedule (daily)"). Ids
 * are stable forever, like rule ids, and are configured the same way under
 * `rules:` in warden.config.yml (`off` or `alert`; `approve` where a
 * remediation exists — the sweep never acts automatically).
 */
export const HygieneCheckId = {
  AccessKeyNotRotated: 'hygiene.access-key-not-rotated',
  AccessKeyUnused: 'hygiene.access-key-unused',
  ConsoleUserWithoutMfa: 'hygiene.console-user-without-mfa',
  UserInactive: 'hygiene.user-inactive',
  RootAccessKeyPresent: 'hygiene.root-access-key-present',
  RootMfaDisabled: 'hygiene.root-mfa-disabled',
  RootRecentlyUsed: 'hygiene.root-recently-used',
  UserWithDirectPolicies: 'hygiene.user-with-direct-policies',
  RoleUnused: 'hygiene.role-unused',
} as const;

export type HygieneCheckId = (typeof HygieneCheckId)[keyof typeof HygieneCheckId];

export interface HygieneCheck {
  readonly id: HygieneCheckId;
  readonly title: string;
  readonly severity: Severity;
  /** The best practice behind it, as shown in the digest. */
  readonly rationale: string;
  /** `approve` when the check plans a remediation, `alert` otherwise. */
  readonly defaultMode: Extract<Mode, 'approve' | 'alert'>;
}

export const HYGIENE_CHECKS: { readonly [K in HygieneCheckId]: HygieneCheck & { readonly id: K } } = {
  'hygiene.root-access-key-present': {
    id: 'hygiene.root-access-key-present',
    title: 'Root user has an access key',
    severity: 'critical',
    rationale:
      'Never create root access keys: a leaked root key is unrestricted and cannot be limited by any policy. ' +
      'Delete it in the console (signed in as root) or with sts:AssumeRoot and the IAMDeleteRootUserCredentials task policy.',
    defaultMode: 'alert',
  },
  'hygiene.root-mfa-disabled': {
    id: 'hygiene.root-mfa-disabled',
    title: 'Root user without MFA',
    severity: 'critical',
    rationale:
      'The root user must have MFA (preferably a hardware key): a phished root password alone would give full control of the account.',
    defaultMode: 'alert',
  },
  'hygiene.root-recently-used': {
    id: 'hygiene.root-recently-used',
    title: 'Root user used recently',
    severity: 'high',
    rationale:
      'Use the root user only for the few tasks that require it; daily work goes through federated roles. Check who used it and why.',
    defaultMode: 'alert',
  },
  'hygiene.console-user-without-mfa': {
    id: 'hygiene.console-user-without-mfa',
    title: 'Console user without MFA',
    severity: 'high',
    rationale: 'Every IAM user who can sign in to the console needs MFA; a password alone is phished or reused.',
    defaultMode: 'alert',
  },
  'hygiene.access-key-not-rotated': {
    id: 'hygiene.access-key-not-rotated',
    title: 'Access key not rotated',
    severity: 'medium',
    rationale:
      'Rotate long-lived access keys at least every 90 days (better: replace them with roles), so a leaked key stops working.',
    defaultMode: 'approve',
  },
  'hygiene.access-key-unused': {
    id: 'hygiene.access-key-unused',
    title: 'Access key unused',
    severity: 'medium',
    rationale: 'Remove credentials that are not used: an unused key is risk with no benefit.',
    defaultMode: 'approve',
  },
  'hygiene.user-inactive': {
    id: 'hygiene.user-inactive',
    title: 'Inactive IAM user',
    severity: 'medium',
    rationale: 'Remove users who no longer sign in or call AWS: dormant credentials are a favourite foothold.',
    defaultMode: 'approve',
  },
  'hygiene.user-with-direct-policies': {
    id: 'hygiene.user-with-direct-policies',
    title: 'Policies attached directly to a user',
    severity: 'low',
    rationale: 'Grant permissions through groups or roles, not to users directly, so access is reviewed in one place.',
    defaultMode: 'alert',
  },
  'hygiene.role-unused': {
    id: 'hygiene.role-unused',
    title: 'Role unused',
    severity: 'low',
    rationale:
      'Remove roles nobody assumes: each is a trust relationship and a set of permissions waiting to be misused.',
    defaultMode: 'alert',
  },
};

/** Most severe first: the order of the digest. */
export const HYGIENE_CHECK_IDS: readonly HygieneCheckId[] = Object.keys(HYGIENE_CHECKS) as HygieneCheckId[];

export function isHygieneCheckId(value: string): value is HygieneCheckId {
  return Object.hasOwn(HYGIENE_CHECKS, value);
}

/** The facts configuration validation needs (like `catalogueRuleFacts`). */
export function hygieneRuleFacts(): { id: string; hasRemediation: boolean }[] {
  return HYGIENE_CHECK_IDS.map((id) => ({ id, hasRemediation: HYGIENE_CHECKS[id].defaultMode === 'approve' }));
}
