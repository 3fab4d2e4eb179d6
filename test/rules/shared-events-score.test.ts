/**
 * Scores the detector against the 312 labelled third-party CloudTrail records
 * in ../shared/events, exactly as ../shared/events/CATEGORIES.md says:
 * per category at least one finding from the listed rules on successful calls,
 * nothing at medium or above on `other`, nothing at all on failed calls except
 * a failed root console sign-in. Known-wrong labels live in
 * test/shared-events-exceptions.json, each with its reason; an exception that
 * scores right anyway fails the test (stale).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { atLeast } from '../../shared/model/severity.js';
import { sharedEventsDir } from '../helpers/shared-events-dir.js';
import { detectFile, type FileOutcome } from '../helpers/detect-file.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eventsDir = sharedEventsDir;

interface Label {
  readonly file: string;
  readonly category: string;
  readonly also_categories: readonly string[];
  readonly outcome: 'success' | 'failure';
  readonly event_name: string | null;
  readonly identity_type: string | null;
}

interface Exception {
  readonly file: string;
  readonly reason: string;
}

const labels: Label[] = readFileSync(path.join(eventsDir, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Label);

const exceptions: Exception[] = JSON.parse(
  readFileSync(path.join(repoRoot, 'test', 'shared-events-exceptions.json'), 'utf8'),
) as Exception[];

/** Category → rule ids, read from the table in CATEGORIES.md (`other` maps to none). */
function categoryRules(): Map<string, readonly string[]> {
  const text = readFileSync(path.join(eventsDir, 'CATEGORIES.md'), 'utf8');
  const table = new Map<string, readonly string[]>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || !/^[a-z][a-z-]*$/.test(cells[1] ?? '') || cells[1] === 'category') continue;
    table.set(
      cells[1]!,
      [...(cells[2] ?? '').matchAll(/\b[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*\b/g)].map((m) => m[0]),
    );
  }
  return table;
}

const CATEGORY_RULES = categoryRules();

type Outcome = FileOutcome;

function run(label: Label): Outcome {
  return detectFile(eventsDir, label.file);
}

/** What is wrong with the outcome for this label, in words; empty when it scores right. */
function problems(label: Label, outcome: Outcome): string[] {
  const { findings } = outcome;
  const wrong: string[] = [];
  if (label.outcome === 'failure') {
    const rootSignIn = label.event_name === 'ConsoleLogin' && label.identity_type === 'Root';
    if (rootSignIn) {
      if (!findings.some((finding) => finding.ruleId === 'root.console-login')) {
        wrong.push('failed root console sign-in: expected a root.console-login finding');
      }
      const others = findings.filter((finding) => finding.ruleId !== 'root.console-login');
      if (others.length > 0) wrong.push('failed root console sign-in: expected no other finding');
    } else if (findings.length > 0) {
      wrong.push('failed call: expected no finding');
    }
    return wrong;
  }
  for (const category of [label.category, ...label.also_categories]) {
    const rules = CATEGORY_RULES.get(category);
    if (rules === undefined) {
      wrong.push(`category ${category} is not in CATEGORIES.md`);
    } else if (category === 'other') {
      if (findings.some((finding) => atLeast(finding.severity, 'medium'))) {
        wrong.push('other: expected no finding of severity medium or above');
      }
    } else if (category === 'user-added-to-admin-group') {
      // No context: the finding must say the group was not analysed.
      const said = findings.some(
        (finding) => finding.ruleId === 'iam.user-added-to-admin-group' && finding.details.contentAnalysed === false,
      );
      if (!said) wrong.push(`${category}: expected iam.user-added-to-admin-group saying the group was not analysed`);
    } else if (!findings.some((finding) => rules.includes(finding.ruleId))) {
      wrong.push(`${category}: expected a finding of ${rules.join(' | ')}`);
    }
  }
  return wrong;
}

function describeOutcome(outcome: Outcome): string {
  const produced =
    outcome.findings.map((finding) => `${finding.ruleId}(${finding.severity})`).join(', ') || 'no finding';
  return outcome.notes.length > 0 ? `${produced}; ${outcome.notes.join('; ')}` : produced;
}

describe('labelled third-party CloudTrail records (../shared/events)', () => {
  it('reads 312 labels and knows every category', () => {
    expect(labels).toHaveLength(312);
    const unknown = [...new Set(labels.flatMap((label) => [label.category, ...label.also_categories]))].filter(
      (category) => !CATEGORY_RULES.has(category),
    );
    expect(unknown).toEqual([]);
  });

  it('lists only existing records as exceptions, each with a reason', () => {
    const files = new Set(labels.map((label) => label.file));
    expect(exceptions.filter((entry) => !files.has(entry.file) || entry.reason.trim() === '')).toEqual([]);
  });

  it('scores every record right (exceptions excepted, and none stale)', () => {
    const excepted = new Map(exceptions.map((entry) => [entry.file, entry.reason]));
    const report: string[] = [];
    for (const label of labels) {
      const outcome = run(label);
      const wrong = problems(label, outcome);
      if (excepted.has(label.file)) {
        if (wrong.length === 0) report.push(`${label.file}: listed as an exception but scores right (stale exception)`);
        continue;
      }
      if (wrong.length > 0) {
        report.push(
          `${label.file} [${label.category}, ${label.outcome}]: ${wrong.join('; ')} — produced ${describeOutcome(outcome)}`,
        );
      }
    }
    expect(report, `\n${report.join('\n')}\n`).toEqual([]);
  });
});
