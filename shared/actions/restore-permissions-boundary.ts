import { type CloudTrailClient, type Event as TrailEvent, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetRoleCommand,
  GetUserCommand,
  type IAMClient,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec, type UndoResult } from './action.js';
import * as v from 'valibot';
import { NAME } from './action-params.js';
import { type ActionFailure, failureFrom, isNoSuchEntity } from './action-failure.js';
import { principalExists } from './principal-exists.js';

type PrincipalKind = 'user' | 'role';

/** What apply saw (`previousBoundaryArn`: the boundary before it acted, null = none) and what it put. */
export type RestorePermissionsBoundaryPrior = {
  readonly previousBoundaryArn: string | null;
  readonly restoredBoundaryArn: string;
};

/** LookupEvents pages read at most (50 events each; the API allows 2 calls per second per account). */
const MAX_LOOKUP_PAGES = 20;

const EVENT_NAMES: Record<PrincipalKind, { create: string; put: string; delete: string; nameKey: string }> = {
  user: {
    create: 'CreateUser',
    put: 'PutUserPermissionsBoundary',
    delete: 'DeleteUserPermissionsBoundary',
    nameKey: 'userName',
  },
  role: {
    create: 'CreateRole',
    put: 'PutRolePermissionsBoundary',
    delete: 'DeleteRolePermissionsBoundary',
    nameKey: 'roleName',
  },
};

async function currentBoundary(iam: IAMClient, kind: PrincipalKind, name: string): Promise<string | null> {
  if (kind === 'user') {
    const response = await iam.send(new GetUserCommand({ UserName: name }));
    return response.User?.PermissionsBoundary?.PermissionsBoundaryArn ?? null;
  }
  const response = await iam.send(new GetRoleCommand({ RoleName: name }));
  return response.Role?.PermissionsBoundary?.PermissionsBoundaryArn ?? null;
}

/** One successful boundary change from history: the boundary it left (null = none). */
interface BoundaryChange {
  readonly eventName: string;
  readonly boundaryArn: string | null;
}

function boundaryChangeOf(event: TrailEvent, kind: PrincipalKind, name: string): BoundaryChange | undefined {
  const names = EVENT_NAMES[kind];
  if (event.EventName !== names.create && event.EventName !== names.put && event.EventName !== names.delete)
    return undefined;
  let record: { errorCode?: unknown; requestParameters?: Record<string, unknown> | null };
  try {
    record = JSON.parse(event.CloudTrailEvent ?? '') as typeof record;
  } catch {
    return undefined;
  }
  if (record.errorCode) return undefined;
  const request = record.requestParameters ?? {};
  // IAM names are unique case-insensitively.
  if (String(request[names.nameKey] ?? '').toLowerCase() !== name.toLowerCase()) return undefined;
  const boundary = request.permissionsBoundary;
  if (event.EventName === names.delete) return { eventName: event.EventName, boundaryArn: null };
  if (event.EventName === names.put && typeof boundary !== 'string') return undefined;
  return { eventName: event.EventName, boundaryArn: typeof boundary === 'string' ? boundary : null };
}

/** Successful boundary changes of the principal in CloudTrail's 90-day event history, newest first. */
async function boundaryHistory(
  cloudtrail: CloudTrailClient,
  kind: PrincipalKind,
  name: string,
  changedAt: string | undefined,
): Promise<BoundaryChange[]> {
  // Up to a second after the change itself, so it is the newest event read (later changes are not ours to revert).
  const until = changedAt && !Number.isNaN(Date.parse(changedAt)) ? new Date(Date.parse(changedAt) + 1000) : undefined;
  const changes: BoundaryChange[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: name }],
        ...(until ? { EndTime: until } : {}),
        NextToken: nextToken,
      }),
    );
    for (const event of page.Events ?? []) {
      const change = boundaryChangeOf(event, kind, name);
      if (change) changes.push(change);
    }
    nextToken = page.NextToken;
    pages += 1;
  } while (nextToken && pages < MAX_LOOKUP_PAGES);
  return changes;
}

/**
 * The boundary before the change being reverted. The change is the newest
 * Delete…PermissionsBoundary; with none, the newest Put… (a boundary replaced
 * by a broader one). The answer is what the next older change (a Put…, or a
 * Create… with a boundary) had set; undefined when there was none before.
 */
export function previousBoundary(history: readonly BoundaryChange[], kind: PrincipalKind): string | undefined {
  const names = EVENT_NAMES[kind];
  let removal = history.findIndex((change) => change.eventName === names.delete);
  if (removal < 0) removal = history.findIndex((change) => change.eventName === names.put);
  if (removal < 0) return undefined;
  return history[removal + 1]?.boundaryArn ?? undefined;
}

const params = v.object({
  principalKind: v.picklist(['user', 'role']),
  principalName: NAME,
  /** When the boundary was removed or widened (the event time): history after it is ignored. */
  changedAt: v.optional(v.string()),
});

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'restore-permissions-boundary': v.InferOutput<typeof params>;
  }
}

/**
 * Puts back the permissions boundary a user or role had before it was
 * removed or replaced, read from CloudTrail event history (the live state no
 * longer knows it). With `changedAt` (the rule passes the event time) only
 * history up to that change is read, so later changes are never mistaken for
 * it; without it the newest removal is assumed (see {@link previousBoundary}).
 */
export const restorePermissionsBoundarySpec = defineActionSpec({
  kind: 'restore-permissions-boundary',
  params,
  target: ({ principalKind, principalName }) => ({ kind: principalKind, name: principalName }),
  describe: ({ principalKind, principalName }) =>
    `Put the previous permissions boundary back on ${principalKind} ${principalName}`,
  permissions: [
    'cloudtrail:LookupEvents',
    'iam:DeleteRolePermissionsBoundary',
    'iam:DeleteUserPermissionsBoundary',
    'iam:GetRole',
    'iam:GetUser',
    'iam:PutRolePermissionsBoundary',
    'iam:PutUserPermissionsBoundary',
  ],
});

export const restorePermissionsBoundary = /* @__PURE__ */ defineAction<
  'restore-permissions-boundary',
  RestorePermissionsBoundaryPrior
>(restorePermissionsBoundarySpec, {
  async inspect({ principalKind, principalName, changedAt }, { iam, cloudtrail }) {
    const target = `${principalKind} ${principalName}`;
    let current: string | null;
    try {
      current = await currentBoundary(iam, principalKind, principalName);
    } catch (error) {
      if (isNoSuchEntity(error)) return { status: 'failed', reason: `${target} no longer exists`, retryable: false };
      return failureFrom(error, `read ${target}`);
    }
    let previous: string | undefined;
    try {
      previous = previousBoundary(
        await boundaryHistory(cloudtrail, principalKind, principalName, changedAt),
        principalKind,
      );
    } catch (error) {
      return failureFrom(error, `read the CloudTrail history of ${target}`);
    }
    if (!previous) {
      return {
        status: 'failed',
        reason: `no earlier permissions boundary of ${target} found in CloudTrail event history (90 days)`,
        retryable: false,
      };
    }
    const priorState = { previousBoundaryArn: current, restoredBoundaryArn: previous };
    if (current === previous) {
      return {
        status: 'already-applied',
        priorState,
        message: `${target} already has its previous permissions boundary ${previous}`,
      };
    }
    return { status: 'ready', priorState };
  },

  async change({ principalKind, principalName }, priorState, { iam, logger }) {
    const target = `${principalKind} ${principalName}`;
    const { previousBoundaryArn, restoredBoundaryArn } = priorState;
    try {
      const current = await currentBoundary(iam, principalKind, principalName);
      if (current === restoredBoundaryArn) {
        // Already so (set meanwhile by someone else): Warden changed nothing, and Undo has nothing to put back.
        return {
          status: 'already-applied',
          priorState: { previousBoundaryArn: current, restoredBoundaryArn },
          message: `${target} already has its previous permissions boundary ${restoredBoundaryArn}`,
        };
      }
      if (current !== previousBoundaryArn) {
        return {
          status: 'failed',
          reason: `the permissions boundary of ${target} was changed after Warden read it; Warden will not overwrite it`,
          retryable: false,
        };
      }
      if (principalKind === 'user') {
        await iam.send(
          new PutUserPermissionsBoundaryCommand({ UserName: principalName, PermissionsBoundary: restoredBoundaryArn }),
        );
      } else {
        await iam.send(
          new PutRolePermissionsBoundaryCommand({ RoleName: principalName, PermissionsBoundary: restoredBoundaryArn }),
        );
      }
    } catch (error) {
      if (isNoSuchEntity(error)) return putRefused(iam, principalKind, principalName, restoredBoundaryArn);
      return failureFrom(error, `put permissions boundary on ${target}`);
    }
    logger.info('permissions boundary restored', { principalKind, principalName, boundary: restoredBoundaryArn });
    return {
      status: 'applied',
      priorState,
      message: `Put permissions boundary ${restoredBoundaryArn} back on ${target}`,
    };
  },

  async undo({ principalKind, principalName }, { previousBoundaryArn, restoredBoundaryArn }, { iam, logger }) {
    const target = `${principalKind} ${principalName}`;
    if (previousBoundaryArn === restoredBoundaryArn) {
      return { status: 'already-undone', message: `Warden did not change the boundary of ${target}; nothing to undo` };
    }
    try {
      const current = await currentBoundary(iam, principalKind, principalName);
      if (current === previousBoundaryArn) {
        return { status: 'already-undone', message: `The permissions boundary of ${target} is already as it was` };
      }
      if (current !== restoredBoundaryArn) {
        return {
          status: 'cannot-undo',
          reason: `the permissions boundary of ${target} was changed after Warden restored it`,
        };
      }
      if (previousBoundaryArn === null) {
        try {
          if (principalKind === 'user') {
            await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: principalName }));
          } else {
            await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: principalName }));
          }
        } catch (error) {
          // Removed between the read and the delete while the principal stays: already as it was.
          if (!isNoSuchEntity(error) || !(await principalExists(iam, principalKind, principalName))) throw error;
          return { status: 'already-undone', message: `The permissions boundary of ${target} is already as it was` };
        }
        logger.info('permissions boundary removed again', { principalKind, principalName });
        return {
          status: 'undone',
          message: `Removed permissions boundary ${restoredBoundaryArn} from ${target} again`,
        };
      }
      try {
        if (principalKind === 'user') {
          await iam.send(
            new PutUserPermissionsBoundaryCommand({
              UserName: principalName,
              PermissionsBoundary: previousBoundaryArn,
            }),
          );
        } else {
          await iam.send(
            new PutRolePermissionsBoundaryCommand({
              RoleName: principalName,
              PermissionsBoundary: previousBoundaryArn,
            }),
          );
        }
      } catch (error) {
        if (isNoSuchEntity(error)) return undoPutRefused(iam, principalKind, principalName, previousBoundaryArn);
        throw error;
      }
      logger.info('permissions boundary put back', { principalKind, principalName });
      return { status: 'undone', message: `Put permissions boundary ${previousBoundaryArn} back on ${target}` };
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return { status: 'cannot-undo', reason: `${target} was deleted after Warden restored its boundary` };
      }
      return failureFrom(error, `undo the boundary restore on ${target}`);
    }
  },
});

/**
 * NoSuchEntity from a Put…PermissionsBoundary: the principal was deleted, or
 * (it exists) the boundary policy was. Apply fails.
 */
async function putRefused(
  iam: IAMClient,
  kind: PrincipalKind,
  name: string,
  boundaryArn: string,
): Promise<ActionFailure> {
  const target = `${kind} ${name}`;
  try {
    const reason = (await principalExists(iam, kind, name))
      ? `boundary policy ${boundaryArn} no longer exists`
      : `${target} no longer exists`;
    return { status: 'failed', reason, retryable: false };
  } catch (error) {
    return failureFrom(error, `read ${target}`);
  }
}

/** The same for undo's put: Warden cannot undo, and says which was deleted. */
async function undoPutRefused(
  iam: IAMClient,
  kind: PrincipalKind,
  name: string,
  boundaryArn: string,
): Promise<UndoResult> {
  const target = `${kind} ${name}`;
  try {
    const reason = (await principalExists(iam, kind, name))
      ? `boundary policy ${boundaryArn} was deleted after Warden replaced it`
      : `${target} was deleted after Warden restored its boundary`;
    return { status: 'cannot-undo', reason };
  } catch (error) {
    return failureFrom(error, `read ${target}`);
  }
}
