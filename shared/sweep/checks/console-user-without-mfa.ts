import { HygieneCheckId } from '../hygiene-check-ids.js';
import { type HygieneCheckDefinition, userSubject } from '../hygiene-item.js';

export const consoleUserWithoutMfa: HygieneCheckDefinition = {
  id: HygieneCheckId.ConsoleUserWithoutMfa,
  title: 'Console user without MFA',
  severity: 'high',
  rationale: 'Every IAM user who can sign in to the console needs MFA; a password alone is phished or reused.',
  defaultMode: 'alert',
  subject: 'user',
  evaluate: (row) =>
    row.passwordEnabled && !row.mfaActive
      ? [
          {
            ...userSubject(row),
            check: HygieneCheckId.ConsoleUserWithoutMfa,
            fingerprint: 'password-without-mfa',
            target: { type: 'user', name: row.user, arn: row.arn },
            summary: `User ${row.user} can sign in to the console with a password and has no MFA device`,
          },
        ]
      : [],
};
