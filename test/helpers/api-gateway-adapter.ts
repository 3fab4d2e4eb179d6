/**
 * A loopback HTTP server that turns real requests into the API Gateway HTTP
 * API (payload 2.0) event a Lambda handler receives, and writes the handler's
 * result back. Like HTTP API, it base64-encodes bodies that are not JSON/text
 * (`application/x-www-form-urlencoded` included — Slack's content type) and
 * sets `isBase64Encoded: true`, lower-cases header names and joins repeated
 * headers with commas. Used instead of serverless-offline, which is not
 * available offline here and passes form bodies as plain text.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

export interface ApiGatewayAdapter {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every event handed to the handler, oldest first. */
  readonly events: readonly APIGatewayProxyEventV2[];
  close(): Promise<void>;
}

/** Content types HTTP API passes through as text; everything else is base64-encoded. */
const TEXT_TYPES = /^(application\/json|text\/)/i;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function apiGatewayEvent(request: IncomingMessage, body: Buffer, routeKey: string): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now.getTime()}-${Math.random().toString(16).slice(2, 10)}`,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

/** Serves `handler` on a free loopback port for the one route `METHOD /path` (others get 404 like HTTP API). */
export async function startApiGatewayAdapter(routeKey: string, handler: HttpApiHandler): Promise<ApiGatewayAdapter> {
  const [routeMethod, routePath] = routeKey.split(' ');
  const events: APIGatewayProxyEventV2[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (request.method !== routeMethod || path !== routePath) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"message":"Not Found"}');
        return;
      }
      const event = apiGatewayEvent(request, body, routeKey);
      events.push(event);
      let result: APIGatewayProxyResultV2;
      try {
        result = await handler(event);
      } catch {
        // What HTTP API answers when the function fails.
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end('{"message":"Internal Server Error"}');
        return;
      }
      const structured: APIGatewayProxyStructuredResultV2 =
        typeof result === 'object' && result !== null && 'statusCode' in result
          ? result
          : { statusCode: 200, body: JSON.stringify(result), headers: { 'content-type': 'application/json' } };
      const headers = Object.fromEntries(
        Object.entries(structured.headers ?? {}).map(([name, value]) => [name, String(value)]),
      );
      const payload = structured.body
        ? structured.isBase64Encoded
          ? Buffer.from(structured.body, 'base64')
          : Buffer.from(structured.body, 'utf8')
        : Buffer.alloc(0);
      response.writeHead(structured.statusCode ?? 200, headers);
      response.end(payload);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
