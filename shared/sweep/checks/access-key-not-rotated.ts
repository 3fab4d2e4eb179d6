import { disableKeySteps } from '../../rules/support/created-access-key.js';
import { HygieneCheckId } from '../hygiene-check-ids.js';
import { type HygieneCheckDefinition, lastUsedText, userSubject } from '../hygiene-item.js';

export const accessKeyNotRotated: HygieneCheckDefinition = {
  id: HygieneCheckId.AccessKeyNotRotated,
  title: 'Access key not rotated',
  severity: 'medium',
  rationale:
    'Rotate long-lived access keys at least every 90 days (better: replace them with roles), so a leaked key stops working.',
  defaultMode: 'approve',
  subject: 'user-key',
  evaluate: (key, input) => {
    const { settings } = input;
    // An unused key is the stronger finding (access-key-unused: remove it); no separate "rotate it".
    if (key.idleDays >= settings.accessKeyUnusedDays || key.ageDays <= settings.accessKeyMaxAgeDays) return [];
    const { row } = key;
    return [
      {
        ...userSubject(row),
        check: HygieneCheckId.AccessKeyNotRotated,
        part: key.part,
        fingerprint: 'not-rotated',
        target: key.target,
        summary: `Access key ${key.label} of user ${row.user} is ${key.ageDays} days old (rotate every ${settings.accessKeyMaxAgeDays})${lastUsedText(key.key)}`,
        remediation: disableKeySteps(key.target),
        ...(key.notes ? { notes: key.notes } : {}),
      },
    ];
  },
};
