import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RawHttpRequest } from '../engine/handle-interaction.js';

/**
 * The exact bytes the client sent, from an HTTP API (payload 2.0) event: real
 * HTTP API base64-encodes form bodies (`isBase64Encoded: true`), while
 * serverless-offline passes them as text. Nothing is parsed here, so a
 * signature can be checked over the body as signed.
 */
export function rawRequestOf(event: APIGatewayProxyEventV2): RawHttpRequest {
  const body = event.body ?? '';
  return {
    headers: event.headers ?? {},
    body: event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
  };
}
