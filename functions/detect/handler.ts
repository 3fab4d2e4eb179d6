import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import { readRuntimeEnv } from '../../shared/config.js';
import { functionLogger } from '../../shared/runtime/function-logger.js';
import { type EventOutcome, processEvent, type DetectDependencies } from '../../shared/engine/process-event.js';
import { detectDependencies } from './dependencies.js';

const logger = functionLogger('warden-detect');
let dependencies: DetectDependencies | undefined;

/**
 * CloudTrail event (EventBridge) → parse → ignore → evaluate → dedupe → decide
 * → record → notify → for `auto`, "Warden Action Requested". Built on first
 * use, so importing reads no environment and opens no connection.
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>): Promise<EventOutcome> => {
  dependencies ??= detectDependencies(readRuntimeEnv());
  return processEvent(event, dependencies);
}).use(injectLambdaContext(logger, { resetKeys: true }));
