/**
 * `npm run bench`: replay throughput against plain JSON.parse of the same bytes
 * in the same run, detect time per event, peak memory — printed with the
 * budgets of DESIGN §12. A measurement, not a test: it never fails the build.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInput } from '../shared/cloudtrail/parse-input.js';
import { createDetector } from '../shared/engine/detect.js';
import { generateCorpus, type GeneratedCorpus } from './generate-events.js';
import { runHandlerBench } from './handler-bench.js';
import { runInteractionBench } from './interaction-bench.js';

const SEED = 20261122;
const EVENT_COUNT = 100_000;
const ROUNDS = 5;
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED_EVENTS = path.resolve(PACKAGE_ROOT, '..', 'shared', 'events');

type Files = GeneratedCorpus['files'];

interface Throughput {
  readonly corpus: string;
  readonly events: number;
  readonly bytes: number;
  readonly parseEventsPerSecond: number;
  readonly replayEventsPerSecond: number;
  /** parseInput alone, to tell parsing from detection cost. */
  readonly parseInputEventsPerSecond: number;
  /** replay throughput / JSON.parse throughput (budget ≥ 0.5). */
  readonly ratio: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});
const decoder = new TextDecoder();

/** Plain JSON.parse of every file (decoding included, as parseInput decodes too). */
function parseOnly(files: Files): number {
  let records = 0;
  for (const file of files) {
    const parsed = JSON.parse(decoder.decode(file.bytes)) as { Records?: unknown[] } | unknown[];
    records += Array.isArray(parsed) ? parsed.length : (parsed.Records?.length ?? 1);
  }
  return records;
}

function replay(files: Files, detector: ReturnType<typeof createDetector>): number {
  let findings = 0;
  for (const file of files) {
    for (const { event } of parseInput(file.bytes, file.name).records)
      findings += detector.detect(event).findings.length;
  }
  return findings;
}

function parseInputOnly(files: Files): number {
  let records = 0;
  for (const file of files) records += parseInput(file.bytes, file.name).records.length;
  return records;
}

function timeIt(run: () => unknown): number {
  collectGarbage();
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function measureThroughput(corpus: string, files: Files, events: number, rounds = ROUNDS): Throughput {
  const detector = createDetector();
  replay(files, detector); // warm up both paths
  parseOnly(files);
  const parseTimes: number[] = [];
  const replayTimes: number[] = [];
  const parseInputTimes: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    parseTimes.push(timeIt(() => parseOnly(files)));
    replayTimes.push(timeIt(() => replay(files, detector)));
    parseInputTimes.push(timeIt(() => parseInputOnly(files)));
  }
  const parseSeconds = median(parseTimes);
  const replaySeconds = median(replayTimes);
  return {
    corpus,
    events,
    bytes: files.reduce((sum, file) => sum + file.bytes.byteLength, 0),
    parseEventsPerSecond: events / parseSeconds,
    replayEventsPerSecond: events / replaySeconds,
    parseInputEventsPerSecond: events / median(parseInputTimes),
    ratio: parseSeconds / replaySeconds,
  };
}

interface PerEvent {
  readonly events: number;
  readonly median: number;
  readonly p99: number;
  readonly mean: number;
  /** Event names with the largest share of total detect time: [name, count, mean ms]. */
  readonly costliest: readonly (readonly [string, number, number])[];
}

/** Detect alone (records parsed beforehand), one timing per event, in ms. */
function measureDetectPerEvent(files: Files): PerEvent {
  const detector = createDetector();
  const events = files.flatMap((file) => parseInput(file.bytes, file.name).records.map((record) => record.event));
  for (const event of events) detector.detect(event); // warm up
  const times = new Float64Array(events.length);
  const byName = new Map<string, { count: number; total: number }>();
  collectGarbage();
  events.forEach((event, index) => {
    const started = process.hrtime.bigint();
    detector.detect(event);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    times[index] = ms;
    const entry = byName.get(event.eventName) ?? { count: 0, total: 0 };
    entry.count += 1;
    entry.total += ms;
    byName.set(event.eventName, entry);
  });
  const total = times.reduce((sum, t) => sum + t, 0);
  times.sort();
  const costliest = [...byName]
    .sort((a, b) => b[1].total - a[1].total)
    .slice(0, 5)
    .map(([name, { count, total }]) => [name, count, total / count] as const);
  return {
    events: events.length,
    median: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    mean: total / events.length,
    costliest,
  };
}

async function sharedEventFiles(): Promise<Files | undefined> {
  let entries: string[];
  try {
    entries = (await readdir(SHARED_EVENTS, { recursive: true })).filter(
      (entry) => entry.endsWith('.json') && entry.includes(path.sep),
    );
  } catch {
    return undefined;
  }
  entries.sort();
  return Promise.all(
    entries.map(async (entry) => ({
      name: entry,
      bytes: new Uint8Array(await readFile(path.join(SHARED_EVENTS, entry))),
    })),
  );
}

function median(values: readonly number[]): number {
  return quantile(Float64Array.from(values).sort(), 0.5);
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mark = (ok: boolean | undefined) => (ok === undefined ? '  -  ' : ok ? 'PASS ' : 'FAIL ');

async function main(): Promise<void> {
  const out = (line = '') => process.stdout.write(line + '\n');
  if (!('gc' in globalThis)) out('note: run with node --expose-gc (npm run bench does) for steadier figures');

  // Memory first: maxRSS only grows, so this figure covers exactly 10 000 events of parse + detect.
  const small = generateCorpus(SEED + 1, 10_000);
  replay(small.files, createDetector());
  const rssAfter10k = maxRssMb();

  const generated = generateCorpus(SEED, EVENT_COUNT);
  const results: Throughput[] = [measureThroughput(`generated (seed ${SEED})`, generated.files, generated.eventCount)];
  const shared = await sharedEventFiles();
  if (shared) {
    // 312 small single-record files: repeat them so the timing is not noise.
    const repeated = Array.from({ length: 50 }, () => shared).flat();
    results.push(measureThroughput('../shared/events ×50', repeated, repeated.length));
  }
  const perEvent = measureDetectPerEvent(generated.files);
  const peakRss = maxRssMb();

  out();
  out('Replay throughput (parseInput + detect) vs plain JSON.parse of the same bytes, median of ' + ROUNDS + ' rounds');
  out(
    [
      'corpus'.padEnd(28),
      'events'.padStart(8),
      'MB'.padStart(7),
      'JSON.parse ev/s'.padStart(16),
      'parseInput ev/s'.padStart(16),
      'replay ev/s'.padStart(13),
      'ratio'.padStart(7),
    ].join(' '),
  );
  for (const r of results) {
    out(
      [
        r.corpus.padEnd(28),
        fmt(r.events).padStart(8),
        fmt(r.bytes / 1e6, 1).padStart(7),
        fmt(r.parseEventsPerSecond).padStart(16),
        fmt(r.parseInputEventsPerSecond).padStart(16),
        fmt(r.replayEventsPerSecond).padStart(13),
        fmt(r.ratio, 2).padStart(7),
      ].join(' '),
    );
  }
  if (!shared) out(`(${SHARED_EVENTS} not found: third-party corpus skipped)`);
  out();
  out(
    `Detect per event (parse excluded, ${fmt(perEvent.events)} events): median ${fmt(perEvent.median * 1000, 1)} µs, p99 ${fmt(perEvent.p99 * 1000, 1)} µs, mean ${fmt(perEvent.mean * 1000, 1)} µs`,
  );
  out(
    '  most detect time: ' +
      perEvent.costliest.map(([name, n, ms]) => `${name} ×${fmt(n)} at ${fmt(ms * 1000, 0)} µs`).join(', '),
  );
  out(
    `Peak RSS: ${fmt(rssAfter10k, 1)} MB after 10 000 events; ${fmt(peakRss, 1)} MB for the whole bench (corpora held in memory)`,
  );
  out();
  out('Budgets (DESIGN §12)');
  const worstRatio = Math.min(...results.map((r) => r.ratio));
  out(`${mark(worstRatio >= 0.5)} replay throughput ≥ 50 % of JSON.parse            worst ratio ${fmt(worstRatio, 2)}`);
  out(
    `${mark(perEvent.median <= 1)} detect per event ≤ 1 ms median                   ${fmt(perEvent.median, 4)} ms (p99 ${fmt(perEvent.p99, 4)} ms)`,
  );
  out(
    `${mark(undefined)} peak memory over 10 000 events (this process)       ${fmt(rssAfter10k, 1)} MB (whole bench process with its SDK and esbuild code; the budget line is the fresh process below)`,
  );
  await runHandlerBench(out, PACKAGE_ROOT);
  await runInteractionBench(out, PACKAGE_ROOT);
}

await main();
