import {
  AddUserToGroupCommand,
  type IAMClient,
  ListGroupsForUserCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec, type NoChange } from './action.js';
import * as v from 'valibot';
import { NAME } from './action-params.js';
import { failureFrom, isNoSuchEntity } from './action-failure.js';
import { principalExists } from './principal-exists.js';

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

/** After NoSuchEntity: which of the two is gone, or neither (then the user simply is not in the group). */
async function whichIsGone(iam: IAMClient, userName: string, groupName: string): Promise<'user' | 'group' | 'neither'> {
  if (!(await principalExists(iam, 'user', userName))) return 'user';
  if (!(await principalExists(iam, 'group', groupName))) return 'group';
  return 'neither';
}

/** The apply outcome for a user who is not in the group: target gone when either is missing, else already so. */
async function notMember(
  iam: IAMClient,
  userName: string,
  groupName: string,
  priorState: RemoveUserFromGroupPrior,
  message: string,
): Promise<NoChange<RemoveUserFromGroupPrior>> {
  let gone: 'user' | 'group' | 'neither';
  try {
    gone = await whichIsGone(iam, userName, groupName);
  } catch (error) {
    return failureFrom(error, `read user ${userName} and group ${groupName}`);
  }
  if (gone === 'neither') return { status: 'already-applied', priorState, message };
  const name = gone === 'user' ? userName : groupName;
  return { status: 'failed', reason: `${gone} ${name} no longer exists`, retryable: false };
}

const params = v.object({ userName: NAME, groupName: NAME });

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'remove-user-from-group': v.InferOutput<typeof params>;
  }
}

/** Takes a user out of a group (e.g. one granting admin); the group is left alone. */
export const removeUserFromGroupSpec = defineActionSpec({
  kind: 'remove-user-from-group',
  params,
  target: ({ userName }) => ({ kind: 'user', name: userName }),
  describe: ({ userName, groupName }) => `Remove user ${userName} from group ${groupName}`,
  permissions: [
    'iam:AddUserToGroup',
    'iam:GetGroup',
    'iam:GetUser',
    'iam:ListGroupsForUser',
    'iam:RemoveUserFromGroup',
  ],
});

export const removeUserFromGroup = /* @__PURE__ */ defineAction<'remove-user-from-group', RemoveUserFromGroupPrior>(
  removeUserFromGroupSpec,
  {
    async inspect({ userName, groupName }, { iam }) {
      let member: boolean;
      try {
        member = await isMember(iam, userName, groupName);
      } catch (error) {
        if (!isNoSuchEntity(error)) return failureFrom(error, `read the groups of user ${userName}`);
        member = false; // the user is gone: notMember tells which is
      }
      if (member) return { status: 'ready', priorState: { member: true } };
      return notMember(iam, userName, groupName, { member: false }, `User ${userName} was not in group ${groupName}`);
    },

    async change({ userName, groupName }, priorState, { iam, logger }) {
      if (!priorState.member) {
        return { status: 'already-applied', priorState, message: `User ${userName} was not in group ${groupName}` };
      }
      try {
        await iam.send(new RemoveUserFromGroupCommand({ UserName: userName, GroupName: groupName }));
      } catch (error) {
        if (!isNoSuchEntity(error)) return failureFrom(error, `remove user ${userName} from group ${groupName}`);
        // Removed meanwhile by someone else: Warden changed nothing, so Undo must not add the user back.
        return notMember(
          iam,
          userName,
          groupName,
          { member: false },
          `User ${userName} was already out of group ${groupName}`,
        );
      }
      logger.info('user removed from group', { userName, groupName });
      return { status: 'applied', priorState, message: `Removed user ${userName} from group ${groupName}` };
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
          // AddUserToGroup answers NoSuchEntity when the user or the group is missing.
          let gone: 'user' | 'group' | 'neither';
          try {
            gone = await whichIsGone(iam, userName, groupName);
          } catch (readError) {
            return failureFrom(readError, `read user ${userName} and group ${groupName}`);
          }
          return {
            status: 'cannot-undo',
            reason:
              gone === 'user'
                ? `user ${userName} was deleted after Warden removed it from ${groupName}`
                : `group ${groupName} was deleted after Warden removed ${userName} from it`,
          };
        }
        return failureFrom(error, `add user ${userName} back to group ${groupName}`);
      }
      logger.info('user added back to group', { userName, groupName });
      return { status: 'undone', message: `Added user ${userName} back to group ${groupName}` };
    },
  },
);
