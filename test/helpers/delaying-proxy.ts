import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of moto that holds back the responses to chosen AWS query actions. */
export interface DelayingProxy {
  readonly endpoint: string;
  /** How many requests for `action` (e.g. `DetachUserPolicy`) went through. */
  count(action: string): number;
  /** Requests of the query protocol (IAM, STS: an `Action=` in the body); JSON-protocol calls (DynamoDB, …) have none. */
  queryCalls(): number;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` unchanged, so the calls reach moto for
 * real; the response to an `Action=<name>` listed in `delays` is returned that
 * many milliseconds late (the slow answer of a call AWS has already made).
 */
export async function startDelayingProxy(
  target: string,
  delays: Readonly<Record<string, number>>,
): Promise<DelayingProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
      counts.set(action, (counts.get(action) ?? 0) + 1);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (chunk: Buffer) => parts.push(chunk));
          response.on('end', () => {
            setTimeout(() => {
              outgoing.writeHead(response.statusCode ?? 502, response.headers);
              outgoing.end(Buffer.concat(parts));
            }, delays[action] ?? 0);
          });
        },
      );
      forward.on('error', () => {
        outgoing.writeHead(502);
        outgoing.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    count: (action) => counts.get(action) ?? 0,
    queryCalls: () => [...counts].reduce((sum, [action, count]) => (action === '' ? sum : sum + count), 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
