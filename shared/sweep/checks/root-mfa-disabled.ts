import { HygieneCheckId } from '../hygiene-check-ids.js';
import { type HygieneCheckDefinition, ROOT_MANUAL_NOTE } from '../hygiene-item.js';

export const rootMfaDisabled: HygieneCheckDefinition = {
  id: HygieneCheckId.RootMfaDisabled,
  title: 'Root user without MFA',
  severity: 'critical',
  rationale:
    'The root user must have MFA (preferably a hardware key): a phished root password alone would give full control of the account.',
  defaultMode: 'alert',
  subject: 'root',
  evaluate: (row) =>
    row.mfaActive
      ? []
      : [
          {
            check: HygieneCheckId.RootMfaDisabled,
            account: row.account,
            principal: 'root',
            fingerprint: 'mfa-off',
            target: { type: 'user', name: row.user, arn: row.arn },
            summary: 'The root user has no MFA device',
            notes: [ROOT_MANUAL_NOTE],
          },
        ],
};
