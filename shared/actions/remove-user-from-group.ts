import {
  AddUserToGroupCommand,
  GetGroupCommand,
  type IAMClient,
  ListGroupsForUserCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import type { ActionDefinition } from './action.js';
import { failureFrom, isNoSuchEntity } from './action-failure.js';
import { ACTION_PERMISSIONS } from './action-permissions.js';

/** What apply saw: whether the user was in the group when Warden looked. */
export type RemoveUserFromGroupPrior = { readonly member: boolean };

/** Throws NoSuchEntity when the user does not exist. */
async function isMember(iam: IAMClient, userName: string, groupName: string): Promise<boolean> {
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListGroupsForUserCommand({ UserName: userName, Marker: marker }));
    if (page.Groups?.some((group) => group.GroupName === groupName)) return true;
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return false;
}

async function groupExists(iam: IAMClient, groupName: string): Promise<boolean> {
  try {
    await iam.send(new GetGroupCommand({ GroupName: groupName, MaxItems: 1 }));
    return true;
  } catch (error) {
    if (isNoSuchEntity(error)) return false;
    throw error;
  }
}

/** Takes a user out of a group (e.g. one granting admin); the group is left alone. */
export const removeUserFromGroup: ActionDefinition<'remove-user-from-group', RemoveUserFromGroupPrior> = {
  kind: 'remove-user-from-group',
  permissions: ACTION_PERMISSIONS['remove-user-from-group'],

  describe: ({ userName, groupName }) => `Remove user ${userName} from group ${groupName}`,

  async apply({ userName, groupName }, { iam, logger }) {
    try {
      if (!(await isMember(iam, userName, groupName))) {
        if (!(await groupExists(iam, groupName))) {
          return { status: 'failed', reason: `group ${groupName} no longer exists`, retryable: false };
        }
        return {
          status: 'already-applied',
          priorState: { member: false },
          message: `User ${userName} was not in group ${groupName}`,
        };
      }
      await iam.send(new RemoveUserFromGroupCommand({ UserName: userName, GroupName: groupName }));
      logger.info('user removed from group', { userName, groupName });
      return {
        status: 'applied',
        priorState: { member: true },
        message: `Removed user ${userName} from group ${groupName}`,
      };
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return { status: 'failed', reason: `user ${userName} no longer exists`, retryable: false };
      }
      return failureFrom(error, `remove user ${userName} from group ${groupName}`);
    }
  },

  async undo({ userName, groupName }, priorState, { iam, logger }) {
    if (!priorState.member) {
      return {
        status: 'already-undone',
        message: `User ${userName} was not in group ${groupName} before; nothing to undo`,
      };
    }
    let member: boolean;
    try {
      member = await isMember(iam, userName, groupName);
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return {
          status: 'cannot-undo',
          reason: `user ${userName} was deleted after Warden removed it from ${groupName}`,
        };
      }
      return failureFrom(error, `add user ${userName} back to group ${groupName}`);
    }
    if (member) return { status: 'already-undone', message: `User ${userName} is already in group ${groupName}` };
    try {
      await iam.send(new AddUserToGroupCommand({ UserName: userName, GroupName: groupName }));
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return {
          status: 'cannot-undo',
          reason: `group ${groupName} was deleted after Warden removed ${userName} from it`,
        };
      }
      return failureFrom(error, `add user ${userName} back to group ${groupName}`);
    }
    logger.info('user added back to group', { userName, groupName });
    return { status: 'undone', message: `Added user ${userName} back to group ${groupName}` };
  },
};
