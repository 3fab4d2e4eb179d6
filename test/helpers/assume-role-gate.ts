import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One sts:AssumeRole request that went through the gate. */
export interface AssumeRoleCall {
  readonly roleArn: string;
  readonly externalId: string | undefined;
  readonly sessionName: string | undefined;
  readonly refused: boolean;
}

/**
 * A proxy in front of moto that answers AssumeRole into chosen accounts as AWS
 * does when the role's trust refuses, and, when asked, Organizations (or
 * CloudTrail) as AWS answers a caller that may not read it.
 */
export interface AssumeRoleGate {
  readonly endpoint: string;
  readonly calls: readonly AssumeRoleCall[];
  close(): Promise<void>;
}

/** STS's answer when the caller is not allowed to assume the role (trust or ExternalId mismatch). */
function accessDenied(roleArn: string): string {
  return (
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
    `<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message>` +
    '</Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>'
  );
}

/**
 * Forwards every request to `target` unchanged, so calls reach moto for real
 * (moto lets any role be assumed, in any account); an AssumeRole whose role
 * is in one of `refusedAccounts` gets AccessDenied instead.
 */
export async function startAssumeRoleGate(
  target: string,
  refusedAccounts: readonly string[],
  options: { readonly refuseOrganizations?: boolean; readonly refuseCloudTrail?: boolean } = {},
): Promise<AssumeRoleGate> {
  const upstream = new URL(target);
  const calls: AssumeRoleCall[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString('utf8'));
      const jsonTarget = String(incoming.headers['x-amz-target'] ?? '');
      if (options.refuseOrganizations && jsonTarget.startsWith('AWSOrganizationsV20161128.')) {
        // What Organizations answers an account that is neither the management account nor a delegated administrator.
        outgoing.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        outgoing.end(
          JSON.stringify({
            __type: 'AccessDeniedException',
            Message: 'You don’t have permissions to access this resource.',
          }),
        );
        return;
      }
      if (options.refuseCloudTrail && jsonTarget.includes('CloudTrail_20131101.')) {
        // What CloudTrail answers a role without cloudtrail:DescribeTrails (a member stack not yet updated).
        outgoing.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        outgoing.end(
          JSON.stringify({
            __type: 'AccessDeniedException',
            Message: 'User is not authorized to perform: cloudtrail:DescribeTrails',
          }),
        );
        return;
      }
      if (form.get('Action') === 'AssumeRole') {
        const roleArn = form.get('RoleArn') ?? '';
        const refused = refusedAccounts.includes(roleArn.split(':')[4] ?? '');
        calls.push({
          roleArn,
          externalId: form.get('ExternalId') ?? undefined,
          sessionName: form.get('RoleSessionName') ?? undefined,
          refused,
        });
        if (refused) {
          outgoing.writeHead(403, { 'content-type': 'text/xml' });
          outgoing.end(accessDenied(roleArn));
          return;
        }
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
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
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
