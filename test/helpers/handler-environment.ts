import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { parse } from 'yaml';
import type { MotoServer } from './moto-server.js';

export interface HandlerEnvironment {
  readonly moto: MotoServer;
  readonly tableName: string;
  readonly eventBusName: string;
  /**
   * warden.config.yml text; written, as packaging does, as the JSON
   * the functions read (warden.config.json in a temp directory).
   */
  readonly configYaml: string;
  /** More variables (WARDEN_SLACK_SECRET_ID, WARDEN_SLACK_API_URL, WARDEN_SNS_TOPIC_ARN, …). */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The environment a deployed function sees (shared/config.ts reads it), pointed
 * at the test's moto server. Call `restoreEnvironmentAfterEach()` once per file.
 */
export function setHandlerEnvironment(options: HandlerEnvironment): void {
  const dir = mkdtempSync(join(tmpdir(), 'warden-handler-'));
  writeFileSync(join(dir, 'warden.config.json'), JSON.stringify(parse(options.configYaml) ?? {}));
  Object.assign(process.env, {
    WARDEN_STAGE: 'test',
    AWS_REGION: options.moto.clientOptions.region,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    WARDEN_TABLE_NAME: options.tableName,
    WARDEN_EVENT_BUS_NAME: options.eventBusName,
    WARDEN_AWS_ENDPOINT: options.moto.endpoint,
    WARDEN_CONFIG_PATH: join(dir, 'warden.config.json'),
    // As deployed with the member StackSet: member roles are assumed with it.
    WARDEN_EXTERNAL_ID: 'warden-test-external-id',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...options.extra,
  });
}

/** Puts process.env back as it was before the file's tests changed it. */
export function restoreEnvironmentAfterEach(): void {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
}
