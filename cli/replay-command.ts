import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInput } from '../shared/cloudtrail/parse-input.js';
import { authorizationDetailsContext } from '../shared/context/authorization-details-context.js';
import { followedIamContext } from '../shared/context/followed-iam-context.js';
import type { Decision } from '../shared/model/decision.js';
import { createDetector } from '../shared/engine/detect.js';
import { evaluateEvent, type EvaluationDependencies } from '../shared/engine/evaluate-event.js';
import { IGNORE_REASONS, type IgnoreReason } from '../shared/engine/ignore-stage.js';
import { selfOf } from '../shared/engine/own-calls.js';
import { CATALOGUE } from '../shared/rules/catalogue.js';
import type { Finding } from '../shared/model/finding.js';
import { defaultConfig, detectionSettingsOf } from '../shared/settings/load-config.js';
import { loadConfigForCli } from './config-command.js';
import { WardenError } from '../shared/errors/warden-error.js';
import type { IamContext } from '../shared/rules/support/rule-context.js';
import { atLeast, isSeverity, SEVERITIES, type Severity } from '../shared/model/severity.js';
import { findingMessage } from '../shared/slack/finding-message.js';
import { CliError, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { findingRecord } from './finding-record.js';
import { formatFindingTable, type TableRow } from './format-finding-table.js';
import { collectInputFiles, reasonOf } from './input-files.js';
import { oneOf, parseCommandArgs } from './parse-command-args.js';
import { count, emptySummary, formatReplaySummary, type ReplaySummary } from './replay-summary.js';

export const REPLAY_FORMATS = ['table', 'json', 'slack'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

/** The package root (`cli/` in source, `dist/` when bundled: both one level down). */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ReplayDefaults {
  /** The package root; bundled examples live in `examples/` under it. */
  readonly packageRoot: string;
}

/** Progress is shown on a terminal every this many events, and per file past that or past many files. */
const PROGRESS_EVERY = 10_000;
const LARGE_FILE_COUNT = 20;

export const REPLAY_HELP = `Usage: warden replay [options] [paths...]

Runs Warden's detection over CloudTrail records and prints the findings with the
remediation each would get. Replay never acts on AWS.

Paths are files or folders (searched recursively for .json, .jsonl, .json.gz and
.gz). Accepted shapes: S3 log objects {"Records":[...]}, EventBridge envelopes,
single records, JSON arrays, JSON lines, lookup-events output, gzip of any.
Without a path, the bundled examples are replayed (with their context file).

Options:
  -f, --format <table|json|slack>  output format (default: table)
                                   json: one finding per line; slack: one Block Kit payload per line
  -c, --context <file>             output of "aws iam get-account-authorization-details",
                                   so policy and group contents can be analysed
      --fail-on <severity>         exit with code 2 when a finding is at least this severe
                                   (${SEVERITIES.join(', ')})
      --config <file>              warden.config.yml: per-rule modes and severities, trust
                                   settings, password baseline, allow-lists; remediation
                                   lines then show the mode Warden would use
  -h, --help                       show this help

Exit codes: 0 done, 1 usage or input error, 2 --fail-on threshold reached.
A summary (events read, skipped and ignored with reasons, findings by severity
and rule) is printed on stderr.
`;

export async function runReplay(
  args: readonly string[],
  io: CliIo,
  defaults: ReplayDefaults = { packageRoot: PACKAGE_ROOT },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', args, {
    format: { type: 'string', short: 'f' },
    context: { type: 'string', short: 'c' },
    'fail-on': { type: 'string' },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(REPLAY_HELP);
    return ExitCode.ok;
  }
  const config = values.config === undefined ? undefined : loadConfigForCli(values.config, io.cwd);
  const format = oneOf('format', values.format, REPLAY_FORMATS, 'table');
  const failOn = failOnThreshold(values['fail-on']);

  const bundled = positionals.length === 0;
  const examplesDir = path.join(defaults.packageRoot, 'examples');
  const files = bundled
    ? await collectInputFiles([path.join(examplesDir, 'cloudtrail')], io.cwd, defaults.packageRoot)
    : await collectInputFiles(positionals, io.cwd);
  const contextPath = values.context ?? (bundled ? path.join(examplesDir, 'authorization-details.json') : undefined);
  // With a context file, the replay follows the events' writes in memory, as the live snapshot does.
  const followed = contextPath === undefined ? undefined : followedIamContext(await loadContext(contextPath, io.cwd));
  if (bundled) {
    io.stderr(
      `replaying the bundled examples (examples/cloudtrail) with context examples/authorization-details.json\n`,
    );
  }

  // The same ignore → evaluate → decide as the detect function; without --config, the defaults it would use.
  const effective = config ?? defaultConfig();
  const pipeline: EvaluationDependencies = {
    detector: createDetector({ settings: detectionSettingsOf(effective) }),
    config: effective,
    defaultModes: new Map(CATALOGUE.map((rule) => [rule.id, rule.defaultMode])),
    self: selfOf(effective),
    ...(followed ? { context: followed, snapshot: followed } : {}),
  };
  const summary = emptySummary();
  const tableRows: TableRow[] = [];
  let worst: Severity | undefined;
  const progress = progressLine(io);

  for (const [fileIndex, file] of files.entries()) {
    const large = files.length > LARGE_FILE_COUNT || summary.eventsRead >= PROGRESS_EVERY;
    if (large)
      progress(`reading ${file.displayPath} (${fileIndex + 1}/${files.length}), ${summary.eventsRead} events so far`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file.absolutePath);
    } catch (error) {
      progress(undefined);
      throw new CliError(`cannot read ${file.displayPath}: ${reasonOf(error)}`);
    }
    const { records, skipped } = parseInput(bytes, file.displayPath);
    summary.files += 1;
    for (const item of skipped) countIgnored(summary, item.reason);
    for (const { event, origin } of records) {
      summary.eventsRead += 1;
      if (summary.eventsRead % PROGRESS_EVERY === 0) {
        progress(`reading ${file.displayPath} (${fileIndex + 1}/${files.length}), ${summary.eventsRead} events so far`);
      }
      const evaluation = await evaluateEvent(event, pipeline);
      if (evaluation.own) {
        countIgnored(summary, evaluation.ignored);
        continue;
      }
      const { detection } = evaluation;
      if (detection.ignored !== undefined) countIgnored(summary, detection.ignored);
      for (const failure of detection.errors ?? []) count(summary.ruleErrors, failure.ruleId);
      for (const { finding: detected, decision } of evaluation.decided) {
        if (!decision.notify) {
          count(summary.turnedOff, detected.ruleId);
          continue;
        }
        const finding = decided(detected, decision);
        count(summary.findingsByRule, finding.ruleId);
        count(summary.findingsBySeverity, finding.severity);
        if (worst === undefined || atLeast(finding.severity, worst)) worst = finding.severity;
        if (format === 'json') io.stdout(JSON.stringify(findingRecord(finding, origin)) + '\n');
        else if (format === 'slack') io.stdout(JSON.stringify(findingMessage({ finding, actions: [] })) + '\n');
        else tableRows.push({ finding, origin });
      }
    }
  }
  progress(undefined);

  if (format === 'table') io.stdout(formatFindingTable(tableRows, io.color));
  io.stderr(formatReplaySummary(summary));

  if (failOn !== undefined && worst !== undefined && atLeast(worst, failOn)) {
    io.stderr(`failing: a finding is at least ${failOn} (--fail-on ${failOn})\n`);
    return ExitCode.findings;
  }
  return ExitCode.ok;
}

/** Counts an input or event no rule acted on on the summary line its reason's row names. */
function countIgnored(summary: ReplaySummary, reason: IgnoreReason): void {
  count(summary[IGNORE_REASONS[reason].countedAs], reason);
}

/**
 * The finding as the detect function would post it: the decided severity and
 * only the steps Warden would take, each with the mode it would use.
 */
function decided(finding: Finding, decision: Decision): Finding {
  return {
    ...finding,
    severity: decision.severity,
    remediation: decision.steps.map((step) => ({ ...step, defaultMode: decision.mode })),
  };
}

function failOnThreshold(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!isSeverity(value)) {
    throw new CliError(`--fail-on must be one of ${SEVERITIES.join(', ')} (got "${value}")`);
  }
  return value;
}

async function loadContext(file: string, cwd: string): Promise<IamContext> {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read context file ${file}: ${reasonOf(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`context file ${file} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  try {
    return authorizationDetailsContext(json);
  } catch (error) {
    if (error instanceof WardenError) throw new CliError(`context file ${file}: ${error.message}`);
    throw error;
  }
}

/** A self-overwriting status line on a terminal stderr; `undefined` clears it. Silent otherwise. */
function progressLine(io: CliIo): (text: string | undefined) => void {
  if (!io.stderrIsTty) return () => {};
  let shown = false;
  return (text) => {
    if (text === undefined) {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
      return;
    }
    io.stderr(`\r\x1b[K${text}`);
    shown = true;
  };
}
