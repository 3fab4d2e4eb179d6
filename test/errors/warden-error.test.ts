import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors/error-codes.js';
import { ConfigError, InvalidEventError, WardenError } from '../../shared/errors/warden-error.js';

describe('WardenError and the error-code table', () => {
  it('takes whether a retry may help from the code, unless the thrower says otherwise', () => {
    expect(new WardenError('store-conflict', 'lost the race').retryable).toBe(true);
    expect(new WardenError('publish-failed', 'rejected').retryable).toBe(true);
    expect(new WardenError('credential-report-timeout', 'not ready').retryable).toBe(true);
    expect(new WardenError('store-invalid', 'not a number').retryable).toBe(false);
    expect(new WardenError('credential-report-invalid', 'empty').retryable).toBe(false);
    expect(new WardenError('store-conflict', 'given up', { retryable: false }).retryable).toBe(false);
  });

  it('keeps the code, the message, the cause and the subclass name', () => {
    const cause = new Error('socket hang up');
    const error = new WardenError('assume-role-failed', 'AssumeRole x returned no credentials', { cause });
    expect(error).toMatchObject({ code: 'assume-role-failed', message: 'AssumeRole x returned no credentials', cause });
    expect(error.name).toBe('WardenError');
    expect(new ConfigError('bad key')).toMatchObject({ name: 'ConfigError', code: 'config-invalid', retryable: false });
    expect(new InvalidEventError('no eventName')).toMatchObject({ name: 'InvalidEventError', code: 'invalid-event' });
    expect('cause' in new WardenError('store-invalid', 'x')).toBe(false);
  });

  it('says in plain words what every code means', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES) as [ErrorCode, (typeof ERROR_CODES)[ErrorCode]][]) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(entry.meaning.length, code).toBeGreaterThan(10);
    }
  });
});
