import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { collectingIo } from './collecting-io.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOW = ['--now', '2025-06-01T07:00:00Z'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-sweep-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('warden sweep', () => {
  it('--format json prints one finding per line, most severe first, with ruleId, severity, target, summary', async () => {
    const out = collectingIo(REPO);
    const code = await runCli(
      ['sweep', '--report', 'examples/credential-report.csv', '--format', 'json', ...NOW],
      out.io,
    );
    expect(code).toBe(0);
    const lines = out.jsonLines();
    expect(lines.map((line) => [line['ruleId'], line['severity']])).toEqual([
      ['hygiene.root-access-key-present', 'critical'],
      ['hygiene.root-mfa-disabled', 'critical'],
      ['hygiene.root-recently-used', 'high'],
      ['hygiene.console-user-without-mfa', 'high'],
      ['hygiene.access-key-not-rotated', 'medium'],
      ['hygiene.user-inactive', 'medium'],
      ['hygiene.access-key-unused', 'medium'],
      ['hygiene.access-key-unused', 'medium'],
      ['hygiene.user-inactive', 'medium'],
    ]);
    expect(Object.keys(lines[0]!)).toEqual([
      'ruleId',
      'severity',
      'title',
      'account',
      'target',
      'summary',
      'remediation',
    ]);
    expect(lines[6]).toMatchObject({ target: { type: 'access-key', name: 'ci-deploy', keySlot: 2 } });
    expect(out.stderr()).toContain('6 report rows, 9 findings (2 critical, 2 high, 5 medium)');
  });

  it('table (default) shows the findings and the remediation each would get', async () => {
    const out = collectingIo(REPO);
    expect(await runCli(['sweep', '-r', 'examples/credential-report.csv', ...NOW], out.io)).toBe(0);
    expect(out.stdout()).toMatch(/critical\s+hygiene\.root-access-key-present/);
    expect(out.stdout()).toContain('→ would quarantine-user: Quarantine user bob');
  });

  it('--now changes what is old: a year earlier alice’s key is fresh', async () => {
    const out = collectingIo(REPO);
    await runCli(
      ['sweep', '-r', 'examples/credential-report.csv', '-f', 'json', '--now', '2024-02-01T00:00:00Z'],
      out.io,
    );
    const aliceKey = out
      .jsonLines()
      .filter((line) => line['ruleId'] === 'hygiene.access-key-not-rotated')
      .map((line) => (line['target'] as { name: string }).name);
    expect(aliceKey).toEqual(['old-contractor']);
  });

  it('--config sets thresholds and turns checks off', async () => {
    await writeFile(
      path.join(dir, 'warden.config.yml'),
      'sweep:\n  userInactiveDays: 1000\nrules:\n  hygiene.root-mfa-disabled: off\n  hygiene.console-user-without-mfa: { severity: critical }\n',
    );
    const out = collectingIo(REPO);
    const config = path.join(dir, 'warden.config.yml');
    await runCli(['sweep', '-r', 'examples/credential-report.csv', '-f', 'json', '--config', config, ...NOW], out.io);
    const lines = out.jsonLines();
    const ids = lines.map((line) => line['ruleId']);
    expect(ids).not.toContain('hygiene.root-mfa-disabled');
    expect(ids.filter((id) => id === 'hygiene.user-inactive')).toHaveLength(0);
    expect(lines.find((line) => line['ruleId'] === 'hygiene.console-user-without-mfa')!['severity']).toBe('critical');
  });

  it('--fail-on exits 2 when a finding reaches the threshold', async () => {
    const out = collectingIo(REPO);
    expect(
      await runCli(['sweep', '-r', 'examples/credential-report.csv', '--fail-on', 'critical', ...NOW], out.io),
    ).toBe(2);
  });

  it.each([
    [['sweep'], /--report <credential-report.csv> is required/],
    [['sweep', '-r', 'nope.csv'], /cannot read nope\.csv/],
    [['sweep', '-r', 'examples/credential-report.csv', '--now', 'tuesday'], /--now must be an ISO time/],
    [['sweep', '-r', 'examples/credential-report.csv', '-f', 'slack'], /--format must be one of table, json/],
  ])('%j fails with one line on stderr', async (argv, message) => {
    const out = collectingIo(REPO);
    expect(await runCli(argv, out.io)).toBe(1);
    expect(out.stderr()).toMatch(message);
    expect(out.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('an invalid report is named with its problem', async () => {
    await writeFile(path.join(dir, 'bad.csv'), 'user,arn\nalice,arn:aws:iam::111122223333:user/alice\n');
    const out = collectingIo(dir);
    expect(await runCli(['sweep', '-r', 'bad.csv'], out.io)).toBe(1);
    expect(out.stderr()).toMatch(/^warden: bad\.csv: credential report lacks column\(s\) user_creation_time/);
  });
});
