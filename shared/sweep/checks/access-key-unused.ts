import { disableKeySteps } from '../../rules/support/created-access-key.js';
import { HygieneCheckId } from '../hygiene-check-ids.js';
import { day, type HygieneCheckDefinition, userSubject } from '../hygiene-item.js';

export const accessKeyUnused: HygieneCheckDefinition = {
  id: HygieneCheckId.AccessKeyUnused,
  title: 'Access key unused',
  severity: 'medium',
  rationale: 'Remove credentials that are not used: an unused key is risk with no benefit.',
  defaultMode: 'approve',
  subject: 'user-key',
  evaluate: (key, input) => {
    const limit = input.settings.accessKeyUnusedDays;
    if (key.idleDays < limit) return [];
    const { row, used } = key;
    return [
      {
        ...userSubject(row),
        check: HygieneCheckId.AccessKeyUnused,
        part: key.part,
        fingerprint: used ? used.toISOString() : 'never',
        target: key.target,
        summary: used
          ? `Access key ${key.label} of user ${row.user} was last used ${day(used)}, ${key.idleDays} days ago (limit ${limit})`
          : `Access key ${key.label} of user ${row.user} was created ${day(key.created)}, ${key.ageDays} days ago, and never used`,
        remediation: disableKeySteps(key.target),
        ...(key.notes ? { notes: key.notes } : {}),
      },
    ];
  },
};
