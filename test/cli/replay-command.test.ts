import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { attachUserPolicyRecord } from '../helpers/cloudtrail-envelope.js';
import { collectingIo } from './collecting-io.js';
import { describeInstances, rootConsoleLogin, stopLogging } from './replay-records.js';

const JSON_KEYS = [
  'ruleId',
  'severity',
  'title',
  'eventId',
  'eventName',
  'eventTime',
  'account',
  'region',
  'actor',
  'target',
  'summary',
  'remediation',
  'input',
];

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-replay-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
  await writeFile(path.join(dir, name), content);
}

async function replay(...args: string[]) {
  const out = collectingIo(dir);
  const code = await runCli(['replay', ...args], out.io);
  return { code, ...out };
}

describe('warden replay --format json', () => {
  it('prints one line per finding with exactly the agreed keys and where the record came from', async () => {
    await write('trail.json', JSON.stringify({ Records: [describeInstances(), rootConsoleLogin(), stopLogging()] }));

    const { code, jsonLines, stderr } = await replay('--format', 'json', 'trail.json');

    expect(code).toBe(0);
    const lines = jsonLines();
    expect(lines.map((line) => line['ruleId'])).toEqual(['root.console-login', 'cloudtrail.logging-stopped']);
    for (const line of lines) expect(Object.keys(line)).toEqual(JSON_KEYS);
    expect(lines[0]).toMatchObject({
      eventId: 'a1b2c3d4-0000-4000-8000-000000000001',
      eventName: 'ConsoleLogin',
      eventTime: '2026-11-02T08:15:00Z',
      account: '111122223333',
      region: 'us-east-1',
      input: { file: 'trail.json', index: 1 },
    });
    expect(lines[1]).toMatchObject({ severity: 'critical', input: { file: 'trail.json', index: 2 } });
    expect(lines[1]!['remediation']).toEqual([
      expect.objectContaining({ kind: 'start-logging', defaultMode: 'auto', account: '111122223333' }),
    ]);
    expect(stderr()).toContain('events read  3 from 1 file');
    expect(stderr()).toMatch(/findings {5}2 \(critical 2\)/);
    expect(stderr()).toMatch(/root\.console-login +1/);
    expect(stderr()).toMatch(/cloudtrail\.logging-stopped +1/);
  });

  it('reads folders recursively, gzip and JSON lines, and counts skipped and ignored input by reason', async () => {
    await write('logs/2026/11/02/a.json.gz', gzipSync(JSON.stringify({ Records: [rootConsoleLogin()] })));
    await write(
      'logs/2026/11/03/b.jsonl',
      [JSON.stringify(describeInstances()), '{not json', JSON.stringify(stopLogging('e-failed', 'AccessDenied'))].join(
        '\n',
      ),
    );
    await write('logs/notes.txt', 'not a trail file');
    await write('logs/.hidden.json', '{"Records":[]}');

    const { code, jsonLines, stderr } = await replay('--format', 'json', 'logs');

    expect(code).toBe(0);
    const lines = jsonLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      ruleId: 'root.console-login',
      input: { file: path.join('logs', '2026', '11', '02', 'a.json.gz'), index: 0 },
    });
    expect(stderr()).toContain('events read  3 from 2 files');
    expect(stderr()).toContain('skipped      1 (invalid-json 1)');
    expect(stderr()).toContain('ignored      1 (failed-call 1)');
  });
});

describe('warden replay --fail-on', () => {
  it('exits 2 when a finding is at least the threshold', async () => {
    await write('trail.json', JSON.stringify({ Records: [stopLogging()] }));
    const { code, stderr } = await replay('--format', 'json', '--fail-on', 'high', 'trail.json');
    expect(code).toBe(2);
    expect(stderr()).toContain('--fail-on high');
  });

  it('exits 0 when every finding is below the threshold, or there is none', async () => {
    await write('quiet.json', JSON.stringify(describeInstances()));
    expect((await replay('--fail-on', 'info', 'quiet.json')).code).toBe(0);
  });

  it('rejects a severity that does not exist', async () => {
    await write('trail.json', JSON.stringify(stopLogging()));
    const { code, stderr, stdout } = await replay('--fail-on', 'severe', 'trail.json');
    expect(code).toBe(1);
    expect(stderr()).toBe('warden: --fail-on must be one of info, low, medium, high, critical (got "severe")\n');
    expect(stdout()).toBe('');
  });
});

describe('warden replay errors', () => {
  it('says which path is missing, without a stack trace', async () => {
    const { code, stderr } = await replay('missing.json');
    expect(code).toBe(1);
    expect(stderr()).toBe('warden: cannot read missing.json: no such file or directory\n');
  });

  it('says when a folder holds no trail files', async () => {
    await write('empty/readme.txt', 'nothing here');
    const { code, stderr } = await replay('empty');
    expect(code).toBe(1);
    expect(stderr()).toMatch(/^warden: no CloudTrail files \(.*\) found in folder empty\n$/);
  });

  it('rejects unknown flags and formats', async () => {
    const unknown = await replay('--frmat', 'json');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr()).toBe(`warden: replay: Unknown option '--frmat' (see "warden replay --help")\n`);

    await write('trail.json', JSON.stringify(stopLogging()));
    const format = await replay('--format', 'xml', 'trail.json');
    expect(format.code).toBe(1);
    expect(format.stderr()).toBe('warden: --format must be one of table, json, slack (got "xml")\n');
  });

  it('applies --config: modes and severities per rule, rules turned off, steps with the mode Warden would use', async () => {
    await write('trail.json', JSON.stringify({ Records: [rootConsoleLogin(), stopLogging()] }));
    await write(
      'warden.config.yml',
      'rules:\n  root.console-login: { severity: medium }\n  cloudtrail.logging-stopped: approve\n',
    );
    const configured = await replay('--format', 'json', '--config', 'warden.config.yml', 'trail.json');
    expect(configured.code).toBe(0);
    const findings = configured
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toEqual([
      ['root.console-login', 'medium'],
      ['cloudtrail.logging-stopped', 'critical'],
    ]);
    expect(findings[1].remediation.map((s: { kind: string; defaultMode: string }) => [s.kind, s.defaultMode])).toEqual([
      ['start-logging', 'approve'],
    ]);

    await write('off.yml', 'rules:\n  cloudtrail.logging-stopped: off\n');
    const off = await replay('--format', 'json', '--config', 'off.yml', 'trail.json');
    expect(
      off
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).ruleId),
    ).toEqual(['root.console-login']);
    expect(off.stderr()).toContain('turned off   1 (cloudtrail.logging-stopped 1) — by the configuration');
  });

  it('recognises Warden’s own calls by exact ARN from the config and evaluates every lookalike', async () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const by = (eventId: string, account: string, role: string, session: string, extra: object = {}) => {
      const record = attachUserPolicyRecord({
        eventId,
        userName: 'bob',
        policyArn: admin,
        actorArn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
      });
      const identity = record['userIdentity'] as Record<string, unknown>;
      return {
        ...record,
        recipientAccountId: account,
        userIdentity: {
          ...identity,
          accountId: account,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              arn: `arn:aws:iam::${account}:role/${role}`,
              accountId: account,
              userName: role,
            },
          },
        },
        ...extra,
      };
    };
    const records = [
      by('own-hub', '111111111111', 'warden-prod-execute', 'warden-prod-execute'),
      by('lookalike', '111111111111', 'warden-backdoor', 'attacker'),
      by('own-member', '222222222222', 'WardenRemediation', 'warden-0123456789abcdef-1'),
      by('unlisted-member', '333333333333', 'WardenRemediation', 'warden-0123456789abcdef-1'),
      by('terraform-agent', '111111111111', 'ci', 'run-1', { userAgent: 'Terraform/1.9.8 aws-sdk-go-v2' }),
      by('cloudformation', '111111111111', 'ci', 'run-2', {
        userIdentity: {
          ...(by('x', '111111111111', 'ci', 'run-2')['userIdentity'] as object),
          invokedBy: 'cloudformation.amazonaws.com',
        },
      }),
    ];
    await write('trail.json', JSON.stringify({ Records: records }));
    await write(
      'warden.config.yml',
      'hub: { accountId: "111111111111", stage: prod }\nmemberAccounts: ["222222222222"]\n',
    );

    const { code, jsonLines, stderr } = await replay('--format', 'json', '--config', 'warden.config.yml', 'trail.json');

    expect(code).toBe(0);
    const admins = jsonLines()
      .filter((line) => line['ruleId'] === 'iam.admin-policy-attached')
      .map((line) => [line['eventId'], line['severity']]);
    expect(admins).toEqual([
      ['lookalike', 'critical'],
      ['unlisted-member', 'critical'],
      ['terraform-agent', 'critical'],
      ['cloudformation', 'high'],
    ]);
    expect(stderr()).toMatch(/warden-own-call 2/);
  });

  it('names the bad key of an invalid --config', async () => {
    await write('trail.json', JSON.stringify(stopLogging()));
    await write('bad.yml', 'rules:\n  cloudtrail.logging-stopped: sometimes\n');
    const { code, stderr } = await replay('--config', 'bad.yml', 'trail.json');
    expect(code).toBe(1);
    expect(stderr()).toMatch(/^warden: .*bad\.yml: rules\.cloudtrail\.logging-stopped: /);
  });

  it('reports an unreadable context file by name', async () => {
    await write('trail.json', JSON.stringify(stopLogging()));
    await write('auth.json', JSON.stringify({ GroupDetailList: [{ Arn: 'x' }] }));
    const { code, stderr } = await replay('--context', 'auth.json', 'trail.json');
    expect(code).toBe(1);
    expect(stderr()).toBe('warden: context file auth.json: GroupDetailList[0]: GroupName missing or not a string\n');

    await write('broken.json', '{"UserDetailList": [');
    const broken = await replay('--context', 'broken.json', 'trail.json');
    expect(broken.code).toBe(1);
    expect(broken.stderr()).toMatch(/^warden: context file broken\.json is not valid JSON: /);
  });

  it('shows help', async () => {
    const { code, stdout } = await replay('--help');
    expect(code).toBe(0);
    expect(stdout()).toContain('Usage: warden replay');
    expect(stdout()).toContain('--fail-on <severity>');
  });
});

describe('warden replay output formats', () => {
  it('prints a table with one row per finding and the remediation it would get', async () => {
    await write('trail.json', JSON.stringify({ Records: [rootConsoleLogin(), stopLogging()] }));
    const { code, stdout } = await replay('trail.json');
    expect(code).toBe(0);
    const lines = stdout().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY +RULE +TIME +ACTOR +TARGET +SUMMARY$/);
    expect(lines[1]).toMatch(/^critical +root\.console-login +2026-11-02 08:15:00Z +root \(111122223333\) /);
    expect(lines[2]).toMatch(/^critical +cloudtrail\.logging-stopped +2026-11-02 08:20:00Z +IAMUser mallory /);
    expect(lines[3]).toMatch(/^ +→ would start-logging.* \(auto\)$/);
    expect(stdout()).not.toContain('\x1b[');
  });

  it('colours the table only when asked to', async () => {
    await write('trail.json', JSON.stringify(stopLogging()));
    const out = collectingIo(dir, { color: true });
    await runCli(['replay', 'trail.json'], out.io);
    expect(out.stdout()).toContain('\x1b[31m');
  });

  it('prints one Slack Block Kit payload per finding', async () => {
    await write('trail.json', JSON.stringify({ Records: [rootConsoleLogin(), stopLogging()] }));
    const { code, jsonLines } = await replay('--format', 'slack', 'trail.json');
    expect(code).toBe(0);
    const messages = jsonLines();
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(typeof message['text']).toBe('string');
      const blocks = message['blocks'] as { type: string }[];
      expect(blocks[0]?.type).toBe('header');
      expect(blocks.at(-1)?.type).toBe('context');
    }
    expect(JSON.stringify(messages[1])).toContain('start-logging');
  });

  it('shows a progress line on a terminal for many files, and clears it', async () => {
    for (let i = 0; i < 25; i += 1)
      await write(`many/${String(i).padStart(2, '0')}.json`, JSON.stringify(describeInstances(`e-${i}`)));
    const out = collectingIo(dir, { stderrIsTty: true });
    const code = await runCli(['replay', '--format', 'json', 'many'], out.io);
    expect(code).toBe(0);
    expect(out.stderr()).toContain(`\r\x1b[Kreading ${path.join('many', '24.json')} (25/25)`);
    expect(out.stderr()).toContain('\r\x1b[Kevents read  25 from 25 files');
  });

  it('shows no progress line when stderr is not a terminal', async () => {
    for (let i = 0; i < 25; i += 1) await write(`many/${i}.json`, JSON.stringify(describeInstances(`e-${i}`)));
    const { stderr } = await replay('--format', 'json', 'many');
    expect(stderr()).not.toContain('\r');
  });
});

describe('warden replay without paths', () => {
  it('replays the bundled examples with their context file, whatever the working directory', async () => {
    const { code, jsonLines, stderr } = await replay('--format', 'json');
    expect(code).toBe(0);
    const lines = jsonLines();
    const rules = new Set(lines.map((line) => line['ruleId']));
    for (const rule of [
      'root.console-login',
      'iam.admin-policy-attached',
      'iam.access-key-created-for-other-user',
      'cloudtrail.logging-stopped',
      'cloudtrail.trail-deleted',
      'iam.trust-policy-opened',
      'iam.console-login-without-mfa',
      'iam.user-added-to-admin-group',
    ]) {
      expect(rules).toContain(rule);
    }
    for (const line of lines) expect((line['input'] as { file: string }).file).toMatch(/^examples\/cloudtrail\//);
    expect(stderr()).toContain('replaying the bundled examples');
    expect(stderr()).toContain('ignored      1 (failed-call 1)');
  });
});
