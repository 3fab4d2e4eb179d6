/**
 * One error base for the project: a stable `code`, the original `cause`, and
 * whether retrying may help. Handlers decide what an error becomes.
 */
export class WardenError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
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
