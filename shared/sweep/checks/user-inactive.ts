import { step } from '../../actions/step.js';
import { dateOf } from '../credential-report.js';
import { HygieneCheckId } from '../hygiene-check-ids.js';
import { day, daysBetween, type HygieneCheckDefinition, latest, userSubject } from '../hygiene-item.js';

export const userInactive: HygieneCheckDefinition = {
  id: HygieneCheckId.UserInactive,
  title: 'Inactive IAM user',
  severity: 'medium',
  rationale: 'Remove users who no longer sign in or call AWS: dormant credentials are a favourite foothold.',
  defaultMode: 'approve',
  subject: 'user',
  evaluate: (row, { settings, now }) => {
    const hasCredentials = row.passwordEnabled === true || row.accessKeys.some((key) => key.active);
    const lastActivity = latest([dateOf(row.passwordLastUsed), ...row.accessKeys.map((key) => dateOf(key.lastUsed))]);
    const since = lastActivity ?? dateOf(row.userCreationTime);
    if (!hasCredentials || !since || daysBetween(since, now) < settings.userInactiveDays) return [];
    return [
      {
        ...userSubject(row),
        check: HygieneCheckId.UserInactive,
        fingerprint: lastActivity ? lastActivity.toISOString() : 'never',
        target: { type: 'user', name: row.user, arn: row.arn },
        summary: lastActivity
          ? `User ${row.user} last signed in or used a key on ${day(lastActivity)}, ${daysBetween(lastActivity, now)} days ago (limit ${settings.userInactiveDays})`
          : `User ${row.user} was created ${day(since)}, ${daysBetween(since, now)} days ago, and has never signed in or used a key`,
        remediation: [step('quarantine-user', { userName: row.user })],
      },
    ];
  },
};
