import { type IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec } from './action.js';
import * as v from 'valibot';
import { NAME } from './action-params.js';
import { type ActionFailure, failureFrom, isNoSuchEntity } from './action-failure.js';
import { principalExists } from './principal-exists.js';

type KeyStatus = 'Active' | 'Inactive';

/** What apply saw: the key's status before Warden touched it. */
export type DisableAccessKeyPrior = { readonly status: KeyStatus };

/** The key's live status, 'missing' when the user exists but the key does not. */
async function keyStatus(iam: IAMClient, userName: string, accessKeyId: string): Promise<KeyStatus | 'missing'> {
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker }));
    const key = page.AccessKeyMetadata?.find((entry) => entry.AccessKeyId === accessKeyId);
    if (key) return key.Status === 'Active' ? 'Active' : 'Inactive';
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return 'missing';
}

function keyGone(userName: string, accessKeyId: string): ActionFailure {
  return {
    status: 'failed',
    reason: `access key ${accessKeyId} no longer exists for user ${userName}`,
    retryable: false,
  };
}

function userGone(userName: string): ActionFailure {
  return { status: 'failed', reason: `user ${userName} no longer exists`, retryable: false };
}

const params = v.object({ userName: NAME, accessKeyId: NAME });

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'disable-access-key': v.InferOutput<typeof params>;
  }
}

/** A leaked or rogue key stops working at once; the key itself is kept so it can be re-enabled. */
export const disableAccessKeySpec = defineActionSpec({
  kind: 'disable-access-key',
  params,
  target: ({ userName }) => ({ kind: 'user', name: userName }),
  describe: ({ userName, accessKeyId }) => `Deactivate access key ${accessKeyId} of user ${userName}`,
  permissions: ['iam:GetUser', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
});

export const disableAccessKey = /* @__PURE__ */ defineAction<'disable-access-key', DisableAccessKeyPrior>(
  disableAccessKeySpec,
  {
    async inspect({ userName, accessKeyId }, { iam }) {
      try {
        const status = await keyStatus(iam, userName, accessKeyId);
        if (status === 'missing') return keyGone(userName, accessKeyId);
        if (status === 'Active') return { status: 'ready', priorState: { status } };
        return {
          status: 'already-applied',
          priorState: { status },
          message: `Access key ${accessKeyId} of user ${userName} was already inactive`,
        };
      } catch (error) {
        // ListAccessKeys answers NoSuchEntity only for a missing user.
        if (isNoSuchEntity(error)) return userGone(userName);
        return failureFrom(error, `read access key ${accessKeyId}`);
      }
    },

    async change({ userName, accessKeyId }, priorState, { iam, logger }) {
      if (priorState.status !== 'Active') {
        return { status: 'already-applied', priorState, message: `Access key ${accessKeyId} was already inactive` };
      }
      try {
        await iam.send(
          new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' }),
        );
      } catch (error) {
        if (!isNoSuchEntity(error)) return failureFrom(error, `deactivate access key ${accessKeyId}`);
        try {
          return (await principalExists(iam, 'user', userName)) ? keyGone(userName, accessKeyId) : userGone(userName);
        } catch (readError) {
          return failureFrom(readError, `read user ${userName}`);
        }
      }
      logger.info('access key deactivated', { userName, accessKeyId });
      return { status: 'applied', priorState, message: `Deactivated access key ${accessKeyId} of user ${userName}` };
    },

    async undo({ userName, accessKeyId }, priorState, { iam, logger }) {
      if (priorState.status !== 'Active') {
        return { status: 'already-undone', message: `Access key ${accessKeyId} was inactive before; nothing to undo` };
      }
      try {
        const status = await keyStatus(iam, userName, accessKeyId);
        if (status === 'missing') {
          return {
            status: 'cannot-undo',
            reason: `access key ${accessKeyId} of user ${userName} was deleted after Warden deactivated it`,
          };
        }
        if (status === 'Active') {
          return {
            status: 'already-undone',
            message: `Access key ${accessKeyId} of user ${userName} is already active`,
          };
        }
        await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: 'Active' }));
        logger.info('access key reactivated', { userName, accessKeyId });
        return { status: 'undone', message: `Reactivated access key ${accessKeyId} of user ${userName}` };
      } catch (error) {
        if (isNoSuchEntity(error)) {
          // The key or its user was deleted between the read and the update.
          const userLeft = await principalExists(iam, 'user', userName).catch(() => true);
          return {
            status: 'cannot-undo',
            reason: userLeft
              ? `access key ${accessKeyId} of user ${userName} was deleted after Warden deactivated it`
              : `user ${userName} was deleted after Warden deactivated the key`,
          };
        }
        return failureFrom(error, `reactivate access key ${accessKeyId}`);
      }
    },
  },
);
