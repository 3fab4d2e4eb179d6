import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/warden-error.js';
import { configRuleFacts } from './config-rule-facts.js';
import { validateConfig } from '../settings/load-config.js';
import type { WardenConfig } from '../settings/warden-config.js';

/** Where the function actually runs, from its environment (`WARDEN_STAGE`, `WARDEN_HUB_ACCOUNT_ID`). */
export interface DeployedHub {
  readonly stage: string;
  readonly hubAccountId?: string;
}

/**
 * The deployed stage and account win over `hub` in the file: they are what
 * Warden's own roles are actually named after, so self-recognition and the
 * protected-role check use them (a config written for another stage cannot
 * make this stage's roles look foreign).
 */
function withDeployedHub(raw: unknown, deployed: DeployedHub): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const file = raw as { hub?: unknown };
  const hub = typeof file.hub === 'object' && file.hub !== null ? file.hub : {};
  return {
    ...file,
    hub: { ...hub, stage: deployed.stage, ...(deployed.hubAccountId ? { accountId: deployed.hubAccountId } : {}) },
  };
}

/**
 * Reads the configuration a function was packaged with: `warden.config.json`,
 * written from warden.config.yml by `warden config check --write-json` at
 * package time, and validated again here against the shipped catalogue (a
 * package built from other sources must not start with ids it does not know).
 */
export function readRuntimeConfig(path: string, deployed?: DeployedHub): WardenConfig {
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
  return validateConfig(deployed ? withDeployedHub(raw, deployed) : raw, configRuleFacts(), path);
}
