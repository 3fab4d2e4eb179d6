import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { readRuntimeEnv } from '../../shared/config.js';
import { runSweep, type SweepDependencies, type SweepOutcome } from '../../shared/engine/run-sweep.js';
import { sweepDependencies } from '../../shared/runtime/sweep-dependencies.js';

let dependencies: SweepDependencies | undefined;

/**
 * Daily schedule (EventBridge, e.g. cron(0 7 * * ? *)) → credential report →
 * hygiene checks → record findings and pending actions → one Slack digest.
 * Acts on nothing: the digest's buttons go through the approval flow.
 */
export const handler = middy(async (_event: ScheduledEvent): Promise<SweepOutcome> => {
  dependencies ??= sweepDependencies(readRuntimeEnv());
  return runSweep(dependencies);
});
