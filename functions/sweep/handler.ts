import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { readRuntimeEnv } from '../../shared/config.js';
import { functionLogger } from '../../shared/runtime/function-logger.js';
import {
  type AccountSweepsDependencies,
  type AccountSweepsOutcome,
  runAccountSweeps,
} from '../../shared/sweep/sweep-accounts.js';
import { sweepDependencies } from './dependencies.js';

const logger = functionLogger('warden-sweep');
let dependencies: AccountSweepsDependencies | undefined;

/**
 * Daily schedule (EventBridge, e.g. cron(0 7 * * ? *)) → in the hub and every
 * member account: credential report → hygiene checks → record findings and
 * pending actions → one Slack digest per account with something new.
 * Acts on nothing: the digests' buttons go through the approval flow.
 */
export const handler = middy(async (_event: ScheduledEvent): Promise<AccountSweepsOutcome> => {
  dependencies ??= sweepDependencies(readRuntimeEnv());
  return runAccountSweeps(dependencies);
}).use(injectLambdaContext(logger, { resetKeys: true }));
