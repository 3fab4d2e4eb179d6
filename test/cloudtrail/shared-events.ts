/** Test access to the labelled third-party records in ../shared/events (tests only). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedEventsDir } from '../helpers/shared-events-dir.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const eventsDir = sharedEventsDir;

export interface EventLabel {
  readonly file: string;
  readonly category: string;
  readonly outcome: 'success' | 'failure';
  readonly event_name: string | null;
  readonly identity_type: string | null;
  readonly notes: string;
}

export function eventLabels(): EventLabel[] {
  return readFileSync(path.join(eventsDir, 'labels.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EventLabel);
}

/** The file's text, as given (for parseInput). */
export function sharedEventText(file: string): string {
  return readFileSync(path.join(eventsDir, file), 'utf8');
}

/** The file's record, parsed (for normaliseRecord and mutations). */
export function sharedEvent(file: string): Record<string, unknown> {
  return JSON.parse(sharedEventText(file)) as Record<string, unknown>;
}
