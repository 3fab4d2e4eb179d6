import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { ParsedResult } from '@aws-lambda-powertools/parser/types';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { type ActionRequestedEvent, ActionRequestedEventSchema } from '../../shared/bus/warden-event-schemas.js';
import { WARDEN_EVENT_SOURCE, WardenDetailType } from '../../shared/bus/warden-events.js';
import { readRuntimeEnv } from '../../shared/config.js';
import { type ExecuteDependencies, type ExecuteOutcome, executeRequest } from '../../shared/engine/execute-action.js';
import { functionLogger } from '../../shared/runtime/function-logger.js';
import { executeDependencies } from './dependencies.js';

const logger = functionLogger('warden-execute');
let dependencies: ExecuteDependencies | undefined;

/**
 * "Warden Action Requested" → apply or undo one recorded action in its account
 * → record → notify → "Warden Action Completed". The only function that writes IAM.
 * The event is checked at the edge: only Warden's own "Action Requested" with a
 * well-formed detail reaches the executor; anything else is logged and skipped.
 */
const checked = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: ActionRequestedEventSchema, safeParse: true }))
  .handler(async (event: ParsedResult<unknown, ActionRequestedEvent>): Promise<ExecuteOutcome> => {
    if (!event.success) return notAnActionRequest(event.originalEvent);
    dependencies ??= executeDependencies(readRuntimeEnv());
    return executeRequest(event.data.detail, dependencies);
  });

/** What Lambda calls: any EventBridge event; the parser middleware checks it before the handler sees it. */
export const handler = checked as unknown as (
  event: EventBridgeEvent<string, unknown>,
  context: Context,
) => Promise<ExecuteOutcome>;

function notAnActionRequest(original: unknown): ExecuteOutcome {
  const event = (typeof original === 'object' && original !== null ? original : {}) as Record<string, unknown>;
  const ours = event['source'] === WARDEN_EVENT_SOURCE && event['detail-type'] === WardenDetailType.ActionRequested;
  // Any other Warden event (e.g. Action Completed) acts on nothing; a malformed request is worth a warning.
  if (!ours) return { status: 'skipped', reason: 'not an action request' };
  logger.warn('malformed action request skipped', { detail: JSON.stringify(event['detail'] ?? null).slice(0, 500) });
  return { status: 'skipped', reason: 'malformed action request' };
}
