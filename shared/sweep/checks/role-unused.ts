import { HygieneCheckId } from '../hygiene-check-ids.js';
import { day, daysBetween, type HygieneCheckDefinition } from '../hygiene-item.js';

export const roleUnused: HygieneCheckDefinition = {
  id: HygieneCheckId.RoleUnused,
  title: 'Role unused',
  severity: 'low',
  rationale:
    'Remove roles nobody assumes: each is a trust relationship and a set of permissions waiting to be misused.',
  defaultMode: 'alert',
  subject: 'role',
  evaluate: (role, input) => {
    // Service-linked roles are AWS's to manage.
    if (role.path.startsWith('/aws-service-role/')) return [];
    const since = role.lastUsed ?? role.createDate;
    const idle = daysBetween(since, input.now);
    const limit = input.settings.roleUnusedDays;
    if (idle < limit) return [];
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(role.arn)?.[1];
    return [
      {
        check: HygieneCheckId.RoleUnused,
        ...(account ? { account } : {}),
        principal: `role/${role.roleName}`,
        fingerprint: role.lastUsed ? role.lastUsed.toISOString() : 'never',
        target: { type: 'role', name: role.roleName, arn: role.arn },
        summary: role.lastUsed
          ? `Role ${role.roleName} was last used ${day(role.lastUsed)}, ${idle} days ago (limit ${limit})`
          : `Role ${role.roleName} was created ${day(role.createDate)}, ${idle} days ago, and has no recorded use`,
      },
    ];
  },
};
