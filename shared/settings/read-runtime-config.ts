import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/warden-error.js';
import { configRuleFacts } from './config-rule-facts.js';
import { validateConfig } from './load-config.js';
import type { WardenConfig } from './warden-config.js';

/**
 * Reads the configuration a function was packaged with: `warden.config.json`,
 * written from warden.config.yml by `warden config check --write-json` at
 * package time, and validated again here against the shipped catalogue (a
 * package built from other sources must not start with ids it does not know).
 */
export function readRuntimeConfig(path: string): WardenConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: invalid JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateConfig(raw, configRuleFacts(), path);
}
