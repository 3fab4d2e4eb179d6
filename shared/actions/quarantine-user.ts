import {
  AttachUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec } from './action.js';
import * as v from 'valibot';
import { NAME } from './action-params.js';
import { type ActionFailure, failureFrom, isNoSuchEntity } from './action-failure.js';
import { principalExists } from './principal-exists.js';

/**
 * What apply saw and did: the AWSDenyAll ARN of the account's partition,
 * whether Warden attached it (false = it was attached already), and exactly
 * the access keys Warden deactivated (keys inactive before are not listed).
 */
export type QuarantineUserPrior = {
  readonly policyArn: string;
  readonly attachedDenyAll: boolean;
  readonly deactivatedKeys: readonly string[];
};

/** `arn:<partition>:iam::aws:policy/AWSDenyAll` for the partition of `arn` (default `aws`). */
export function denyAllPolicyArn(principalArn: string | undefined): string {
  const partition = /^arn:([^:]+):/.exec(principalArn ?? '')?.[1] ?? 'aws';
  return `arn:${partition}:iam::aws:policy/AWSDenyAll`;
}

const ROOT_NAMES = new Set(['', '<root_account>']);

async function userArn(iam: IAMClient, userName: string): Promise<string | undefined> {
  const response = await iam.send(new GetUserCommand({ UserName: userName }));
  return response.User?.Arn;
}

async function attachedPolicyArns(iam: IAMClient, userName: string): Promise<Set<string>> {
  const arns = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, Marker: marker }));
    for (const policy of page.AttachedPolicies ?? []) if (policy.PolicyArn) arns.add(policy.PolicyArn);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return arns;
}

async function accessKeys(iam: IAMClient, userName: string): Promise<Map<string, 'Active' | 'Inactive'>> {
  const keys = new Map<string, 'Active' | 'Inactive'>();
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker }));
    for (const key of page.AccessKeyMetadata ?? []) {
      if (key.AccessKeyId) keys.set(key.AccessKeyId, key.Status === 'Active' ? 'Active' : 'Inactive');
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return keys;
}

function setKey(iam: IAMClient, userName: string, accessKeyId: string, status: 'Active' | 'Inactive') {
  return iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }));
}

const params = v.object({
  userName: NAME,
  /** What ends the quarantine, in words for the description ("MFA is back"); Warden does not act on it. */
  until: v.optional(NAME),
});

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'quarantine-user': v.InferOutput<typeof params>;
  }
}

/**
 * Cuts a user off without deleting anything: AWSDenyAll attached and every
 * active access key deactivated. Console sessions and passwords are left
 * alone (AWSDenyAll already denies every API call they could make).
 *
 * Undo choices: AWSDenyAll is detached only when Warden attached it; exactly
 * the keys Warden deactivated are reactivated. A key deleted since is named
 * in the message and the rest is still undone; when nothing Warden did is
 * left to reverse because its keys were deleted, the result is `cannot-undo`.
 */
export const quarantineUserSpec = defineActionSpec({
  kind: 'quarantine-user',
  params,
  target: ({ userName }) => ({ kind: 'user', name: userName }),
  describe: ({ userName, until }) =>
    `Quarantine user ${userName} (deny all, deactivate their access keys)${until ? ` until ${until}` : ''}`,
  permissions: [
    'iam:AttachUserPolicy',
    'iam:DetachUserPolicy',
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:ListAttachedUserPolicies',
    'iam:UpdateAccessKey',
  ],
});

export const quarantineUser = /* @__PURE__ */ defineAction<'quarantine-user', QuarantineUserPrior>(quarantineUserSpec, {
  async inspect({ userName }, { iam }) {
    if (ROOT_NAMES.has(userName.trim())) {
      return { status: 'failed', reason: 'Warden never quarantines the root user', retryable: false };
    }
    try {
      const arn = await userArn(iam, userName);
      if (arn?.endsWith(':root')) {
        return { status: 'failed', reason: 'Warden never quarantines the root user', retryable: false };
      }
      const policyArn = denyAllPolicyArn(arn);
      const alreadyAttached = (await attachedPolicyArns(iam, userName)).has(policyArn);
      const active = [...(await accessKeys(iam, userName))]
        .filter(([, status]) => status === 'Active')
        .map(([id]) => id)
        .sort();
      const priorState = { policyArn, attachedDenyAll: !alreadyAttached, deactivatedKeys: active };
      if (alreadyAttached && active.length === 0) {
        return {
          status: 'already-applied',
          priorState,
          message: `User ${userName} is already quarantined (AWSDenyAll attached, no active access keys)`,
        };
      }
      // What Warden is about to do, recorded before it does it: exactly what Undo reverses.
      return { status: 'ready', priorState };
    } catch (error) {
      // GetUser and the lists answer NoSuchEntity only for a missing user.
      if (isNoSuchEntity(error)) return userGone(userName);
      return failureFrom(error, `read user ${userName}`);
    }
  },

  async change({ userName }, priorState, { iam, logger }) {
    const { policyArn } = priorState;
    if (!priorState.attachedDenyAll && priorState.deactivatedKeys.length === 0) {
      return { status: 'already-applied', priorState, message: `User ${userName} is already quarantined` };
    }
    let attachedDenyAll = false;
    const deactivatedKeys: string[] = [];
    const deleted: string[] = [];
    try {
      // Attaching an attached policy and deactivating an inactive key succeed: a rerun after a crash is safe.
      if (priorState.attachedDenyAll) {
        await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
        attachedDenyAll = true;
      }
      for (const accessKeyId of priorState.deactivatedKeys) {
        try {
          await setKey(iam, userName, accessKeyId, 'Inactive');
          deactivatedKeys.push(accessKeyId);
        } catch (error) {
          if (!isNoSuchEntity(error) || !(await principalExists(iam, 'user', userName))) throw error;
          deleted.push(accessKeyId); // deleted meanwhile: already unusable
        }
      }
    } catch (error) {
      // Half a quarantine has no record to undo from: put back what was done, then report the failure.
      const rollback = await rollBack(iam, userName, policyArn, attachedDenyAll, deactivatedKeys);
      const failure = isNoSuchEntity(error)
        ? await quarantineRefused(iam, userName, policyArn)
        : failureFrom(error, `quarantine user ${userName}`);
      return rollback ? { ...failure, reason: `${failure.reason}; ${rollback}` } : failure;
    }
    logger.info('user quarantined', { userName, attachedDenyAll, deactivatedKeys });
    const parts = [
      attachedDenyAll ? 'attached AWSDenyAll' : 'AWSDenyAll was already attached',
      deactivatedKeys.length > 0 ? `deactivated access keys ${deactivatedKeys.join(', ')}` : 'no active access keys',
      ...(deleted.length > 0 ? [`access keys deleted meanwhile: ${deleted.join(', ')}`] : []),
    ];
    return {
      status: 'applied',
      priorState: { policyArn, attachedDenyAll, deactivatedKeys },
      message: `Quarantined user ${userName}: ${parts.join('; ')}`,
    };
  },

  async undo({ userName }, { policyArn, attachedDenyAll, deactivatedKeys }, { iam, logger }) {
    if (!attachedDenyAll && deactivatedKeys.length === 0) {
      return { status: 'already-undone', message: `Warden changed nothing on user ${userName}; nothing to undo` };
    }
    try {
      const done: string[] = [];
      const already: string[] = [];
      const deleted: string[] = [];
      if (attachedDenyAll) {
        if (
          (await attachedPolicyArns(iam, userName)).has(policyArn) &&
          (await detachDenyAll(iam, userName, policyArn))
        ) {
          done.push('detached AWSDenyAll');
        } else {
          already.push('AWSDenyAll already detached');
        }
      }
      const keys = await accessKeys(iam, userName);
      for (const accessKeyId of deactivatedKeys) {
        const status = keys.get(accessKeyId);
        if (status === undefined) {
          deleted.push(accessKeyId);
        } else if (status === 'Active') {
          already.push(`access key ${accessKeyId} already active`);
        } else if (await reactivate(iam, userName, accessKeyId)) {
          done.push(`reactivated access key ${accessKeyId}`);
        } else {
          deleted.push(accessKeyId);
        }
      }
      const deletedNote = deleted.length > 0 ? `access keys deleted since: ${deleted.join(', ')}` : undefined;
      logger.info('user quarantine undone', { userName, done: done.length, deleted });
      if (done.length > 0) {
        return {
          status: 'undone',
          message: `Lifted the quarantine of user ${userName}: ${[...done, ...already, deletedNote].filter(Boolean).join('; ')}`,
        };
      }
      if (already.length === 0) {
        return {
          status: 'cannot-undo',
          reason: `every access key Warden deactivated on user ${userName} was deleted since`,
        };
      }
      return {
        status: 'already-undone',
        message: `The quarantine of user ${userName} was already lifted: ${[...already, deletedNote].filter(Boolean).join('; ')}`,
      };
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return { status: 'cannot-undo', reason: `user ${userName} was deleted after Warden quarantined it` };
      }
      return failureFrom(error, `lift the quarantine of user ${userName}`);
    }
  },
});

function userGone(userName: string): ActionFailure {
  return { status: 'failed', reason: `user ${userName} no longer exists`, retryable: false };
}

/** NoSuchEntity from the attach or a key update: the user was deleted meanwhile, or AWSDenyAll does not exist. */
async function quarantineRefused(iam: IAMClient, userName: string, policyArn: string): Promise<ActionFailure> {
  try {
    if (!(await principalExists(iam, 'user', userName))) return userGone(userName);
  } catch (error) {
    return failureFrom(error, `read user ${userName}`);
  }
  return {
    status: 'failed',
    reason: `policy ${policyArn} does not exist in this account's partition`,
    retryable: false,
  };
}

/**
 * Detaches AWSDenyAll; false when it was detached meanwhile (NoSuchEntity
 * while the user exists). A missing user's NoSuchEntity propagates: cannot undo.
 */
async function detachDenyAll(iam: IAMClient, userName: string, policyArn: string): Promise<boolean> {
  try {
    await iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
    return true;
  } catch (error) {
    if (isNoSuchEntity(error) && (await principalExists(iam, 'user', userName))) return false;
    throw error;
  }
}

/** Reactivates a key; false when it was deleted meanwhile (NoSuchEntity while the user exists). */
async function reactivate(iam: IAMClient, userName: string, accessKeyId: string): Promise<boolean> {
  try {
    await setKey(iam, userName, accessKeyId, 'Active');
    return true;
  } catch (error) {
    if (isNoSuchEntity(error) && (await principalExists(iam, 'user', userName))) return false;
    throw error;
  }
}

/** Best effort: reverse a half-done apply. Returns a note when something could not be put back. */
async function rollBack(
  iam: IAMClient,
  userName: string,
  policyArn: string,
  attachedDenyAll: boolean,
  deactivatedKeys: readonly string[],
): Promise<string | undefined> {
  if (!attachedDenyAll && deactivatedKeys.length === 0) return undefined;
  const left: string[] = [];
  for (const accessKeyId of deactivatedKeys) {
    try {
      await setKey(iam, userName, accessKeyId, 'Active');
    } catch {
      left.push(`access key ${accessKeyId} stays inactive`);
    }
  }
  if (attachedDenyAll) {
    try {
      await iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
    } catch {
      left.push('AWSDenyAll stays attached');
    }
  }
  return left.length > 0 ? `could not roll back: ${left.join(', ')}` : 'rolled back the partial quarantine';
}
