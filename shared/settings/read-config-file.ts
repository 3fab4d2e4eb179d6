import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/warden-error.js';
import { catalogueRuleFacts } from '../rules/catalogue.js';
import { hygieneRuleFacts } from '../sweep/hygiene-checks.js';
import type { WardenConfig } from './warden-config.js';
import { parseConfig } from './load-config.js';

/** Reads and validates a `warden.config.yml` against the shipped catalogue and the sweep's checks. */
export function readConfigFile(path: string): WardenConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
  }
  return parseConfig(text, [...catalogueRuleFacts(), ...hygieneRuleFacts()], path);
}
