import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import { IamEvent } from '../../cloudtrail/event-names.js';
import { isRoot } from '../../cloudtrail/identity.js';
import { requestString } from '../../cloudtrail/request-parameter.js';

/** The MFA device a `DeactivateMFADevice` / `DeleteVirtualMFADevice` call removed, as far as the record tells. */
export interface RemovedMfaDevice {
  /** The IAM user it belonged to; undefined for root's own device or when the record does not say. */
  readonly userName?: string;
  readonly serialNumber?: string;
  /** True when root removed its own device (not an IAM user's). */
  readonly rootOwn: boolean;
}

export function removedMfaDevice(event: CloudTrailEvent): RemovedMfaDevice {
  const serialNumber = requestString(event, 'serialNumber');
  const userName = requestString(event, 'userName');
  if (isRoot(event)) {
    const rootOwn =
      event.eventName === IamEvent.DeactivateMFADevice
        ? userName === undefined
        : serialNumber === undefined ||
          /(^|[:/])root-account-mfa-device$/i.test(serialNumber) ||
          serialNumber.endsWith(':root');
    return { ...(userName ? { userName } : {}), ...(serialNumber ? { serialNumber } : {}), rootOwn };
  }
  return { ...(userName ? { userName } : {}), ...(serialNumber ? { serialNumber } : {}), rootOwn: false };
}
