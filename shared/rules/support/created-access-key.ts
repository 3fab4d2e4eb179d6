import type { PlannedStep } from '../../model/action-kinds.js';
import { step } from '../../actions/step.js';
import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import { isRoot } from '../../cloudtrail/identity.js';
import { requestString, responseParam } from '../../cloudtrail/request-parameter.js';
import { callerUserName, callerUserNames, sameIamName } from './caller-name.js';
import type { Target } from '../../model/finding.js';

/** Who a `CreateAccessKey` call created a key for, relative to the caller. */
export interface CreatedAccessKey {
  /**
   * `root`: root's own key; `self`: an IAM user's key for themselves;
   * `other`: a key for a different user (including any key made by a role or by root for a user).
   */
  readonly owner: 'root' | 'self' | 'other';
  /** The user the key belongs to, when known. */
  readonly userName?: string;
  /** From `responseElements.accessKey.accessKeyId`. */
  readonly accessKeyId?: string;
}

export function createdAccessKey(event: CloudTrailEvent): CreatedAccessKey {
  const responseUser = responseParam(event, 'accessKey.userName');
  // The response spells the user as IAM stores it; the request as the caller typed it.
  const requested =
    (typeof responseUser === 'string' && responseUser !== '' ? responseUser : undefined) ??
    requestString(event, 'userName');
  const keyId = responseParam(event, 'accessKey.accessKeyId');
  const accessKeyId = typeof keyId === 'string' && keyId !== '' ? keyId : undefined;
  const withKey = accessKeyId ? { accessKeyId } : {};

  if (isRoot(event)) {
    return requested ? { owner: 'other', userName: requested, ...withKey } : { owner: 'root', ...withKey };
  }
  const own = callerUserNames(event);
  if (own.length > 0 && (requested === undefined || own.some((name) => sameIamName(name, requested)))) {
    const userName = requested ?? callerUserName(event);
    return { owner: 'self', ...(userName ? { userName } : {}), ...withKey };
  }
  return { owner: 'other', ...(requested ? { userName: requested } : {}), ...withKey };
}

/** The finding target of a created key: the key id, named after its user. */
export function accessKeyTarget(key: CreatedAccessKey): Target {
  return {
    type: 'access-key',
    ...(key.userName ? { name: key.userName } : {}),
    ...(key.accessKeyId ? { id: key.accessKeyId } : {}),
  };
}

/** Deactivating exactly that key, when both the user and the key id are known. */
export function disableKeySteps(target: Target): PlannedStep[] {
  const { name: userName, id: accessKeyId } = target;
  if (!userName || !accessKeyId) return [];
  const params = { userName, accessKeyId };
  return [step('disable-access-key', params)];
}
