import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/**
 * One error base for the project: a stable `code` from {@link ERROR_CODES},
 * the original `cause`, and whether retrying may help (the code's default).
 * Handlers decide what an error becomes.
 */
export class WardenError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
  }
}

/** Configuration is missing or invalid. */
export class ConfigError extends WardenError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('config-invalid', message, options);
  }
}

/** An input event or file cannot be used. */
export class InvalidEventError extends WardenError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('invalid-event', message, options);
  }
}
