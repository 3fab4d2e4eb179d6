import { IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { CloudTrailServiceException, TrailNotFoundException } from '@aws-sdk/client-cloudtrail';

export interface ActionFailure {
  readonly status: 'failed';
  readonly reason: string;
  readonly retryable: boolean;
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
    const retryable = Boolean(error.$retryable) || error.$fault === 'server';
    return { status: 'failed', reason: `${what}: AWS refused the call (${error.name})`, retryable };
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
