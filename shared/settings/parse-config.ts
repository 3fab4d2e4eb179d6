import { parseDocument } from 'yaml';
import { ConfigError } from '../errors/warden-error.js';
import { type RuleFacts, validateConfig } from './load-config.js';
import type { WardenConfig } from './warden-config.js';

/**
 * Parses and validates `warden.config.yml` text. Throws {@link ConfigError}
 * whose message names the offending key (`rules.iam.user-created: …`).
 * CLI and package time only: the functions read the JSON written from it.
 */
export function parseConfig(text: string, rules: readonly RuleFacts[], source = 'warden.config.yml'): WardenConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new ConfigError(`${source}: invalid YAML: ${first.message.split('\n')[0]}`, { cause: first });
  }
  const raw: unknown = doc.toJS() ?? {};
  return validateConfig(raw, rules, source);
}
