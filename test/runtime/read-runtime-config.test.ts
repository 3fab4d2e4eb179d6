import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/errors/warden-error.js';
import { defaultConfig } from '../../shared/settings/load-config.js';
import { readRuntimeConfig } from '../../shared/runtime/read-runtime-config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'warden-runtime-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(text: string): string {
  const target = path.join(dir, 'warden.config.json');
  writeFileSync(target, text);
  return target;
}

describe('readRuntimeConfig', () => {
  it('reads the packaged JSON, filling in defaults', () => {
    expect(readRuntimeConfig(file('{}'))).toEqual(defaultConfig());
    const config = readRuntimeConfig(file('{"dryRun": false, "rules": {"iam.admin-policy-attached": "auto"}}'));
    expect(config.dryRun).toBe(false);
    expect(config.rules['iam.admin-policy-attached']).toBe('auto');
  });

  it('accepts the sweep checks under rules, as the YAML reader does', () => {
    const config = readRuntimeConfig(file('{"rules": {"hygiene.user-inactive": "off"}}'));
    expect(config.rules['hygiene.user-inactive']).toBe('off');
  });

  it('rejects ids and modes the shipped catalogue does not allow, naming the key', () => {
    expect(() => readRuntimeConfig(file('{"rules": {"iam.nope": "alert"}}'))).toThrow(
      /warden\.config\.json: rules\.iam\.nope: unknown rule id/,
    );
    expect(() => readRuntimeConfig(file('{"rules": {"iam.user-created": "auto"}}'))).toThrow(ConfigError);
  });

  it('says what is wrong with a missing or malformed file', () => {
    expect(() => readRuntimeConfig(path.join(dir, 'absent.json'))).toThrow(/cannot read .*absent\.json: ENOENT/);
    expect(() => readRuntimeConfig(file('dryRun: false\n'))).toThrow(/warden\.config\.json: invalid JSON/);
  });
});
