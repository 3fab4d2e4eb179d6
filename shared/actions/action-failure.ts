import { IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { CloudTrailServiceException, TrailNotFoundException } from '@aws-sdk/client-cloudtrail';

export interface ActionFailure {
  readonly status: 'failed';
  readonly reason: string;
  readonly retryable: boolean;
}

/**
 * Throttling error codes AWS sets (the SDK models none of them for IAM, so they arrive as a
 * client fault without `$retryable`). IAM's `LimitExceeded` is a quota, not throttling: not here.
 */
const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/** Worth trying again later: AWS said so, the fault is on AWS's side, or the call was throttled. */
function isTransient(error: {
  $retryable?: unknown;
  $fault: string;
  name: string;
  $metadata: { httpStatusCode?: number };
}): boolean {
  return (
    Boolean(error.$retryable) ||
    error.$fault === 'server' ||
    THROTTLING_CODES.has(error.name) ||
    error.$metadata.httpStatusCode === 429
  );
}

/**
 * Turns an error thrown by an SDK call into a failure record. Errors are
 * recognised by the SDK's exception classes and metadata, never by message text.
 * Anything that is not an AWS service error is rethrown: it is a bug.
 */
export function failureFrom(error: unknown, what: string): ActionFailure {
  if (error instanceof NoSuchEntityException || error instanceof TrailNotFoundException) {
    return { status: 'failed', reason: `${what}: the target no longer exists`, retryable: false };
  }
  if (error instanceof IAMServiceException || error instanceof CloudTrailServiceException) {
    return { status: 'failed', reason: `${what}: AWS refused the call (${error.name})`, retryable: isTransient(error) };
  }
  if (error instanceof Error && '$metadata' in error) {
    // Service errors from other clients (e.g. STS) carry SDK metadata too.
    return { status: 'failed', reason: `${what}: AWS refused the call (${error.name})`, retryable: false };
  }
  throw error;
}

/** True when `error` is IAM's "no such entity" (the target is gone or was never there). */
export function isNoSuchEntity(error: unknown): boolean {
  return error instanceof NoSuchEntityException;
}
