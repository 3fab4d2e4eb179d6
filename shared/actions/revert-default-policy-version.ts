import {
  GetPolicyCommand,
  type IAMClient,
  ListPolicyVersionsCommand,
  type PolicyVersion,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec } from './action.js';
import * as v from 'valibot';
import { NAME, policyNameOf } from './action-params.js';
import { type ActionFailure, failureFrom, isNoSuchEntity } from './action-failure.js';

/**
 * What apply saw and did. When it changed the default, `revertedTo` is the
 * version it made default and `chosenBy` says where that choice came from.
 */
export type RevertDefaultPolicyVersionPrior =
  | {
      readonly changed: true;
      readonly defaultVersionId: string;
      readonly revertedTo: string;
      readonly chosenBy: 'event' | 'latest-older';
    }
  | { readonly changed: false; readonly defaultVersionId: string };

async function defaultVersionOf(iam: IAMClient, policyArn: string): Promise<string | undefined> {
  const response = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
  return response.Policy?.DefaultVersionId;
}

async function listVersions(iam: IAMClient, policyArn: string): Promise<PolicyVersion[]> {
  const versions: PolicyVersion[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn, Marker: marker }));
    versions.push(...(page.Versions ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return versions;
}

/** Creation order: CreateDate, then the version number (v2 < v10) for versions created in the same instant. */
function creationOrder(a: PolicyVersion, b: PolicyVersion): number {
  const byDate = (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0);
  if (byDate !== 0) return byDate;
  return versionNumber(a.VersionId) - versionNumber(b.VersionId);
}

function versionNumber(versionId: string | undefined): number {
  const match = /^v(\d+)$/.exec(versionId ?? '');
  return match ? Number(match[1]) : 0;
}

/** The version created most recently before `newVersionId`, if any. */
function latestOlder(versions: PolicyVersion[], newVersionId: string): string | undefined {
  const newest = versions.find((version) => version.VersionId === newVersionId);
  if (!newest) return undefined;
  const older = versions.filter((version) => version.VersionId !== newVersionId && creationOrder(version, newest) < 0);
  return older.sort(creationOrder).at(-1)?.VersionId;
}

function policyGone(policyArn: string): ActionFailure {
  return { status: 'failed', reason: `policy ${policyArn} no longer exists`, retryable: false };
}

/** NoSuchEntity from SetDefaultPolicyVersion: the policy was deleted, or (it exists) the version was. */
async function versionGone(iam: IAMClient, policyArn: string, versionId: string): Promise<ActionFailure> {
  try {
    await defaultVersionOf(iam, policyArn);
  } catch (error) {
    if (isNoSuchEntity(error)) return policyGone(policyArn);
    return failureFrom(error, `read ${policyArn}`);
  }
  return { status: 'failed', reason: `version ${versionId} of ${policyArn} no longer exists`, retryable: false };
}

const params = v.object({
  policyArn: NAME,
  /** The version the event made default. */
  newVersionId: NAME,
  /** The default before the event, when the event or context tells it; apply re-reads it otherwise. */
  previousVersionId: v.optional(NAME),
});

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'revert-default-policy-version': v.InferOutput<typeof params>;
  }
}

/**
 * Makes the previous version of a managed policy the default again. The new
 * version is kept (never deleted, never a new one created), so undo can
 * restore it and the five-version limit is never touched.
 */
export const revertDefaultPolicyVersionSpec = defineActionSpec({
  kind: 'revert-default-policy-version',
  params,
  target: () => null,
  describe: ({ policyArn, newVersionId, previousVersionId }) =>
    previousVersionId
      ? `Make ${previousVersionId} the default version of ${policyNameOf(policyArn)} again (keep ${newVersionId})`
      : `Make the previous default version of ${policyNameOf(policyArn)} the default again (keep ${newVersionId})`,
  permissions: ['iam:GetPolicy', 'iam:ListPolicyVersions', 'iam:SetDefaultPolicyVersion'],
});

export const revertDefaultPolicyVersion = /* @__PURE__ */ defineAction<
  'revert-default-policy-version',
  RevertDefaultPolicyVersionPrior
>(revertDefaultPolicyVersionSpec, {
  async inspect({ policyArn, newVersionId, previousVersionId }, { iam }) {
    try {
      const current = await defaultVersionOf(iam, policyArn);
      if (current === undefined) {
        return { status: 'failed', reason: `${policyArn} reports no default version`, retryable: false };
      }
      if (current !== newVersionId) {
        return {
          status: 'already-applied',
          priorState: { changed: false, defaultVersionId: current },
          message: `The default of ${policyArn} is ${current}, not ${newVersionId}`,
        };
      }
      const versions = await listVersions(iam, policyArn);
      const fromEvent = versions.some((version) => version.VersionId === previousVersionId);
      const revertTo = fromEvent ? previousVersionId : latestOlder(versions, newVersionId);
      if (revertTo === undefined) {
        return {
          status: 'failed',
          reason: `${policyArn} has no version older than ${newVersionId} to revert to`,
          retryable: false,
        };
      }
      const chosenBy = fromEvent ? 'event' : 'latest-older';
      return {
        status: 'ready',
        priorState: { changed: true, defaultVersionId: current, revertedTo: revertTo, chosenBy },
      };
    } catch (error) {
      if (isNoSuchEntity(error)) return policyGone(policyArn);
      return failureFrom(error, `read the versions of ${policyArn}`);
    }
  },

  async change({ policyArn, newVersionId, previousVersionId }, priorState, { iam, logger }) {
    if (!priorState.changed) {
      return { status: 'already-applied', priorState, message: `The default of ${policyArn} is not ${newVersionId}` };
    }
    const { revertedTo, chosenBy } = priorState;
    try {
      const current = await defaultVersionOf(iam, policyArn);
      if (current === revertedTo) {
        // Already so (set meanwhile by someone else): Warden changed nothing, and Undo has nothing to put back.
        return {
          status: 'already-applied',
          priorState: { changed: false, defaultVersionId: revertedTo },
          message: `${revertedTo} is already the default of ${policyArn}`,
        };
      }
      if (current !== newVersionId) {
        return {
          status: 'failed',
          reason: `the default of ${policyArn} was changed to ${current ?? 'nothing'} after Warden read it; Warden will not overwrite it`,
          retryable: false,
        };
      }
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: revertedTo }));
    } catch (error) {
      if (isNoSuchEntity(error)) return versionGone(iam, policyArn, revertedTo);
      return failureFrom(error, `revert the default version of ${policyArn}`);
    }
    logger.info('policy default version reverted', { policyArn, newVersionId, revertTo: revertedTo, chosenBy });
    const note =
      previousVersionId !== undefined && chosenBy === 'latest-older'
        ? ` (${previousVersionId} no longer exists; used the latest older version)`
        : '';
    return {
      status: 'applied',
      priorState,
      message: `Made ${revertedTo} the default of ${policyArn} instead of ${newVersionId}${note}`,
    };
  },

  async undo({ policyArn, newVersionId }, priorState, { iam, logger }) {
    if (!priorState.changed) {
      return { status: 'already-undone', message: `Warden did not change ${policyArn}; nothing to undo` };
    }
    try {
      const current = await defaultVersionOf(iam, policyArn);
      if (current === newVersionId) {
        return { status: 'already-undone', message: `${newVersionId} is already the default of ${policyArn}` };
      }
      if (current !== priorState.revertedTo) {
        return {
          status: 'cannot-undo',
          reason: `the default of ${policyArn} was changed to ${current ?? 'nothing'} after Warden set ${priorState.revertedTo}`,
        };
      }
      const versions = await listVersions(iam, policyArn);
      if (!versions.some((version) => version.VersionId === newVersionId)) {
        return {
          status: 'cannot-undo',
          reason: `version ${newVersionId} of ${policyArn} was deleted after Warden reverted it`,
        };
      }
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: newVersionId }));
      logger.info('policy default version restored', { policyArn, newVersionId });
      return { status: 'undone', message: `Made ${newVersionId} the default of ${policyArn} again` };
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return { status: 'cannot-undo', reason: `policy ${policyArn} was deleted after Warden reverted it` };
      }
      return failureFrom(error, `restore the default version of ${policyArn}`);
    }
  },
});
