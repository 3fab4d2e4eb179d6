import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { readConfigFile } from '../../shared/runtime/read-config-file.js';
import { readRuntimeConfig } from '../../shared/runtime/read-runtime-config.js';
import { collectingIo } from './collecting-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(...args: string[]) {
  const out = collectingIo(dir);
  const code = await runCli(['config', 'check', ...args], out.io);
  return { code, ...out };
}

describe('warden config check', () => {
  it('accepts the shipped warden.config.yml', async () => {
    const shipped = path.resolve(import.meta.dirname, '..', '..', 'warden.config.yml');
    const { code, stdout } = await check('--config', shipped);
    expect(code).toBe(0);
    expect(stdout()).toContain('dry run: on');
    // The catalogue's own size: a rule added or removed needs no edit here.
    expect(CATALOGUE.length).toBeGreaterThan(20);
    expect(stdout()).toContain(`rules: ${CATALOGUE.length} in the catalogue, 0 configured`);
  });

  it('reads warden.config.yml from the current directory and lists what it sets', async () => {
    await writeFile(path.join(dir, 'warden.config.yml'), 'dryRun: false\nrules:\n  iam.admin-policy-attached: auto\n');
    const { code, stdout } = await check();
    expect(code).toBe(0);
    expect(stdout()).toContain('dry run: off');
    expect(stdout()).toContain('    iam.admin-policy-attached: auto');
  });

  it.each([
    ['rules:\n  iam.nope: alert\n', 'rules.iam.nope: unknown rule id'],
    ['rules:\n  iam.user-created: auto\n', 'rules.iam.user-created: mode "auto" needs a remediation'],
    ['approvers:\n  default:\n    users: ["alice"]\n', 'approvers.default.users.0: must be a Slack user id'],
    ['dryrun: true\n', 'dryrun: unknown key'],
  ])('names the bad key (%j)', async (text, message) => {
    await writeFile(path.join(dir, 'warden.config.yml'), text);
    const { code, stderr } = await check();
    expect(code).toBe(1);
    expect(stderr()).toContain(message);
    expect(stderr()).not.toMatch(/\n\s+at /);
  });

  it('writes the validated configuration as the JSON the functions read', async () => {
    const yaml = path.join(dir, 'warden.config.yml');
    await writeFile(
      yaml,
      'dryRun: false\nrules:\n  iam.admin-policy-attached: auto\n  hygiene.user-inactive: off\nknownAccounts: ["111122223333"]\n',
    );
    const { code, stdout } = await check('--write-json', 'out.json');
    expect(code).toBe(0);
    expect(stdout()).toContain('written as JSON to out.json');
    const json = path.join(dir, 'out.json');
    expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({
      dryRun: false,
      rules: { 'iam.admin-policy-attached': 'auto', 'hygiene.user-inactive': 'off' },
      knownAccounts: ['111122223333'],
    });
    expect(readRuntimeConfig(json)).toEqual(readConfigFile(yaml));
  });

  it('writes the shipped warden.config.yml as JSON that reads back identically', async () => {
    const shipped = path.resolve(import.meta.dirname, '..', '..', 'warden.config.yml');
    const { code } = await check('--config', shipped, '--write-json', 'shipped.json');
    expect(code).toBe(0);
    expect(readRuntimeConfig(path.join(dir, 'shipped.json'))).toEqual(readConfigFile(shipped));
  });

  it('writes no JSON when the configuration is invalid', async () => {
    await writeFile(path.join(dir, 'warden.config.yml'), 'rules:\n  iam.nope: alert\n');
    const { code } = await check('--write-json', 'out.json');
    expect(code).toBe(1);
    await expect(readFile(path.join(dir, 'out.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('says when the file is missing', async () => {
    const { code, stderr } = await check('--config', 'nowhere.yml');
    expect(code).toBe(1);
    expect(stderr()).toMatch(/^warden: cannot read .*nowhere\.yml: ENOENT\n$/);
  });
});
