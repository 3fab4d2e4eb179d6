import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import type { ActionEnv, ActionLogger } from '../../shared/actions/action.js';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';

/** The instant every action test runs at. */
export const FIXED_NOW = new Date('2025-06-01T12:00:00.000Z');

/** A logger that keeps what it was told (tests may read it) and prints nothing. */
export interface SilentLogger extends ActionLogger {
  readonly lines: { level: 'info' | 'warn'; message: string; extra?: Record<string, unknown> }[];
}

export function silentLogger(): SilentLogger {
  const lines: SilentLogger['lines'] = [];
  return {
    lines,
    info: (message, extra) => lines.push({ level: 'info', message, extra }),
    warn: (message, extra) => lines.push({ level: 'warn', message, extra }),
  };
}

/**
 * The environment actions get in tests: real SDK clients pointed at `options`
 * (the per-file moto server), a fixed clock and a silent logger.
 */
export function actionEnv(options: AwsClientOptions, overrides: Partial<ActionEnv> = {}): ActionEnv {
  return {
    iam: new IAMClient(sdkClientConfig(options)),
    cloudtrail: new CloudTrailClient(sdkClientConfig(options)),
    clock: () => new Date(FIXED_NOW),
    logger: silentLogger(),
    ...overrides,
  };
}
