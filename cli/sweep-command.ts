import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../shared/model/finding.js';
import { atLeast, isSeverity, SEVERITIES, severityRank, type Severity } from '../shared/model/severity.js';
import { defaultConfig } from '../shared/settings/load-config.js';
import { CredentialReportError, parseCredentialReport } from '../shared/sweep/credential-report.js';
import { decideHygiene } from '../shared/sweep/decide-hygiene.js';
import { evaluateHygiene } from '../shared/sweep/evaluate-hygiene.js';
import { CliError, type CliIo } from './cli-io.js';
import { loadConfigForCli } from './config-command.js';
import { ExitCode } from './exit-codes.js';
import { formatFindingTable } from './format-finding-table.js';
import { reasonOf } from './input-files.js';
import { oneOf, parseCommandArgs } from './parse-command-args.js';

export const SWEEP_FORMATS = ['table', 'json'] as const;

export const SWEEP_HELP = `Usage: warden sweep --report <credential-report.csv> [options]

Runs the daily IAM hygiene checks over a saved credential report and prints the
findings with the remediation each would get. Offline: it never calls AWS.

Get a report with:
  aws iam generate-credential-report
  aws iam get-credential-report --query Content --output text | base64 -d > credential-report.csv

Checks: access keys older than sweep.accessKeyMaxAgeDays, keys unused for
sweep.accessKeyUnusedDays (or never used), console users without MFA, users
inactive for sweep.userInactiveDays, root access keys, root without MFA, root
used within sweep.rootRecentUseDays. Offline, key ids are unknown (the report
has key 1 / key 2 only), so key findings plan no action, and policies attached
directly to users and unused roles are not checked (the deployed sweep reads
them from IAM).

Options:
  -r, --report <file>          the credential report CSV (required)
  -f, --format <table|json>    output format (default: table); json: one finding per line
      --config <file>          warden.config.yml: thresholds (sweep:), per-check modes and severities (rules:)
      --now <ISO time>         evaluate as of this time (default: now), for reproducible runs
      --fail-on <severity>     exit with code 2 when a finding is at least this severe
                               (${SEVERITIES.join(', ')})
  -h, --help                   show this help

Exit codes: 0 done, 1 usage or input error, 2 --fail-on threshold reached.
`;

/** One line of `warden sweep --format json`: exactly these keys, in this order. */
export interface SweepRecord {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly account: string | null;
  readonly target: Finding['target'];
  readonly summary: string;
  readonly remediation: Finding['remediation'];
}

export async function runSweepCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('sweep', args, {
    report: { type: 'string', short: 'r' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string' },
    now: { type: 'string' },
    'fail-on': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(SWEEP_HELP);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw new CliError(`sweep: unexpected argument "${positionals[0]}" (the report goes after --report)`);
  }
  if (values.report === undefined) throw new CliError('sweep: --report <credential-report.csv> is required');
  const format = oneOf('format', values.format, SWEEP_FORMATS, 'table');
  const now = parseNow(values.now);
  const failOn = parseFailOn(values['fail-on']);
  const config = values.config === undefined ? defaultConfig() : loadConfigForCli(values.config, io.cwd);

  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(io.cwd, values.report));
  } catch (error) {
    throw new CliError(`cannot read ${values.report}: ${reasonOf(error)}`);
  }
  let report;
  try {
    report = parseCredentialReport(bytes);
  } catch (error) {
    if (error instanceof CredentialReportError) throw new CliError(`${values.report}: ${error.message}`);
    throw error;
  }

  const findings: Finding[] = [];
  for (const { finding } of evaluateHygiene({ report, settings: config.sweep, now, region: 'us-east-1' })) {
    const decision = decideHygiene(finding, config);
    if (!decision.notify) continue;
    findings.push({
      ...finding,
      severity: decision.severity,
      remediation: decision.steps.map((planned) => ({ ...planned, defaultMode: decision.mode })),
    });
  }
  // Most severe first, report order within a severity.
  const ordered = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severityRank(b.finding.severity) - severityRank(a.finding.severity) || a.index - b.index)
    .map(({ finding }) => finding);

  if (format === 'json') {
    for (const finding of ordered) io.stdout(JSON.stringify(sweepRecord(finding)) + '\n');
  } else {
    const origin = { file: values.report, index: 0 };
    io.stdout(
      formatFindingTable(
        ordered.map((finding, index) => ({ finding, origin: { ...origin, index } })),
        io.color,
      ),
    );
  }
  const bySeverity = SEVERITIES.toReversed()
    .map((severity) => [severity, ordered.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  io.stderr(
    `${report.rows.length} report rows, ${ordered.length} finding${ordered.length === 1 ? '' : 's'}` +
      `${bySeverity.length > 0 ? ` (${bySeverity.join(', ')})` : ''} as of ${now.toISOString()}\n`,
  );

  const worst = ordered[0]?.severity;
  if (failOn !== undefined && worst !== undefined && atLeast(worst, failOn)) {
    io.stderr(`failing: a finding is at least ${failOn} (--fail-on ${failOn})\n`);
    return ExitCode.findings;
  }
  return ExitCode.ok;
}

export function sweepRecord(finding: Finding): SweepRecord {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    account: finding.account ?? null,
    target: finding.target,
    summary: finding.summary,
    remediation: finding.remediation,
  };
}

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliError(`--now must be an ISO time such as 2025-06-01T07:00:00Z (got "${value}")`);
  }
  return date;
}

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!isSeverity(value)) throw new CliError(`--fail-on must be one of ${SEVERITIES.join(', ')} (got "${value}")`);
  return value;
}
