import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { type ActionRequestedDetail, WardenDetailType } from '../../shared/bus/warden-events.js';
import { readRuntimeEnv } from '../../shared/config.js';
import { type ExecuteDependencies, type ExecuteOutcome, executeRequest } from '../../shared/engine/execute-action.js';
import { executeDependencies } from './dependencies.js';

let dependencies: ExecuteDependencies | undefined;

/**
 * "Warden Action Requested" → apply or undo one recorded action in its account
 * → record → notify → "Warden Action Completed". The only function that writes IAM.
 */
export const handler = middy(
  async (event: EventBridgeEvent<'Warden Action Requested', ActionRequestedDetail>): Promise<ExecuteOutcome> => {
    // Only its EventBridge rule's detail type: any other Warden event (e.g. Action Completed) acts on nothing.
    if (event['detail-type'] !== WardenDetailType.ActionRequested)
      return { status: 'skipped', reason: 'not an action request' };
    dependencies ??= executeDependencies(readRuntimeEnv());
    return executeRequest(event.detail, dependencies);
  },
);
