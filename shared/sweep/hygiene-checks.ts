/**
 * The checks of the daily hygiene sweep, one file each under checks/, in
 * digest order (most severe first). A new check is one file and one line here.
 */
import { accessKeyNotRotated } from './checks/access-key-not-rotated.js';
import { accessKeyUnused } from './checks/access-key-unused.js';
import { consoleUserWithoutMfa } from './checks/console-user-without-mfa.js';
import { roleUnused } from './checks/role-unused.js';
import { rootAccessKeyPresent } from './checks/root-access-key-present.js';
import { rootMfaDisabled } from './checks/root-mfa-disabled.js';
import { rootRecentlyUsed } from './checks/root-recently-used.js';
import { userInactive } from './checks/user-inactive.js';
import { userWithDirectPolicies } from './checks/user-with-direct-policies.js';
import { HygieneCheckId } from './hygiene-check-ids.js';
import type { HygieneCheckDefinition } from './hygiene-item.js';

/** Every check by id, in digest order (most severe first); a missing id does not compile. */
export const HYGIENE_CHECKS: Readonly<Record<HygieneCheckId, HygieneCheckDefinition>> = {
  [HygieneCheckId.RootAccessKeyPresent]: rootAccessKeyPresent,
  [HygieneCheckId.RootMfaDisabled]: rootMfaDisabled,
  [HygieneCheckId.RootRecentlyUsed]: rootRecentlyUsed,
  [HygieneCheckId.ConsoleUserWithoutMfa]: consoleUserWithoutMfa,
  [HygieneCheckId.AccessKeyNotRotated]: accessKeyNotRotated,
  [HygieneCheckId.AccessKeyUnused]: accessKeyUnused,
  [HygieneCheckId.UserInactive]: userInactive,
  [HygieneCheckId.UserWithDirectPolicies]: userWithDirectPolicies,
  [HygieneCheckId.RoleUnused]: roleUnused,
};

/** The checks in digest order. Within one user they run in this order too, the key checks once per key. */
export const HYGIENE_CHECK_LIST: readonly HygieneCheckDefinition[] = Object.values(HYGIENE_CHECKS);

/** Most severe first: the order of the digest. */
export const HYGIENE_CHECK_IDS: readonly HygieneCheckId[] = HYGIENE_CHECK_LIST.map((check) => check.id);

export function isHygieneCheckId(value: string): value is HygieneCheckId {
  return Object.hasOwn(HYGIENE_CHECKS, value);
}

/** The facts configuration validation needs (like `catalogueRuleFacts`). */
export function hygieneRuleFacts(): { id: string; hasRemediation: boolean }[] {
  return HYGIENE_CHECK_IDS.map((id) => ({ id, hasRemediation: HYGIENE_CHECKS[id].defaultMode === 'approve' }));
}
