import { IamEvent } from '../cloudtrail/event-names.js';
import { step } from '../actions/step.js';
import { callerName, callerUserName, lastArnSegment } from './support/caller-name.js';
import { defineRule } from './support/define-rule.js';
import { removedMfaDevice } from './support/mfa-device.js';

/** An IAM user losing MFA is the usual prelude to using a stolen password. */
export const mfaRemoved = defineRule({
  id: 'iam.mfa-removed',
  title: 'MFA device removed from an IAM user',
  severity: 'high',
  on: [IamEvent.DeactivateMFADevice, IamEvent.DeleteVirtualMFADevice],
  rationale:
    'Require MFA for every human sign-in: removing a user’s MFA device leaves the account protected by a password alone, a common step after credentials are stolen.',
  remediationSummary: 'quarantine-user (off)',
  defaultMode: 'off',
  match: (event) => {
    const device = removedMfaDevice(event);
    if (device.rootOwn) return null;
    // DeactivateMFADevice without userName acts on the caller's own user.
    const userName =
      device.userName ?? (event.eventName === IamEvent.DeactivateMFADevice ? callerUserName(event) : undefined);
    const verb = event.eventName === IamEvent.DeleteVirtualMFADevice ? 'deleted' : 'deactivated';
    const deviceName = device.serialNumber ? ` ${lastArnSegment(device.serialNumber) ?? device.serialNumber}` : '';
    const whose = userName ? ` of user ${userName}` : '';
    return {
      target: userName
        ? { type: 'user', name: userName, ...(device.serialNumber ? { id: device.serialNumber } : {}) }
        : {
            type: 'mfa-device',
            ...(deviceName ? { name: deviceName.trim() } : {}),
            ...(device.serialNumber ? { id: device.serialNumber } : {}),
          },
      summary: `${callerName(event)} ${verb} MFA device${deviceName}${whose}`,
    };
  },
  remediation: (match) =>
    match.target.type === 'user' && match.target.name
      ? [step('quarantine-user', { userName: match.target.name, until: 'MFA is back' })]
      : [],
});
