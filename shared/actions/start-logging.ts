import {
  type CloudTrailClient,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import { defineAction, defineActionSpec } from './action.js';
import * as v from 'valibot';
import { NAME } from './action-params.js';
import { type ActionFailure, failureFrom } from './action-failure.js';

/** What apply saw: whether the trail was logging before Warden touched it. */
export type StartLoggingPrior = { readonly wasLogging: boolean };

/**
 * The trail's name for Start/StopLogging. `trailName` may be a name or an ARN
 * (`arn:aws:cloudtrail:<region>:<account>:trail/<name>`); the name is used so the
 * call addresses the trail in the client's region (the executor's clients are
 * in the trail's home region). GetTrailStatus accepts either form.
 */
export function trailNameOf(trailName: string): string {
  const match = /^arn:[^:]+:cloudtrail:[^:]*:\d*:trail\/(.+)$/.exec(trailName);
  return match?.[1] ?? trailName;
}

async function isLogging(cloudtrail: CloudTrailClient, trailName: string): Promise<boolean | 'missing'> {
  try {
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: trailName }));
    return status.IsLogging === true;
  } catch (error) {
    if (error instanceof TrailNotFoundException) return 'missing';
    throw error;
  }
}

function trailGone(name: string): ActionFailure {
  return { status: 'failed', reason: `trail ${name} no longer exists`, retryable: false };
}

const params = v.object({ trailName: NAME });

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'start-logging': v.InferOutput<typeof params>;
  }
}

/** Stopped CloudTrail logging hides everything that follows; turn it back on. */
export const startLoggingSpec = defineActionSpec({
  kind: 'start-logging',
  params,
  target: () => null,
  describe: ({ trailName }) => `Start logging on trail ${trailNameOf(trailName)} again`,
  permissions: ['cloudtrail:GetTrailStatus', 'cloudtrail:StartLogging', 'cloudtrail:StopLogging'],
});

export const startLogging = /* @__PURE__ */ defineAction<'start-logging', StartLoggingPrior>(startLoggingSpec, {
  async inspect({ trailName }, { cloudtrail }) {
    const name = trailNameOf(trailName);
    try {
      const logging = await isLogging(cloudtrail, trailName);
      if (logging === 'missing') return trailGone(name);
      if (!logging) return { status: 'ready', priorState: { wasLogging: false } };
      return {
        status: 'already-applied',
        priorState: { wasLogging: true },
        message: `Trail ${name} is already logging`,
      };
    } catch (error) {
      return failureFrom(error, `read the status of trail ${name}`);
    }
  },

  async change({ trailName }, priorState, { cloudtrail, logger }) {
    const name = trailNameOf(trailName);
    if (priorState.wasLogging) {
      return { status: 'already-applied', priorState, message: `Trail ${name} is already logging` };
    }
    try {
      // StartLogging on a logging trail succeeds: a rerun after a crash is safe.
      await cloudtrail.send(new StartLoggingCommand({ Name: name }));
    } catch (error) {
      if (error instanceof TrailNotFoundException) return trailGone(name);
      return failureFrom(error, `start logging on trail ${name}`);
    }
    logger.info('trail logging started', { trail: name });
    return { status: 'applied', priorState, message: `Started logging on trail ${name}` };
  },

  async undo({ trailName }, { wasLogging }, { cloudtrail, logger }) {
    const name = trailNameOf(trailName);
    if (wasLogging) {
      return { status: 'already-undone', message: `Trail ${name} was logging before; nothing to undo` };
    }
    try {
      const logging = await isLogging(cloudtrail, trailName);
      if (logging === 'missing') {
        return { status: 'cannot-undo', reason: `trail ${name} was deleted after Warden started its logging` };
      }
      if (!logging) {
        return { status: 'already-undone', message: `Trail ${name} is already not logging` };
      }
      await cloudtrail.send(new StopLoggingCommand({ Name: name }));
      logger.info('trail logging stopped again', { trail: name });
      return { status: 'undone', message: `Stopped logging on trail ${name} again` };
    } catch (error) {
      return failureFrom(error, `stop logging on trail ${name}`);
    }
  },
});
