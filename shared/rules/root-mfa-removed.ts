import { IamEvent } from '../cloudtrail/event-names.js';
import { accountTarget } from './support/account-target.js';
import { defineRule } from './support/define-rule.js';
import { removedMfaDevice } from './support/mfa-device.js';

/** Root without MFA is one password away from full control of the account. */
export const rootMfaRemoved = defineRule({
  id: 'root.mfa-removed',
  title: 'Root user MFA removed',
  severity: 'critical',
  on: [IamEvent.DeactivateMFADevice, IamEvent.DeleteVirtualMFADevice],
  rationale:
    'Require MFA for the root user: without it, anyone with the root password (phished, reused, reset by email) has unrestricted control of the account.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    const device = removedMfaDevice(event);
    if (!device.rootOwn) return null;
    const account = accountTarget(event);
    const verb = event.eventName === IamEvent.DeleteVirtualMFADevice ? 'deleted' : 'deactivated';
    return {
      target: {
        type: 'mfa-device',
        name: 'root',
        ...(account.arn ? { arn: account.arn } : {}),
        ...(device.serialNumber ? { id: device.serialNumber } : {}),
      },
      summary: `root ${verb} its own MFA device${device.serialNumber ? ` ${device.serialNumber}` : ''}`,
    };
  },
});
