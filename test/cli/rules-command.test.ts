import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { collectingIo } from './collecting-io.js';

async function rules(...args: string[]) {
  const out = collectingIo(process.cwd());
  const code = await runCli(['rules', ...args], out.io);
  return { code, ...out };
}

describe('warden rules', () => {
  it('prints every catalogue rule as JSON with its facts', async () => {
    const { code, stdout } = await rules('--format', 'json');
    expect(code).toBe(0);
    const printed = JSON.parse(stdout()) as { id: string; severity: string; on: string[]; remediation: string }[];
    expect(printed.map((rule) => rule.id)).toEqual(CATALOGUE.map((rule) => rule.id));
    const stop = printed.find((rule) => rule.id === 'cloudtrail.logging-stopped');
    expect(stop).toMatchObject({ severity: 'critical', on: ['StopLogging', 'StopEventDataStoreIngestion'] });
    expect(stop?.remediation).toContain('start-logging');
  });

  it('prints a table by default with one row per rule', async () => {
    const { code, stdout } = await rules();
    expect(code).toBe(0);
    const lines = stdout().split('\n');
    expect(lines[0]).toMatch(/^ID +SEVERITY +TITLE +FIRES ON +REMEDIATION$/);
    for (const rule of CATALOGUE)
      expect(stdout()).toMatch(new RegExp(`^${rule.id.replace('.', '\\.')} +${rule.severity} `, 'm'));
  });

  it('prints markdown with a table row per rule', async () => {
    const { stdout } = await rules('--format', 'markdown');
    for (const rule of CATALOGUE) expect(stdout()).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
  });

  it('rejects an unknown format and stray arguments', async () => {
    const format = await rules('--format', 'html');
    expect(format.code).toBe(1);
    expect(format.stderr()).toBe('warden: --format must be one of table, markdown, json (got "html")\n');
    const extra = await rules('all');
    expect(extra.code).toBe(1);
    expect(extra.stderr()).toBe('warden: rules takes no arguments (got "all")\n');
  });
});

describe('warden (no or unknown command)', () => {
  it('explains the commands', async () => {
    const out = collectingIo(process.cwd());
    expect(await runCli(['--help'], out.io)).toBe(0);
    expect(out.stdout()).toContain('replay [paths...]');

    const unknown = collectingIo(process.cwd());
    expect(await runCli(['replya'], unknown.io)).toBe(1);
    expect(unknown.stderr()).toBe(
      'warden: unknown command "replya" (commands: replay, rules, sweep, config; see "warden --help")\n',
    );
  });
});
