import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'warden.mjs');

/** Runs a command and returns its exit code and output, whatever the code. */
async function exec(file: string, args: string[], cwd = ROOT) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('bin/warden.mjs (built bundle, child process)', () => {
  beforeAll(async () => {
    const build = await exec(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs'), '--quiet']);
    expect(build).toMatchObject({ code: 0, stderr: '' });
  }, 60_000);

  it('replays the bundled examples from any working directory', async () => {
    const { code, stdout, stderr } = await exec(process.execPath, [BIN, 'replay', '--format', 'json'], tmpdir());
    expect(stderr).toContain('events read');
    expect(code).toBe(0);
    const findings = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { ruleId: string });
    expect(findings.map((finding) => finding.ruleId)).toContain('iam.admin-policy-attached');
  });

  it('exits 2 with --fail-on when the examples hold a critical finding', async () => {
    const { code } = await exec(process.execPath, [BIN, 'replay', '--fail-on', 'critical', 'examples/cloudtrail']);
    expect(code).toBe(2);
  });

  it('reports a missing path in one line with exit code 1', async () => {
    const { code, stdout, stderr } = await exec(process.execPath, [BIN, 'replay', 'no-such-dir']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('warden: cannot read no-such-dir: no such file or directory\n');
  });

  it('says to build first when the bundle is missing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'warden-bin-'));
    try {
      await mkdir(path.join(dir, 'bin'));
      await copyFile(BIN, path.join(dir, 'bin', 'warden.mjs'));
      const { code, stderr } = await exec(process.execPath, [path.join(dir, 'bin', 'warden.mjs'), 'rules']);
      expect(code).toBe(1);
      expect(stderr).toBe('warden: the command is not built yet: run npm run build\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
