import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode, its errors turned into {@link CliError}
 * that name the command (`replay: unknown option '--frmat'`).
 */
export function parseCommandArgs<O extends Options>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node appends advice about '--' to unknown options; the first sentence is the news.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.split('. To specify')[0];
    throw new CliError(`${command}: ${message} (see "warden ${command} --help")`);
  }
}

/** A flag value that must be one of `allowed`. */
export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
