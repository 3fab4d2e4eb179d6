import * as v from 'valibot';
import { ConfigError } from '../errors/warden-error.js';
import type { DetectionSettings } from '../model/detection-settings.js';
import { type WardenConfig, WardenConfigSchema } from './warden-config.js';

/** What config validation needs to know about each rule in the catalogue. */
export interface RuleFacts {
  readonly id: string;
  /** False for alert-only rules: they cannot be set to `approve` or `auto`. */
  readonly hasRemediation: boolean;
}

/**
 * Validation of Warden's configuration, without any YAML: the Lambda bundles
 * import this (they read the JSON written at package time); the YAML text
 * parser is shared/settings/parse-config.ts, used by the CLI only.
 */

/** The defaults: what an empty or absent `warden.config.yml` means. */
export function defaultConfig(): WardenConfig {
  return deepFreeze(v.parse(WardenConfigSchema, {}));
}

/** Validates an already-parsed object (e.g. JSON) against the schema and the catalogue. */
export function validateConfig(raw: unknown, rules: readonly RuleFacts[], source = 'warden.config.yml'): WardenConfig {
  const result = v.safeParse(WardenConfigSchema, raw);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '(top level)'}: ${describeIssue(issue)}`);
    throw new ConfigError(`${source}: ${problems.join('; ')}`);
  }
  const config = result.output;
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const problems: string[] = [];
  for (const [ruleId, setting] of Object.entries(config.rules)) {
    const rule = byId.get(ruleId);
    if (!rule) {
      problems.push(`rules.${ruleId}: unknown rule id (see \`warden rules\`)`);
      continue;
    }
    const mode = typeof setting === 'string' ? setting : setting.mode;
    if ((mode === 'approve' || mode === 'auto') && !rule.hasRemediation) {
      problems.push(
        `rules.${ruleId}: mode "${mode}" needs a remediation, and this rule only alerts (use off or alert)`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(`${source}: ${problems.join('; ')}`);
  return deepFreeze(config);
}

/** The detection-relevant part of the configuration. */
export function detectionSettingsOf(config: WardenConfig, slackSecretId?: string): DetectionSettings {
  return {
    organizationId: config.organizationId,
    // The organisation's member accounts as the config lists them (Organizations may add more at run time).
    knownAccounts: [
      ...new Set([
        ...config.knownAccounts,
        ...config.memberAccounts,
        ...(config.hub.accountId ? [config.hub.accountId] : []),
      ]),
    ],
    passwordBaseline: config.passwordBaseline,
    warden: {
      ...(config.hub.stage ? { stage: config.hub.stage } : {}),
      ...(config.hub.accountId ? { hubAccountId: config.hub.accountId } : {}),
      ...(slackSecretId ? { slackSecretId } : {}),
    },
    deployRoles: config.iac.deployRoles,
    trailBuckets: config.cloudtrail.trailBuckets,
  };
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.type === 'strict_object' && issue.input !== undefined) {
    return 'unknown key';
  }
  if (issue.type === 'union' && issue.issues) return issue.issues.map((inner) => inner.message).join(' or ');
  return issue.message;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
