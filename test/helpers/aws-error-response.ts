import { Readable } from 'node:stream';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';

/** An error AWS answers with: HTTP status and the error code AWS sets (e.g. `Throttling`). */
export interface AwsErrorAnswer {
  /** The API operation that answers with the error (e.g. `DetachUserPolicy`); other calls go through. */
  readonly operation: string;
  readonly status: number;
  readonly code: string;
  /** How many times the operation answers with the error (default: every time). */
  readonly times?: number;
}

type Handler = IAMClient['config']['requestHandler'];
interface WireRequest {
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

function operationOf(request: WireRequest): string {
  // Query protocol (IAM): `Action=<operation>&…`; JSON protocol (CloudTrail): `x-amz-target: <service>.<operation>`.
  const target = request.headers['x-amz-target'];
  if (target) return target.slice(target.lastIndexOf('.') + 1);
  return /(?:^|&)Action=([^&]+)/.exec(typeof request.body === 'string' ? request.body : '')?.[1] ?? '';
}

function errorBody(json: boolean, code: string): string {
  return json
    ? JSON.stringify({ __type: code, message: 'Rate exceeded' })
    : `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;
}

/**
 * A request handler that sends every call to `real`, except `answer.operation`, which gets the
 * error on the wire as AWS sends it: the SDK itself turns it into its exception (class, name, fault).
 */
function failingHandler(real: Handler, answer: AwsErrorAnswer, json: boolean): Handler {
  let left = answer.times ?? Number.POSITIVE_INFINITY;
  const handle = (request: WireRequest, options?: unknown) => {
    if (left > 0 && operationOf(request) === answer.operation) {
      left -= 1;
      return Promise.resolve({
        response: {
          statusCode: answer.status,
          reason: '',
          headers: {
            'content-type': json ? 'application/x-amz-json-1.1' : 'text/xml',
            ...(json ? { 'x-amzn-errortype': answer.code } : {}),
          },
          body: Readable.from([Buffer.from(errorBody(json, answer.code))]),
        },
      });
    }
    return (real as { handle(request: WireRequest, options?: unknown): Promise<unknown> }).handle(request, options);
  };
  return { handle } as unknown as Handler;
}

/** An IAM client on `options` (moto) whose `answer.operation` fails as AWS would; one attempt, no SDK retry. */
export function iamFailingOn(options: AwsClientOptions, answer: AwsErrorAnswer): IAMClient {
  const config = sdkClientConfig({ ...options, maxAttempts: 1 });
  const real = new IAMClient(config).config.requestHandler;
  return new IAMClient({ ...config, requestHandler: failingHandler(real, answer, false) });
}

/** A CloudTrail client on `options` (moto) whose `answer.operation` fails as AWS would; one attempt. */
export function cloudTrailFailingOn(options: AwsClientOptions, answer: AwsErrorAnswer): CloudTrailClient {
  const config = sdkClientConfig({ ...options, maxAttempts: 1 });
  const real = new CloudTrailClient(config).config.requestHandler;
  return new CloudTrailClient({
    ...config,
    requestHandler: failingHandler(
      real as unknown as Handler,
      answer,
      true,
    ) as unknown as CloudTrailClient['config']['requestHandler'],
  });
}
