import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readRuntimeEnv } from '../../shared/config.js';
import { functionLogger } from '../../shared/runtime/function-logger.js';
import { handleInteraction, type InteractionDependencies } from '../../shared/engine/handle-interaction.js';
import { rawRequestOf } from '../../shared/runtime/http-api-request.js';
import { interactDependencies } from './dependencies.js';

const logger = functionLogger('warden-interact');
let dependencies: InteractionDependencies | undefined;

/**
 * `POST /slack/interactions` (HTTP API) → verify Slack's signature over the raw
 * body → parse the click → authorise the clicker → one conditional transition
 * → "Warden Action Requested" → 200 within Slack's 3 s. No body parser runs
 * before the signature check; built on first use, so importing reads no
 * environment and opens no connection.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  dependencies ??= interactDependencies(readRuntimeEnv());
  return handleInteraction(rawRequestOf(event), dependencies);
}).use(injectLambdaContext(logger, { resetKeys: true }));
