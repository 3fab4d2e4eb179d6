import {
  CloudTrailServiceException,
  InvalidTrailNameException,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import {
  IAMServiceException,
  LimitExceededException,
  NoSuchEntityException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import { STSServiceException } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { failureFrom, isNoSuchEntity } from '../../shared/actions/action-failure.js';

const metadata = { httpStatusCode: 400, requestId: 'r-1' };
const iamError = (name: string, fault: 'client' | 'server' = 'client', httpStatusCode = 400) =>
  new IAMServiceException({ name, $fault: fault, $metadata: { ...metadata, httpStatusCode }, message: 'm' });

describe('failureFrom', () => {
  it('a target that is gone is a final failure saying so', () => {
    expect(failureFrom(new NoSuchEntityException({ message: 'm', $metadata: metadata }), 'detach x')).toEqual({
      status: 'failed',
      reason: 'detach x: the target no longer exists',
      retryable: false,
    });
    expect(failureFrom(new TrailNotFoundException({ message: 'm', $metadata: metadata }), 'start t')).toEqual({
      status: 'failed',
      reason: 'start t: the target no longer exists',
      retryable: false,
    });
  });

  it('every throttling code AWS sets is retryable', () => {
    for (const code of [
      'Throttling',
      'ThrottlingException',
      'ThrottledException',
      'RequestThrottled',
      'RequestThrottledException',
      'TooManyRequestsException',
      'RequestLimitExceeded',
    ]) {
      expect(failureFrom(iamError(code), 'read r'), code).toEqual({
        status: 'failed',
        reason: `read r: AWS refused the call (${code})`,
        retryable: true,
      });
    }
    // HTTP 429 is throttling whatever the code.
    expect(failureFrom(iamError('SlowDownPlease', 'client', 429), 'read r').retryable).toBe(true);
  });

  it('server faults and errors the SDK marks retryable are retryable; client refusals are not', () => {
    expect(failureFrom(new ServiceFailureException({ message: 'm', $metadata: { httpStatusCode: 500 } }), 'w')).toEqual(
      { status: 'failed', reason: 'w: AWS refused the call (ServiceFailureException)', retryable: true },
    );
    const marked = iamError('Odd');
    Object.assign(marked, { $retryable: { throttling: false } });
    expect(failureFrom(marked, 'w').retryable).toBe(true);
    expect(failureFrom(iamError('AccessDenied', 'client', 403), 'w')).toEqual({
      status: 'failed',
      reason: 'w: AWS refused the call (AccessDenied)',
      retryable: false,
    });
    // IAM's LimitExceeded is a quota (too many policies), not throttling: retrying cannot help.
    expect(failureFrom(new LimitExceededException({ message: 'm', $metadata: metadata }), 'w').retryable).toBe(false);
    expect(
      failureFrom(
        new CloudTrailServiceException({
          name: 'ThrottlingException',
          $fault: 'client',
          $metadata: metadata,
          message: 'm',
        }),
        't',
      ),
    ).toEqual({ status: 'failed', reason: 't: AWS refused the call (ThrottlingException)', retryable: true });
    expect(failureFrom(new InvalidTrailNameException({ message: 'm', $metadata: metadata }), 't').retryable).toBe(
      false,
    );
  });

  it('service errors of other clients are reported, not retried', () => {
    const sts = new STSServiceException({ name: 'ExpiredToken', $fault: 'client', $metadata: metadata, message: 'm' });
    expect(failureFrom(sts, 'assume')).toEqual({
      status: 'failed',
      reason: 'assume: AWS refused the call (ExpiredToken)',
      retryable: false,
    });
  });

  it('anything else is a bug and is rethrown as is', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => failureFrom(bug, 'w')).toThrow(bug);
    expect(() => failureFrom('a string', 'w')).toThrow('a string');
  });

  it('isNoSuchEntity recognises only the SDK class, never a name', () => {
    expect(isNoSuchEntity(new NoSuchEntityException({ message: 'm', $metadata: metadata }))).toBe(true);
    expect(isNoSuchEntity(iamError('NoSuchEntity'))).toBe(false);
    expect(isNoSuchEntity(Object.assign(new Error('x'), { name: 'NoSuchEntityException' }))).toBe(false);
  });
});
