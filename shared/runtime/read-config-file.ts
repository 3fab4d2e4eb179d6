import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/warden-error.js';
import { configRuleFacts } from './config-rule-facts.js';
import { parseConfig } from '../settings/parse-config.js';
import type { WardenConfig } from '../settings/warden-config.js';

/**
 * Reads and validates a `warden.config.yml` against the shipped catalogue and
 * the sweep's checks. CLI only: the functions read the packaged JSON
 * (read-runtime-config.ts) and carry no YAML parser.
 */
export function readConfigFile(path: string): WardenConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
  }
  return parseConfig(text, configRuleFacts(), path);
}
