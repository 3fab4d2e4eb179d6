/**
 * The ids of the daily hygiene sweep's checks (DESIGN §1, "schedule (daily)").
 * Ids are stable forever, like rule ids, and are configured the same way under
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
