/** Runs one labelled record file through a fresh detector with no context (tests only). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseInput } from '../../shared/cloudtrail/parse-input.js';
import { createDetector } from '../../shared/engine/detect.js';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/model/detection-settings.js';
import type { Finding } from '../../shared/model/finding.js';
import { EMPTY_CONTEXT } from '../../shared/rules/support/rule-context.js';

export interface FileOutcome {
  readonly findings: Finding[];
  /** Skipped input, ignored events and rule errors, in words. */
  readonly notes: string[];
}

export function detectFile(dir: string, file: string): FileOutcome {
  const parsed = parseInput(readFileSync(path.join(dir, file)), file);
  const detector = createDetector({ context: EMPTY_CONTEXT, settings: DEFAULT_DETECTION_SETTINGS });
  const findings: Finding[] = [];
  const notes = parsed.skipped.map((skip) => `skipped: ${skip.reason}`);
  for (const record of parsed.records) {
    const detection = detector.detect(record.event);
    findings.push(...detection.findings);
    if (detection.ignored) notes.push(`ignored: ${detection.ignored}`);
    for (const error of detection.errors ?? []) notes.push(`rule ${error.ruleId} threw: ${error.message}`);
  }
  return { findings, notes };
}
