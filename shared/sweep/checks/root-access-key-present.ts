import { dateOf } from '../credential-report.js';
import { HygieneCheckId } from '../hygiene-check-ids.js';
import { day, type HygieneCheckDefinition, lastUsedText, ROOT_MANUAL_NOTE } from '../hygiene-item.js';

export const rootAccessKeyPresent: HygieneCheckDefinition = {
  id: HygieneCheckId.RootAccessKeyPresent,
  title: 'Root user has an access key',
  severity: 'critical',
  rationale:
    'Never create root access keys: a leaked root key is unrestricted and cannot be limited by any policy. ' +
    'Delete it in the console (signed in as root) or with sts:AssumeRoot and the IAMDeleteRootUserCredentials task policy.',
  defaultMode: 'alert',
  subject: 'root',
  evaluate: (row) =>
    row.accessKeys.flatMap((key) => {
      const created = dateOf(key.lastRotated);
      if (!created) return [];
      return [
        {
          check: HygieneCheckId.RootAccessKeyPresent,
          account: row.account,
          principal: 'root',
          part: `key${key.slot}`,
          fingerprint: `${created.toISOString()}|${key.active ? 'active' : 'inactive'}`,
          target: { type: 'access-key', name: row.user, arn: row.arn, keySlot: key.slot },
          severity: key.active ? 'critical' : 'high',
          summary: `The root user has ${key.active ? 'an active' : 'an inactive'} access key (key ${key.slot}, created ${day(created)}${lastUsedText(key)})`,
          notes: [ROOT_MANUAL_NOTE],
        },
      ];
    }),
};
