/**
 * Run by the bench in a fresh process (dist/bench-detect-memory.mjs): 10 000
 * events, one EventBridge event at a time as the detect function receives
 * them, through parse + detect; prints `{"maxRssMb": …}` — the process's peak
 * RSS, which must fit a 128 MB Lambda (DESIGN §12).
 */
import { readFileSync } from 'node:fs';
import { parseInput } from '../shared/cloudtrail/parse-input.js';
import { createDetector } from '../shared/engine/detect.js';
import { generateCorpus } from './generate-events.js';

const EVENTS = 10_000;
const SEED = 20261123;

const detector = createDetector();
let findings = 0;
for (const file of generateCorpus(SEED, EVENTS).files) {
  const { Records: records } = JSON.parse(new TextDecoder().decode(file.bytes)) as { Records: unknown[] };
  for (const record of records) {
    const text = JSON.stringify({ 'detail-type': 'AWS API Call via CloudTrail', detail: record });
    for (const { event } of parseInput(text, 'event.json').records) findings += detector.detect(event).findings.length;
  }
}

/**
 * Peak RSS of this process. On Linux, from the memory map's own high-water mark
 * (VmHWM): `getrusage` maxRSS of a spawned child can start at the spawning
 * parent's peak (exec keeps the old map's peak), which would blame the bench's
 * corpora on this process.
 */
function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

process.stdout.write(JSON.stringify({ maxRssMb: peakRssKb() / 1024, findings }) + '\n');
