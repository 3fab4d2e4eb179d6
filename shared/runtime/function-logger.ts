/**
 * One Powertools logger per function (service name `warden-<function>`),
 * shared by the handler's middleware (which adds the invocation's context and
 * resets per-invocation keys) and the code the dependencies build. Creating it
 * reads only Powertools' own settings (log level, sampling) and opens nothing.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const loggers = new Map<string, Logger>();

export function functionLogger(serviceName: string): Logger {
  let logger = loggers.get(serviceName);
  if (!logger) {
    logger = new Logger({ serviceName });
    loggers.set(serviceName, logger);
  }
  return logger;
}
